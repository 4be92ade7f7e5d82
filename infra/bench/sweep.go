package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/infra/template"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/procedure"
)

// sweepDue is how many clocks are due at each sweep, whatever the table holds.
const sweepDue = 100

// sweepScaling is figure 4: the code path of BenchmarkSweep (shared/dynamo/
// sweep_bench_test.go), whose seeding is test-only and so is repeated here in brief: with
// 1k, 10k and 100k running clocks of which the same 100 are due, Store.Sweep's items read
// per due clock and its wall time. The sizes share one table, seeded incrementally.
func (e *env) sweepScaling(ctx context.Context) error {
	sizes := []int{1_000, 10_000, 100_000}
	if v := os.Getenv("ICTGOV_BENCH_CLOCKS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < sizes[1] {
			return fmt.Errorf("ICTGOV_BENCH_CLOCKS=%q: want a number ≥ %d", v, sizes[1])
		}
		sizes[2] = n
	}
	const rounds = 3
	table, drop, err := e.sweepTable(ctx)
	if err != nil {
		return err
	}
	defer drop()
	st := dynamo.New(e.db, dynamo.Tables{Registry: table, Idempotency: e.tables.Idempotency})
	now := time.Date(2026, 11, 25, 8, 5, 0, 0, time.UTC)
	// The steady state: earlier buckets were drained by earlier sweeps.
	if err := e.batchWrite(ctx, table, []item{{"PK": sv("SWEEP#deadline"), "SK": sv("#META"), "From": sv("2026-11-25")}}, 1); err != nil {
		return err
	}
	seeded, round := 0, 0
	walls := map[int]time.Duration{}
	for _, size := range sizes {
		if n := size - sweepDue; seeded < n {
			t := time.Now()
			for from := seeded; from < n; from += 25_000 {
				to := min(n, from+25_000)
				if err := e.seedWaiting(ctx, table, now, from, to); err != nil {
					return fmt.Errorf("seed: %w", err)
				}
				if n-seeded > 25_000 {
					e.progress("    seeding: %d of %d waiting clocks (%.0f items/s)", to, n, float64(to-seeded)/time.Since(t).Seconds())
				}
			}
			e.progress("  seeded %d waiting clocks (table now %d) in %.1f s", n-seeded, n, time.Since(t).Seconds())
			seeded = n
		}
		var ds []time.Duration
		items := 0
		for range rounds {
			round++
			if err := e.seedDue(ctx, table, now, round); err != nil {
				return fmt.Errorf("seed due: %w", err)
			}
			t := time.Now()
			stats, err := st.Sweep(ctx, now, dynamo.SweepOptions{})
			d := time.Since(t)
			if err != nil {
				return err
			}
			if stats.Overdue != sweepDue || stats.Buckets != 1 {
				return fmt.Errorf("sweep over %d clocks: %+v; want %d overdue from 1 bucket", size, stats, sweepDue)
			}
			items += stats.ItemsRead
			ds = append(ds, d)
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		walls[size] = ds[len(ds)/2]
		perDue := float64(items) / float64(rounds*sweepDue)
		label := sizeLabel(size)
		e.res.check("sweep.items_per_due."+label, perDue, "items/due clock", "≤ 1.1", perDue <= 1.1,
			fmt.Sprintf("%d running clocks, %d due, %d sweeps", size, sweepDue, rounds))
		e.res.add("sweep.wall_ms."+label, ms(walls[size]), "ms", fmt.Sprintf("median of %d sweeps (each fires %d overdue transactions, 4 at a time)", rounds, sweepDue))
		e.progress("  %7d clocks: %.2f items read per due clock, sweep %.0f ms (median of %d)", size, perDue, ms(walls[size]), rounds)
	}
	big := sizes[2]
	r := float64(walls[big]) / float64(walls[sizes[0]])
	note := ""
	if big != 100_000 {
		note = fmt.Sprintf("largest size scaled to %d by ICTGOV_BENCH_CLOCKS", big)
	}
	e.res.check("sweep.wall_ratio."+sizeLabel(big)+"_over_1k", r, "×", "≤ 1.5×", r <= 1.5, note)
	return nil
}

func sizeLabel(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return strconv.Itoa(n)
}

func sv(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// sweepTable creates a registry table as template.yaml declares it, but without its
// stream (DynamoDB Local keeps every stream record, which makes seeding 100k items crawl;
// the sweep neither reads nor needs the stream), and returns how to drop it.
func (e *env) sweepTable(ctx context.Context) (string, func(), error) {
	var spec *template.Table
	for _, tb := range e.tmpl.Tables {
		if tb.LogicalID == "RegistryTable" {
			spec = tb
		}
	}
	if spec == nil {
		return "", nil, fmt.Errorf("template.yaml has no RegistryTable")
	}
	in := template.CreateTableInput(spec)
	name := "bench-sweep-" + id.New(time.Now())[16:]
	in.TableName = aws.String(name)
	in.StreamSpecification = nil
	if _, err := e.db.CreateTable(ctx, in); err != nil {
		return "", nil, fmt.Errorf("create table: %w", err)
	}
	return name, func() {
		_, _ = e.db.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	}, nil
}

func benchApp(id string) *procedure.Application {
	return &procedure.Application{ID: id, Org: "kz-bench", Procedure: "kz-operator-list",
		Object: &procedure.ObjectRef{Name: "Bench IS " + id}}
}

// benchRef is an ab_check clock of application id (002 ¶5), running, next firing at next.
func benchRef(id string, started, next time.Time) clock.Ref {
	cl := clock.Clock{Rule: "ab_check", Round: 1, Kind: clock.Step, Owes: actor.AuthorizedBody, Basis: "002 ¶5",
		Limit: clock.Limit{Kind: clock.WorkingDays, N: 5}, WorkingDays: 5, Calendar: "KZ",
		Count:     clock.Count{Anchor: clock.FromEntry, Limit: clock.Limit{Kind: clock.WorkingDays, N: 5}},
		StartedAt: started, FromDate: started.Format("2006-01-02"), DueDate: next.Format("2006-01-02"),
		DueAt: &next, State: clock.Running, Next: clock.FireOverdue, NextAt: &next}
	return procedure.ClockRef(benchApp(id), cl)
}

// seedWaiting writes clocks [from, to) that are not due at now: a fifth later today (in
// the very bucket the sweep reads, so the sort-key bound is what skips them), the rest
// over the next 30 days.
func (e *env) seedWaiting(ctx context.Context, table string, now time.Time, from, to int) error {
	endOfDay := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	items := make([]item, 0, to-from)
	for i := from; i < to; i++ {
		var next time.Time
		if i%5 == 0 {
			next = now.Add(time.Minute + time.Duration(i)%(endOfDay.Sub(now)-2*time.Minute))
		} else {
			next = endOfDay.Add(time.Duration(i%(30*24*60)) * time.Minute)
		}
		m, err := dynamo.SeedClockItem(benchRef(fmt.Sprintf("w%07d", i), now.Add(-48*time.Hour), next))
		if err != nil {
			return err
		}
		items = append(items, m)
	}
	return e.batchWrite(ctx, table, items, 8)
}

// seedDue writes the round's 100 due clocks and their applications, still in the step, so
// each firing is the full overdue transaction.
func (e *env) seedDue(ctx context.Context, table string, now time.Time, round int) error {
	items := make([]item, 0, 2*sweepDue)
	for k := range sweepDue {
		id := fmt.Sprintf("d%04d-%03d", round, k)
		next := now.Add(-time.Duration(k+1) * 20 * time.Second)
		m, err := dynamo.SeedClockItem(benchRef(id, now.Add(-7*24*time.Hour), next))
		if err != nil {
			return err
		}
		items = append(items, m, item{"PK": sv("APP#" + id), "SK": sv("#META"), "Type": sv("application"), "id": sv(id),
			"status": sv("ab_check"), "version": &types.AttributeValueMemberN{Value: "2"}, "round": &types.AttributeValueMemberN{Value: "1"}})
	}
	return e.batchWrite(ctx, table, items, 8)
}
