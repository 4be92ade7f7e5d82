package procedure_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

// 002 ¶4.1 and Annex 2: submission lists every missing document and every unanswered
// criterion at once.
func TestSubmitListsEverythingMissing(t *testing.T) {
	a := operatorList(t, map[string]any{"1.1": true})
	_, err := procedure.Act(a, "submit", nil, clerk, t0, nil)
	if kindOf(t, err) != fault.Unprocessable || len(fields(err)) != 8+12 {
		t.Fatalf("want 20 missing items: %v", err)
	}
	if !strings.Contains(reasons(err), "002 ¶4.1 1)") || !strings.Contains(reasons(err), "unanswered; required by 002 ¶4 and Annex 2") {
		t.Errorf("the reasons do not cite the seed: %s", reasons(err))
	}
}

// kz-operator-list end to end in the engine: clocks, notices, results, effects (002 ¶4–¶10).
func TestOperatorListWalk(t *testing.T) {
	a := withValidDocs(operatorList(t, allCriteria(true)), procedure.KZOperatorList.DocumentKinds("information_system")...)
	if s, ok := a.Facts["score"].(criteria.Score); !ok || !s.Passes {
		t.Fatalf("score %v", a.Facts["score"])
	}
	a, ch := act(t, a, "submit", nil, clerk, t0)
	if a.Status != "ab_check" || a.Round != 1 || len(a.Clocks) != 1 || a.Clocks[0].DueDate != "2026-03-26" || a.Clocks[0].Key() != "ab_check#001" {
		t.Fatalf("after submit: %+v", a.Clocks)
	}
	if got := noticeTypes(ch); !slices.Equal(got, []string{notify.StatusChanged, notify.StepStarted}) {
		t.Errorf("notices %v", got)
	}
	if relied := ch.Event.Data["documents"].(map[string]string); len(relied) != 8 {
		t.Errorf("the submission relied on %d documents, want 8", len(relied))
	}
	for _, c := range []struct {
		name string
		who  actor.Caller
		kind fault.Kind
	}{{"002 ¶5 the SI cannot forward", si, fault.Forbidden}, {"another organisation does not see it", other, fault.NotFound}} {
		if _, err := procedure.Act(a, "forward", nil, c.who, t0, nil); kindOf(t, err) != c.kind {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if _, err := procedure.Act(a, "recommendation", map[string]any{"architecture": "complies"}, si, t0, nil); kindOf(t, err) != fault.Conflict {
		t.Errorf("recommendation from ab_check: %v", err)
	}
	a, ch = act(t, a, "forward", nil, ab, t0.Add(time.Hour))
	if len(ch.Clocks) != 2 || ch.Clocks[0].State != clock.Met || ch.PrevClockStates["ab_check#001"] != clock.Running {
		t.Fatalf("forward stops ab_check and starts si_review: %+v", ch.Clocks)
	}
	for _, c := range []struct {
		name string
		body map[string]any
		kind fault.Kind
	}{
		{"002 ¶6 the finding is required", map[string]any{"note": "x"}, fault.Unprocessable},
		{"002 ¶6 an unknown finding", map[string]any{"architecture": "maybe"}, fault.Unprocessable},
		{"an unknown field", map[string]any{"architecture": "complies", "decision": "include"}, fault.Invalid},
		{"a note of the wrong type", map[string]any{"architecture": "complies", "note": 7}, fault.Invalid},
	} {
		if _, err := procedure.Act(a, "recommendation", c.body, si, t0, nil); kindOf(t, err) != c.kind {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	a, _ = act(t, a, "recommendation", map[string]any{"architecture": "complies", "note": "соответствует"}, si, t0.Add(2*time.Hour))
	if r := a.Results["recommendation"]; r == nil || r.Values.String("architecture") != "complies" || r.By != "si-1" {
		t.Fatalf("recommendation result %+v", r)
	}
	a, ch = act(t, a, "decision", map[string]any{"decision": "include", "reasons": []any{"all criteria met"}}, ab, t0.Add(3*time.Hour))
	if a.Status != "included" || !slices.Equal(ch.Effects, []procedure.Effect{procedure.ListObject}) {
		t.Fatalf("decision: %s %v", a.Status, ch.Effects)
	}
	if got := noticeTypes(ch); !slices.Equal(got, []string{notify.StatusChanged, notify.Included}) {
		t.Errorf("notices %v", got)
	}
	if d := a.Results["decision"]; d == nil || len(d.Values["grounds"].([]any)) != 0 {
		t.Errorf("decision result %+v", d)
	}
	b, _ := json.Marshal(a)
	for _, want := range []string{`"criteria":{`, `"score":{`, `"recommendation":{`, `"decision":{`, `"round":1`, `"details":{}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the JSON lacks %s: %s", want, b)
		}
	}
}

// 002 ¶7: inclusion while a ground holds is refused naming the ground.
func TestDecisionRefusedWhileAGroundHolds(t *testing.T) {
	a := withValidDocs(operatorList(t, allCriteria(false)), procedure.KZOperatorList.DocumentKinds("information_system")...)
	a, _ = act(t, a, "submit", nil, clerk, t0)
	a, _ = act(t, a, "forward", nil, ab, t0)
	a, _ = act(t, a, "recommendation", map[string]any{"architecture": "complies"}, si, t0)
	_, err := procedure.Act(a, "decision", map[string]any{"decision": "include"}, ab, t0, nil)
	if kindOf(t, err) != fault.Unprocessable || !strings.Contains(reasons(err), "002 ¶7.1") {
		t.Fatalf("include with 7.1: %v", err)
	}
	a, _ = act(t, a, "decision", map[string]any{"decision": "refuse", "reasons": []any{"мало баллов"}}, ab, t0)
	if a.Status != "refused" || a.Results["decision"].Values["grounds"].([]any)[0] != "7.1" {
		t.Fatalf("refusal: %s %+v", a.Status, a.Results["decision"])
	}
}

// PATCH replaces sections and renames the object the draft registered; an If-Match
// mismatch is the handler's, a wrong status the engine's.
func TestPatch(t *testing.T) {
	a := operatorList(t, map[string]any{"1.1": true})
	ch, err := procedure.Patch(a, procedure.Draft{Object: &procedure.ObjectInput{Name: "Е-нотариат 2", Type: "hardware_software_complex"},
		Sections: map[string]any{"criteria": allCriteria(true)}}, clerk, t0)
	if err != nil || !ch.ObjectChanged || ch.App.Object.Type != "hardware_software_complex" || ch.App.Version != 2 {
		t.Fatalf("patch: %v %+v", err, ch)
	}
	if s := ch.App.Facts["score"].(criteria.Score); s.Total != 13 {
		t.Errorf("the score was not derived again: %+v", s)
	}
	if _, err := procedure.Patch(a, procedure.Draft{Procedure: "kz-placement"}, clerk, t0); kindOf(t, err) != fault.Unprocessable {
		t.Errorf("changing the procedure: %v", err)
	}
	if _, err := procedure.Patch(a, procedure.Draft{}, other, t0); kindOf(t, err) != fault.NotFound {
		t.Errorf("another organisation: %v", err)
	}
	withValidDocs(ch.App, procedure.KZOperatorList.DocumentKinds("hardware_software_complex")...)
	sub, _ := act(t, ch.App, "submit", nil, clerk, t0)
	if _, err := procedure.Patch(sub, procedure.Draft{}, clerk, t0); kindOf(t, err) != fault.Conflict {
		t.Errorf("patching a submitted application: %v", err)
	}
}

// 002 Annex 2 and ¶7.1: a point per sub-criterion; passes with three points and a point
// in each of the three criteria.
func TestScore002(t *testing.T) {
	for _, c := range []struct {
		name   string
		yes    []string
		total  int
		passes bool
	}{
		{"002 ¶7.1 three points, one in each criterion", []string{"1.1", "2.1", "3.1"}, 3, true},
		{"002 ¶7.1 three points but criterion 3 without a point", []string{"1.1", "1.2", "2.1"}, 3, false},
		{"002 ¶7.1 two points", []string{"1.1", "2.1"}, 2, false},
		{"002 Annex 2 every sub-criterion", criteria.Keys(), 13, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := procedure.Score002.Check(&procedure.Env{App: appWithCriteria(c.yes...)})
			s := v.Facts["score"].(criteria.Score)
			if s.Total != c.total || s.Passes != c.passes {
				t.Errorf("score %+v, want total %d passes %v", s, c.total, c.passes)
			}
		})
	}
}

// 002 ¶7–¶8: the grounds are a closed list.
func TestGrounds002(t *testing.T) {
	pass := []string{"1.1", "2.1", "3.1"}
	for _, c := range []struct {
		name       string
		app        *procedure.Application
		input      procedure.Values
		grounds    []string
		violations []string
	}{
		{"002 ¶8.1 include with no ground", withResult(appWithCriteria(pass...), "recommendation", procedure.Values{"architecture": "complies"}),
			procedure.Values{"decision": "include"}, []string{}, nil},
		{"002 ¶7.1 include refused: too few points", withResult(appWithCriteria("1.1"), "recommendation", procedure.Values{"architecture": "complies"}),
			procedure.Values{"decision": "include"}, []string{"7.1"}, []string{"decision@002 ¶7.1"}},
		{"002 ¶7.2 include refused: the architecture", withResult(appWithCriteria(pass...), "recommendation", procedure.Values{"architecture": "does_not_comply"}),
			procedure.Values{"decision": "include"}, []string{"7.2"}, []string{"decision@002 ¶7.2"}},
		{"002 ¶7.2 no approved architecture is no ground", withResult(appWithCriteria(pass...), "recommendation", procedure.Values{"architecture": "no_architecture"}),
			procedure.Values{"decision": "include"}, []string{}, nil},
		{"002 ¶7.2 the AB's own finding overrides the SI's", withResult(appWithCriteria(pass...), "recommendation", procedure.Values{"architecture": "complies"}),
			procedure.Values{"decision": "refuse", "architecture": "does_not_comply"}, []string{"7.2"}, nil},
		{"002 ¶8.2 refuse records both grounds", withResult(appWithCriteria(), "recommendation", procedure.Values{"architecture": "does_not_comply"}),
			procedure.Values{"decision": "refuse"}, []string{"7.1", "7.2"}, nil},
		{"002 ¶7 refuse with no ground is refused", withResult(appWithCriteria(pass...), "recommendation", procedure.Values{"architecture": "complies"}),
			procedure.Values{"decision": "refuse"}, []string{}, []string{"decision@002 ¶7"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := procedure.Grounds002.Check(&procedure.Env{App: c.app, Input: c.input})
			var got []string
			for _, g := range v.Facts["grounds"].([]any) {
				got = append(got, g.(string))
			}
			if !slices.Equal(got, c.grounds) && !(len(got) == 0 && len(c.grounds) == 0) {
				t.Errorf("grounds %v, want %v", got, c.grounds)
			}
			if g := violated(v); !slices.Equal(g, c.violations) {
				t.Errorf("violations %v, want %v", g, c.violations)
			}
		})
	}
}
