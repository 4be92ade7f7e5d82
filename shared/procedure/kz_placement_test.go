package procedure_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
)

// 003 §13: what a placement draft takes.
func TestPlacementDraft(t *testing.T) {
	wantRefusedDrafts(t, []refusedDraft{
		{"003 §13 class 4 does not exist", procedure.Draft{Procedure: "kz-placement", Object: &procedure.ObjectInput{Name: "x", Type: "information_system"},
			Sections: map[string]any{"details": map[string]any{"class": json.Number("4"), "services": []any{"platform"}}}}, clerk, nil, fault.Unprocessable, []string{"details.class"}},
		{"003 §13 services repeat", procedure.Draft{Procedure: "kz-placement", Object: &procedure.ObjectInput{Name: "x", Type: "information_system"},
			Sections: map[string]any{"details": map[string]any{"services": []any{"platform", "platform"}}}}, clerk, nil, fault.Unprocessable, []string{"details.services[1]"}},
	})
}

func placement(t *testing.T, class int) *procedure.Application {
	return mustCreate(t, procedure.Draft{Procedure: "kz-placement", Object: &procedure.ObjectInput{Name: "E-otinish", Type: "information_system"},
		Sections: map[string]any{"details": map[string]any{"class": json.Number(fmt.Sprint(class)), "services": []any{"platform", "infrastructure"}}}}, clerk, nil)
}

// 003 §13: ten working days for the operator; the class rule on where else.
func TestPlacement(t *testing.T) {
	empty := mustCreate(t, procedure.Draft{Procedure: "kz-placement", Object: &procedure.ObjectInput{Name: "E", Type: "information_system"}}, clerk, nil)
	if _, err := procedure.Act(empty, "submit", nil, clerk, t0, nil); !slices.Equal(fields(err), []string{"details.class", "details.services"}) {
		t.Fatalf("submit without class and services: %v", err)
	}
	one, _ := act(t, placement(t, 1), "submit", nil, clerk, t0)
	if one.Clocks[0].DueDate != "2026-04-02" || one.Clocks[0].Owes != actor.Operator {
		t.Fatalf("op_placement clock %+v", one.Clocks[0])
	}
	if _, err := procedure.Act(one, "placement", map[string]any{"outcome": "placed_elsewhere", "note": "no capacity"}, op, t0, nil); kindOf(t, err) != fault.Unprocessable ||
		!strings.Contains(reasons(err), "003 §13") {
		t.Fatalf("class 1 elsewhere: %v", err)
	}
	got, ch := act(t, one, "placement", map[string]any{"outcome": "placed"}, op, t0)
	if got.Status != "placed" || !slices.Equal(ch.Effects, []procedure.Effect{procedure.RecordPlacement}) {
		t.Fatalf("placed: %s %v", got.Status, ch.Effects)
	}
	two, _ := act(t, placement(t, 2), "submit", nil, clerk, t0)
	if _, err := procedure.Act(two, "placement", map[string]any{"outcome": "placed_elsewhere"}, op, t0, nil); !slices.Equal(fields(err), []string{"note"}) {
		t.Fatalf("class 2 elsewhere without the reason: %v", err)
	}
	got, _ = act(t, two, "placement", map[string]any{"outcome": "placed_elsewhere", "note": "нет мощностей"}, op, t0)
	if got.Status != "placed_elsewhere" || got.Results["placement"].Values.String("note") != "нет мощностей" {
		t.Fatalf("placed elsewhere: %s %+v", got.Status, got.Results["placement"])
	}
}

// 003 §13: the class rule of placement.
func TestClassRule003(t *testing.T) {
	for _, c := range []struct {
		name       string
		class      float64
		input      procedure.Values
		violations []string
	}{
		{"003 §13 ¶2 class 1 placed on the platform", 1, procedure.Values{"outcome": "placed"}, nil},
		{"003 §13 ¶2–¶3 class 1 never placed elsewhere", 1, procedure.Values{"outcome": "placed_elsewhere", "note": "no capacity"}, []string{"outcome@003 §13 ¶2–¶3"}},
		{"003 §13 ¶4 class 2 elsewhere with the reason", 2, procedure.Values{"outcome": "placed_elsewhere", "note": "no capacity on the platform"}, nil},
		{"003 §13 ¶4 class 3 elsewhere without a reason", 3, procedure.Values{"outcome": "placed_elsewhere", "note": "  "}, []string{"note@003 §13 ¶4"}},
		{"003 §13 ¶1 class 3 placed", 3, procedure.Values{"outcome": "placed"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := &procedure.Application{Details: procedure.Values{"class": c.class}}
			if got := violated(procedure.ClassRule003.Check(&procedure.Env{App: a, Input: c.input})); !slices.Equal(got, c.violations) {
				t.Errorf("violations %v, want %v", got, c.violations)
			}
		})
	}
}
