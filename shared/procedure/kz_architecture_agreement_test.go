package procedure_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

func architectureDraft(t *testing.T) *procedure.Application {
	a := mustCreate(t, procedure.Draft{Procedure: "kz-architecture-agreement",
		Sections: map[string]any{"details": map[string]any{"title": "Архитектура 2026", "domain": "Юстиция"}}}, si, nil)
	return a
}

// 004 ¶12: ten working days to agree; a refusal needs reasoned comments, sends the draft
// back for revision and tells the SI; the resubmission is a new round with a new clock.
func TestArchitectureAgreementLoop(t *testing.T) {
	a := architectureDraft(t)
	if a.Object != nil || a.Org != "kz-si" {
		t.Fatalf("draft: %+v", a)
	}
	if _, err := procedure.Act(a, "submit", nil, si, t0, nil); kindOf(t, err) != fault.Unprocessable ||
		!slices.Equal(fields(err), []string{"documents.architecture_draft"}) {
		t.Fatalf("submit without the draft: %v", err)
	}
	withValidDocs(a, "architecture_draft")
	if _, err := procedure.Act(a, "submit", nil, si2, t0, nil); kindOf(t, err) != fault.Forbidden {
		t.Fatalf("another SI submits: %v", err)
	}
	a, _ = act(t, a, "submit", nil, si, t0)
	if a.Clocks[0].DueDate != "2026-04-02" || a.Clocks[0].Owes != actor.AuthorizedBody {
		t.Fatalf("ab_agreement clock %+v", a.Clocks[0])
	}
	_, err := procedure.Act(a, "agreement", map[string]any{"decision": "refuse", "comments": " "}, ab, t0.Add(time.Hour), nil)
	if kindOf(t, err) != fault.Unprocessable || !slices.Equal(fields(err), []string{"comments"}) || !strings.Contains(reasons(err), "004 ¶12") {
		t.Fatalf("refuse without comments: %v", err)
	}
	a, ch := act(t, a, "agreement", map[string]any{"decision": "refuse", "comments": "Слой данных без паспортов"}, ab, t0.Add(time.Hour))
	if a.Status != "revision" || !slices.Contains(noticeTypes(ch), notify.RevisionRequested) || a.Clocks[0].State != clock.Met {
		t.Fatalf("after refusal: %s %v %+v", a.Status, noticeTypes(ch), a.Clocks)
	}
	if r := a.Results["agreement"]; r.Values.String("decision") != "refuse" || r.Round != 1 {
		t.Fatalf("agreement result %+v", r)
	}
	resubmitAt := t0.Add(9 * 24 * time.Hour) // Wed 25 March: Nauryz day off; counted from it
	a, ch = act(t, a, "resubmit", nil, si, resubmitAt)
	if a.Round != 2 || a.Status != "ab_agreement" || len(a.Clocks) != 2 {
		t.Fatalf("after resubmit: round %d status %s clocks %+v", a.Round, a.Status, a.Clocks)
	}
	r2 := a.Clocks[1]
	if r2.Key() != "ab_agreement#002" || r2.Round != 2 || r2.State != clock.Running || a.Clocks[0].Key() != "ab_agreement#001" {
		t.Fatalf("round 2 clock %+v", r2)
	}
	for _, n := range ch.Event.Notices {
		if n.Round != 2 {
			t.Errorf("notice %s of round %d", n.ID, n.Round)
		}
	}
	a, _ = act(t, a, "agreement", map[string]any{"decision": "agree"}, ab, resubmitAt.Add(time.Hour))
	if a.Status != "agreed" || a.Results["agreement"].Round != 2 {
		t.Fatalf("agreed: %s %+v", a.Status, a.Results["agreement"])
	}
	if _, err := procedure.Act(a, "publish", nil, si2, t0, nil); kindOf(t, err) != fault.Forbidden {
		t.Fatalf("another SI publishes: %v", err)
	}
	a, _ = act(t, a, "publish", nil, si, resubmitAt.Add(2*time.Hour))
	if a.Status != "published" {
		t.Fatalf("published: %s", a.Status)
	}
	if !procedure.CanSee(si2, a) || procedure.CanSee(clerk, a) {
		t.Error("visibility: the reviewing roles see it, an applicant does not")
	}
}

// The trail is where results live: Fold rebuilds them from the events the store reads.
func TestFoldResultsFromTheTrail(t *testing.T) {
	a := architectureDraft(t)
	withValidDocs(a, "architecture_draft")
	var events []audit.Event
	step := func(name string, body map[string]any, c actor.Caller) {
		var ch *procedure.Change
		a, ch = act(t, a, name, body, c, t0)
		events = append(events, ch.Event)
	}
	step("submit", nil, si)
	step("agreement", map[string]any{"decision": "refuse", "comments": "first"}, ab)
	step("resubmit", nil, si)
	step("agreement", map[string]any{"decision": "agree"}, ab)
	fresh := *a
	fresh.Results = nil
	procedure.Fold(&fresh, events)
	r := fresh.Results["agreement"]
	if r == nil || r.Values.String("decision") != "agree" || r.Round != 2 || r.By != "ab-1" {
		t.Fatalf("folded %+v", r)
	}
	if _, ok := r.Values["basis"]; ok {
		t.Error("the basis leaked into the result")
	}
}

// 004 ¶12: who drafts the architecture, and what its draft is not.
func TestArchitectureDraft(t *testing.T) {
	wantRefusedDrafts(t, []refusedDraft{
		{"004 ¶12 an applicant cannot draft the architecture", procedure.Draft{Procedure: "kz-architecture-agreement"}, clerk, nil, fault.Forbidden, nil},
		{"an object where the procedure has none", procedure.Draft{Procedure: "kz-architecture-agreement",
			Object: &procedure.ObjectInput{Name: "x", Type: "information_system"}}, si, nil, fault.Invalid, []string{"object"}},
	})
}
