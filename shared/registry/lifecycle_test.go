package registry

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/fault"
)

func ptr(s string) *string { return &s }

func fields(err error) []string {
	var out []string
	var fe *fault.Error
	if errors.As(err, &fe) {
		for _, f := range fe.Fields {
			out = append(out, f.Field)
		}
	}
	slices.Sort(out)
	return out
}

// Every guard of a stage change, each with the paragraph it comes from.
func TestStageMoveGuards(t *testing.T) {
	today := calendar.Date{Year: 2026, Month: 3, Day: 16}
	all := Valid{"terms_of_reference": "d1", "cost_calculation": "d2", "informatization_conclusion": "d3",
		"security_conclusion": "d4", "trial_operation_act": "d5", "is_test_result": "d6", "commissioning_act": "d7",
		"source_code_transfer": "d8"}
	without := func(kinds ...string) Valid {
		v := Valid{}
		for k, id := range all {
			if !slices.Contains(kinds, k) {
				v[k] = id
			}
		}
		return v
	}
	cases := []struct {
		name       string
		m          Move
		kind       fault.Kind // 0: allowed
		fields     []string
		reliedKind []string
	}{
		{"003 §8, §7: engineering needs the TOR and the cost calculation (own funds)",
			Move{From: Initiated, To: Engineering, On: "2026-03-10", Funding: OwnFunds, Docs: all}, 0, nil,
			[]string{"cost_calculation", "terms_of_reference"}},
		{"003 §6 ¶2: a state investment project also needs both conclusions",
			Move{From: Initiated, To: Engineering, On: "2026-03-10", Funding: StateInvestment, Docs: all}, 0, nil,
			[]string{"cost_calculation", "informatization_conclusion", "security_conclusion", "terms_of_reference"}},
		{"003 §6 ¶2, §7, §8: every missing kind is listed at once",
			Move{From: Initiated, To: Engineering, On: "2026-03-10", Funding: StateInvestment, Docs: Valid{}}, fault.Unprocessable,
			[]string{"documents.cost_calculation", "documents.informatization_conclusion", "documents.security_conclusion", "documents.terms_of_reference"}, nil},
		{"003 §6 ¶2: own funds need no conclusions",
			Move{From: Initiated, To: Engineering, On: "2026-03-10", Funding: OwnFunds, Docs: without("informatization_conclusion", "security_conclusion")}, 0, nil,
			[]string{"cost_calculation", "terms_of_reference"}},
		{"003 §9 2): trial operation needs no document",
			Move{From: Engineering, To: TrialOperation, On: "2026-03-10", Docs: Valid{}}, 0, nil, nil},
		{"003 §9 2): IS testing needs the act on completion of trial operation",
			Move{From: TrialOperation, To: ISTesting, On: "2026-03-10", Docs: without("trial_operation_act")}, fault.Unprocessable,
			[]string{"documents.trial_operation_act"}, nil},
		{"003 §9 3): implementation needs the IS test result",
			Move{From: ISTesting, To: Implementation, On: "2026-03-10", Docs: without("is_test_result")}, fault.Unprocessable,
			[]string{"documents.is_test_result"}, nil},
		{"003 §9 5), §15: operation needs the commissioning act",
			Move{From: Implementation, To: Operation, On: "2026-03-10", Funding: OwnFunds, Docs: without("commissioning_act")}, fault.Unprocessable,
			[]string{"documents.commissioning_act"}, nil},
		{"003 §11: a budget-funded object needs the source code transfer to enter operation",
			Move{From: Implementation, To: Operation, On: "2026-03-10", Funding: StateInvestment, Docs: without("source_code_transfer")}, fault.Unprocessable,
			[]string{"documents.source_code_transfer"}, nil},
		{"003 §11: own funds need no source code transfer",
			Move{From: Implementation, To: Operation, On: "2026-03-10", Funding: OwnFunds, Docs: without("source_code_transfer")}, 0, nil,
			[]string{"commissioning_act"}},
		{"003 §19: termination needs no document",
			Move{From: Operation, To: Terminated, On: "2026-03-10", Docs: Valid{}}, 0, nil, nil},
		{"003 §19: only an object in operation is terminated",
			Move{From: Implementation, To: Terminated, On: "2026-03-10", Docs: all}, fault.Conflict, nil, nil},
		{"003 §9: no stage is skipped",
			Move{From: Initiated, To: TrialOperation, On: "2026-03-10", Docs: all}, fault.Conflict, nil, nil},
		{"003 §9: no stage goes back",
			Move{From: Operation, To: Implementation, On: "2026-03-10", Docs: all}, fault.Conflict, nil, nil},
		{"003 §9: nothing follows termination",
			Move{From: Terminated, To: Terminated, On: "2026-03-10", Docs: all}, fault.Conflict, nil, nil},
		{"an unknown stage is named as such",
			Move{From: Initiated, To: "production", On: "2026-03-10"}, fault.Unprocessable, []string{"to"}, nil},
		{"a stage does not begin in the future",
			Move{From: Engineering, To: TrialOperation, On: "2026-03-17", Today: today}, fault.Unprocessable, []string{"on"}, nil},
		{"a stage does not begin before the previous one",
			Move{From: Engineering, To: TrialOperation, On: "2026-03-01", Previous: ptr("2026-03-02")}, fault.Unprocessable, []string{"on"}, nil},
		{"a stage may begin the day the previous one did",
			Move{From: Engineering, To: TrialOperation, On: "2026-03-02", Previous: ptr("2026-03-02")}, 0, nil, nil},
		{"a malformed date is named",
			Move{From: Engineering, To: TrialOperation, On: "2026-02-30"}, fault.Unprocessable, []string{"on"}, nil},
		{"a missing date is named",
			Move{From: Engineering, To: TrialOperation}, fault.Unprocessable, []string{"on"}, nil},
		{"003 §9, §10: a development's path ends re-commissioned, under operation's documents",
			Move{From: Implementation, To: Recommissioned, On: "2026-03-10", Funding: StateInvestment, Order: DevelopmentStages,
				Docs: without("source_code_transfer")}, fault.Unprocessable, []string{"documents.source_code_transfer"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m
			if m.Today == (calendar.Date{}) {
				m.Today = today
			}
			relied, err := m.Check()
			if tc.kind == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				var kinds []string
				for k := range relied {
					kinds = append(kinds, k)
				}
				slices.Sort(kinds)
				if !slices.Equal(kinds, tc.reliedKind) {
					t.Fatalf("relied on %v, want %v", kinds, tc.reliedKind)
				}
				return
			}
			if !fault.Is(err, tc.kind) {
				t.Fatalf("got %v, want a %v", err, tc.kind)
			}
			if got := fields(err); !slices.Equal(got, tc.fields) {
				t.Fatalf("fields %v, want %v", got, tc.fields)
			}
			if tc.kind == fault.Unprocessable {
				var fe *fault.Error
				errors.As(err, &fe)
				for _, f := range fe.Fields {
					if strings.HasPrefix(f.Field, "documents.") && !strings.Contains(f.Reason, "003 §") {
						t.Fatalf("%s: no basis in %q", f.Field, f.Reason)
					}
				}
			}
		})
	}
}

func TestStageOrder003(t *testing.T) {
	var walked []string
	for s, ok := Initiated, true; ok; s, ok = Next(s) {
		walked = append(walked, s)
	}
	if !slices.Equal(walked, Stages) {
		t.Fatalf("walked %v", walked)
	}
	if Rank(Initiated) != 1 || Rank(Terminated) != 7 || Rank("x") != 0 {
		t.Fatal("ranks")
	}
}

func TestValidOfPicksNewestValidPerOwner(t *testing.T) {
	docs := []DocumentSummary{
		{ID: "01a", Kind: "terms_of_reference", Status: "valid"},
		{ID: "01c", Kind: "terms_of_reference", Status: "rejected"},
		{ID: "01b", Kind: "terms_of_reference", Status: "valid"},
		{ID: "01d", Kind: "terms_of_reference", Status: "valid", Development: "dev1"},
		{ID: "01e", Kind: "cost_calculation", Status: "pending_upload"},
	}
	if v := ValidOf(docs, ""); v["terms_of_reference"] != "01b" || v["cost_calculation"] != "" {
		t.Fatalf("object's: %v", v)
	}
	if v := ValidOf(docs, "dev1"); len(v) != 1 || v["terms_of_reference"] != "01d" {
		t.Fatalf("development's: %v", v)
	}
}

func TestLastOnSkipsUnknownDates(t *testing.T) {
	h := []StageEntry{{Stage: Initiated, On: ptr("2026-01-01")}, {Stage: Operation}}
	if got := LastOn(h); got == nil || *got != "2026-01-01" {
		t.Fatalf("LastOn = %v", got)
	}
	if LastOn(nil) != nil {
		t.Fatal("empty history has a date")
	}
}
