package dynamo_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/procedure"
)

// sweepBenchDue is how many clocks are due at each sweep, whatever the table holds.
const sweepBenchDue = 100

// BenchmarkSweep shows that a sweep's cost follows what is due, not what is running:
// with 1k, 10k and 100k running clocks of which the same 100 are due, it reports the
// items the due-index queries read per due clock (target ≤ 1.1) and the sweep's wall
// time (ns/op). The sizes share one table, seeded incrementally with BatchWriteItem.
// ICTGOV_BENCH_CLOCKS replaces the largest size (e.g. 20000 on a slow machine).
//
//	go test ./shared/dynamo -run '^$' -bench BenchmarkSweep -benchtime 5x
func BenchmarkSweep(b *testing.B) {
	sizes := []int{1_000, 10_000, 100_000}
	if v := os.Getenv("ICTGOV_BENCH_CLOCKS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < sizes[1] {
			b.Fatalf("ICTGOV_BENCH_CLOCKS=%q: want a number ≥ %d", v, sizes[1])
		}
		sizes[2] = n
	}
	db := testenv.DynamoDB(b)
	tb := sweepBenchTable(b, db)
	api := &sweepTimedAPI{API: db}
	st := dynamo.New(api, tb)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 8, 5, 0, 0, time.UTC)

	// The steady state: earlier buckets were drained by earlier sweeps.
	sweepWriteBatch(b, db, tb.Registry, []map[string]types.AttributeValue{{
		"PK": sweepS("SWEEP#deadline"), "SK": sweepS("#META"), "From": sweepS("2026-11-25")}})

	seeded, round := 0, 0
	for _, size := range sizes {
		b.Run(fmt.Sprintf("clocks=%d", size), func(b *testing.B) {
			if n := size - sweepBenchDue; seeded < n {
				t0 := time.Now()
				sweepSeedWaiting(b, db, tb.Registry, now, seeded, n)
				b.Logf("seeded %d waiting clocks in %s", n-seeded, time.Since(t0).Round(time.Millisecond))
				seeded = n
			}
			var items, due int
			api.query.Store(0)
			api.write.Store(0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				round++
				sweepSeedDue(b, db, tb.Registry, now, round)
				b.StartTimer()
				stats, err := st.Sweep(ctx, now, dynamo.SweepOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if stats.Overdue != sweepBenchDue || stats.Buckets != 1 {
					b.Fatalf("sweep over %d clocks: %+v; want %d overdue from 1 bucket", size, stats, sweepBenchDue)
				}
				items += stats.ItemsRead
				due += sweepBenchDue
			}
			b.ReportMetric(float64(items)/float64(due), "items/due")
			// Where the time goes: the due-index reads, and the firings' transactions
			// (summed over the concurrent firings, so more than their share of ns/op).
			b.ReportMetric(float64(api.query.Load())/1e6/float64(b.N), "query-ms/op")
			b.ReportMetric(float64(api.write.Load())/1e6/float64(b.N), "write-ms/op")
		})
	}
}

// sweepTimedAPI measures the time the sweep spends in its queries and in its transactions.
type sweepTimedAPI struct {
	dynamo.API
	query, write atomic.Int64
}

func (t *sweepTimedAPI) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	t0 := time.Now()
	defer func() { t.query.Add(int64(time.Since(t0))) }()
	return t.API.Query(ctx, in, o...)
}

func (t *sweepTimedAPI) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	t0 := time.Now()
	defer func() { t.write.Add(int64(time.Since(t0))) }()
	return t.API.TransactWriteItems(ctx, in, o...)
}

// sweepBenchTable creates the registry table as template.yaml declares it, but without its
// stream: DynamoDB Local keeps every stream record, which makes seeding 100k items
// slow down to a crawl, and the sweep neither reads nor needs the stream.
func sweepBenchTable(b *testing.B, db *dynamodb.Client) dynamo.Tables {
	b.Helper()
	tb := dynamo.Tables{Registry: "b-sweep-reg-" + testenv.Suffix(), Idempotency: "unused"}
	in, err := testenv.TableInput("RegistryTable", tb.Registry)
	if err != nil {
		b.Fatal(err)
	}
	in.StreamSpecification = nil
	if _, err := db.CreateTable(context.Background(), in); err != nil {
		b.Fatalf("create table: %v", err)
	}
	b.Cleanup(func() {
		_, _ = db.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &tb.Registry})
	})
	return tb
}

// sweepBenchRef is an ab_check clock (002 ¶5) of application id, running, next firing at next.
func sweepBenchRef(b *testing.B, id string, started, next time.Time) clock.Ref {
	b.Helper()
	a := &procedure.Application{ID: id, Org: "kz-bench", Procedure: "kz-operator-list",
		Object: &procedure.ObjectRef{Name: "Bench IS " + id}}
	cl := clock.Clock{Rule: "ab_check", Round: 1, Kind: clock.Step, Owes: actor.AuthorizedBody, Basis: "002 ¶5",
		Limit: clock.Limit{Kind: clock.WorkingDays, N: 5}, WorkingDays: 5, Calendar: "KZ",
		Count:     clock.Count{Anchor: clock.FromEntry, Limit: clock.Limit{Kind: clock.WorkingDays, N: 5}},
		StartedAt: started, FromDate: started.Format("2006-01-02"), DueDate: next.Format("2006-01-02"),
		DueAt: &next, State: clock.Running, Next: clock.FireOverdue, NextAt: &next}
	return procedure.ClockRef(a, cl)
}

// sweepSeedWaiting writes clocks [from, to) that are not due at now: a fifth later today (in
// the very bucket the sweep reads, so the sort-key bound is what skips them), the rest
// over the next 30 days.
func sweepSeedWaiting(b *testing.B, db *dynamodb.Client, table string, now time.Time, from, to int) {
	b.Helper()
	endOfDay := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	items := make([]map[string]types.AttributeValue, 0, to-from)
	for i := from; i < to; i++ {
		var next time.Time
		if i%5 == 0 {
			next = now.Add(time.Minute + time.Duration(i)%(endOfDay.Sub(now)-2*time.Minute))
		} else {
			next = endOfDay.Add(time.Duration(i%(30*24*60)) * time.Minute)
		}
		m, err := dynamo.SeedClockItem(sweepBenchRef(b, fmt.Sprintf("w%07d", i), now.Add(-48*time.Hour), next))
		if err != nil {
			b.Fatal(err)
		}
		items = append(items, m)
	}
	sweepWriteBatch(b, db, table, items)
}

// sweepSeedDue writes the round's 100 due clocks and their applications, still in the step,
// so each firing is the full overdue transaction.
func sweepSeedDue(b *testing.B, db *dynamodb.Client, table string, now time.Time, round int) {
	b.Helper()
	items := make([]map[string]types.AttributeValue, 0, 2*sweepBenchDue)
	for k := range sweepBenchDue {
		id := fmt.Sprintf("d%04d-%03d", round, k)
		next := now.Add(-time.Duration(k+1) * 20 * time.Second)
		m, err := dynamo.SeedClockItem(sweepBenchRef(b, id, now.Add(-7*24*time.Hour), next))
		if err != nil {
			b.Fatal(err)
		}
		items = append(items, m, map[string]types.AttributeValue{
			"PK": sweepS("APP#" + id), "SK": sweepS("#META"), "Type": sweepS("application"), "id": sweepS(id),
			"status": sweepS("ab_check"), "version": &types.AttributeValueMemberN{Value: "2"}})
	}
	sweepWriteBatch(b, db, table, items)
}

func sweepWriteBatch(b *testing.B, db *dynamodb.Client, table string, items []map[string]types.AttributeValue) {
	b.Helper()
	if err := testenv.BatchPut(context.Background(), db, table, items, 8); err != nil {
		b.Fatalf("seed: %v", err)
	}
}
