package dynamo

import (
	"testing"

	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/procedure"
)

// A clock item leaves out a label it can rebuild, and gives back every label exactly.
func TestClockLabelRoundTrip(t *testing.T) {
	withObject := &procedure.Application{ID: "01kapp", Procedure: "kz-operator-list", Org: "kz-minjust",
		Object: &procedure.ObjectRef{ID: "01kobj", Name: `Информационная система «Е-нотариат»`, Type: "information_system"}}
	noObject := &procedure.Application{ID: "01karch", Procedure: "kz-architecture-agreement", Org: "kz-si"}
	cl := clock.Clock{Rule: "ab_check", Round: 1, Kind: clock.Step, State: clock.Running}
	for _, c := range []struct {
		name   string
		ref    clock.Ref
		stored bool // whether the item must carry the label itself
	}{
		{"an application with an object", procedure.ClockRef(withObject, cl), false},
		{"an application without one", procedure.ClockRef(noObject, cl), false},
		{"a label of its own", clock.Ref{Owner: clock.Owner{Kind: clock.OwnerApplication, ID: "01kapp"}, Procedure: "kz-operator-list",
			Name: "X", Label: "the application of 3 March", Clock: cl}, true},
		{"an object named as its procedure", clock.Ref{Owner: clock.Owner{Kind: clock.OwnerApplication, ID: "01kapp"}, Procedure: "kz-placement",
			Name: "kz-placement", Label: `application 01kapp (kz-placement, "kz-placement")`, Clock: cl}, true},
		{"another owner", clock.Ref{Owner: clock.Owner{Kind: "decision", ID: "dec-1#lv-zm"}, Org: "lv-zm", Label: "decision dec-1", Clock: cl}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := clockItem(c.ref)
			if err != nil {
				t.Fatal(err)
			}
			if _, has := m["Label"]; has != c.stored {
				t.Fatalf("label stored: %v, want %v", has, c.stored)
			}
			back, err := decodeClockRef(m)
			if err != nil {
				t.Fatal(err)
			}
			if back.Label != c.ref.Label || back.Name != c.ref.Name || back.Procedure != c.ref.Procedure {
				t.Fatalf("read back %q / %q / %q, wrote %q / %q / %q", back.Label, back.Name, back.Procedure, c.ref.Label, c.ref.Name, c.ref.Procedure)
			}
		})
	}
}
