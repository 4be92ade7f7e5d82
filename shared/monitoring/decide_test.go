package monitoring

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/notify"
)

var (
	clerk = actor.Caller{Sub: "clerk", Org: "kz-minjust", Roles: []actor.Role{actor.Applicant}}
	other = actor.Caller{Sub: "clerk-2", Org: "kz-other", Roles: []actor.Role{actor.Applicant}}
	si    = actor.Caller{Sub: "si", Org: "kz-si", Roles: []actor.Role{actor.ServiceIntegrator}}
	ab    = actor.Caller{Sub: "ab", Org: "kz-mdai", Roles: []actor.Role{actor.AuthorizedBody}}
	// 7 December 2026, 10:00 in Almaty (a Monday).
	monday = time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
)

func ids() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("01jd8w0a1b2c3d4e5f6g7h%04d", n) }
}

func newProject(t *testing.T) *Project {
	t.Helper()
	obj := id.New(monday)
	ch, err := Create(ProjectInput{Name: "Электрондық нотариат", ObjectIDs: []string{obj}}, map[string]string{obj: clerk.Org}, clerk, monday, id.New(monday))
	if err != nil {
		t.Fatal(err)
	}
	return ch.Project
}

func kindOf(err error) fault.Kind { return fault.KindOf(err) }

func TestCreateProject(t *testing.T) {
	obj, theirs := id.New(monday), id.New(monday)
	owners := map[string]string{obj: clerk.Org, theirs: other.Org}
	for _, tc := range []struct {
		name   string
		in     ProjectInput
		c      actor.Caller
		kind   fault.Kind
		fields []string
	}{
		{"contract: an applicant opens a project at planning (004 ¶21)", ProjectInput{Name: "E-notary", ObjectIDs: []string{obj}}, clerk, 0, nil},
		{"contract: without objects (its object is not registered yet)", ProjectInput{Name: "New IS", ObjectIDs: nil}, clerk, 0, nil},
		{"contract: the service integrator does not open projects", ProjectInput{Name: "x"}, si, fault.Forbidden, nil},
		{"contract: another organisation's object", ProjectInput{Name: "x", ObjectIDs: []string{theirs}}, clerk, fault.Unprocessable, []string{"objectIds[0]"}},
		{"contract: an unknown object", ProjectInput{Name: "x", ObjectIDs: []string{id.New(monday)}}, clerk, fault.Unprocessable, []string{"objectIds[0]"}},
		{"contract: a malformed id and a repeat", ProjectInput{Name: "x", ObjectIDs: []string{"OBJ#x", obj, obj}}, clerk, fault.Unprocessable,
			[]string{"objectIds[0]", "objectIds[2]"}},
		{"contract: a blank name", ProjectInput{Name: "  "}, clerk, fault.Unprocessable, []string{"name"}},
		{"contract: a name with a control character", ProjectInput{Name: "a\x00b"}, clerk, fault.Unprocessable, []string{"name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := Create(tc.in, owners, tc.c, monday, id.New(monday))
			if tc.kind != 0 {
				if kindOf(err) != tc.kind {
					t.Fatalf("err %v, want %v", err, tc.kind)
				}
				var fe *fault.Error
				if tc.fields != nil && (!asFault(err, &fe) || !slices.Equal(fields(fe.Fields), tc.fields)) {
					t.Fatalf("fields %v, want %v", fe, tc.fields)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := ch.Project
			if p.Stage != Planning || p.Org != clerk.Org || p.Version != 1 || len(p.StageHistory) != 1 || ch.PrevVersion != 0 {
				t.Fatalf("project %+v", p)
			}
			n := ch.Event.Notices
			if len(n) != 1 || n[0].Type != notify.StepStarted || n[0].To[0].Role != actor.ServiceIntegrator || n[0].Ref.Kind != "project" ||
				!strings.Contains(n[0].Body, "P1, P2 (004 ¶22)") {
				t.Fatalf("notices %+v", n)
			}
			if len(ch.Counts) != 1 || ch.Counts[0] != (Count{2026, clerk.Org, "projects", 1}) {
				t.Fatalf("counts %+v", ch.Counts)
			}
		})
	}
}

func asFault(err error, fe **fault.Error) bool {
	e, ok := err.(*fault.Error)
	*fe = e
	return ok
}

func TestMoveStage(t *testing.T) {
	p := newProject(t)
	if _, err := MoveStage(p, StageInput{To: "investment"}, other, monday); kindOf(err) != fault.Forbidden {
		t.Fatalf("another organisation: %v", err)
	}
	if _, err := MoveStage(p, StageInput{To: "post_investment"}, clerk, monday); kindOf(err) != fault.Conflict {
		t.Fatalf("004 ¶21 a skipped stage: %v", err)
	}
	if _, err := MoveStage(p, StageInput{To: "done"}, clerk, monday); kindOf(err) != fault.Unprocessable {
		t.Fatalf("an unknown stage: %v", err)
	}
	for _, to := range []Stage{Investment, PostInvestment, Closed} {
		ch, err := MoveStage(p, StageInput{To: string(to)}, clerk, monday)
		if err != nil {
			t.Fatalf("to %s: %v", to, err)
		}
		n := ch.Event.Notices[0]
		wantType := notify.StepStarted
		if to == Closed {
			wantType = notify.StatusChanged
		}
		if ch.Project.Stage != to || ch.PrevVersion != p.Version || ch.Project.Version != p.Version+1 || n.Type != wantType ||
			ch.Event.From != string(p.Stage) || ch.Event.To != string(to) || p.Stage == to {
			t.Fatalf("to %s: %+v %+v", to, ch.Project, n)
		}
		p = ch.Project
	}
	if len(p.StageHistory) != 4 {
		t.Fatalf("history %+v", p.StageHistory)
	}
}

func TestAssess(t *testing.T) {
	p := newProject(t)
	good := AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": false}, Level: 2,
		Recommendations: []RecommendationInput{{Text: "Сметаны қайта есептеу", DueOn: "2026-12-21"}, {Text: "Align the TOR", DueOn: "2027-03-01"}}}
	for _, tc := range []struct {
		name   string
		mod    func(*AssessmentInput)
		c      actor.Caller
		kind   fault.Kind
		fields []string
	}{
		{"004 ¶20 only the service integrator assesses", nil, ab, fault.Forbidden, nil},
		{"004 ¶21 another stage than the current: 409", func(a *AssessmentInput) { a.Stage = "investment" }, si, fault.Conflict, nil},
		{"004 ¶21 an unknown stage: 422", func(a *AssessmentInput) { a.Stage = "closed" }, si, fault.Unprocessable, []string{"stage"}},
		{"004 ¶22 a check missing and one extra, with the rest", func(a *AssessmentInput) { a.Checks = map[string]bool{"P1": true, "I1": true} },
			si, fault.Unprocessable, []string{"checks.P2", "checks.I1"}},
		{"004 ¶25 level 2 without recommendations", func(a *AssessmentInput) { a.Recommendations = nil }, si, fault.Unprocessable, []string{"recommendations"}},
		{"004 ¶26 [DESIGN] level 3 with P2 false", func(a *AssessmentInput) { a.Level = 3 }, si, fault.Unprocessable, []string{"checks.P2"}},
		{"004 ¶26 level 0", func(a *AssessmentInput) { a.Level = 0 }, si, fault.Unprocessable, []string{"level"}},
		{"004 ¶25 [DESIGN] a recommendation due today and one without text", func(a *AssessmentInput) {
			a.Recommendations = []RecommendationInput{{Text: "x", DueOn: "2026-12-07"}, {Text: "", DueOn: "2027-01-10"}}
		}, si, fault.Unprocessable, []string{"recommendations[0].dueOn", "recommendations[1].text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good
			in.Checks = map[string]bool{"P1": true, "P2": false}
			if tc.mod != nil {
				tc.mod(&in)
			}
			_, err := Assess(p, in, tc.c, monday, ids())
			if kindOf(err) != tc.kind {
				t.Fatalf("err %v, want %v", err, tc.kind)
			}
			var fe *fault.Error
			if tc.fields != nil && (!asFault(err, &fe) || !slices.Equal(fields(fe.Fields), tc.fields)) {
				t.Fatalf("fields %+v, want %v", fe, tc.fields)
			}
		})
	}

	ch, err := Assess(p, good, si, monday, ids())
	if err != nil {
		t.Fatal(err)
	}
	a := ch.Assessment
	if a.On != "2026-12-07" || a.Level != 2 || len(a.Recommendations) != 2 || a.ProjectName != p.Name || a.Org != p.Org ||
		*ch.Project.Level != 2 || ch.Project.Version != 2 || len(ch.Project.RecommendationIDs) != 2 {
		t.Fatalf("assessment %+v, project %+v", a, ch.Project)
	}
	if len(ch.NewRecommendations) != 2 {
		t.Fatalf("recommendations %+v", ch.NewRecommendations)
	}
	r := ch.NewRecommendations[0]
	cl := r.Clock.Clock
	// 004 ¶25, ¶28.2: due on 21 December 2026, overdue after the end of it in Almaty; the
	// owner org is reminded three working days before (18, 17 and, over the Independence
	// Day holiday of the 16th, 15 December).
	if r.Rec.State != RecOpen || cl.Kind != clock.Deadline || cl.DueDate != "2026-12-21" || cl.State != clock.Running ||
		cl.DueAt.Format(time.RFC3339) != "2026-12-21T19:00:00Z" || cl.RemindAt == nil || cl.RemindAt.Format("2006-01-02") != "2026-12-15" ||
		r.Clock.Owner.Kind != OwnerRecommendation || r.Clock.Owner.ID != r.Rec.ID || r.Clock.Status != "open" || r.Clock.Org != p.Org {
		t.Fatalf("recommendation %+v clock %+v remind %v", r.Rec, cl, cl.RemindAt)
	}
	n := ch.Event.Notices
	if len(n) != 1 || n[0].Type != notify.RevisionRequested || !slices.Contains(n[0].To, notify.Recipient{Org: p.Org}) ||
		!slices.Contains(n[0].To, notify.Recipient{Role: actor.AuthorizedBody}) || !strings.Contains(n[0].Body, "Сметаны қайта есептеу (due 2026-12-21)") {
		t.Fatalf("notice %+v", n)
	}
	want := []Count{{2026, p.Org, "assessments", 1}, {2026, p.Org, "level2", 1}, {2026, p.Org, "recsGiven", 2}}
	if !slices.Equal(ch.Counts, want) {
		t.Fatalf("counts %+v", ch.Counts)
	}
	// Level 3 with every check holding: no recommendation needed, a status_changed notice.
	ch3, err := Assess(p, AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": true}, Level: 3}, si, monday, ids())
	if err != nil || ch3.Event.Notices[0].Type != notify.StatusChanged || len(ch3.NewRecommendations) != 0 {
		t.Fatalf("level 3: %v %+v", err, ch3)
	}
}

func TestDueRuleIsACountableDeadline(t *testing.T) {
	r := DueRule("2027-03-01")
	// 004 ¶25, ¶28.2: a deadline on a fixed date; owed by the owner organisation, not a role
	// (Rule.Check's "owed by a role" is the one requirement it does not meet, on purpose).
	if err := r.Count.Check(); err != nil || r.Kind != clock.Deadline || r.Count.Anchor != clock.OnDate || r.Owes != "" ||
		!strings.Contains(fmt.Sprint(r.Check()), "owed by a role") {
		t.Fatalf("rule %+v: count %v, check %v", r, r.Count.Check(), r.Check())
	}
}

func TestRecommendationFiresOverdueToOrgAndAuthorizedBody(t *testing.T) {
	p := newProject(t)
	ch, err := Assess(p, AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": false, "P2": false}, Level: 1,
		Recommendations: []RecommendationInput{{Text: "Redo the TOR", DueOn: "2026-12-21"}}}, si, monday, ids())
	if err != nil {
		t.Fatal(err)
	}
	ref := ch.NewRecommendations[0].Clock
	rem, ok := clock.Fire(ref, *ref.Clock.RemindAt)
	if !ok || rem.Firing != clock.FireReminder || !slices.Equal(rem.Event.Notices[0].To, []notify.Recipient{{Org: p.Org}}) {
		t.Fatalf("004 ¶25 reminder: %+v", rem.Event.Notices)
	}
	ref.Clock = rem.Clock
	out, ok := clock.Fire(ref, ref.Clock.DueAt.Add(time.Minute))
	if !ok || out.Firing != clock.FireOverdue {
		t.Fatalf("004 ¶28.2 overdue: %+v", out)
	}
	to := out.Event.Notices[0].To
	if !slices.Contains(to, notify.Recipient{Org: p.Org}) || !slices.Contains(to, notify.Recipient{Role: actor.AuthorizedBody}) || len(to) != 2 {
		t.Fatalf("004 ¶28.2 overdue goes to the owner org and the authorized body only: %+v", to)
	}
	if n := out.Event.Notices[0]; n.Ref == nil || n.Ref.Kind != "recommendation" || !strings.HasPrefix(n.ID, ref.Owner.ID+".") {
		t.Fatalf("notice %+v", n)
	}
	if len(out.Consequences) != 1 || out.Consequences[0].Kind != clock.MarkOverdue || out.Consequences[0].Target != ref.Owner ||
		out.Consequences[0].While != "open" {
		t.Fatalf("consequence %+v", out.Consequences)
	}
}

func TestImplement(t *testing.T) {
	p := newProject(t)
	ch, _ := Assess(p, AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": false, "P2": true}, Level: 2,
		Recommendations: []RecommendationInput{{Text: "Fix P1", DueOn: "2026-12-21"}}}, si, monday, ids())
	r := ch.NewRecommendations[0].Rec
	if _, err := Implement(r, NoteInput{}, other, monday); kindOf(err) != fault.Forbidden {
		t.Fatalf("another org: %v", err)
	}
	if _, err := Implement(r, NoteInput{}, si, monday); kindOf(err) != fault.Forbidden {
		t.Fatalf("the integrator: %v", err)
	}
	later := monday.Add(48 * time.Hour)
	ic, err := Implement(r, NoteInput{Note: "done"}, clerk, later)
	if err != nil {
		t.Fatal(err)
	}
	if ic.Rec.State != RecImplemented || ic.PrevState != RecOpen || ic.PrevClockState != clock.Running || ic.Clock.Clock.State != clock.Met ||
		ic.Clock.Clock.CompletedAt == nil || ic.Clock.Clock.NextAt != nil || ic.Event.Data["late"] != false ||
		!slices.Equal(ic.Counts, []Count{{2026, p.Org, "recsImplemented", 1}}) {
		t.Fatalf("implemented in time: %+v %+v", ic.Rec, ic.Clock.Clock)
	}
	if _, err := Implement(ic.Rec, NoteInput{}, clerk, later); kindOf(err) != fault.Conflict {
		t.Fatalf("twice: %v", err)
	}
	// Overdue first (the sweep), then implemented: late, the clock stays overdue.
	od := *r
	od.State = RecOverdue
	cl := *r.Clock
	cl.State = clock.Overdue
	od.Clock = &cl
	ic, err = Implement(&od, NoteInput{}, clerk, later)
	if err != nil || ic.Clock.Clock.State != clock.Overdue || ic.PrevClockState != clock.Overdue || ic.Event.Data["late"] != true ||
		len(ic.Counts) != 2 || ic.Counts[1].Name != "recsImplementedLate" {
		t.Fatalf("implemented late: %v %+v", err, ic)
	}
}

func TestRecordRiskAndFinding(t *testing.T) {
	p := newProject(t)
	cfg := Config{R3OverrunPercent: 15}
	for _, tc := range []struct {
		name   string
		in     RiskInput
		c      actor.Caller
		kind   fault.Kind
		fields []string
	}{
		{"004 ¶28.1 R1 by the authorized body", RiskInput{Factor: "R1", Evidence: "Works 3 months late"}, ab, 0, nil},
		{"004 ¶28.1 R1 by the service integrator", RiskInput{Factor: "R1", Evidence: "late"}, si, 0, nil},
		{"004 ¶28 not by the project's organisation", RiskInput{Factor: "R1", Evidence: "late"}, clerk, fault.Forbidden, nil},
		{"004 ¶28 an unknown factor", RiskInput{Factor: "R6", Evidence: "x"}, ab, fault.Unprocessable, []string{"factor"}},
		{"004 ¶28 without evidence", RiskInput{Factor: "R4"}, ab, fault.Unprocessable, []string{"evidence"}},
		{"004 ¶28.3 R3 at 20% over a 15% threshold", RiskInput{Factor: "R3", Evidence: "overrun", Budget: &Budget{Planned: 100, Actual: 120}}, ab, 0, nil},
		{"004 ¶28.3 R3 at 10% over a 15% threshold", RiskInput{Factor: "R3", Evidence: "overrun", Budget: &Budget{Planned: 100, Actual: 110}}, ab,
			fault.Unprocessable, []string{"budget.actual"}},
		{"004 ¶28.3 a budget on R1", RiskInput{Factor: "R1", Evidence: "x", Budget: &Budget{Planned: 1, Actual: 2}}, ab, fault.Unprocessable, []string{"budget"}},
		{"004 ¶28.5 R5 at planning", RiskInput{Factor: "R5", Evidence: "x"}, ab, fault.Unprocessable, []string{"factor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := RecordRisk(p, tc.in, cfg, tc.c, monday, id.New(monday))
			if kindOf(err) != tc.kind && !(tc.kind == 0 && err == nil) {
				t.Fatalf("err %v, want %v", err, tc.kind)
			}
			var fe *fault.Error
			if tc.fields != nil && (!asFault(err, &fe) || !slices.Equal(fields(fe.Fields), tc.fields)) {
				t.Fatalf("fields %+v, want %v", fe, tc.fields)
			}
			if err != nil {
				return
			}
			if ch.Risk.Factor != tc.in.Factor || ch.Event.Notices[0].Type != notify.RiskWarning || ch.Counts[0].Name != tc.in.Factor ||
				(tc.in.Factor == "R3") != (ch.Risk.OverrunPct != nil) {
				t.Fatalf("%+v", ch)
			}
		})
	}
	ch, err := RecordFinding(p, FindingInput{Kind: "duplicated_functions", Text: "Duplicates e-Notary's signing module"}, si, monday, id.New(monday))
	if err != nil || ch.Finding.Stage != Planning || ch.Event.Notices[0].Type != notify.RiskWarning {
		t.Fatalf("004 ¶23 finding: %v %+v", err, ch)
	}
	if _, err := RecordFinding(p, FindingInput{Kind: "other", Text: "x"}, si, monday, id.New(monday)); kindOf(err) != fault.Unprocessable {
		t.Fatalf("004 ¶23 unknown kind: %v", err)
	}
	closed := *p
	closed.Stage = Closed
	if _, err := RecordFinding(&closed, FindingInput{Kind: "reusable_elements", Text: "x"}, si, monday, id.New(monday)); kindOf(err) != fault.Conflict {
		t.Fatalf("004 ¶23 a closed project: %v", err)
	}
}

func TestDeclaration(t *testing.T) {
	d := Declare(DefaultConfig())
	want := map[Stage][]string{Planning: {"P1", "P2"}, Investment: {"I1", "I2", "I3"}, PostInvestment: {"O1", "O2", "O3", "O4"}, Closed: {}}
	if len(d.Stages) != 4 {
		t.Fatalf("stages %+v", d.Stages)
	}
	for _, s := range d.Stages {
		if !slices.Equal(StageChecks{Checks: s.Checks}.Codes(), want[s.Stage]) {
			t.Errorf("%s: %v", s.Stage, StageChecks{Checks: s.Checks}.Codes())
		}
		for _, c := range s.Checks {
			// Each check names its sub-paragraph and carries the seed's Kazakh text.
			if !strings.HasPrefix(c.Basis, string(s.Basis)+".") || c.Text == "" || !strings.ContainsAny(c.TextKK, "әғқңөұүһі") {
				t.Errorf("%s: %+v", c.Code, c)
			}
		}
	}
	if len(d.Levels) != 3 || !d.Levels[0].RecommendationsRequired || !d.Levels[1].RecommendationsRequired || d.Levels[2].RecommendationsRequired {
		t.Errorf("levels %+v", d.Levels)
	}
	for _, r := range d.Rules {
		if !strings.HasPrefix(r.Basis, "004 ¶") || r.Text == "" {
			t.Errorf("rule %+v", r)
		}
	}
}
