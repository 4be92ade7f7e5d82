package procedure_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
)

var (
	supplier      = actor.Caller{Sub: "sup-1", Org: "kz-supplier", Roles: []actor.Role{actor.Supplier}}
	otherSupplier = actor.Caller{Sub: "sup-2", Org: "kz-other-supplier", Roles: []actor.Role{actor.Supplier}}
)

// warrantedObject is an object of clerk's organisation in operation, commissioned on
// 2026-01-31, warranted until 2027-01-31 by kz-supplier.
func warrantedObject() *procedure.ObjectFacts {
	return &procedure.ObjectFacts{ID: "obj-w", Name: "Е-нотариат", Type: "information_system", Org: "kz-minjust",
		Supplier: "kz-supplier", Stage: "operation", WarrantyFrom: "2026-01-31", WarrantyUntil: "2027-01-31"}
}

func claimDraft(failureOn string, conds map[string]any) procedure.Draft {
	return procedure.Draft{Procedure: "kz-warranty-claim", Object: &procedure.ObjectInput{ID: "obj-w"},
		Sections: map[string]any{"details": map[string]any{"description": "отчёты не формируются", "failureOn": failureOn, "conditions": conds}}}
}

func allW(v bool) map[string]any {
	m := map[string]any{}
	for _, w := range procedure.WarrantyConditions {
		m[w] = v
	}
	return m
}

func withW(name string, v bool) map[string]any {
	m := allW(true)
	m[name] = v
	return m
}

// 003 §17: a claim is of an object of the caller's organisation that names a supplier.
func TestWarrantyClaimSubject(t *testing.T) {
	noSupplier := warrantedObject()
	noSupplier.Supplier = ""
	for _, c := range []struct {
		name   string
		obj    *procedure.ObjectFacts
		kind   fault.Kind
		fields []string
	}{
		{"003 §17 an object of another organisation is not known", &procedure.ObjectFacts{ID: "obj-w", Org: "kz-mef", Type: "information_system"}, fault.NotFound, nil},
		{"003 §17 an object without a supplier has nobody to claim from", noSupplier, fault.Unprocessable, []string{"object.id"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantRefused(t, claimDraft("2026-02-10", allW(true)), clerk, c.obj, c.kind, c.fields)
		})
	}
	a := mustCreate(t, claimDraft("2026-02-10", allW(true)), clerk, warrantedObject())
	if a.Parties["supplier"] != "kz-supplier" {
		t.Fatalf("the supplier is not a party: %v", a.Parties)
	}
	if !procedure.CanSee(supplier, a) || procedure.CanSee(otherSupplier, a) {
		t.Fatal("the object's supplier sees the claim, another supplier does not")
	}
}

// 003 §17 ¶1, §16 9): the window of the claim is the warranty; a failure in the future
// is not one yet.
func TestWarrantyWindow003Par17(t *testing.T) {
	for _, c := range []struct {
		name, failureOn string
		obj             *procedure.ObjectFacts
		ok              bool
	}{
		{"003 §17 ¶1 a failure on the first day of the warranty", "2026-01-31", warrantedObject(), true},
		{"003 §17 ¶1 a failure inside the warranty", "2026-03-01", warrantedObject(), true},
		{"003 §17 ¶1 a failure before commissioning", "2026-01-30", warrantedObject(), false},
		{"003 §16 9) a failure after the twelve months", "2027-02-01", func() *procedure.ObjectFacts {
			o := warrantedObject()
			o.WarrantyFrom, o.WarrantyUntil = "2025-01-31", "2026-01-31"
			return o
		}(), false},
		{"003 §17 ¶1 a failure in the future", "2026-03-17", warrantedObject(), false},
		{"003 §16 9) an object never put into operation has no warranty", "2026-03-01", func() *procedure.ObjectFacts {
			o := warrantedObject()
			o.WarrantyFrom, o.WarrantyUntil = "", ""
			return o
		}(), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := mustCreate(t, claimDraft(c.failureOn, allW(true)), clerk, c.obj)
			_, err := procedure.Act(a, "submit", nil, clerk, t0, c.obj)
			if c.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if kindOf(t, err) != fault.Unprocessable || !slices.Equal(fields(err), []string{"details.failureOn"}) ||
				!strings.Contains(reasons(err), "003 §17 ¶1") {
				t.Fatalf("got %v", reasons(err))
			}
		})
	}
}

// 003 §17 ¶2: acceptance needs W1–W5; each failed condition is named; a rejection
// records them.
func TestWarrantyConditions003Par17(t *testing.T) {
	for _, w := range procedure.WarrantyConditions {
		t.Run("003 §17 ¶2 accept while "+w+" fails", func(t *testing.T) {
			a := mustCreate(t, claimDraft("2026-02-10", withW(w, false)), clerk, warrantedObject())
			a, _ = act2(t, a, "submit", nil, clerk, warrantedObject())
			_, err := procedure.Act(a, "claim", map[string]any{"decision": "accept"}, supplier, t0, nil)
			if kindOf(t, err) != fault.Unprocessable || !strings.Contains(reasons(err), w+" does not hold") {
				t.Fatalf("accept with %s false: %v", w, reasons(err))
			}
			got, _ := act(t, a, "claim", map[string]any{"decision": "reject"}, supplier, t0)
			if got.Status != "rejected" || !slices.Equal(got.Results["claim"].Values["failed"].([]any), []any{w}) {
				t.Fatalf("rejected: %s %v", got.Status, got.Results["claim"])
			}
		})
	}
	t.Run("003 §17 ¶2 several failed conditions are all named", func(t *testing.T) {
		conds := allW(true)
		conds["W2"], conds["W4"] = false, false
		a := mustCreate(t, claimDraft("2026-02-10", conds), clerk, warrantedObject())
		a, _ = act2(t, a, "submit", nil, clerk, warrantedObject())
		_, err := procedure.Act(a, "claim", map[string]any{"decision": "accept"}, supplier, t0, nil)
		if r := reasons(err); !strings.Contains(r, "W2 does not hold") || !strings.Contains(r, "W4 does not hold") || strings.Contains(r, "W1") {
			t.Fatalf("%s", r)
		}
	})
	t.Run("003 §17 ¶2 a claim meeting W1–W5 is rejected only with reasons", func(t *testing.T) {
		a := mustCreate(t, claimDraft("2026-02-10", allW(true)), clerk, warrantedObject())
		a, _ = act2(t, a, "submit", nil, clerk, warrantedObject())
		if _, err := procedure.Act(a, "claim", map[string]any{"decision": "reject"}, supplier, t0, nil); !slices.Equal(fields(err), []string{"reasons"}) {
			t.Fatalf("reject without reasons: %v", err)
		}
		got, _ := act(t, a, "claim", map[string]any{"decision": "reject", "reasons": []any{"the fault is in the customer's network"}}, supplier, t0)
		if got.Status != "rejected" {
			t.Fatal(got.Status)
		}
	})
	t.Run("003 §17 ¶1 accepted, then fixed by the supplier only", func(t *testing.T) {
		a := mustCreate(t, claimDraft("2026-02-10", allW(true)), clerk, warrantedObject())
		a, ch := act2(t, a, "submit", nil, clerk, warrantedObject())
		if len(a.Clocks) != 0 || !slices.Contains(noticeTypes(ch), "step_started") {
			t.Fatalf("003 §17 sets no time limit; the supplier is told: %v %v", a.Clocks, noticeTypes(ch))
		}
		if _, err := procedure.Act(a, "claim", map[string]any{"decision": "accept"}, otherSupplier, t0, nil); kindOf(t, err) != fault.NotFound {
			t.Fatalf("another supplier: %v", err)
		}
		if _, err := procedure.Act(a, "claim", map[string]any{"decision": "accept"}, clerk, t0, nil); kindOf(t, err) != fault.Forbidden {
			t.Fatalf("the customer accepts its own claim: %v", err)
		}
		a, _ = act(t, a, "claim", map[string]any{"decision": "accept", "fixBy": "2026-04-01"}, supplier, t0)
		if a.Status != "accepted" {
			t.Fatal(a.Status)
		}
		a, _ = act(t, a, "fixed", map[string]any{"note": "исправлено в версии 1.2.1"}, supplier, t0)
		if a.Status != "fixed" {
			t.Fatal(a.Status)
		}
	})
}

func act2(t *testing.T, a *procedure.Application, name string, body map[string]any, c actor.Caller, obj *procedure.ObjectFacts) (*procedure.Application, *procedure.Change) {
	t.Helper()
	ch, err := procedure.Act(a, name, body, c, t0, obj)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ch.App, ch
}
