package clock

import (
	"slices"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/notify"
)

func stepRef(t *testing.T, round int, gate *GateRule) Ref {
	t.Helper()
	r := Rule{Name: "ab_agreement", Kind: Step, Owes: actor.AuthorizedBody, Basis: "004 ¶12", Title: "agree the draft",
		Count: Count{Anchor: FromEntry, Limit: Limit{WorkingDays, 10}}, Gate: gate}
	cl, err := r.Start("KZ", round, time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC), "")
	if err != nil {
		t.Fatal(err)
	}
	return Ref{Owner: Owner{OwnerApplication, "app-1"}, Org: "kz-si", Procedure: "kz-architecture-agreement",
		Label: "application app-1", Name: "Architecture 2026", Status: "ab_agreement", Clock: cl}
}

// 004 ¶12: ten working days from Mon 16 March 2026 across Nauryz: due Thu 2 April, the
// reminder at 09:00 Almaty on Wed 1 April; overdue after the end of 2 April.
func TestFireReminderThenOverdue(t *testing.T) {
	ref := stepRef(t, 2, nil)
	if ref.Clock.DueDate != "2026-04-02" {
		t.Fatalf("due %s", ref.Clock.DueDate)
	}
	if _, ok := Fire(ref, ref.Clock.RemindAt.Add(-time.Second)); ok {
		t.Fatal("fired before the reminder")
	}
	out, ok := Fire(ref, ref.Clock.RemindAt.Add(time.Minute))
	if !ok || out.Firing != FireReminder || out.Clock.Next != FireOverdue || len(out.Event.Notices) != 1 {
		t.Fatalf("reminder: %+v", out)
	}
	n := out.Event.Notices[0]
	if n.ID != "app-1.ab_agreement.r2.reminder" || n.Type != notify.Reminder || n.Round != 2 ||
		!slices.Equal(n.To, []notify.Recipient{{Role: actor.AuthorizedBody}}) || n.ApplicationID != "app-1" {
		t.Fatalf("reminder notice: %+v", n)
	}
	ref.Clock = out.Clock
	out, ok = Fire(ref, ref.Clock.DueAt.Add(time.Minute))
	if !ok || out.Firing != FireOverdue || out.Clock.State != Overdue || out.Clock.Next != FireNone {
		t.Fatalf("overdue: %+v", out)
	}
	n = out.Event.Notices[0]
	if n.ID != "app-1.ab_agreement.r2.overdue" || !slices.Contains(n.To, notify.Recipient{Org: "kz-si"}) {
		t.Fatalf("overdue notice: %+v", n)
	}
	if len(out.Consequences) != 1 || out.Consequences[0].Kind != MarkOverdue || out.Consequences[0].While != "ab_agreement" ||
		out.Consequences[0].Round != 2 {
		t.Fatalf("consequences: %+v", out.Consequences)
	}
	ref.Clock = out.Clock
	if _, ok := Fire(ref, ref.Clock.DueAt.Add(time.Hour)); ok {
		t.Fatal("an overdue clock fired again")
	}
}

// A sweep that comes after the due moment skips the reminder: a late reminder is noise.
func TestFireLateSkipsTheReminder(t *testing.T) {
	ref := stepRef(t, 1, nil)
	out, ok := Fire(ref, ref.Clock.DueAt.Add(48*time.Hour))
	if !ok || out.Firing != FireOverdue {
		t.Fatalf("late firing: %+v", out)
	}
}

// A gate's consequence takes effect at the due moment, however late the sweep runs.
func TestFireGateTakesEffectAtTheDueMoment(t *testing.T) {
	ref := stepRef(t, 1, &GateRule{Kind: GateTransition, Name: "lapsed", Basis: "test"})
	late := ref.Clock.DueAt.Add(72 * time.Hour)
	out, ok := Fire(ref, late)
	if !ok || len(out.Consequences) != 1 || out.Clock.CompletedAt == nil {
		t.Fatalf("gate: %+v", out)
	}
	g := out.Consequences[0]
	if g.Kind != Transition || g.Name != "lapsed" || g.While != "ab_agreement" || !g.At.Equal(*ref.Clock.DueAt) || g.Target != ref.Owner {
		t.Fatalf("gate consequence %+v, want a transition effective at %s", g, ref.Clock.DueAt)
	}
	if !out.Event.At.Equal(late) {
		t.Errorf("the trail entry is at %s, want the sweep's moment %s", out.Event.At, late)
	}
}

// 003 §12 ¶2: a term ends once and tells the owner and the declared parties.
func TestFireTermEnd(t *testing.T) {
	r := Rule{Name: "free_term", Kind: Term, Basis: "003 §12 ¶2", Notify: []Party{{Role: actor.Operator}},
		Count: Count{Anchor: FromDate, Field: "environment.agreementDate", Limit: Limit{Months, 3}}}
	cl, err := r.Start("KZ", 1, time.Date(2026, 4, 14, 5, 0, 0, 0, time.UTC), "2026-04-10")
	if err != nil {
		t.Fatal(err)
	}
	ref := Ref{Owner: Owner{OwnerApplication, "env-1"}, Org: "kz-minjust", Clock: cl}
	out, ok := Fire(ref, cl.DueAt.Add(time.Minute))
	if !ok || out.Firing != FireTermEnd || out.Clock.State != Met || out.Clock.CompletedAt == nil {
		t.Fatalf("term end: %+v", out)
	}
	n := out.Event.Notices[0]
	if n.Type != notify.TermEnded || len(n.To) != 2 || len(out.Consequences) != 0 {
		t.Fatalf("term notice %+v consequences %+v", n, out.Consequences)
	}
}

// A stopped clock never fires, and keeps an overdue state it reached.
func TestStop(t *testing.T) {
	ref := stepRef(t, 1, nil)
	cl := ref.Clock
	cl.Stop(time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC))
	if cl.State != Met || cl.Next != FireNone {
		t.Fatalf("stopped: %+v", cl)
	}
	ref.Clock = cl
	if _, ok := Fire(ref, cl.DueAt.Add(time.Hour)); ok {
		t.Fatal("a stopped clock fired")
	}
	over := stepRef(t, 1, nil).Clock
	over.State = Overdue
	over.Stop(time.Now())
	if over.State != Overdue {
		t.Fatalf("a late step's clock became %s", over.State)
	}
}

func TestRuleCheck(t *testing.T) {
	good := Rule{Name: "x", Kind: Step, Owes: actor.Operator, Basis: "003 §13 ¶1", Count: Count{Limit: Limit{WorkingDays, 10}}}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]Rule{
		"no basis":          {Name: "x", Kind: Step, Owes: actor.Operator, Count: good.Count},
		"step without role": {Name: "x", Kind: Step, Basis: "b", Count: good.Count},
		"gate without basis": {Name: "x", Kind: Term, Basis: "b", Count: good.Count,
			Gate: &GateRule{Kind: GateFlag, Name: "freeze"}},
		"unknown kind": {Name: "x", Kind: "alarm", Basis: "b", Count: good.Count},
	} {
		if err := r.Check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
