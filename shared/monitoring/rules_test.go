package monitoring

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/fault"
)

func fields(fs []fault.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Field
	}
	return out
}

func TestCheckSetOfStage(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stage Stage
		in    map[string]bool
		want  []string
	}{
		{"004 ¶22 planning answers P1 and P2", Planning, map[string]bool{"P1": true, "P2": false}, nil},
		{"004 ¶22 planning without P2", Planning, map[string]bool{"P1": true}, []string{"checks.P2"}},
		{"004 ¶22 planning with an investment check", Planning, map[string]bool{"P1": true, "P2": true, "I1": true}, []string{"checks.I1"}},
		{"004 ¶22 planning, missing and extra together", Planning, map[string]bool{"P1": true, "O4": true, "I1": false},
			[]string{"checks.P2", "checks.I1", "checks.O4"}},
		{"004 ¶22 planning with nothing", Planning, nil, []string{"checks.P1", "checks.P2"}},
		{"004 ¶23 investment answers I1–I3", Investment, map[string]bool{"I1": true, "I2": true, "I3": false}, nil},
		{"004 ¶23 investment without I3 (architectural control)", Investment, map[string]bool{"I1": true, "I2": true}, []string{"checks.I3"}},
		{"004 ¶23 investment given the planning set", Investment, map[string]bool{"P1": true, "P2": true},
			[]string{"checks.I1", "checks.I2", "checks.I3", "checks.P1", "checks.P2"}},
		{"004 ¶24 post-investment answers O1–O4", PostInvestment, map[string]bool{"O1": true, "O2": true, "O3": true, "O4": true}, nil},
		{"004 ¶24 post-investment with a lower-case code", PostInvestment, map[string]bool{"O1": true, "O2": true, "O3": true, "o4": true},
			[]string{"checks.O4", "checks.o4"}},
		{"004 ¶21 a closed project has no check set", Closed, map[string]bool{}, []string{"stage"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckSetOfStage(tc.stage, tc.in)
			if !slices.Equal(fields(got), tc.want) {
				t.Fatalf("fields %v, want %v (%v)", fields(got), tc.want, got)
			}
			for _, f := range got {
				if !strings.Contains(f.Reason, "004 ¶2") {
					t.Errorf("%s: reason %q names no paragraph", f.Field, f.Reason)
				}
			}
		})
	}
}

func TestRecommendationsRequired(t *testing.T) {
	for _, tc := range []struct {
		name  string
		level Level
		n     int
		want  bool // refused
	}{
		{"004 ¶25 level 1 without a recommendation", 1, 0, true},
		{"004 ¶25 level 1 with one", 1, 1, false},
		{"004 ¶25 level 2 without a recommendation", 2, 0, true},
		{"004 ¶25 level 2 with three", 2, 3, false},
		{"004 ¶25 level 3 needs none", 3, 0, false},
		{"004 ¶20.4 level 3 may still carry one", 3, 1, false},
		{"004 ¶26 an unknown level is judged elsewhere", 4, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := RecommendationsRequired(tc.level, tc.n)
			if (len(got) > 0) != tc.want {
				t.Fatalf("got %v, refused want %v", got, tc.want)
			}
			if tc.want && (got[0].Field != "recommendations" || !strings.Contains(got[0].Reason, "004 ¶25")) {
				t.Errorf("field %+v", got[0])
			}
		})
	}
}

func TestFullComplianceHoldsEveryCheck(t *testing.T) {
	for _, tc := range []struct {
		name   string
		level  Level
		stage  Stage
		checks map[string]bool
		want   []string
	}{
		{"004 ¶26.3 [DESIGN] level 3 with every check holding", 3, Investment, map[string]bool{"I1": true, "I2": true, "I3": true}, nil},
		{"004 ¶26.3 [DESIGN] level 3 with I3 false", 3, Investment, map[string]bool{"I1": true, "I2": true, "I3": false}, []string{"checks.I3"}},
		{"004 ¶26.3 [DESIGN] level 3 with two false, in the seed's order", 3, PostInvestment,
			map[string]bool{"O4": false, "O1": true, "O2": false, "O3": true}, []string{"checks.O2", "checks.O4"}},
		{"004 ¶26.2 level 2 with every check holding is the integrator's judgement", 2, Planning, map[string]bool{"P1": true, "P2": true}, nil},
		{"004 ¶26.1 level 1 with checks false", 1, Planning, map[string]bool{"P1": false, "P2": false}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FullComplianceHoldsEveryCheck(tc.level, tc.stage, tc.checks); !slices.Equal(fields(got), tc.want) {
				t.Fatalf("fields %v, want %v", fields(got), tc.want)
			}
		})
	}
}

func TestStageMovesForward(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to Stage
		ok       bool
	}{
		{"004 ¶21 planning to investment", Planning, Investment, true},
		{"004 ¶21 investment to post-investment", Investment, PostInvestment, true},
		{"004 ¶21 post-investment to closed", PostInvestment, Closed, true},
		{"004 ¶21 planning skips investment", Planning, PostInvestment, false},
		{"004 ¶21 planning straight to closed", Planning, Closed, false},
		{"004 ¶21 back from investment to planning", Investment, Planning, false},
		{"004 ¶21 to the stage it is at", Investment, Investment, false},
		{"004 ¶21 nothing after closed", Closed, Closed, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := StageMovesForward(tc.from, tc.to)
			if (err == nil) != tc.ok {
				t.Fatalf("err %v, want ok %v", err, tc.ok)
			}
			if err != nil && !fault.Is(err, fault.Conflict) {
				t.Errorf("a move out of order is a conflict (409), got %v", err)
			}
		})
	}
}

func TestAssessedStageIsCurrent(t *testing.T) {
	for _, tc := range []struct {
		name           string
		current, stage Stage
		ok             bool
	}{
		{"004 ¶21 the current stage", Investment, Investment, true},
		{"004 ¶21 an earlier stage", Investment, Planning, false},
		{"004 ¶21 a later stage", Planning, PostInvestment, false},
		{"004 ¶21 a closed project", Closed, PostInvestment, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := AssessedStageIsCurrent(tc.current, tc.stage)
			if (err == nil) != tc.ok || (err != nil && !fault.Is(err, fault.Conflict)) {
				t.Fatalf("err %v, want ok %v (409 otherwise)", err, tc.ok)
			}
		})
	}
}

func TestDueAfterAssessment(t *testing.T) {
	today := calendar.Date{Year: 2026, Month: time.December, Day: 7}
	for _, tc := range []struct {
		name, due string
		ok        bool
	}{
		{"004 ¶25 [DESIGN] due tomorrow", "2026-12-08", true},
		{"004 ¶25 [DESIGN] due next year", "2027-06-30", true},
		{"004 ¶25 [DESIGN] due the day of the assessment", "2026-12-07", false},
		{"004 ¶25 [DESIGN] due in the past", "2026-01-01", false},
		{"004 ¶25 [DESIGN] not a date", "2026-13-01", false},
		{"004 ¶25 [DESIGN] not a date at all", "soon", false},
		{"004 ¶25 [DESIGN] beyond five years", "2032-12-08", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if why := DueAfterAssessment(tc.due, today); (why == "") != tc.ok {
				t.Fatalf("%q: %q, want ok %v", tc.due, why, tc.ok)
			}
		})
	}
}

func TestSignificantOverrun(t *testing.T) {
	for _, tc := range []struct {
		name      string
		b         *Budget
		threshold float64
		want      []string
		pct       float64
	}{
		{"004 ¶28.3 default 10%: 10% over is significant", &Budget{Planned: 1000, Actual: 1100}, 10, nil, 10},
		{"004 ¶28.3 default 10%: 9.99% over is not", &Budget{Planned: 10000, Actual: 10999}, 10, []string{"budget.actual"}, 9.99},
		{"004 ¶28.3 configured 25%: 30% over is significant", &Budget{Planned: 200, Actual: 260}, 25, nil, 30},
		{"004 ¶28.3 configured 25%: 20% over is not", &Budget{Planned: 200, Actual: 240}, 25, []string{"budget.actual"}, 20},
		{"004 ¶28.3 under budget is no overrun", &Budget{Planned: 200, Actual: 100}, 10, []string{"budget.actual"}, -50},
		{"004 ¶28.3 without a budget", nil, 10, []string{"budget"}, 0},
		{"004 ¶28.3 a zero plan cannot be overrun by a share", &Budget{Planned: 0, Actual: 5}, 10, []string{"budget.planned"}, 0},
		{"004 ¶28.3 negative amounts", &Budget{Planned: -5, Actual: -1}, 10, []string{"budget.planned", "budget.actual"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pct, got := SignificantOverrun(tc.b, tc.threshold)
			if !slices.Equal(fields(got), tc.want) {
				t.Fatalf("fields %v, want %v (%v)", fields(got), tc.want, got)
			}
			if tc.b != nil && tc.b.Planned > 0 && (pct < tc.pct-0.005 || pct > tc.pct+0.005) {
				t.Errorf("overrun %.4f%%, want %.2f%%", pct, tc.pct)
			}
		})
	}
}

func TestImplementedProject(t *testing.T) {
	for _, tc := range []struct {
		name   string
		factor string
		stage  Stage
		ok     bool
	}{
		{"004 ¶28.5 R5 at post-investment", "R5", PostInvestment, true},
		{"004 ¶28.5 R5 once closed", "R5", Closed, true},
		{"004 ¶28.5 R5 at planning", "R5", Planning, false},
		{"004 ¶28.5 R5 at investment", "R5", Investment, false},
		{"004 ¶28.1 R1 at planning", "R1", Planning, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ImplementedProject(tc.factor, tc.stage); (len(got) == 0) != tc.ok {
				t.Fatalf("%v, want ok %v", got, tc.ok)
			}
		})
	}
}

func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		name, v string
		want    float64
		ok      bool
	}{
		{"004 ¶28.3 unset is the default", "", DefaultR3OverrunPercent, true},
		{"004 ¶28.3 a whole percentage", "25", 25, true},
		{"004 ¶28.3 a fraction", " 7.5 ", 7.5, true},
		{"004 ¶28.3 zero is no threshold", "0", 0, false},
		{"004 ¶28.3 negative", "-3", 0, false},
		{"004 ¶28.3 not a number", "ten", 0, false},
		{"004 ¶28.3 NaN", "NaN", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseConfig(func(string) string { return tc.v })
			if (err == nil) != tc.ok || (tc.ok && c.R3OverrunPercent != tc.want) {
				t.Fatalf("%q: %+v %v", tc.v, c, err)
			}
		})
	}
	f := DefaultConfig().Factors()
	if len(f) != 5 || f[2].Code != "R3" || f[2].ThresholdPercent == nil || *f[2].ThresholdPercent != 10 || !strings.Contains(f[2].Note, "10%") {
		t.Fatalf("factors %+v", f)
	}
	if riskFactors[2].ThresholdPercent != nil {
		t.Fatal("Factors changed the package's own table")
	}
}

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		name, in, from, to string
	}{
		{"004 ¶26 a year", "2026", "2026-01-01", "2026-12-31"},
		{"004 ¶26 the first quarter", "2026-Q1", "2026-01-01", "2026-03-31"},
		{"004 ¶26 the second quarter", "2026-Q2", "2026-04-01", "2026-06-30"},
		{"004 ¶26 the third quarter", "2026-Q3", "2026-07-01", "2026-09-30"},
		{"004 ¶26 the fourth quarter", "2026-Q4", "2026-10-01", "2026-12-31"},
		{"004 ¶26 a leap year's first quarter", "2028-Q1", "2028-01-01", "2028-03-31"},
		{"004 ¶26 a fifth quarter", "2026-Q5", "", ""},
		{"004 ¶26 a lower-case quarter", "2026-q1", "", ""},
		{"004 ¶26 a month", "2026-03", "", ""},
		{"004 ¶26 a year too far", "2100", "", ""},
		{"004 ¶26 padding", " 2026", "", ""},
		{"004 ¶26 a path", "2026/../x", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePeriod(tc.in)
			if tc.from == "" {
				if err == nil {
					t.Fatalf("%q accepted: %+v", tc.in, p)
				}
				return
			}
			if err != nil || p.From.String() != tc.from || p.To.String() != tc.to || p.Key() != "monitoring-reports/"+tc.in+".json" {
				t.Fatalf("%q: %+v %v", tc.in, p, err)
			}
		})
	}
	p, _ := ParsePeriod("2026-Q1")
	// 31 March 2026, 23:30 in Almaty is still in the quarter; 1 April 00:30 is not.
	in := time.Date(2026, 3, 31, 18, 30, 0, 0, time.UTC)
	out := time.Date(2026, 3, 31, 19, 30, 0, 0, time.UTC)
	if !p.Contains(DateOf(in)) || p.Contains(DateOf(out)) || p.Ended(in) || !p.Ended(out) {
		t.Fatalf("Asia/Almaty boundary: %s %s", DateOf(in), DateOf(out))
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026", "2026-Q4", "2026-Q0", "20260", "", "2026-Q1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		if p.Text != s || p.From.After(p.To) || p.From.Year != p.Year || p.To.Year != p.Year || strings.Count(p.Key(), "/") != 1 || strings.Count(p.Key(), ".") != 1 {
			t.Fatalf("%q: %+v", s, p)
		}
		if n := p.To.AddDays(1); p.Contains(n) || !p.Contains(p.From) || !p.Contains(p.To) {
			t.Fatalf("%q: bounds %+v", s, p)
		}
	})
}
