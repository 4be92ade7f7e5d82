package procedure_test

import (
	"slices"
	"testing"

	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
)

// 003 §10: the TOR is of an existing object of the caller's organisation.
func TestTORAgreementDraft(t *testing.T) {
	wantRefusedDrafts(t, []refusedDraft{
		{"003 §10 an existing object of another organisation", procedure.Draft{Procedure: "kz-tor-agreement", Object: &procedure.ObjectInput{ID: "obj-x"}},
			clerk, &procedure.ObjectFacts{ID: "obj-x", Org: "kz-mef", Type: "information_system"}, fault.NotFound, nil},
		{"003 §10 an object that does not exist", procedure.Draft{Procedure: "kz-tor-agreement", Object: &procedure.ObjectInput{ID: "obj-x"}},
			clerk, nil, fault.NotFound, nil},
		{"003 §10 a new object where an existing one is needed", procedure.Draft{Procedure: "kz-tor-agreement",
			Object: &procedure.ObjectInput{Name: "x", Type: "information_system"}}, clerk, nil, fault.Unprocessable, []string{"object.id"}},
	})
}

// 003 §10 ¶2: the TOR of a trustee's development, agreed or refused with comments; an
// agreement is recorded on the object.
func TestTORAgreement(t *testing.T) {
	obj := &procedure.ObjectFacts{ID: "obj-1", Name: "Е-нотариат", Type: "information_system", Org: "kz-minjust", Stage: "operation"}
	a := mustCreate(t, procedure.Draft{Procedure: "kz-tor-agreement", Object: &procedure.ObjectInput{ID: "obj-1"},
		Sections: map[string]any{"details": map[string]any{"trustee": "ТОО «Доверие»"}}}, clerk, obj)
	if a.Object.Name != "Е-нотариат" || a.RegistersObject {
		t.Fatalf("the application names the registry's object: %+v", a.Object)
	}
	if _, err := procedure.Patch(a, procedure.Draft{Object: &procedure.ObjectInput{Name: "renamed", Type: "information_system"}}, clerk, t0); kindOf(t, err) != fault.Unprocessable {
		t.Fatalf("renaming an existing object through a draft: %v", err)
	}
	withValidDocs(a, "terms_of_reference")
	a, _ = act(t, a, "submit", nil, clerk, t0)
	if len(a.Clocks) != 0 {
		t.Fatalf("003 §10 ¶2 sets no time limit, yet a clock runs: %+v", a.Clocks)
	}
	if _, err := procedure.Act(a, "agreement", map[string]any{"decision": "refuse"}, ab, t0, nil); !slices.Equal(fields(err), []string{"comments"}) {
		t.Fatalf("refuse without comments: %v", err)
	}
	got, ch := act(t, a, "agreement", map[string]any{"decision": "agree"}, ab, t0)
	if got.Status != "agreed" || !slices.Equal(ch.Effects, []procedure.Effect{procedure.RecordTOR}) {
		t.Fatalf("agreed: %s %v", got.Status, ch.Effects)
	}
}
