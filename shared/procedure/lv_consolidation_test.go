package procedure_test

import (
	"slices"
	"testing"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
)

var (
	lvClerk = actor.Caller{Sub: "u-zm", Org: "lv-zm", Roles: []actor.Role{actor.Applicant}}
	varam   = actor.Caller{Sub: "u-varam", Org: "lv-varam", Roles: []actor.Role{actor.Coordinator}}
)

const decisionID = "01jd8w0a1b2c3d4e5f6g7h8j9k"

// 000 §6.1: both cases, each with its own required evidence; submission meets the
// organisation's §6.1 deadline (LVSubmitted); VARAM's agreement averts or lifts the §6.2
// freeze (LVAgreed); the seed sets VARAM no time limit (digest Q3), so no clock runs.
func TestLVSection61(t *testing.T) {
	for _, tc := range []struct {
		proc, doc string
	}{{"lv-shared-services", "precondition_evidence"}, {"lv-migration", "transition_justification"}} {
		t.Run("000 §6.1 "+tc.proc, func(t *testing.T) {
			a := mustCreate(t, procedure.Draft{Procedure: tc.proc, Sections: map[string]any{"details": map[string]any{
				"decisionId": decisionID, "summary": "Zemkopības ministrijas nozares skaitļošanas infrastruktūras koplietošana"}}}, lvClerk, nil)
			if a.Org != "lv-zm" || a.Object != nil || a.Status != "draft" {
				t.Fatalf("created: %+v", a)
			}
			_, err := procedure.Act(a, "submit", nil, lvClerk, t0, nil)
			if got := fields(err); !slices.Equal(got, []string{"documents." + tc.doc}) {
				t.Fatalf("submit without the evidence: %v", got)
			}
			withValidDocs(a, tc.doc)
			a, ch := act(t, a, "submit", nil, lvClerk, t0)
			if a.Status != "varam_review" || len(a.Clocks) != 0 || !slices.Equal(ch.Effects, []procedure.Effect{procedure.LVSubmitted}) {
				t.Fatalf("submitted: %s clocks %v effects %v", a.Status, a.Clocks, ch.Effects)
			}
			if _, err := procedure.Act(a, "agreement", map[string]any{"decision": "agree"}, lvClerk, t0, nil); kindOf(t, err) != fault.Forbidden {
				t.Fatalf("the applicant agrees its own: %v", err)
			}
			if _, err := procedure.Act(a, "agreement", map[string]any{"decision": "refuse"}, varam, t0, nil); !slices.Equal(fields(err), []string{"comments"}) {
				t.Fatalf("refuse without comments: %v", err)
			}
			got, ch := act(t, a, "agreement", map[string]any{"decision": "agree"}, varam, t0)
			if got.Status != "agreed" || !slices.Equal(ch.Effects, []procedure.Effect{procedure.LVAgreed}) {
				t.Fatalf("agreed: %s %v", got.Status, ch.Effects)
			}
			refused, ch := act(t, a, "agreement", map[string]any{"decision": "refuse", "comments": "Nav pierādīta priekšnoteikumu izpilde"}, varam, t0)
			if refused.Status != "not_agreed" || len(ch.Effects) != 0 {
				t.Fatalf("refused: %s %v", refused.Status, ch.Effects)
			}
		})
	}
}

// 000 §6.1: the decision is named at submission (the guard also wants it at creation).
func TestLVDecisionRequired(t *testing.T) {
	a := mustCreate(t, procedure.Draft{Procedure: "lv-migration"}, lvClerk, nil)
	withValidDocs(a, "transition_justification")
	if _, err := procedure.Act(a, "submit", nil, lvClerk, t0, nil); !slices.Equal(fields(err), []string{"details.decisionId"}) {
		t.Fatalf("submit without the decision: %v", err)
	}
}

// 000 §6.2: category, ground and amount; digest Q5: both grounds go to VARAM.
func TestLVExtraordinaryInvestment(t *testing.T) {
	wantRefused(t, procedure.Draft{Procedure: "lv-extraordinary-investment", Sections: map[string]any{"details": map[string]any{
		"decisionId": decisionID, "category": "racks", "ground": "whim", "amountEur": 0}}}, lvClerk, nil, fault.Unprocessable,
		[]string{"details.amountEur", "details.category", "details.ground"})
	for _, ground := range []string{"exception", "emergency"} {
		a := mustCreate(t, procedure.Draft{Procedure: "lv-extraordinary-investment", Sections: map[string]any{"details": map[string]any{
			"decisionId": decisionID, "category": "storage", "ground": ground, "amountEur": 45000.5, "description": "Datu krātuves avārijas nomaiņa"}}}, lvClerk, nil)
		a, _ = act(t, a, "submit", nil, lvClerk, t0)
		got, ch := act(t, a, "agreement", map[string]any{"decision": "agree"}, varam, t0)
		if got.Status != "agreed" || !slices.Equal(ch.Effects, []procedure.Effect{procedure.LVInvestmentAgreed}) {
			t.Fatalf("000 §6.2 %s agreed: %s %v", ground, got.Status, ch.Effects)
		}
	}
}

// 000 §6.3–§6.4: versions; an initial version names its justification, deferred areas and
// provisional migration date, and only version 1 may be initial.
func TestLVActionPlan(t *testing.T) {
	a := mustCreate(t, procedure.Draft{Procedure: "lv-action-plan", Sections: map[string]any{"details": map[string]any{
		"decisionId": decisionID, "version": 1, "initial": true}}}, lvClerk, nil)
	_, err := procedure.Act(a, "submit", nil, lvClerk, t0, nil)
	if got := fields(err); !slices.Equal(got, []string{"details.justification", "details.deferredAreas", "details.provisionalMigrationOn"}) {
		t.Fatalf("000 §6.4 initial version without its parts: %v", got)
	}
	a = mustCreate(t, procedure.Draft{Procedure: "lv-action-plan", Sections: map[string]any{"details": map[string]any{
		"decisionId": decisionID, "version": 2, "initial": true, "justification": "no_suitable_services",
		"deferredAreas": []any{"Reģionālās serveru telpas"}, "provisionalMigrationOn": "2028-06-30"}}}, lvClerk, nil)
	if _, err := procedure.Act(a, "submit", nil, lvClerk, t0, nil); !slices.Equal(fields(err), []string{"details.initial"}) {
		t.Fatalf("000 §6.4 a second version marked initial: %v", err)
	}
	a = mustCreate(t, procedure.Draft{Procedure: "lv-action-plan", Sections: map[string]any{"details": map[string]any{
		"decisionId": decisionID, "version": 1, "initial": true, "justification": "volume",
		"deferredAreas": []any{"Reģionālās serveru telpas"}, "provisionalMigrationOn": "2028-06-30"}}}, lvClerk, nil)
	a, _ = act(t, a, "submit", nil, lvClerk, t0)
	got, ch := act(t, a, "agreement", map[string]any{"decision": "agree"}, varam, t0)
	if got.Status != "agreed" || !slices.Equal(ch.Effects, []procedure.Effect{procedure.LVPlanAgreed}) {
		t.Fatalf("agreed: %s %v", got.Status, ch.Effects)
	}
	wantRefused(t, procedure.Draft{Procedure: "lv-action-plan", Sections: map[string]any{"details": map[string]any{
		"decisionId": decisionID, "version": 1.5}}}, lvClerk, nil, fault.Unprocessable, []string{"details.version"})
}
