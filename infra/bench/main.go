// Command bench is `make bench`: it measures the local stack that `make run` uses (started
// by infra/bench.sh on its own ports) and writes bench/results.json (one named figure per
// key, with its unit, target and verdict) and bench/results.md (the same as a table).
//
// The figures (issue "make bench"), each measured side by side with its baseline in one run:
//
//  1. transition overhead: submit/forward/recommendation/decision through the gateway
//     against the bare TransactWriteItems each one performs, replayed on DynamoDB Local;
//  2. requests per operation: DynamoDB requests (and capacity units) per API operation,
//     counted by an SDK middleware around the real handlers, in process;
//  3. throughput: submits per second through the gateway at 16 clients against the bare
//     submit transaction's rate at 16 clients;
//  4. sweep scaling: items read per due clock at 1k/10k/100k running clocks, wall time;
//  5. function cost: arm64 binary sizes, init time and peak memory under aws-lambda-rie;
//  6. every action of every procedure: requests, write units item by item, index write
//     units, and the p50 over the bare transaction of the same items (actions.go);
//  7. monitoring report freeze (issue 10): items read per item in the report, wall time and
//     heap growth freezing periods of 1k/10k/30k assessments (monitoring.go);
//  8. Latvia: the §6.2 gate over a decision of 200 organisations with 2,000 subordinate
//     institutions (items read per organisation, transactions per organisation frozen) and
//     the public plan of 1,000 measures (requests to serve it);
//  9. objects (objects.go): requests per object operation, and items read per item
//     returned by the object lists and the not-eligible queue at 1k/10k/100k objects.
//
// Knobs: ICTGOV_BENCH_SAMPLES, ICTGOV_BENCH_WINDOW, ICTGOV_BENCH_CLOCKS, ICTGOV_BENCH_OBJECTS, ICTGOV_BENCH_ONLY
// (comma-separated figure numbers, for working on one).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	out := flag.String("out", "bench", "directory for results.json and results.md")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
