package procedure

import (
	"slices"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/calendar"
)

// The three declared procedures, by id (All orders them by id).
var declaredIDs = []string{"kz-environment", "kz-operator-exclusion", "kz-operator-list"}

func TestAllAndLookupFindEveryDeclaration(t *testing.T) {
	all := All()
	var ids []string
	for _, p := range all {
		ids = append(ids, p.ID)
	}
	if !slices.Equal(ids, declaredIDs) {
		t.Fatalf("All() ids = %v, want %v (ordered by id)", ids, declaredIDs)
	}
	for _, want := range []*Procedure{KZOperatorList, KZEnvironment, KZOperatorExclusion} {
		got, ok := Lookup(want.ID)
		if !ok || got != want {
			t.Errorf("Lookup(%q) = %p, %v; want the declared %p", want.ID, got, ok, want)
		}
	}
	if p, ok := Lookup("kz-nope"); ok || p != nil {
		t.Errorf("Lookup of an undeclared id = %v, %v; want nil, false", p, ok)
	}
	if _, ok := Lookup(""); ok {
		t.Error("Lookup(\"\") found a procedure")
	}
}

// Every declaration passes its own consistency check and the stronger structural rules
// the engine relies on (architecture principle 1: the procedures are data).
func TestEveryDeclarationIsConsistent(t *testing.T) {
	for _, p := range All() {
		t.Run(p.ID, func(t *testing.T) {
			if err := p.check(); err != nil {
				t.Fatalf("check: %v", err)
			}
			if p.broken != nil {
				t.Fatalf("registered as broken: %v", p.broken)
			}
			if p.Basis == "" || p.Title == "" || p.Initial == "" {
				t.Errorf("procedure needs a basis, a title and an initial status: %+v", p)
			}
			if _, err := calendar.For(p.Country); err != nil {
				t.Errorf("country %q has no calendar: %v", p.Country, err)
			}
			if p.CreatedBy != "applications" && p.CreatedBy != "cessation" {
				t.Errorf("CreatedBy = %q, want applications or cessation", p.CreatedBy)
			}
			if len(p.ObjectTypes) == 0 {
				t.Error("no object types")
			}
			for typ, rules := range p.ObjectTypes {
				seen := map[string]bool{}
				for _, r := range rules {
					if r.Kind == "" || r.Basis == "" {
						t.Errorf("%s: document rule %+v needs a kind and a basis", typ, r)
					}
					if seen[r.Kind] {
						t.Errorf("%s: document kind %s listed twice", typ, r.Kind)
					}
					seen[r.Kind] = true
				}
			}
			outcome := map[Status]bool{}
			for _, o := range p.Outcomes {
				outcome[o.Status] = true
				if o.Basis == "" {
					t.Errorf("outcome %s has no basis", o.Status)
				}
				if len(o.Notify) > 0 && o.Notice == "" {
					t.Errorf("outcome %s notifies %v without a notice type", o.Status, o.Notify)
				}
			}
			seenStep := map[Status]bool{}
			for _, st := range p.Steps {
				if seenStep[st.Status] {
					t.Errorf("step %s declared twice", st.Status)
				}
				seenStep[st.Status] = true
				if outcome[st.Status] {
					t.Errorf("step %s is also an outcome", st.Status)
				}
				if st.Title == "" {
					t.Errorf("step %s has no title for its notices", st.Status)
				}
				if !KnownRole(string(st.Owner)) {
					t.Errorf("step %s: owner %q is not a contract role", st.Status, st.Owner)
				}
				if !st.Limit.None() && (st.Limit.Kind != WorkingDays && st.Limit.Kind != CalendarDays && st.Limit.Kind != Months) {
					t.Errorf("step %s: unknown limit kind %q", st.Status, st.Limit.Kind)
				}
				// The role that owes the step is the one that leaves it.
				leaves := 0
				for _, a := range p.Actions {
					if a.From == st.Status {
						leaves++
						if a.Role != st.Owner {
							t.Errorf("step %s is owed by %s but action %s is taken by %s", st.Status, st.Owner, a.Name, a.Role)
						}
					}
				}
				if leaves == 0 {
					t.Errorf("step %s has no action that leaves it", st.Status)
				}
			}
			names := map[string]bool{}
			reached := map[Status]bool{p.Initial: true}
			for _, a := range p.Actions {
				if names[a.Name] {
					t.Errorf("action %s declared twice", a.Name)
				}
				names[a.Name] = true
				if !KnownRole(string(a.Role)) {
					t.Errorf("action %s: role %q is not a contract role", a.Name, a.Role)
				}
				if outcome[a.From] {
					t.Errorf("action %s leaves the final status %s", a.Name, a.From)
				}
				if (a.Input == Decision) != (a.Alt != "") {
					t.Errorf("action %s: only a decision has an alternative outcome (input %q, alt %q)", a.Name, a.Input, a.Alt)
				}
				reached[a.To] = true
				if a.Alt != "" {
					reached[a.Alt] = true
				}
			}
			for _, s := range p.Statuses() {
				if !reached[s] {
					t.Errorf("status %s is never reached by an action", s)
				}
			}
			if p.Withdrawn != "" {
				w, ok := p.Action("withdraw")
				if !ok || w.From != p.Initial || w.To != p.Withdrawn || w.Role != Applicant {
					t.Errorf("withdraw = %+v, %v; want applicant %s → %s", w, ok, p.Initial, p.Withdrawn)
				}
			}
			for _, tm := range p.Terms {
				if !outcome[tm.After] {
					t.Errorf("term %s starts after %s, which is not an outcome", tm.Name, tm.After)
				}
				if tm.FromField != "agreementDate" {
					t.Errorf("term %s counts from %q, which the engine does not know", tm.Name, tm.FromField)
				}
			}
			if !slices.IsSorted(p.Statuses()) {
				t.Errorf("Statuses() not sorted: %v", p.Statuses())
			}
		})
	}
}

// check is what keeps a broken declaration out of service; it must actually refuse.
func TestCheckRefusesBrokenDeclarations(t *testing.T) {
	good := func() *Procedure {
		return &Procedure{ID: "test-broken", Country: "KZ", Basis: "test", Initial: "draft", CreatedBy: "applications",
			Steps:    []Step{{Status: "review", Owner: AuthorizedBody, Limit: Limit{WorkingDays, 5}, Basis: "t"}},
			Actions:  []Action{{Name: "submit", Role: Applicant, From: "draft", To: "review", Basis: "t"}, {Name: "done", Role: AuthorizedBody, From: "review", To: "done", Basis: "t"}},
			Outcomes: []Outcome{{Status: "done", Basis: "t"}},
			Terms:    []Term{{Name: "term", After: "done", FromField: "agreementDate", Limit: Limit{Months, 3}, Basis: "t"}},
		}
	}
	if err := good().check(); err != nil {
		t.Fatalf("the control declaration is refused: %v", err)
	}
	cases := []struct {
		name   string
		break_ func(p *Procedure)
	}{
		{"step without owner", func(p *Procedure) { p.Steps[0].Owner = "" }},
		{"step without basis", func(p *Procedure) { p.Steps[0].Basis = "" }},
		{"action from unknown status", func(p *Procedure) { p.Actions[1].From = "nowhere" }},
		{"action to unknown status", func(p *Procedure) { p.Actions[0].To = "nowhere" }},
		{"action with unknown alternative", func(p *Procedure) { p.Actions[1].Alt = "nowhere" }},
		{"action without basis", func(p *Procedure) { p.Actions[0].Basis = "" }},
		{"term after unknown status", func(p *Procedure) { p.Terms[0].After = "nowhere" }},
		{"term without limit", func(p *Procedure) { p.Terms[0].Limit = Limit{} }},
		{"term without basis", func(p *Procedure) { p.Terms[0].Basis = "" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := good()
			c.break_(p)
			if err := p.check(); err == nil {
				t.Fatal("check accepted a broken declaration")
			}
			register(p)
			defer delete(registry, p.ID)
			if _, ok := Lookup(p.ID); ok {
				t.Error("Lookup serves a broken declaration")
			}
		})
	}
}

// 002 ¶4.1 (eight attachments for an IS) and ¶4.2 (seven for an HSC), as the contract
// names them ("Document kinds required before submit").
func TestKZOperatorListDocumentKinds(t *testing.T) {
	cases := []struct {
		typ  string
		want []string
		para string
	}{
		{"information_system", []string{"is_description", "technical_documentation", "commissioning_document",
			"user_count", "services_or_functions_list", "deployment_counts", "security_certificate", "criteria_compliance"}, "002 ¶4.1"},
		{"hardware_software_complex", []string{"hsc_description", "hsc_technical_specification", "user_count",
			"interacting_systems_list", "subdivision_users_list", "allowed_software_list", "criteria_compliance"}, "002 ¶4.2"},
	}
	for _, c := range cases {
		got := KZOperatorList.DocumentKinds(c.typ)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: kinds %v, want %v (%s)", c.typ, got, c.want, c.para)
		}
		for i, r := range KZOperatorList.ObjectTypes[c.typ] {
			if !strings.HasPrefix(r.Basis, c.para) {
				t.Errorf("%s item %d (%s) cites %q, want %s", c.typ, i+1, r.Kind, r.Basis, c.para)
			}
		}
	}
	if got := KZOperatorList.DocumentKinds("server_room"); got != nil {
		t.Errorf("an undeclared object type has kinds %v", got)
	}
	if len(KZOperatorList.ObjectTypes) != 2 {
		t.Errorf("object types %v: 002 gives attachment lists only for an IS and an HSC (A2.1)", objectTypes(KZOperatorList))
	}
}

// The time limits of seed 002 A3 (D1–D3) and seed 003 §12 (D1, D2).
func TestDeclaredTimeLimits(t *testing.T) {
	cases := []struct {
		proc  *Procedure
		step  Status
		owner Role
		limit Limit
		basis string
	}{
		{KZOperatorList, "ab_check", AuthorizedBody, Limit{WorkingDays, 5}, "002 ¶5"},                 // 002-D1
		{KZOperatorList, "si_review", ServiceIntegrator, Limit{WorkingDays, 5}, "002 ¶6"},             // 002-D2, reading (a)
		{KZOperatorList, "ab_decision", AuthorizedBody, Limit{WorkingDays, 5}, "002 ¶8"},              // 002-D3
		{KZEnvironment, "op_provision", Operator, Limit{WorkingDays, 10}, "003 §12 ¶1"},               // 003 D1
		{KZOperatorExclusion, "ab_exclusion", AuthorizedBody, Limit{}, "002 ¶11 (no time limit set)"}, // 002-D6: none
	}
	for _, c := range cases {
		st, ok := c.proc.Step(c.step)
		if !ok {
			t.Errorf("%s: no step %s", c.proc.ID, c.step)
			continue
		}
		if st.Owner != c.owner || st.Limit != c.limit || st.Basis != c.basis {
			t.Errorf("%s/%s = owner %s limit %+v basis %q; want %s %+v %q", c.proc.ID, c.step, st.Owner, st.Limit, st.Basis, c.owner, c.limit, c.basis)
		}
	}
	if len(KZEnvironment.Terms) != 1 {
		t.Fatalf("kz-environment terms = %d, want the one free term of 003 §12", len(KZEnvironment.Terms))
	}
	tm := KZEnvironment.Terms[0]
	if tm.Name != "free_term" || tm.After != "provided" || tm.Limit != (Limit{Months, 3}) || tm.FromField != "agreementDate" ||
		!slices.Equal(tm.Notify, []Role{Operator}) {
		t.Errorf("free term = %+v; want 3 months from agreementDate after provided, operator told (003 §12 ¶2)", tm)
	}
}

// The statuses of the contract, and where each procedure starts.
func TestDeclaredStatusesMatchContract(t *testing.T) {
	cases := []struct {
		proc    *Procedure
		initial Status
		want    []Status
	}{
		{KZOperatorList, "draft", []Status{"ab_check", "ab_decision", "draft", "included", "refused", "si_review", "withdrawn"}},
		{KZEnvironment, "draft", []Status{"draft", "op_provision", "provided", "withdrawn"}},
		{KZOperatorExclusion, "ab_exclusion", []Status{"ab_exclusion", "excluded"}},
	}
	for _, c := range cases {
		if c.proc.Initial != c.initial {
			t.Errorf("%s: initial %s, want %s", c.proc.ID, c.proc.Initial, c.initial)
		}
		if got := c.proc.Statuses(); !slices.Equal(got, c.want) {
			t.Errorf("%s: statuses %v, want %v", c.proc.ID, got, c.want)
		}
	}
	// 002 ¶9–¶11: inclusion lists the object and tells the operator; exclusion unlists it.
	effects := []struct {
		proc   *Procedure
		status Status
		effect Effect
		notice string
	}{
		{KZOperatorList, "included", ListObject, NoticeIncluded},
		{KZOperatorList, "refused", NoEffect, ""},
		{KZOperatorList, "withdrawn", NoEffect, ""},
		{KZOperatorExclusion, "excluded", Unlist, NoticeExcluded},
		{KZEnvironment, "provided", NoEffect, ""},
	}
	for _, e := range effects {
		o, ok := e.proc.Outcome(e.status)
		if !ok || o.Effect != e.effect || o.Notice != e.notice {
			t.Errorf("%s outcome %s = %+v, %v; want effect %q notice %q", e.proc.ID, e.status, o, ok, e.effect, e.notice)
		}
		if e.notice != "" && !slices.Equal(o.Notify, []Role{Operator}) {
			t.Errorf("%s outcome %s notifies %v, want the operator (002 ¶9)", e.proc.ID, e.status, o.Notify)
		}
	}
	if _, ok := KZOperatorList.Outcome("ab_check"); ok {
		t.Error("a step is reported as an outcome")
	}
	if _, ok := KZOperatorList.Step("included"); ok {
		t.Error("an outcome is reported as a step")
	}
	if _, ok := KZOperatorList.Action("approve"); ok {
		t.Error("an undeclared action is found")
	}
}

func TestRolesAndRecipients(t *testing.T) {
	for _, r := range []string{"applicant", "authorized_body", "service_integrator", "operator", "admin"} {
		if !KnownRole(r) {
			t.Errorf("KnownRole(%q) = false", r)
		}
		if got, want := Role(r).Reviewer(), r != "applicant"; got != want {
			t.Errorf("%s.Reviewer() = %v, want %v (contract: the four reviewing roles)", r, got, want)
		}
	}
	for _, r := range []string{"", "Applicant", "root", "applicant "} {
		if KnownRole(r) {
			t.Errorf("KnownRole(%q) = true", r)
		}
	}
	if k := (Recipient{Org: "kz-minjust"}).Key(); k != "org:kz-minjust" {
		t.Errorf("org key %q", k)
	}
	if k := (Recipient{Role: Operator}).Key(); k != "role:operator" {
		t.Errorf("role key %q", k)
	}
	a := &Application{Org: "kz-minjust"}
	visible := []struct {
		c    Caller
		want bool
	}{
		{Caller{Org: "kz-minjust", Roles: []Role{Applicant}}, true},
		{Caller{Org: "kz-other", Roles: []Role{Applicant}}, false},
		{Caller{Org: "", Roles: []Role{Applicant}}, false},
		{Caller{Org: "kz-minjust"}, false},
		{Caller{Org: "kz-other", Roles: []Role{AuthorizedBody}}, true},
		{Caller{Roles: []Role{Admin}}, true},
	}
	for _, v := range visible {
		if got := CanSee(v.c, a); got != v.want {
			t.Errorf("CanSee(%+v) = %v, want %v (contract: 404 for another org)", v.c, got, v.want)
		}
	}
	if CanSee(Caller{Org: "", Roles: []Role{Applicant}}, &Application{Org: ""}) {
		t.Error("an applicant without an org sees an application without an org")
	}
}
