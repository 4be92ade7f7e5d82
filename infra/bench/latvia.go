package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/s3store"
)

// The sizes of figure 8 (issue "Latvia", Performance).
const (
	gateOrgs        = 200  // organisations the decision names
	gateSubsPerOrg  = 10   // subordinate institutions of each: 2,000 in all
	publicMeasures  = 1000 // measures of the public plan
	measureAdders   = 8
	gateDecisionDay = "2026-11-30" // D: the gate falls at the end of 28 February 2027 in Riga
)

var benchVARAM = actor.Caller{Sub: "bench-varam", Org: "lv-varam", Roles: []actor.Role{actor.Coordinator}}

// latvia is figure 8: (a) the §6.2 gate over a decision naming 200 organisations with
// 2,000 subordinate institutions: DynamoDB items read per organisation decided (the due
// index's items and the watermark) and transactions per organisation frozen, counted by
// the SDK meter around the sweep; (b) the public plan of 1,000 measures: DynamoDB requests
// (and items) to serve GET /v1/public/plans/{id} through the real handler, in process.
func (e *env) latvia(ctx context.Context) error {
	table, drop, err := e.sweepTable(ctx)
	if err != nil {
		return err
	}
	defer drop()
	m := &meter{}
	db := dynamodb.New(e.db.Options(), m.options)
	tables := dynamo.Tables{Registry: table, Idempotency: e.tables.Idempotency}
	st := dynamo.New(db, tables)
	if err := e.latviaGate(ctx, st, m, table); err != nil {
		return fmt.Errorf("the gate: %w", err)
	}
	return e.latviaPublicPlan(ctx, st, m)
}

func (e *env) latviaGate(ctx context.Context, st *dynamo.Store, m *meter, table string) error {
	created := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var items []item
	var orgs []string
	for i := range gateOrgs {
		org := fmt.Sprintf("lv-bench-m%03d", i)
		orgs = append(orgs, org)
		for j := -1; j < gateSubsPerOrg; j++ {
			o := consolidation.Org{ID: org, Name: "Ministrija " + org, Path: []string{}, Version: 1, CreatedAt: created, UpdatedAt: created,
				Agreements: map[string]consolidation.Agreement{}, Exemptions: map[string]consolidation.Exemption{},
				Plans: map[string]consolidation.PlanState{}, Investments: map[string]consolidation.Investment{}}
			if j >= 0 {
				o.ID, o.Name, o.Parent, o.Path = fmt.Sprintf("%s-s%02d", org, j), "Padotības iestāde", org, []string{org}
			} else {
				o.Children = gateSubsPerOrg
			}
			it, err := dynamo.SeedOrgItem(o)
			if err != nil {
				return err
			}
			items = append(items, it)
		}
	}
	t := time.Now()
	if err := e.batchWrite(ctx, table, items, 8); err != nil {
		return err
	}
	e.progress("  recorded %d organisations (%d named, %d subordinate) in %.1f s", len(items), gateOrgs, gateOrgs*gateSubsPerOrg, time.Since(t).Seconds())

	decID := id.New(created)
	d, err := consolidation.NewDecision{Title: "Par valsts IKT resursu un kompetenču konsolidāciju", Orgs: orgs,
		Tasks: &[]consolidation.Task{}}.Decide(decID, benchVARAM, created)
	if err != nil {
		return err
	}
	none := func(consolidation.View) error { return nil }
	if _, err := st.CreateDecision(ctx, d, benchVARAM, created, nil, none); err != nil {
		return err
	}
	adopted := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if _, err := st.AdoptDecision(ctx, decID, gateDecisionDay, benchVARAM, adopted, nil, none); err != nil {
		return err
	}
	m.begin()
	t = time.Now()
	if err := st.StartDecision(ctx, decID, adopted); err != nil {
		return err
	}
	startWall := time.Since(t)
	su, _ := m.end()
	e.res.add("latvia.start.transactions", float64(su.ops["TransactWriteItems"]), "transactions",
		fmt.Sprintf("writing the %d organisations' 3 clocks each after D is set, in batches of 90 (one query of subordinates per organisation with subordinates)", gateOrgs))
	e.res.add("latvia.start.wall_ms", ms(startWall), "ms", fmt.Sprintf("the start of a decision of %d organisations", gateOrgs))

	// The hourly sweep ran before: the §6.1 deadline fired at D + 2 months.
	if _, err := st.Sweep(ctx, adopted, dynamo.SweepOptions{}); err != nil {
		return err
	}
	if _, err := st.Sweep(ctx, time.Date(2027, 1, 31, 0, 5, 0, 0, time.UTC), dynamo.SweepOptions{}); err != nil {
		return err
	}
	// The gate: the sweep of 01:05 Riga on 1 March 2027, after the end of 28 February.
	m.begin()
	t = time.Now()
	stats, err := st.Sweep(ctx, time.Date(2027, 2, 28, 23, 5, 0, 0, time.UTC), dynamo.SweepOptions{})
	wall := time.Since(t)
	u, _ := m.end()
	if err != nil {
		return err
	}
	if stats.Overdue != gateOrgs+1 || stats.Failed != 0 {
		return fmt.Errorf("the gate's sweep: %+v, want %d firings and the coordinator's §3 deadline", stats, gateOrgs)
	}
	// Every organisation named, and every subordinate, is frozen (read outside the meter).
	frozen := 0
	for i, org := range orgs {
		chain, err := st.OrgChain(ctx, org)
		if err != nil {
			return err
		}
		if consolidation.FreezeOf(chain) != nil {
			frozen++
		}
		if i%20 == 0 {
			sub, err := st.OrgChain(ctx, org+"-s07")
			if err != nil {
				return err
			}
			if f := consolidation.FreezeOf(sub); f == nil || f.Via != org {
				return fmt.Errorf("%s-s07 is not frozen with %s", org, org)
			}
		}
	}
	if frozen != gateOrgs {
		return fmt.Errorf("%d organisations frozen, want %d", frozen, gateOrgs)
	}
	itemsRead := stats.ItemsRead + u.ops["GetItem"] // the due index's items (the §3 clock's too), and the watermark
	perOrg := float64(itemsRead) / float64(gateOrgs)
	e.res.check("latvia.gate.items_read_per_org", perOrg, "items/org", "≤ 1.1", perOrg <= 1.1,
		fmt.Sprintf("%d organisations named, %d subordinate institutions; %d items read by %d queries and %d gets",
			gateOrgs, gateOrgs*gateSubsPerOrg, itemsRead, u.ops["Query"], u.ops["GetItem"]))
	// The coordinator's own §3 deadline (D + 3 months) fires in the same sweep: one more
	// firing, not an organisation's.
	others := stats.Overdue - gateOrgs
	txPerOrg := float64(u.ops["TransactWriteItems"]-others) / float64(frozen)
	e.res.check("latvia.gate.transactions_per_org_frozen", txPerOrg, "transactions/org", "= 1", txPerOrg == 1,
		fmt.Sprintf("%d transactions for %d organisations frozen and %d other firing (000 §3) (their %d subordinates frozen at read time, no write each)",
			u.ops["TransactWriteItems"], frozen, others, gateOrgs*gateSubsPerOrg))
	if u.cuSeen {
		e.res.add("latvia.gate.capacity_units_per_org", u.cu/float64(gateOrgs), "CU/org", "consumed capacity of the gate's sweep, per organisation")
	}
	e.res.add("latvia.gate.wall_ms", ms(wall), "ms", fmt.Sprintf("the gate's sweep over %d organisations, %d firings at a time", gateOrgs, dynamo.DefaultSweepConcurrency))
	e.progress("  gate: %.2f items read and %.2f transactions per organisation; %d frozen with %d subordinates; %.0f ms",
		perOrg, txPerOrg, frozen, gateOrgs*gateSubsPerOrg, ms(wall))
	return nil
}

func (e *env) latviaPublicPlan(ctx context.Context, st *dynamo.Store, m *meter) error {
	vk := actor.Caller{Sub: "bench-vk", Org: "lv-vk", Roles: []actor.Role{actor.Coordinator}}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	p, err := actionplan.NewPlan{Title: "Atvērtās pārvaldības rīcības plāns", Period: &actionplan.Period{From: "2026-01-01", To: "2027-12-31"}}.Decide(id.New(now), vk, now)
	if err != nil {
		return err
	}
	if _, err := st.CreatePlan(ctx, p, vk, now, nil, func(actionplan.PlanView) error { return nil }); err != nil {
		return err
	}
	t := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, measureAdders)
	for range measureAdders {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := next.Add(1)
				if i > publicMeasures {
					return
				}
				nm := actionplan.NewMeasure{Title: fmt.Sprintf("Pasākums Nr. %d: datu kopu atvēršana — nodokļu samaksa, amatpersonu deklarācijas", i),
					Commitment: "2. apņemšanās: Datu atvēršana", Owner: fmt.Sprintf("lv-bench-o%02d", i%40), Start: "2026-01-01", End: "2027-06-30",
					DefinitionOfDone: "Datu kopa publicēta data.gov.lv atvērtā formātā"}
				if _, err := st.AddMeasure(ctx, p.ID, nm, vk, now, nil, func(actionplan.Detail) error { return nil }); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		return err
	}
	e.progress("  added %d measures in %.1f s", publicMeasures, time.Since(t).Seconds())
	h := lambdaapp.HTTP((&httpapi.Latvia{Store: st, Reports: s3store.New(e.s3, e.bucket)}).Routes())
	p2 := &inproc{e: e, m: m}
	var list []measured
	a, _, err := p2.metered(ctx, &list, "GET /v1/public/plans/{id}", read, 200, h, who{}, "GET", "/v1/public/plans/"+p.ID, nil, "")
	if err != nil {
		return err
	}
	var pub actionplan.PublicPlan
	if err := a.decode(&pub); err != nil || len(pub.Measures) != publicMeasures {
		return fmt.Errorf("the public plan: %d measures, %v", len(pub.Measures), err)
	}
	u := list[0].u
	e.res.check("latvia.public_plan.reads", float64(u.reads()), "requests", "= 1", u.reads() == 1,
		fmt.Sprintf("GET /v1/public/plans/{id} of %d measures: one query of the plan's partition (%d bytes answered)", publicMeasures, len(a.body)))
	if u.cuSeen {
		e.res.add("latvia.public_plan.capacity_units", u.cu, "RCU", fmt.Sprintf("the one page of %d measures (eventually consistent)", publicMeasures))
	}
	e.progress("  public plan: %d request(s) for %d measures, %d bytes", u.reads(), publicMeasures, len(a.body))
	return nil
}
