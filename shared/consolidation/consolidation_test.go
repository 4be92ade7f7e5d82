package consolidation

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
)

var varam = actor.Caller{Sub: "u-varam", Org: "lv-varam", Roles: []actor.Role{actor.Coordinator}}

// Months on the LV calendar (contract part two; 000 §6.1, §6.2, §6.3, §3): the same day of
// the month, clamped to the month's end, not moved off a day off, due at the end of the
// day in Europe/Riga (UTC+2 in winter, UTC+3 in summer).
func TestMonthsFromD(t *testing.T) {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name             string
		d                string
		sub, frz, plan   string
		freezeDueAtUTC   string
		cabinetDueOnDate string
	}{
		{"000 §6.1–§6.3 D on 30 November (contract example): 30 January, 28 February (a Sunday, not moved), 30 May",
			"2026-11-30", "2027-01-30", "2027-02-28", "2027-05-30", "2027-02-28T22:00:00Z", "2027-02-28"},
		{"000 §6.1–§6.3 D on 31 October: 31 December, 31 January, 30 April (clamped)",
			"2025-10-31", "2025-12-31", "2026-01-31", "2026-04-30", "2026-01-31T22:00:00Z", "2026-01-31"},
		{"000 §6.1–§6.3 D on 31 December: 28 February (clamped), 31 March, 30 June (clamped)",
			"2026-12-31", "2027-02-28", "2027-03-31", "2027-06-30", "2027-03-31T21:00:00Z", "2027-03-31"},
		{"000 §6.3 D on 31 August + 6 months is 28 February",
			"2026-08-31", "2026-10-31", "2026-11-30", "2027-02-28", "2026-11-30T22:00:00Z", "2026-11-30"},
		{"000 §6.2 leap February: D on 30 November 2023 + 3 months is 29 February 2024",
			"2023-11-30", "2024-01-30", "2024-02-29", "2024-05-30", "2024-02-29T22:00:00Z", "2024-02-29"},
		{"000 §6.2 summer time: D on 15 March, gate at the end of 15 June is 21:00 UTC",
			"2026-03-15", "2026-05-15", "2026-06-15", "2026-09-15", "2026-06-15T21:00:00Z", "2026-06-15"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &Decision{ID: "dec", AdoptedOn: tc.d, ActionPlanFrom: FromDecision}
			for rule, want := range map[string]string{Submission: tc.sub, FreezeGate: tc.frz, ActionPlan: tc.plan} {
				var r clock.Rule
				for _, x := range OrgRules(d, "lv-zm") {
					if n, _ := SplitRule(x.Name); n == rule {
						r = x
					}
				}
				cl, err := StartClock(r, d, now, "")
				if err != nil {
					t.Fatal(err)
				}
				if cl.State != clock.Running || cl.DueDate != want || cl.Calendar != "LV" {
					t.Errorf("%s: state %s due %s, want running %s", rule, cl.State, cl.DueDate, want)
				}
				if rule == FreezeGate && cl.DueAt.UTC().Format(time.RFC3339) != tc.freezeDueAtUTC {
					t.Errorf("freeze due at %s, want %s", cl.DueAt.UTC().Format(time.RFC3339), tc.freezeDueAtUTC)
				}
				if rule == FreezeGate && (cl.Gate == nil || cl.Gate.Name != "freeze" || cl.RemindAt != nil) {
					t.Errorf("freeze clock: gate %+v, reminder %v", cl.Gate, cl.RemindAt)
				}
			}
			cl, err := StartClock(CabinetAmendmentsRule(), d, now, "")
			if err != nil || cl.DueDate != tc.cabinetDueOnDate || cl.Owes != actor.Coordinator {
				t.Errorf("000 §3 cabinet amendments: %+v %v", cl, err)
			}
		})
	}
}

// Digest Q1: while D is blank, every relative deadline is pending: no due date, no firing.
func TestDeadlinesPendingWithoutD(t *testing.T) {
	d := &Decision{ID: "dec", ActionPlanFrom: FromDecision, Orgs: []string{"lv-zm"}, Tasks: SeedTasks}
	for _, r := range append(OrgRules(d, "lv-zm"), CabinetAmendmentsRule()) {
		cl, err := StartClock(r, d, time.Now(), "")
		if err != nil {
			t.Fatal(err)
		}
		if cl.State != clock.Pending || cl.DueAt != nil || cl.NextAt != nil {
			t.Errorf("%s without D: %+v", r.Name, cl)
		}
		if ok, err := cl.Resume("2026-11-30", time.Now()); !ok || err != nil || cl.State != clock.Running {
			t.Errorf("%s resumed: %v %v %+v", r.Name, ok, err, cl)
		}
	}
	v := BuildView(d, nil, nil)
	if v.AdoptedOn != nil || len(v.Deadlines) != 6 {
		t.Fatalf("view: %+v", v)
	}
	for _, dl := range v.Deadlines[:4] {
		if dl.State != StatePending || dl.Due != nil {
			t.Errorf("000 §6, §3 without D: %+v", dl)
		}
	}
	// 000 §4, §5: fixed dates are known without D.
	if dl := v.Deadlines[4]; dl.Name != "shared_services_report" || dl.Basis != "000 §4" || dl.Owner != actor.Coordinator {
		t.Errorf("000 §4 task: %+v", dl)
	}
}

func TestDecisionViewAggregates(t *testing.T) {
	d := &Decision{ID: "dec", AdoptedOn: "2026-11-30", ActionPlanFrom: FromDecision, Orgs: []string{"lv-a", "lv-b", "lv-c"}}
	now := time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
	clocks := map[string]clock.Clock{}
	for _, org := range d.Orgs {
		for _, r := range OrgRules(d, org) {
			cl, _ := StartClock(r, d, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "")
			clocks[r.Name] = cl
		}
	}
	// lv-a submitted and was agreed in time; lv-b went overdue and frozen; lv-c is exempt.
	for _, name := range []string{"submission:lv-a", "freeze:lv-a"} {
		c := clocks[name]
		c.CompletedAt = &now // stopped without reading: still "running" in the store
		clocks[name] = c
	}
	for _, name := range []string{"submission:lv-b", "freeze:lv-b"} {
		c := clocks[name]
		c.State = clock.Overdue
		clocks[name] = c
	}
	members := map[string]Member{"lv-c": {Exemption: &Exemption{Ground: "7.2", Basis: "000 §7.2"}}}
	v := BuildView(d, clocks, members)
	states := map[string]string{}
	for _, dl := range v.Deadlines {
		states[dl.Name] = dl.State
	}
	if states[Submission] != StateOverdue || states[FreezeGate] != StateOverdue || states[ActionPlan] != StateRunning {
		t.Fatalf("decision deadlines: %v", states)
	}
	for _, ob := range v.Obligations {
		got := []string{}
		for _, dl := range ob.Deadlines {
			got = append(got, dl.State)
		}
		want := map[string][]string{"lv-a": {"met", "met", "running"}, "lv-b": {"overdue", "overdue", "running"}, "lv-c": {"exempt", "exempt", "exempt"}}[ob.Org]
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", ob.Org, got, want)
		}
	}
}

func flag(dec string, since time.Time) *Flag {
	f := &Flag{Since: since, Basis: FreezeBasis}
	f.Source = clock.Owner{Kind: OwnerDecision, ID: dec}
	return f
}

// 000 §6.2, digest Q6 and Q7: who the freeze reaches, read from the hierarchy.
func TestFreezeOf(t *testing.T) {
	since := time.Date(2027, 2, 28, 22, 0, 0, 0, time.UTC)
	ministry := Org{ID: "lv-zm", Flag: flag("dec", since)}
	agency := Org{ID: "lv-lad", Parent: "lv-zm", Path: []string{"lv-zm"}}
	office := Org{ID: "lv-lad-riga", Parent: "lv-lad", Path: []string{"lv-zm", "lv-lad"}}
	for _, tc := range []struct {
		name  string
		chain []Org
		via   string
		none  bool
	}{
		{"000 §6.2 the ministry without agreement is frozen itself", []Org{ministry}, "", false},
		{"000 §6.2 Q6 its subordinate institution is frozen with it", []Org{agency, ministry}, "lv-zm", false},
		{"000 §6.2 Q6 at any depth", []Org{office, agency, ministry}, "lv-zm", false},
		{"000 §6.2 Q7 an institution with its own agreement under the decision covers itself",
			[]Org{{ID: "lv-lad", Agreements: map[string]Agreement{"dec": {}}}, ministry}, "", true},
		{"000 §6.2 Q7 and those below it", []Org{office, {ID: "lv-lad", Agreements: map[string]Agreement{"dec": {}}}, ministry}, "", true},
		{"000 §7 an exempt institution is not frozen", []Org{{ID: "lv-lad", Exemptions: map[string]Exemption{"dec": {}}}, ministry}, "", true},
		{"000 §6.2 an agreement under another decision does not cover", []Org{{ID: "lv-lad", Agreements: map[string]Agreement{"other": {}}}, ministry}, "lv-zm", false},
		{"000 §6.2 no flag anywhere: not frozen", []Org{office, agency, {ID: "lv-zm"}}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := FreezeOf(tc.chain)
			if tc.none {
				if f != nil {
					t.Fatalf("frozen: %+v", f)
				}
				return
			}
			if f == nil || f.Via != tc.via || !f.Since.Equal(since) || f.DecisionID != "dec" || f.Basis != "000 §6.2" {
				t.Fatalf("freeze %+v, want via %q", f, tc.via)
			}
		})
	}
}

func TestPlaceUnder(t *testing.T) {
	zm := &Org{ID: "lv-zm", Path: []string{}}
	p, err := PlaceUnder("lv-lad", zm)
	if err != nil || !slices.Equal(p, []string{"lv-zm"}) {
		t.Fatalf("%v %v", p, err)
	}
	lad := &Org{ID: "lv-lad", Path: p}
	if _, err := PlaceUnder("lv-zm", lad); !fault.Is(err, fault.Unprocessable) {
		t.Fatalf("a loop: %v", err)
	}
	deep := &Org{ID: "x7", Path: []string{"x0", "x1", "x2", "x3", "x4", "x5", "x6"}}
	if _, err := PlaceUnder("x8", deep); !fault.Is(err, fault.Unprocessable) {
		t.Fatalf("too deep: %v", err)
	}
}

func TestValidID(t *testing.T) {
	for _, ok := range []string{"lv-varam", "kz-minjust", "lv-iub", "a1"} {
		if !ValidID(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"", "a", "-lv", "lv-", "LV-VARAM", "lv_varam", "lv varam", "lv/varam", "ļv-varam", "lv.varam"} {
		if ValidID(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// 000 §6.2: the investment check, with its reason and basis; digest Q5: both grounds need
// VARAM's agreement; T9 (000 §6.4): an initial plan's provisional migration date passed.
func TestCheckInvestment(t *testing.T) {
	since := time.Date(2027, 2, 28, 22, 0, 0, 0, time.UTC)
	today := calendar.Date{Year: 2027, Month: 6, Day: 1}
	ministry := Org{ID: "lv-zm", Flag: flag("dec", since)}
	agency := Org{ID: "lv-lad", Path: []string{"lv-zm"}, Investments: map[string]Investment{
		"servers": {DecisionID: "dec", ApplicationID: "app-1", Ground: "emergency", AmountEur: 12000}}}
	for _, tc := range []struct {
		name     string
		chain    []Org
		category string
		allowed  bool
		flags    []string
	}{
		{"000 §6.2 not frozen: allowed", []Org{{ID: "lv-km"}}, "servers", true, nil},
		{"000 §6.2 frozen: storage stops", []Org{agency, ministry}, "storage", false, nil},
		{"000 §6.2 Q5 frozen, emergency investment in servers agreed: allowed", []Org{agency, ministry}, "servers", true, nil},
		{"000 §6.2 an agreed investment of another decision does not count",
			[]Org{{ID: "lv-lad", Path: []string{"lv-zm"}, Investments: map[string]Investment{"servers": {DecisionID: "other"}}}, ministry}, "servers", false, nil},
		{"000 §6.4 T9 provisional migration date passed: flagged",
			[]Org{{ID: "lv-km", Agreements: map[string]Agreement{"dec": {}}, Plans: map[string]PlanState{"dec": {Version: 1, Initial: true, ProvisionalMigrationOn: "2027-05-31"}}}},
			"servers", true, []string{"provisional_migration_date_passed"}},
		{"000 §6.4 provisional migration date not passed yet: no flag",
			[]Org{{ID: "lv-km", Plans: map[string]PlanState{"dec": {Version: 1, Initial: true, ProvisionalMigrationOn: "2027-06-01"}}}},
			"servers", true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := CheckInvestment(tc.chain, tc.category, today)
			var codes []string
			for _, f := range c.Flags {
				codes = append(codes, f.Code)
			}
			if c.Allowed != tc.allowed || c.Reason == "" || c.Basis == "" || !slices.Equal(codes, tc.flags) {
				t.Fatalf("%+v", c)
			}
		})
	}
}

func TestNewDecision(t *testing.T) {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	nine := "30.11.2026"
	d, err := NewDecision{Title: "Par valsts IKT resursu un kompetenču konsolidāciju", AdoptedOn: &nine,
		Orgs: []string{"lv-zm", "lv-km"}}.Decide("dec", varam, now)
	if err != nil || d.AdoptedOn != "2026-11-30" || d.ActionPlanFrom != FromDecision || len(d.Tasks) != 2 || d.Org != "lv-varam" {
		t.Fatalf("%+v %v", d, err)
	}
	bad := "31.11.2026"
	_, err = NewDecision{Title: " ", AdoptedOn: &bad, Orgs: []string{"lv-zm", "lv-zm", "LV"}, ActionPlanFrom: "plan",
		Tasks: &[]Task{{Name: "freeze", Title: "x", Basis: "000 §4", DueOn: "2021-12-31"}}}.Decide("dec", varam, now)
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Kind != fault.Unprocessable {
		t.Fatalf("%v", err)
	}
	var fields []string
	for _, f := range fe.Fields {
		fields = append(fields, f.Field)
	}
	want := []string{"title", "adoptedOn", "orgs[1]", "orgs[2]", "actionPlanFrom", "tasks[0].name"}
	if !slices.Equal(fields, want) {
		t.Fatalf("fields %v, want %v", fields, want)
	}
}
