package dynamo_test

import (
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

var sweepSI = actor.Caller{Sub: "u-si", Org: "kz-si", Roles: []actor.Role{actor.ServiceIntegrator}}

// architectureInRevision opens a kz-architecture-agreement, submits it at `at` (round 1)
// and has the AB refuse it an hour later: the draft is in revision, round 1's clock met.
func (f *sweepFixture) architectureInRevision(id string, at time.Time) *procedure.Application {
	f.t.Helper()
	ch, err := procedure.Create(procedure.Draft{Procedure: "kz-architecture-agreement",
		Sections: map[string]any{"details": map[string]any{"title": "Архитектура " + id, "domain": "Юстиция"}}},
		sweepSI, at.Add(-time.Hour), id, "", nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	f.validDoc(id, "doc-"+id, "architecture_draft")
	ch, err = procedure.Act(f.load(id), "submit", nil, sweepSI, at, nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	ch, err = procedure.Act(f.load(id), "agreement", map[string]any{"decision": "refuse", "comments": "доработать"}, sweepAB, at.Add(time.Hour), nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	return f.load(id)
}

// 004 ¶12 in a loop: the resubmission's round-2 clock is its own item (ab_agreement#002),
// it reminds once and goes overdue once with notices of its own round, and round 1's
// clock, stopped in time, never fires again.
func TestSweepRoundTwoClockFiresOnce(t *testing.T) {
	f := newSweepFixture(t)
	id := "app-loop"
	a := f.architectureInRevision(id, sweepSubmitAt)
	if r1 := f.clockOf(id, "ab_agreement", 1); r1.State != clock.Met {
		t.Fatalf("round 1 after the refusal: %+v", r1)
	}
	// Resubmitted Fri 27 March 2026 (10:00 Almaty): ten KZ working days end Fri 10 April;
	// the reminder at 09:00 Almaty on Thu 9 April.
	ch, err := procedure.Act(a, "resubmit", nil, sweepSI, sweepAt(t, "2026-03-27T05:00:00Z"), nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	r2 := f.clockOf(id, "ab_agreement", 2)
	if r2.Round != 2 || r2.DueDate != "2026-04-10" || !r2.RemindAt.Equal(sweepAt(t, "2026-04-09T04:00:00Z")) {
		t.Fatalf("round 2 clock: %+v", r2)
	}
	remind, due := *r2.RemindAt, *r2.DueAt
	for _, now := range []time.Time{remind.Add(time.Minute), remind.Add(2 * time.Minute)} {
		f.sweep(now)
	}
	for _, now := range []time.Time{due.Add(time.Minute), due.Add(time.Hour), due.Add(48 * time.Hour)} {
		f.sweep(now)
	}
	got := f.outbox(id)
	if len(got[notify.Reminder]) != 1 || got[notify.Reminder][0] != id+".ab_agreement.r2.reminder" {
		t.Fatalf("reminders %v", got[notify.Reminder])
	}
	if len(got[notify.Overdue]) != 1 || got[notify.Overdue][0] != id+".ab_agreement.r2.overdue" {
		t.Fatalf("overdue notices %v", got[notify.Overdue])
	}
	if r1 := f.clockOf(id, "ab_agreement", 1); r1.State != clock.Met {
		t.Fatalf("round 1 fired: %+v", r1)
	}
	if r2 := f.clockOf(id, "ab_agreement", 2); r2.State != clock.Overdue {
		t.Fatalf("round 2 after its due date: %+v", r2)
	}
	if got := f.load(id); !got.Overdue || got.Round != 2 || len(got.Clocks) != 2 {
		t.Fatalf("application: overdue %v round %d clocks %d", got.Overdue, got.Round, len(got.Clocks))
	}
}
