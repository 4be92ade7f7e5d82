package dynamo_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

// The instants of the Latvian tests: D = Mon 30 November 2026 (contract part two's
// example), so §6.1 is due by the end of Sat 30 January 2027 and the §6.2 gate falls at the
// end of Sun 28 February 2027 in Riga (EET, UTC+2): 2027-02-28T22:00:00Z.
var (
	lvD        = "2026-11-30"
	lvCreated  = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	lvAdopted  = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	lvGate     = time.Date(2027, 2, 28, 22, 0, 0, 0, time.UTC)
	lvVARAM    = actor.Caller{Sub: "u-varam", Org: "lv-varam", Roles: []actor.Role{actor.Coordinator}}
	lvNoIdem   = (*dynamo.Idem)(nil)
	noAnswer   = func(consolidation.View) error { return nil }
	noOrgReply = func(consolidation.OrgView, bool) error { return nil }
)

func lvClerk(org string) actor.Caller {
	return actor.Caller{Sub: "u-" + org, Org: org, Roles: []actor.Role{actor.Applicant}}
}

// hierarchy records orgs as child → parent ("" for a ministry), parents first.
func (f *sweepFixture) hierarchy(pairs ...string) {
	f.t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if _, _, err := f.st.RecordOrg(f.ctx, pairs[i], "Iestāde "+pairs[i]+" — ā č ē ģ ī ķ ļ ņ š ū ž", pairs[i+1], lvVARAM, lvCreated, nil, noOrgReply); err != nil {
			f.t.Fatalf("record %s: %v", pairs[i], err)
		}
	}
}

// decision creates a decision naming orgs, then sets D and starts its clocks.
func (f *sweepFixture) decision(orgs ...string) string {
	f.t.Helper()
	decID := id.New(lvCreated)
	d, err := consolidation.NewDecision{Title: "Par valsts IKT resursu un kompetenču konsolidāciju", Orgs: orgs,
		Tasks: &[]consolidation.Task{}}.Decide(decID, lvVARAM, lvCreated)
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.st.CreateDecision(f.ctx, d, lvVARAM, lvCreated, nil, noAnswer); err != nil {
		f.t.Fatalf("create decision: %v", err)
	}
	if _, err := f.st.AdoptDecision(f.ctx, decID, lvD, lvVARAM, lvAdopted, nil, noAnswer); err != nil {
		f.t.Fatalf("adopt: %v", err)
	}
	if err := f.st.StartDecision(f.ctx, decID, lvAdopted); err != nil {
		f.t.Fatalf("start: %v", err)
	}
	f.sweep(lvAdopted) // the hourly sweep has been running: its watermark is set
	return decID
}

// lvApplication opens a §6.1 application of org under the decision and submits it at at.
func (f *sweepFixture) lvApplication(proc, org, decID string, at time.Time) string {
	f.t.Helper()
	c := lvClerk(org)
	draft := procedure.Draft{Procedure: proc, Sections: map[string]any{"details": map[string]any{"decisionId": decID}}}
	if err := f.st.GuardCreate(f.ctx, draft, c, at); err != nil {
		f.t.Fatalf("guard: %v", err)
	}
	appID := id.New(at)
	ch, err := procedure.Create(draft, c, at.Add(-time.Minute), appID, "", nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	p, _ := procedure.Lookup(proc)
	for _, k := range p.DocumentKinds("") {
		f.validDoc(appID, id.New(at), k)
	}
	if _, err := f.act(appID, "submit", nil, c, at); err != nil {
		f.t.Fatalf("submit: %v", err)
	}
	return appID
}

// act takes an action as the handler does: guard, engine, one transaction reusing the
// guard's read.
func (f *sweepFixture) act(appID, action string, body map[string]any, c actor.Caller, at time.Time) (*procedure.Application, error) {
	reads := new(dynamo.Reads)
	return f.st.Update(f.ctx, appID, func(a *procedure.Application) (*procedure.Change, error) {
		if err := f.st.GuardAct(f.ctx, a, action, body, c, at, reads); err != nil {
			return nil, err
		}
		return procedure.Act(a, action, body, c, at, nil)
	}, dynamo.ApplyOptions{Reads: reads})
}

func (f *sweepFixture) agree(appID string, at time.Time) error {
	_, err := f.act(appID, "agreement", map[string]any{"decision": "agree"}, lvVARAM, at)
	return err
}

func (f *sweepFixture) org(org string) consolidation.OrgView {
	f.t.Helper()
	chain, err := f.st.OrgChain(f.ctx, org)
	if err != nil {
		f.t.Fatalf("org %s: %v", org, err)
	}
	return consolidation.ViewOf(chain)
}

func (f *sweepFixture) decisionState(decID string) *dynamo.DecisionState {
	f.t.Helper()
	ds, err := f.st.LoadDecision(f.ctx, decID)
	if err != nil {
		f.t.Fatal(err)
	}
	return ds
}

// trailOf reads a partition's trail entries with their notices, as Notify gets them.
func (f *sweepFixture) trailOf(pk string) []audit.Event {
	f.t.Helper()
	out, err := f.db.Query(f.ctx, &dynamodb.QueryInput{TableName: &f.tables.Registry, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :e)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": sweepS(pk), ":e": sweepS("EVT#")}})
	if err != nil {
		f.t.Fatal(err)
	}
	var evs []audit.Event
	for _, m := range out.Items {
		e, err := dynamo.DecodeEvent(m)
		if err != nil {
			f.t.Fatal(err)
		}
		// DecodeEvent leaves the notices out (they are packed: codec.go); the outbox's
		// reader unpacks them, and so must the tests that look at what was sent.
		if e.Notices, err = dynamo.NoticesOf(m); err != nil {
			f.t.Fatal(err)
		}
		evs = append(evs, e)
	}
	return evs
}

func freezeNotices(evs []audit.Event, org string) []notify.Notice {
	var out []notify.Notice
	for _, e := range evs {
		for _, n := range e.Notices {
			if n.Type == notify.Freeze && n.Ref != nil && n.Ref.ID == org {
				out = append(out, n)
			}
		}
	}
	return out
}

// 000 §6.2 end to end on the store: the gate over a decision fires once per organisation
// without an agreement, at the end of D + 3 months in Riga, with that moment as the
// freeze's start however late and however many sweeps run; subordinates are frozen with
// their ministry (read from the hierarchy) and unfrozen when its agreement arrives later;
// an organisation agreed in time is never frozen.
func TestFreezeGateOverADecision(t *testing.T) {
	f := newSweepFixture(t)
	f.hierarchy("lv-zm", "", "lv-lad", "lv-zm", "lv-lad-riga", "lv-lad", "lv-km", "", "lv-km-x", "lv-km", "lv-vm", "")
	decID := f.decision("lv-zm", "lv-km", "lv-vm")
	ds := f.decisionState(decID)
	if ds.Decision.Starting || len(ds.Clocks) != 1+3*3 {
		t.Fatalf("started: starting %v, %d clocks", ds.Decision.Starting, len(ds.Clocks))
	}
	if cl := ds.Clocks["freeze:lv-zm"].Clock; cl.DueDate != "2027-02-28" || !cl.DueAt.Equal(lvGate) ||
		!slices.Contains(cl.Notify, clock.Party{Org: "lv-lad-riga"}) {
		t.Fatalf("the gate's clock: %+v", cl)
	}
	// lv-km submits and VARAM agrees before the gate; lv-zm submits but is agreed only after.
	km := f.lvApplication("lv-shared-services", "lv-km", decID, time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC))
	if err := f.agree(km, time.Date(2027, 2, 10, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	zm := f.lvApplication("lv-migration", "lv-zm", decID, time.Date(2027, 2, 15, 9, 0, 0, 0, time.UTC))

	late := lvGate.Add(5 * 24 * time.Hour) // the sweep runs five days late
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := f.st.Sweep(f.ctx, late, dynamo.SweepOptions{}); err != nil {
				t.Errorf("sweep: %v", err)
			}
		})
	}
	wg.Wait()
	for org, want := range map[string]string{"lv-zm": "", "lv-lad": "lv-zm", "lv-lad-riga": "lv-zm", "lv-vm": ""} {
		fr := f.org(org).Freeze
		if fr == nil || !fr.Since.Equal(lvGate) || fr.DecisionID != decID || fr.Via != want || fr.Basis != "000 §6.2" {
			t.Errorf("%s: freeze %+v, want since %s via %q", org, fr, lvGate, want)
		}
	}
	for _, org := range []string{"lv-km", "lv-km-x"} {
		if fr := f.org(org).Freeze; fr != nil {
			t.Errorf("%s agreed in time, yet frozen: %+v", org, fr)
		}
	}
	evs := f.trailOf("DEC#" + decID)
	ns := freezeNotices(evs, "lv-zm")
	if len(ns) != 1 || !slices.Contains(ns[0].To, notify.Recipient{Org: "lv-lad-riga"}) ||
		!slices.Contains(ns[0].To, notify.Recipient{Role: actor.Coordinator}) || slices.Contains(ns[0].To, notify.Recipient{Role: actor.Applicant}) {
		t.Fatalf("freeze notices of lv-zm: %+v", ns)
	}
	if len(freezeNotices(evs, "lv-km")) != 0 || len(freezeNotices(evs, "lv-vm")) != 1 {
		t.Fatal("the gate told lv-km, or did not tell lv-vm")
	}
	v := f.decisionState(decID).View()
	states := map[string]string{}
	for _, ob := range v.Obligations {
		for _, dl := range ob.Deadlines {
			states[ob.Org+"/"+dl.Name] = dl.State
		}
	}
	if states["lv-km/freeze"] != "met" || states["lv-zm/freeze"] != "overdue" || states["lv-zm/submission"] != "overdue" ||
		states["lv-km/submission"] != "met" || states["lv-vm/submission"] != "overdue" {
		t.Fatalf("deadlines: %v", states)
	}

	// VARAM agrees lv-zm after the gate: the freeze ends for it and its subordinates.
	lift := late.Add(5 * 24 * time.Hour)
	if err := f.agree(zm, lift); err != nil {
		t.Fatal(err)
	}
	for _, org := range []string{"lv-zm", "lv-lad", "lv-lad-riga"} {
		if fr := f.org(org).Freeze; fr != nil {
			t.Errorf("%s still frozen after the agreement: %+v", org, fr)
		}
	}
	if fr := f.org("lv-vm").Freeze; fr == nil {
		t.Error("lv-vm left the freeze with lv-zm")
	}
	mb := f.decisionState(decID).Members["lv-zm"]
	if len(mb.FreezePeriods) != 1 || !mb.FreezePeriods[0].Since.Equal(lvGate) || !mb.FreezePeriods[0].Until.Equal(lift) || mb.Agreed == nil {
		t.Fatalf("the freeze period: %+v", mb)
	}
	// One lift notice, to the subordinates too, sent by the agreement's own trail entry
	// (its outbox); the decision's trail repeats none.
	lifted := 0
	for _, e := range append(f.trailOf("DEC#"+decID), f.trailOf("APP#"+zm)...) {
		for _, n := range freezeNotices([]audit.Event{e}, "lv-zm") {
			if n.ID == decID+".freeze:lv-zm.lift" && slices.Contains(n.To, notify.Recipient{Org: "lv-lad"}) {
				lifted++
				if e.Type != "agreement" || !e.At.Equal(lift) {
					t.Errorf("the lift notice travels in %s at %s, not in the agreement", e.Type, e.At)
				}
			}
		}
	}
	if lifted != 1 {
		t.Fatalf("%d lift notices", lifted)
	}
	// Sweeps after it change nothing.
	f.sweep(lift.Add(time.Hour))
	if fr := f.org("lv-zm").Freeze; fr != nil {
		t.Fatalf("frozen again: %+v", fr)
	}
}

// The race of the issue: two agreements of one organisation and four sweeps at the same
// moment. After the gate's moment the organisation may be frozen for an instant but ends
// not frozen, with one recorded period; before it, it ends not frozen and the gate, if it
// won the race, leaves a void period. Never both frozen and agreed.
func TestAgreementsRaceTheGate(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   time.Time
	}{{"000-6.2 agreements after the gate moment", lvGate.Add(time.Second)},
		{"000-6.2 agreements before the gate moment", lvGate.Add(-time.Second)}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newSweepFixture(t) // (table names take no "§")
			f.hierarchy("lv-zm", "", "lv-lad", "lv-zm")
			decID := f.decision("lv-zm")
			a1 := f.lvApplication("lv-shared-services", "lv-zm", decID, time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC))
			a2 := f.lvApplication("lv-migration", "lv-zm", decID, time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC))
			start := make(chan struct{})
			var wg sync.WaitGroup
			errs := make(chan error, 8)
			for _, app := range []string{a1, a2} {
				wg.Go(func() {
					<-start
					for try := 0; ; try++ { // a clerk retries a 409 of a lost race
						err := f.agree(app, tc.at)
						if err == nil || !fault.Is(err, fault.Conflict) || try == 5 {
							errs <- err
							return
						}
					}
				})
			}
			for range 4 {
				wg.Go(func() {
					<-start
					if _, err := f.st.Sweep(f.ctx, lvGate.Add(2*time.Second), dynamo.SweepOptions{}); err != nil {
						errs <- err
					}
				})
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if fr := f.org("lv-lad").Freeze; fr != nil {
				t.Fatalf("ends frozen though agreed: %+v", fr)
			}
			ds := f.decisionState(decID)
			mb := ds.Members["lv-zm"]
			fz := ds.Clocks["freeze:lv-zm"].Clock
			if mb.Agreed == nil || fz.CompletedAt == nil {
				t.Fatalf("member %+v, freeze clock %+v", mb, fz)
			}
			fired := 0
			for _, e := range f.trailOf("DEC#" + decID) {
				if e.Type == "clock_overdue" && e.Data["step"] == "freeze:lv-zm" {
					fired++
				}
			}
			switch {
			case tc.at.After(lvGate):
				// Frozen from the gate's moment (by the sweep or by the agreement itself).
				if len(mb.FreezePeriods) != 1 || !mb.FreezePeriods[0].Since.Equal(lvGate) || !mb.FreezePeriods[0].Until.Equal(tc.at) || fired > 1 {
					t.Fatalf("after the gate: periods %+v, %d firings", mb.FreezePeriods, fired)
				}
			case fired == 0:
				if len(mb.FreezePeriods) != 0 || fz.State != clock.Met {
					t.Fatalf("before the gate, gate lost: periods %+v, clock %s", mb.FreezePeriods, fz.State)
				}
			default:
				// The gate won the race with a moment after the agreement's: the period is void.
				if fired != 1 || len(mb.FreezePeriods) != 1 || !mb.FreezePeriods[0].Since.Equal(mb.FreezePeriods[0].Until) {
					t.Fatalf("before the gate, gate won: periods %+v, %d firings", mb.FreezePeriods, fired)
				}
			}
		})
	}
}

// The same application agreed twice at once: one wins, the other is refused with 409.
func TestDoubleAgreement(t *testing.T) {
	f := newSweepFixture(t)
	f.hierarchy("lv-zm", "")
	decID := f.decision("lv-zm")
	app := f.lvApplication("lv-shared-services", "lv-zm", decID, time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC))
	var wg sync.WaitGroup
	results := make(chan error, 2)
	for range 2 {
		wg.Go(func() { results <- f.agree(app, time.Date(2027, 1, 12, 9, 0, 0, 0, time.UTC)) })
	}
	wg.Wait()
	close(results)
	var ok, conflict int
	for err := range results {
		switch {
		case err == nil:
			ok++
		case fault.Is(err, fault.Conflict):
			conflict++
		default:
			t.Fatal(err)
		}
	}
	if ok != 1 || conflict != 1 {
		t.Fatalf("%d agreed, %d refused", ok, conflict)
	}
}

// A sweep that has not run when the agreement arrives after the gate's moment: the
// agreement closes the gate itself, recording the freeze from the due moment to now; a
// later sweep fires nothing for it.
func TestAgreementBeforeALateSweep(t *testing.T) {
	f := newSweepFixture(t)
	f.hierarchy("lv-zm", "")
	decID := f.decision("lv-zm")
	app := f.lvApplication("lv-shared-services", "lv-zm", decID, time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC))
	f.sweep(time.Date(2027, 2, 1, 1, 0, 0, 0, time.UTC)) // the submission deadline: met
	at := lvGate.Add(48 * time.Hour)
	if err := f.agree(app, at); err != nil {
		t.Fatal(err)
	}
	f.sweep(at.Add(time.Hour))
	for _, e := range f.trailOf("DEC#" + decID) {
		if e.Type == "clock_overdue" && e.Data["step"] == "freeze:lv-zm" {
			t.Fatalf("the sweep fired the gate after the agreement closed it: %+v", e)
		}
	}
	mb := f.decisionState(decID).Members["lv-zm"]
	fz := f.decisionState(decID).Clocks["freeze:lv-zm"].Clock
	if len(mb.FreezePeriods) != 1 || !mb.FreezePeriods[0].Since.Equal(lvGate) || !mb.FreezePeriods[0].Until.Equal(at) ||
		fz.State != clock.Overdue || fz.CompletedAt == nil || f.org("lv-zm").Freeze != nil {
		t.Fatalf("periods %+v clock %+v", mb.FreezePeriods, fz)
	}
}

// A decision naming many organisations writes their clocks in batches after D; when the
// request that set D is interrupted, the hourly DeadlineCheck finishes the start.
func TestDecisionStartIsResumed(t *testing.T) {
	f := newSweepFixture(t)
	var orgs []string
	var pairs []string
	for i := range 40 {
		o := fmt.Sprintf("lv-m%02d", i)
		orgs = append(orgs, o)
		pairs = append(pairs, o, "")
	}
	f.hierarchy(pairs...)
	decID := id.New(lvCreated)
	d, err := consolidation.NewDecision{Title: "Lēmums", Orgs: orgs}.Decide(decID, lvVARAM, lvCreated)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateDecision(f.ctx, d, lvVARAM, lvCreated, nil, noAnswer); err != nil {
		t.Fatal(err)
	}
	v, err := f.st.AdoptDecision(f.ctx, decID, lvD, lvVARAM, lvAdopted, nil, noAnswer)
	if err != nil || !v.Starting || *v.AdoptedOn != lvD {
		t.Fatalf("adopted: %+v %v", v, err)
	}
	if _, err := f.st.AdoptDecision(f.ctx, decID, "2026-12-01", lvVARAM, lvAdopted, nil, noAnswer); !fault.Is(err, fault.Conflict) {
		t.Fatalf("D set twice: %v", err)
	}
	n, err := f.st.StartPendingDecisions(f.ctx, lvAdopted.Add(time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("finished %d: %v", n, err)
	}
	ds := f.decisionState(decID)
	if ds.Decision.Starting || len(ds.Clocks) != 3+3*40 {
		t.Fatalf("starting %v, %d clocks", ds.Decision.Starting, len(ds.Clocks))
	}
	if cl := ds.Clocks["cabinet_amendments"].Clock; cl.State != clock.Running || cl.DueDate != "2027-02-28" {
		t.Fatalf("000 §3: %+v", cl)
	}
	if n, err := f.st.StartPendingDecisions(f.ctx, lvAdopted.Add(2*time.Hour)); err != nil || n != 0 {
		t.Fatalf("again: %d %v", n, err)
	}
}

// 000 §7: an exemption takes the organisation out of its deadlines and lifts its freeze.
func TestExemptionLiftsTheFreeze(t *testing.T) {
	f := newSweepFixture(t)
	f.hierarchy("lv-am", "", "lv-am-pk", "lv-am")
	decID := f.decision("lv-am")
	f.sweep(lvGate.Add(time.Hour))
	if fr := f.org("lv-am-pk").Freeze; fr == nil {
		t.Fatal("not frozen")
	}
	e := consolidation.Exemption{Ground: "7.2", Basis: "000 §7.2", Justification: "Diplomātiskā un konsulārā dienesta IKT atbalsts", By: "u-varam"}
	at := lvGate.Add(72 * time.Hour)
	if _, err := f.st.ExemptOrg(f.ctx, decID, "lv-am", e, lvVARAM, at, nil, noAnswer); err != nil {
		t.Fatal(err)
	}
	if fr := f.org("lv-am-pk").Freeze; fr != nil {
		t.Fatalf("frozen after the exemption: %+v", fr)
	}
	if _, err := f.st.ExemptOrg(f.ctx, decID, "lv-am", e, lvVARAM, at, nil, noAnswer); !fault.Is(err, fault.Conflict) {
		t.Fatalf("exempt twice: %v", err)
	}
	for _, ob := range f.decisionState(decID).View().Obligations {
		for _, dl := range ob.Deadlines {
			if dl.State != consolidation.StateExempt {
				t.Errorf("%s %s: %s", ob.Org, dl.Name, dl.State)
			}
		}
	}
	// Applying after the exemption is refused with the reason.
	err := f.st.GuardCreate(f.ctx, procedure.Draft{Procedure: "lv-migration", Sections: map[string]any{"details": map[string]any{"decisionId": decID}}},
		lvClerk("lv-am"), at)
	if !fault.Is(err, fault.Unprocessable) {
		t.Fatalf("guard after exemption: %v", err)
	}
}

// The guard's answers (contract part two): only an organisation the decision names opens
// a §6.1 application; only one under freeze asks for an extraordinary investment; only
// one whose §6.1 application was agreed submits an action plan, version after version.
func TestGuard(t *testing.T) {
	f := newSweepFixture(t)
	f.hierarchy("lv-zm", "", "lv-lad", "lv-zm", "lv-tm", "")
	decID := f.decision("lv-zm")
	draft := func(proc string, details map[string]any) procedure.Draft {
		return procedure.Draft{Procedure: proc, Sections: map[string]any{"details": details}}
	}
	at := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		d     procedure.Draft
		c     actor.Caller
		field string
	}{
		{"000 §6 no decision", draft("lv-shared-services", map[string]any{}), lvClerk("lv-zm"), "details.decisionId"},
		{"000 §6 an unknown decision", draft("lv-shared-services", map[string]any{"decisionId": id.New(at)}), lvClerk("lv-zm"), "details.decisionId"},
		{"000 §6 an organisation the decision does not name", draft("lv-migration", map[string]any{"decisionId": decID}), lvClerk("lv-tm"), "details.decisionId"},
		{"000 §6.2 an investment while not frozen", draft("lv-extraordinary-investment", map[string]any{"decisionId": decID}), lvClerk("lv-lad"), "details.decisionId"},
		{"000 §6.3 a plan without an agreement", draft("lv-action-plan", map[string]any{"decisionId": decID, "version": 1}), lvClerk("lv-zm"), "details.decisionId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := f.st.GuardCreate(f.ctx, tc.d, tc.c, at)
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != fault.Unprocessable || len(fe.Fields) != 1 || fe.Fields[0].Field != tc.field {
				t.Fatalf("%v", err)
			}
		})
	}
	app := f.lvApplication("lv-shared-services", "lv-zm", decID, at)
	if err := f.agree(app, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := f.st.GuardCreate(f.ctx, draft("lv-action-plan", map[string]any{"decisionId": decID, "version": 2}), lvClerk("lv-zm"), at); err == nil {
		t.Fatal("version 2 before version 1")
	}
	if err := f.st.GuardCreate(f.ctx, draft("lv-action-plan", map[string]any{"decisionId": decID, "version": 1}), lvClerk("lv-zm"), at); err != nil {
		t.Fatalf("version 1: %v", err)
	}
	// After the gate, the subordinate of the frozen ministry... lv-zm was agreed in time, so
	// lv-lad is not frozen and still may not ask.
	f.sweep(lvGate.Add(time.Hour))
	if err := f.st.GuardCreate(f.ctx, draft("lv-extraordinary-investment", map[string]any{"decisionId": decID}), lvClerk("lv-lad"), at); !fault.Is(err, fault.Unprocessable) {
		t.Fatalf("Q7: lv-lad is covered by its ministry's agreement: %v", err)
	}
}

// 001 S3: the report for 2026 is due Mon 1 February 2027: report_due goes to the
// coordinator at 09:00 Riga on Fri 29 January, once however often the sweep runs; not
// made by the end of 1 February, it is overdue once; made later, it shows met.
func TestAnnualReportReminderAndOverdueOnce(t *testing.T) {
	f := newSweepFixture(t)
	vk := actor.Caller{Sub: "u-vk", Org: "lv-vk", Roles: []actor.Role{actor.Coordinator}}
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p, err := actionplan.NewPlan{Title: "Rīcības plāns 2026", Period: &actionplan.Period{From: "2026-01-01", To: "2026-12-31"}}.Decide(id.New(created), vk, created)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreatePlan(f.ctx, p, vk, created, nil, func(actionplan.PlanView) error { return nil }); err != nil {
		t.Fatal(err)
	}
	f.sweep(created)
	remind := time.Date(2027, 1, 29, 7, 0, 0, 0, time.UTC)
	due := time.Date(2027, 2, 1, 22, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{remind.Add(-time.Minute), remind.Add(5 * time.Minute), remind.Add(65 * time.Minute),
		due.Add(-time.Minute), due.Add(5 * time.Minute), due.Add(65 * time.Minute), due.Add(48 * time.Hour)} {
		f.sweep(at)
	}
	var types []string
	for _, e := range f.trailOf("PLAN#" + p.ID) {
		for _, n := range e.Notices {
			types = append(types, n.Type)
			if !slices.Contains(n.To, notify.Recipient{Role: actor.Coordinator}) || n.Ref == nil || n.Ref.Kind != "plan" {
				t.Errorf("notice %+v", n)
			}
		}
	}
	if !slices.Equal(types, []string{notify.ReportDue, notify.Overdue}) {
		t.Fatalf("notices %v, want one report_due and one overdue", types)
	}
	ps, err := f.st.LoadPlan(f.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v := ps.View(due); v.Reports[0].State != "overdue" {
		t.Fatalf("report state %s", v.Reports[0].State)
	}
	rec := actionplan.ReportRecord{Year: 2026, Key: "k", VersionID: "v", SHA256: strings.Repeat("0", 64), MadeAt: due.Add(72 * time.Hour), MadeBy: "u-vk"}
	if err := f.st.RecordReport(f.ctx, ps, rec, vk, rec.MadeAt, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.st.RecordReport(f.ctx, ps, rec, vk, rec.MadeAt.Add(time.Hour), nil); !errors.Is(err, dynamo.ErrRace) {
		t.Fatalf("a second report for the year: %v", err)
	}
	ps, _ = f.st.LoadPlan(f.ctx, p.ID)
	if v := ps.View(rec.MadeAt); v.Reports[0].State != "met" || v.Reports[0].Made == nil {
		t.Fatalf("made: %+v", v.Reports[0])
	}
}
