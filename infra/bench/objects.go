package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/registry"
	"github.com/ictgov/ictgov/shared/s3store"
)

// objectsFigure is figure 9 (issue 9): the registry's objects.
//
//  1. What each object operation costs, counted in process by the meter like figure 2:
//     a stage change is one transaction and at most two reads (also when it starts the
//     warranty, and when a termination opens the listed object's exclusion).
//  2. Items read per item returned by GET /v1/objects (all, ?stage=, an organisation's)
//     and by the not-eligible queue (?eligible=false), at 1k, 10k and 100k objects: every
//     list is a key condition on an index that holds exactly it, so the ratio stays 1.
func (e *env) objectsFigure(ctx context.Context) error {
	if err := e.objectOperations(ctx); err != nil {
		return err
	}
	return e.objectLists(ctx)
}

var benchSupplier = who{"bench-sup", "kz-bench-soft", []string{"supplier"}}

func (e *env) objectOperations(ctx context.Context) error {
	p := e.newInproc()
	docs := s3store.New(e.s3, e.bucket)
	reg := lambdaapp.HTTP((&httpapi.Registry{Store: p.store, Docs: docs}).Routes())
	plain := dynamo.New(e.db, e.tables)
	var list []measured
	key := func() string { return id.New(time.Now()) }
	var o struct {
		ID      string
		Version int
	}
	start := time.Now().AddDate(0, -1, 0)
	day := func(n int) string { return start.AddDate(0, 0, n).Format("2006-01-02") }
	a, _, err := p.metered(ctx, &list, "POST /v1/objects", change, 201, reg, clerk, "POST", "/v1/objects",
		map[string]any{"name": "Bench object", "type": "information_system", "funding": "state_investment",
			"supplier": benchSupplier.org, "initiatedOn": day(0)}, key())
	if err != nil {
		return err
	}
	if err := a.decode(&o); err != nil {
		return err
	}
	path := "/v1/objects/" + o.ID
	upload := func(kind, dev string, sink *[]measured) error {
		content := []byte("%PDF-1.7 bench " + kind)
		sum := sha256.Sum256(content)
		body := map[string]any{"kind": kind, "fileName": kind + ".pdf", "contentType": "application/pdf",
			"size": len(content), "sha256": hex.EncodeToString(sum[:])}
		if dev != "" {
			body["development"] = dev
		}
		a, _, err := p.metered(ctx, sink, "POST /v1/objects/{objectId}/documents (upload slot)", change, 201, reg, clerk, "POST", path+"/documents", body, key())
		if err != nil {
			return err
		}
		var slot struct{ ID string }
		if err := a.decode(&slot); err != nil {
			return err
		}
		// The verdict is ValidateDocument's write (S3-triggered, not an API operation).
		return plain.RecordVerdict(ctx, document.Owner{Kind: document.OfObject, ID: o.ID}, slot.ID,
			dynamo.Verdict{Kind: kind, Status: "valid", Reasons: []string{}, VersionID: "bench", At: time.Now().UTC()})
	}
	stage := func(name, to, on string) error {
		_, w, err := p.metered(ctx, &list, name, change, 200, reg, clerk, "POST", path+"/stage", map[string]any{"to": to, "on": on}, key())
		if err == nil && len(w) != 1 {
			err = fmt.Errorf("%s wrote %d transactions, want 1", name, len(w))
		}
		return err
	}
	for i, k := range []string{"terms_of_reference", "cost_calculation", "informatization_conclusion", "security_conclusion"} {
		sink := &list
		if i > 0 {
			sink = &[]measured{}
		}
		if err := upload(k, "", sink); err != nil {
			return err
		}
	}
	if err := stage("POST /v1/objects/{objectId}/stage (engineering: four documents checked)", "engineering", day(1)); err != nil {
		return err
	}
	for i, step := range []struct{ to, doc string }{{"trial_operation", "trial_operation_act"}, {"is_testing", "is_test_result"}, {"implementation", ""}} {
		if err := stage("POST /v1/objects/{objectId}/stage ("+step.to+")", step.to, day(2+i)); err != nil {
			return err
		}
		if step.doc != "" {
			if err := upload(step.doc, "", &[]measured{}); err != nil {
				return err
			}
		}
	}
	for _, k := range []string{"commissioning_act", "source_code_transfer"} {
		if err := upload(k, "", &[]measured{}); err != nil {
			return err
		}
	}
	if err := stage("POST /v1/objects/{objectId}/stage (operation: starts the warranty's clock)", "operation", day(5)); err != nil {
		return err
	}
	if _, _, err := p.metered(ctx, &list, "PATCH /v1/objects/{objectId}", change, 200, reg, clerk, "PATCH", path,
		map[string]any{"supplier": benchSupplier.org}, ""); err != nil {
		return err
	}
	var d struct {
		Developments []struct{ ID string }
	}
	a, _, err = p.metered(ctx, &list, "POST /v1/objects/{objectId}/developments", change, 201, reg, clerk, "POST", path+"/developments",
		map[string]any{"performer": "supplier", "initiatedOn": day(6)}, key())
	if err != nil {
		return err
	}
	if err := a.decode(&d); err != nil || len(d.Developments) != 1 {
		return fmt.Errorf("development: %v %s", err, a.body)
	}
	for _, k := range []string{"terms_of_reference", "cost_calculation", "informatization_conclusion", "security_conclusion"} {
		if err := upload(k, d.Developments[0].ID, &[]measured{}); err != nil {
			return err
		}
	}
	if _, _, err := p.metered(ctx, &list, "POST /v1/objects/{objectId}/developments/{devId}/stage", change, 200, reg, clerk, "POST",
		path+"/developments/"+d.Developments[0].ID+"/stage", map[string]any{"to": "engineering", "on": day(7)}, key()); err != nil {
		return err
	}
	gets := []struct {
		name   string
		c      who
		target string
	}{
		{"GET /v1/objects/{objectId}", clerk, path},
		{"GET /v1/objects (applicant)", clerk, "/v1/objects?limit=20"},
		{"GET /v1/objects?stage= (reviewer)", ab, "/v1/objects?stage=operation&limit=20"},
		{"GET /v1/objects (supplier)", benchSupplier, "/v1/objects?limit=20"},
		{"GET /v1/objects?eligible=false", ab, "/v1/objects?eligible=false&limit=20"},
		{"GET /v1/objects/{objectId}/budget-eligibility", ab, path + "/budget-eligibility"},
		{"GET /v1/objects/{objectId}/events", clerk, path + "/events?limit=20"},
		{"GET /v1/change-classification", who{}, "/v1/change-classification?sourceCode=true&newRequirements=true"},
	}
	for _, g := range gets {
		if _, _, err := p.metered(ctx, &list, g.name, read, 200, reg, g.c, "GET", g.target, nil, ""); err != nil {
			return err
		}
	}
	// A listed object's termination opens its exclusion in the same transaction. The
	// listing itself is figure 2's walk; here the object is put on the list directly.
	st, err := plain.LoadObject(ctx, o.ID)
	if err != nil {
		return err
	}
	listed := *st.Object
	now := time.Now().UTC()
	listed.Listed, listed.ListedAt, listed.Version = true, &now, listed.Version+1
	m, err := dynamo.ObjectItem(&listed, len(st.Docs))
	if err != nil {
		return err
	}
	if _, err := e.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &e.tables.Registry, Item: m}); err != nil {
		return err
	}
	if err := stage("POST /v1/objects/{objectId}/stage (terminated: opens the exclusion)", "terminated", day(8)); err != nil {
		return err
	}
	e.reportOperations(list)
	return nil
}

// reportOperations holds each operation to the target of its kind, as figure 2 does.
func (e *env) reportOperations(list []measured) {
	for _, m := range list {
		reads, writes := m.u.reads(), m.u.writes()
		var target string
		var pass bool
		switch m.kind {
		case change:
			target = "1 write round trip, ≤ 2 reads, no Scan"
			pass = writes == 1 && reads <= 2 && m.u.ops["Scan"] == 0 && m.u.attempts == m.u.total()
		default:
			target = "1–2 requests (none if the route needs no table), 0 writes, no Scan"
			pass = writes == 0 && m.u.total() <= 2 && m.u.ops["Scan"] == 0
		}
		note := fmt.Sprintf("%d read(s), %d write(s)", reads, writes)
		if m.u.total() == 0 {
			note = "no DynamoDB request"
		}
		e.res.check("objects.requests."+m.name, float64(m.u.total()), "requests", target, pass, note)
		if m.u.cuSeen {
			e.res.add("objects.capacity."+m.name, m.u.cu, "capacity units", "as DynamoDB Local reports them (ReturnConsumedCapacity=TOTAL)")
		}
	}
}

// scanCounter is the store's client that sums what each Query read (ScannedCount) and
// returned (Count).
type scanCounter struct {
	*dynamodb.Client
	mu              sync.Mutex
	scanned, counts int
	queries         int
}

func (c *scanCounter) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	out, err := c.Client.Query(ctx, in, opts...)
	if err == nil {
		c.mu.Lock()
		c.scanned += int(out.ScannedCount)
		c.counts += int(out.Count)
		c.queries++
		c.mu.Unlock()
	}
	return out, err
}

func (c *scanCounter) take() (scanned, count, queries int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, n, q := c.scanned, c.counts, c.queries
	c.scanned, c.counts, c.queries = 0, 0, 0
	return s, n, q
}

// objectLists seeds 1k, 10k and 100k objects (10 organisations, the seven stages in
// turn, half of those in operation without their technical documentation) in a table of
// the bench's own, and pages through each list in process, counting the items read.
func (e *env) objectLists(ctx context.Context) error {
	sizes := []int{1_000, 10_000, 100_000}
	if v := os.Getenv("ICTGOV_BENCH_OBJECTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < sizes[1] {
			return fmt.Errorf("ICTGOV_BENCH_OBJECTS=%q: want a number ≥ %d", v, sizes[1])
		}
		sizes[2] = n
	}
	table, drop, err := e.sweepTable(ctx)
	if err != nil {
		return err
	}
	defer drop()
	counter := &scanCounter{Client: e.db}
	st := dynamo.New(counter, dynamo.Tables{Registry: table, Idempotency: e.tables.Idempotency})
	reg := lambdaapp.HTTP((&httpapi.Registry{Store: st}).Routes())
	p := e.newInproc()
	org := func(i int) string { return fmt.Sprintf("kz-bench-org%d", i%10) }
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	seeded := 0
	lists := []struct {
		name   string
		c      who
		target string
	}{
		{"all (reviewer)", ab, "/v1/objects?limit=50"},
		{"?stage=operation (reviewer)", ab, "/v1/objects?stage=operation&limit=50"},
		{"an organisation's (applicant)", who{"bench-clerk", org(3), []string{"applicant"}}, "/v1/objects?limit=50"},
		{"?eligible=false, the not-eligible queue (reviewer)", ab, "/v1/objects?eligible=false&limit=50"},
	}
	ratios := map[string]map[int]float64{}
	for _, size := range sizes {
		if seeded < size {
			t := time.Now()
			items := make([]item, 0, size-seeded)
			for i := seeded; i < size; i++ {
				o := &registry.Object{ID: fmt.Sprintf("b%025d", i), Name: "Bench object " + strconv.Itoa(i), Type: "information_system",
					Org: org(i), Stage: registry.Stages[i%len(registry.Stages)], Funding: registry.OwnFunds, Version: 1,
					CreatedAt: created.Add(time.Duration(i) * time.Second), StageHistory: []registry.StageEntry{}}
				if (i/len(registry.Stages))%2 == 0 {
					o.TechnicalDocumentation = &registry.DocRef{DocumentID: "doc", ValidatedAt: created}
				}
				m, err := dynamo.ObjectItem(o, 0)
				if err != nil {
					return err
				}
				items = append(items, m)
			}
			if err := e.batchWrite(ctx, table, items, 8); err != nil {
				return fmt.Errorf("seed objects: %w", err)
			}
			e.progress("  seeded %d objects (table now %d) in %.1f s", size-seeded, size, time.Since(t).Seconds())
			seeded = size
		}
		for _, l := range lists {
			const pages = 3
			var walls []time.Duration
			cursor := ""
			returned, read := 0, 0
			for range pages {
				target := l.target
				if cursor != "" {
					target += "&cursor=" + cursor
				}
				counter.take()
				t := time.Now()
				a, err := p.call(ctx, reg, l.c, "GET", target, nil, "")
				walls = append(walls, time.Since(t))
				if err != nil {
					return err
				}
				if a.status != 200 {
					return fmt.Errorf("%s: %d %s", target, a.status, a.body)
				}
				var page struct {
					Items      []struct{ Stage string }
					NextCursor string
				}
				if err := a.decode(&page); err != nil {
					return err
				}
				scanned, _, _ := counter.take()
				returned += len(page.Items)
				read += scanned
				if cursor = page.NextCursor; cursor == "" {
					break
				}
			}
			if returned == 0 {
				return fmt.Errorf("list %s returned nothing at %d objects", l.name, size)
			}
			r := float64(read) / float64(returned)
			if ratios[l.name] == nil {
				ratios[l.name] = map[int]float64{}
			}
			ratios[l.name][size] = r
			sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
			e.res.check("objects.items_per_returned."+l.name+"."+sizeLabel(size), r, "items read/item returned", "≤ 1.1", r <= 1.1,
				fmt.Sprintf("%d objects; %d pages of 50: %d read, %d returned; median page %.1f ms", size, pages, read, returned, ms(walls[len(walls)/2])))
			e.progress("  %7d objects, %s: %.2f items read per item returned", size, l.name, r)
		}
	}
	big := sizes[2]
	for _, l := range lists {
		flat := ratios[l.name][big] / ratios[l.name][sizes[0]]
		e.res.check("objects.items_per_returned."+l.name+".ratio_"+sizeLabel(big)+"_over_1k", flat, "×", "1.0 (flat)", flat <= 1.0001,
			"the same ratio at every size: the query reads only the page")
	}
	return nil
}
