#!/usr/bin/env bash
# make bench: start throw-away servers and the local gateway on bench ports (so a running
# `make run` or `make test` is left alone), with 4 RIE instances per function so that 16
# concurrent clients have instances to use, run the measurements (go run ./infra/bench),
# which write bench/results.json and bench/results.md, and stop everything on exit, also
# on Ctrl-C.
#
# Knobs (environment): ICTGOV_BENCH_CLOCKS (the largest sweep size, default 100000),
# ICTGOV_BENCH_SAMPLES (transitions per action for the latency figure, default 200),
# ICTGOV_BENCH_WINDOW (seconds per throughput window, default 4), and the ports below.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
. infra/lib/system.sh

system_env bench 18200 17270 11225 18225 13200
export ICTGOV_INSTANCES="${ICTGOV_BENCH_INSTANCES:-4}"
export ICTGOV_TOOLS="${ICTGOV_TOOLS:-$repo/.tools}"

bench_pid=""
stop() {
  status=$?
  trap - EXIT INT TERM
  system_kill "$bench_pid" 50
  system_stop "$status"
  if [ -z "${ICTGOV_BENCH_DATA:-}" ]; then rm -rf -- "$ICTGOV_DATA"; fi
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

start=$(date +%s)
echo "bench: building the gateway and the bench, starting the stack on :$ICTGOV_DDB_PORT/:$ICTGOV_S3_PORT and the gateway on $ICTGOV_LISTEN ($ICTGOV_INSTANCES RIE instances per function) ..."
go build -o .build/gateway ./infra/gateway
go build -o .build/bench ./infra/bench
system_start
echo "bench: stack up in $(( $(date +%s) - start )) s: $ICTGOV_API_URL"

# In the background and waited for, so that a Ctrl-C reaches the trap at once.
.build/bench -out bench &
bench_pid=$!
wait "$bench_pid"
bench_pid=""
echo "bench: done in $(( $(date +%s) - start )) s"
