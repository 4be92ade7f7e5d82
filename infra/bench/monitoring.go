package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/monitoring"
	"github.com/ictgov/ictgov/shared/s3store"
)

// reportFreeze is figure 7 (issue 10): freezing the monitoring report of a period with
// 1k, 10k and 30k assessments (and 200 recommendations open at the freeze), the code
// path the Monitoring function runs (monitoring.Freeze over the store and the bucket):
// items DynamoDB read per item in the report (≤ 1.1: each record is read once), the wall
// time, and the heap's growth while freezing, sampled every millisecond (flat: the
// snapshot is written to a spool file as it is read, never held).
func (e *env) reportFreeze(ctx context.Context) error {
	sizes := []int{1_000, 10_000, 30_000}
	if v := os.Getenv("ICTGOV_BENCH_REPORT_MAX"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < sizes[1] {
			return fmt.Errorf("ICTGOV_BENCH_REPORT_MAX=%q: want a number ≥ %d", v, sizes[1])
		}
		sizes[2] = n
	}
	const openRecs = 200
	table, drop, err := e.sweepTable(ctx)
	if err != nil {
		return err
	}
	defer drop()
	counter := &itemCounter{API: e.db}
	st := dynamo.New(counter, dynamo.Tables{Registry: table, Idempotency: e.tables.Idempotency})
	bucket := s3store.New(e.s3, e.bucket)
	made := time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
	if err := e.seedOpenRecommendations(ctx, table, made, openRecs); err != nil {
		return fmt.Errorf("seed recommendations: %w", err)
	}
	si := actor.Caller{Sub: "bench-si", Org: "kz-si", Roles: []actor.Role{actor.ServiceIntegrator}}
	peaks := map[int]float64{}
	for i, n := range sizes {
		// A past quarter of its own per size: bench.sh starts a fresh stack, whose bucket
		// holds no snapshot of it.
		p, err := monitoring.ParsePeriod(fmt.Sprintf("2025-Q%d", i+1))
		if err != nil {
			return err
		}
		t := time.Now()
		if err := e.seedAssessments(ctx, table, p, n); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		e.progress("  seeded %d assessments of %s in %.1f s", n, p.Text, time.Since(t).Seconds())
		spool, err := os.MkdirTemp("", "bench-freeze-")
		if err != nil {
			return err
		}
		runtime.GC()
		base := heapBytes()
		peak := &peakSampler{}
		stop := peak.run(time.Millisecond)
		counter.reset()
		t = time.Now()
		rep, fs, err := monitoring.Freeze(ctx, st, bucket, func(ctx context.Context, rc *monitoring.ReportChange) error {
			return st.SaveReport(ctx, rc, dynamo.ApplyOptions{})
		}, monitoring.FreezeRequest{Period: p, Caller: si, Now: made, NewID: id.New(made), SpoolDir: spool})
		wall := time.Since(t)
		stop()
		_ = os.RemoveAll(spool)
		if err != nil {
			return fmt.Errorf("freeze %s: %w", p.Text, err)
		}
		if rep.Totals.Assessments != n || rep.Totals.Recommendations["open"] != openRecs || fs.Records != n+openRecs {
			return fmt.Errorf("freeze %s: totals %+v, want %d assessments and %d open recommendations", p.Text, rep.Totals, n, openRecs)
		}
		vs, err := e.s3.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(e.bucket), Prefix: aws.String(p.Key())})
		if err != nil || len(vs.Versions) != 1 {
			return fmt.Errorf("freeze %s: the snapshot has %d versions (%v)", p.Text, len(vs.Versions), err)
		}
		items, reqs := counter.items.Load(), counter.requests.Load()
		perItem := float64(items) / float64(fs.Records)
		growth := float64(max(0, peak.max.Load()-base)) / (1 << 20)
		peaks[n] = growth
		label := sizeLabel(n)
		e.res.check("report.items_read_per_item."+label, perItem, "items/item", "≤ 1.1", perItem <= 1.1,
			fmt.Sprintf("%d assessments + %d open recommendations; %d items read in %d requests (the period's claim counted as one)", n, openRecs, items, reqs))
		e.res.add("report.wall_ms."+label, ms(wall), "ms", fmt.Sprintf("read, spool, conditional put of %.1f MB, record", float64(fs.Bytes)/(1<<20)))
		e.res.add("report.heap_growth_mb."+label, growth, "MB", fmt.Sprintf("peak heap over the pre-freeze heap, sampled every 1 ms; the snapshot is %.1f MB", float64(fs.Bytes)/(1<<20)))
		e.progress("  %6d assessments: %.3f items read per item, %.0f ms, heap +%.1f MB (snapshot %.1f MB)", n, perItem, ms(wall), growth,
			float64(fs.Bytes)/(1<<20))
	}
	// Flat means the largest period costs what a middle one does. The smallest is not the
	// base: its 0.3 MB never fills one 1 MB page of a DynamoDB answer, so its growth
	// measures a part-filled page, not the freeze's working set (it is reported apart).
	big, mid := sizes[2], sizes[1]
	r := peaks[big] / max(peaks[mid], 0.1)
	e.res.check("report.heap_ratio."+sizeLabel(big)+"_over_"+sizeLabel(mid), r, "×", "≤ 1.5×", r <= 1.5,
		fmt.Sprintf("flat memory: the peak heap growth freezing %s assessments over %s (%s/1k: %.2f×)",
			sizeLabel(big), sizeLabel(mid), sizeLabel(big), peaks[big]/max(peaks[sizes[0]], 0.1)))
	return nil
}

// seedAssessments writes n assessments' period-index items, spread over the period's days,
// exactly as the store writes them (dynamo.SeedAssessmentItems).
func (e *env) seedAssessments(ctx context.Context, table string, p monitoring.Period, n int) error {
	days := 0
	for d := p.From; !d.After(p.To); d = d.AddDays(1) {
		days++
	}
	items := make([]item, 0, n)
	for i := range n {
		on := p.From.AddDays(i % days)
		at := time.Date(on.Year, on.Month, on.Day, 4, 0, i%3600, 0, time.UTC)
		pid := fmt.Sprintf("p%05d", i%2000)
		a := monitoring.Assessment{ID: fmt.Sprintf("a%07d", i), ProjectID: pid, ProjectName: "Bench ICT project " + pid,
			Org: fmt.Sprintf("kz-bench-%02d", i%40), Stage: monitoring.Planning, Checks: map[string]bool{"P1": i%2 == 0, "P2": true},
			Level: monitoring.Level(1 + i%3), On: on.String(), At: at, Assessor: actor.Actor{Sub: "bench-si", Org: "kz-si", Role: actor.ServiceIntegrator},
			Recommendations: []string{}}
		_, entry, err := dynamo.SeedAssessmentItems(a)
		if err != nil {
			return err
		}
		items = append(items, entry)
	}
	return e.batchWrite(ctx, table, items, 8)
}

// seedOpenRecommendations writes n open recommendations with their clocks.
func (e *env) seedOpenRecommendations(ctx context.Context, table string, at time.Time, n int) error {
	var items []item
	for i := range n {
		r := &monitoring.Recommendation{ID: fmt.Sprintf("r%05d", i), ProjectID: "p00001", ProjectName: "Bench ICT project p00001",
			Org: "kz-bench-01", AssessmentID: "a0000001", Stage: monitoring.Planning, Text: "Refine the TOR", DueOn: "2027-03-01",
			State: monitoring.RecOpen, CreatedAt: at, Version: 1}
		cl, err := monitoring.DueRule(r.DueOn).Start(monitoring.Country, 1, at, "")
		if err != nil {
			return err
		}
		r.Clock = &cl
		ms, err := dynamo.SeedRecommendationItems(r)
		if err != nil {
			return err
		}
		items = append(items, ms...)
	}
	return e.batchWrite(ctx, table, items, 4)
}

// itemCounter counts the items DynamoDB returned to the store: every item a Query
// examined (ScannedCount, so a filter could not hide a read), and one per GetItem.
type itemCounter struct {
	dynamo.API
	items, requests atomic.Int64
}

func (c *itemCounter) reset() { c.items.Store(0); c.requests.Store(0) }

func (c *itemCounter) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	out, err := c.API.Query(ctx, in, o...)
	c.requests.Add(1)
	if err == nil {
		c.items.Add(int64(out.ScannedCount))
	}
	return out, err
}

func (c *itemCounter) GetItem(ctx context.Context, in *dynamodb.GetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	c.requests.Add(1)
	c.items.Add(1)
	return c.API.GetItem(ctx, in, o...)
}

func (c *itemCounter) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	out, err := c.API.BatchGetItem(ctx, in, o...)
	c.requests.Add(1)
	if err == nil {
		for _, items := range out.Responses {
			c.items.Add(int64(len(items)))
		}
	}
	return out, err
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

// heapBytes is the bytes of heap objects now (live and not yet swept), read without
// stopping the world.
func heapBytes() int64 {
	s := make([]metrics.Sample, 1)
	copy(s, heapSample)
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// peakSampler records the largest heap seen while it runs.
type peakSampler struct{ max atomic.Int64 }

func (p *peakSampler) run(every time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tk := time.NewTicker(every)
		defer tk.Stop()
		for {
			if h := heapBytes(); h > p.max.Load() {
				p.max.Store(h)
			}
			select {
			case <-done:
				return
			case <-tk.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
