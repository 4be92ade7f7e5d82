package registry

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
)

var now = time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)

func TestWarrantyTerm003(t *testing.T) {
	o := &Object{ID: "01obj", Name: "Е-нотариат", Org: "kz-minjust", Supplier: "kz-supplier"}
	cases := []struct {
		name, on, until, remind string
	}{
		{"003 §16 9): twelve months from commissioning", "2026-03-10", "2027-03-10", "2027-02-10"},
		{"003 §16 9): commissioned on 31 January, reminded on 31 December", "2026-01-31", "2027-01-31", "2026-12-31"},
		{"003 §16 9) [DESIGN]: 29 February + 12 months clamps to 28 February", "2024-02-29", "2025-02-28", "2025-01-28"},
		{"003 §16 9) [DESIGN]: an end on a day off is not moved (Sunday 2027-03-07)", "2026-03-07", "2027-03-07", "2027-02-07"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, cl, err := StartWarranty(o, tc.on, 1, nil, "", now)
			if err != nil {
				t.Fatal(err)
			}
			if w.From != tc.on || w.Until != tc.until || w.State != WarrantyRunning || w.CoveredFrom != tc.on {
				t.Fatalf("warranty %+v", w)
			}
			if cl.Kind != clock.Term || cl.DueDate != tc.until || cl.FromDate != tc.on || cl.Rule != "warranty" {
				t.Fatalf("clock %+v", cl)
			}
			if cl.RemindAt == nil || calendar.DateOf(*cl.RemindAt, almaty(t)).String() != tc.remind {
				t.Fatalf("reminder at %v, want %s", cl.RemindAt, tc.remind)
			}
			if !slices.Equal(cl.Notify, []clock.Party{{Org: "kz-supplier"}}) || cl.Gate == nil || cl.Gate.Name != WarrantyEndedFlag {
				t.Fatalf("parties %v gate %v", cl.Notify, cl.Gate)
			}
		})
	}
}

func almaty(t *testing.T) *time.Location {
	cal, err := calendar.For(Country)
	if err != nil {
		t.Fatal(err)
	}
	return cal.Location()
}

// 003 §16 9), G8: a re-commissioning starts a new warranty; when the previous one still
// runs, the cover is uninterrupted from its start.
func TestWarrantyAfterDevelopmentG8(t *testing.T) {
	o := &Object{ID: "01obj", Name: "x", Org: "kz-minjust"}
	first, _, _ := StartWarranty(o, "2026-01-10", 1, nil, "", now)
	second, cl, err := StartWarranty(o, "2026-06-01", 2, &first, "01dev", now)
	if err != nil {
		t.Fatal(err)
	}
	if second.CoveredFrom != "2026-01-10" || second.Until != "2027-06-01" || second.Round != 2 || cl.Round != 2 || len(cl.Notify) != 0 {
		t.Fatalf("second %+v clock round %d notify %v", second, cl.Round, cl.Notify)
	}
	ended := first
	ended.State = WarrantyEnded
	third, _, _ := StartWarranty(o, "2027-02-01", 2, &ended, "01dev", now)
	if third.CoveredFrom != "2027-02-01" {
		t.Fatalf("after an ended warranty the cover starts anew: %+v", third)
	}
}

func TestInWarranty003Par17(t *testing.T) {
	for _, tc := range []struct {
		from, until, day string
		ok               bool
	}{
		{"2026-01-10", "2027-01-10", "2026-01-10", true},
		{"2026-01-10", "2027-01-10", "2027-01-10", true},
		{"2026-01-10", "2027-01-10", "2027-01-11", false},
		{"2026-01-10", "2027-01-10", "2026-01-09", false},
		{"", "", "2026-01-09", false},
	} {
		if ok, why := InWarranty(tc.from, tc.until, tc.day); ok != tc.ok || (!ok && why == "") {
			t.Errorf("003 §17 ¶1: %s in [%s, %s]: %v %q", tc.day, tc.from, tc.until, ok, why)
		}
	}
}

func TestBudgetGate003Par18(t *testing.T) {
	doc := &DocRef{DocumentID: "01doc", ValidatedAt: now}
	cases := []struct {
		name    string
		o       Object
		missing []string
	}{
		{"003 §18, 004 ¶18: information and a valid technical documentation: eligible",
			Object{Name: "x", Type: "information_system", Funding: OwnFunds, Stage: Operation, TechnicalDocumentation: doc}, nil},
		{"003 §18, 004 ¶18: no technical documentation: not eligible",
			Object{Name: "x", Type: "information_system", Funding: OwnFunds, Stage: Operation}, []string{"documents.technical_documentation"}},
		{"003 §5, G13: no funding route (information incomplete): not eligible",
			Object{Name: "x", Type: "information_system", Stage: Operation, TechnicalDocumentation: doc}, []string{"funding"}},
		{"003 §18, G13: both missing, both listed",
			Object{Name: "x", Type: "information_system", Stage: Operation}, []string{"funding", "documents.technical_documentation"}},
		{"003 §19: a terminated object has no operation to fund",
			Object{Name: "x", Type: "information_system", Funding: OwnFunds, Stage: Terminated, TechnicalDocumentation: doc}, []string{"stage"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := Budget(&tc.o)
			var got []string
			for _, m := range e.Missing {
				got = append(got, m.Item)
				if m.Basis == "" {
					t.Fatalf("%s without a basis", m.Item)
				}
			}
			if !slices.Equal(got, tc.missing) || e.Eligible != (len(tc.missing) == 0) {
				t.Fatalf("eligible %v missing %v, want %v", e.Eligible, got, tc.missing)
			}
		})
	}
}

func TestDevelopmentStartGuards003Par10(t *testing.T) {
	op := &Object{Stage: Operation}
	withTOR := &Object{Stage: Operation, TOR: &TORAgreement{ApplicationID: "01tor"}}
	cases := []struct {
		name      string
		o         *Object
		devs      []Development
		performer string
		kind      fault.Kind
		tor       string
	}{
		{"003 §10 ¶1: development follows commissioning", &Object{Stage: Implementation}, nil, "supplier", fault.Conflict, ""},
		{"003 §10 ¶1: a terminated object is not developed", &Object{Stage: Terminated}, nil, "supplier", fault.Conflict, ""},
		{"003 §10 ¶1: an object in operation is developed by its supplier", op, nil, "supplier", 0, ""},
		{"[DESIGN] one development at a time", op, []Development{{ID: "d1", Stage: Engineering}}, "owner", fault.Conflict, ""},
		{"[DESIGN] after one ends, another may start", op, []Development{{ID: "d1", Stage: Recommissioned}}, "owner", 0, ""},
		{"003 §10 ¶2: a trustee needs terms of reference agreed by the AB", op, nil, "trustee", fault.Unprocessable, ""},
		{"003 §10 ¶2: a trustee develops on the agreed terms of reference", withTOR, nil, "trustee", 0, "01tor"},
		{"003 §10 ¶2: an agreement serves one development", withTOR,
			[]Development{{ID: "d1", Stage: Recommissioned, TORAgreementID: "01tor"}}, "trustee", fault.Unprocessable, ""},
		{"an unknown performer is named", op, nil, "nobody", fault.Unprocessable, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tor, err := CheckDevelopmentStart(tc.o, tc.devs, tc.performer)
			if tc.kind == 0 {
				if err != nil || tor != tc.tor {
					t.Fatalf("got %q %v", tor, err)
				}
				return
			}
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != tc.kind {
				t.Fatalf("got %v, want %v", err, tc.kind)
			}
		})
	}
}

func TestChangeClassification(t *testing.T) {
	cases := []struct {
		name  string
		f     ChangeFacts
		class string
	}{
		{"003 §10 ¶3: integration is refinement", ChangeFacts{Integration: true, SourceCode: true, NewRequirements: true}, ClassRefinement},
		{"003 §10 ¶3: no change of the main source code is refinement", ChangeFacts{NewRequirements: true}, ClassRefinement},
		{"003 §10 ¶3: an external module is refinement", ChangeFacts{ExternalModule: true, SourceCode: true}, ClassRefinement},
		{"003 §3 4): correcting defects, integrity kept, is support", ChangeFacts{SourceCode: true, Defects: true, KeepsIntegrity: true}, ClassSupport},
		{"003 §3 4): breaking integrity is not support", ChangeFacts{SourceCode: true, Defects: true}, ClassUndetermined},
		{"003 §3 1): new functional requirements are development", ChangeFacts{SourceCode: true, NewRequirements: true}, ClassDevelopment},
		{"003 §3 1): modernization is development, even with defects fixed", ChangeFacts{SourceCode: true, Modernization: true, Defects: true, KeepsIntegrity: true}, ClassDevelopment},
		{"003 §3 1), §3 4): a source change with no purpose is undetermined", ChangeFacts{SourceCode: true, KeepsIntegrity: true}, ClassUndetermined},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Classify(tc.f)
			if c.Class != tc.class || len(c.Reasons) == 0 {
				t.Fatalf("%+v", c)
			}
			for _, r := range append(c.Reasons, c.Requires...) {
				if r.Basis == "" || r.Reason == "" {
					t.Fatalf("a reason without basis: %+v", r)
				}
			}
		})
	}
}

// FuzzClassify: every combination of facts gets one of the four classes, with reasons.
func FuzzClassify(f *testing.F) {
	f.Add(uint8(0))
	f.Add(uint8(0x7f))
	f.Fuzz(func(t *testing.T, b uint8) {
		fs := ChangeFacts{b&1 != 0, b&2 != 0, b&4 != 0, b&8 != 0, b&16 != 0, b&32 != 0, b&64 != 0}
		c := Classify(fs)
		if !slices.Contains([]string{ClassRefinement, ClassSupport, ClassDevelopment, ClassUndetermined}, c.Class) || len(c.Reasons) == 0 {
			t.Fatalf("%+v → %+v", fs, c)
		}
		if c.Class == ClassDevelopment && !(fs.NewRequirements || fs.Modernization) {
			t.Fatalf("development without new requirements or modernization: %+v", fs)
		}
	})
}
