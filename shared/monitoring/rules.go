package monitoring

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/fault"
)

// Rule is a named legal rule of monitoring as the declaration serves it; each is a plain
// function below, table-tested with its paragraph.
type Rule struct {
	Name   string `json:"name"`
	Basis  string `json:"basis"`
	Text   string `json:"text"`
	Design bool   `json:"design"` // a decision where the seed is silent (README, Decisions)
}

// Rules are the rules an assessment, a stage move, a risk record and a recommendation obey.
var Rules = []Rule{
	{"stage_order", "004 ¶21", "A project moves forward through planning, investment and post-investment to closed, one stage at a time.", false},
	{"current_stage", "004 ¶21", "An assessment is of the project's current stage; a closed project is not assessed.", false},
	{"check_set", "004 ¶22, ¶23, ¶24", "An assessment answers exactly the checks of its stage: P1–P2 (planning), I1–I3 (investment), O1–O4 (post-investment).", false},
	{"recommendations_required", "004 ¶25", "A conclusion of level 1 (does not comply) or 2 (partially complies) carries at least one recommendation.", false},
	{"full_compliance", "004 ¶26", "A conclusion of level 3 (fully complies) needs every check of the stage to hold: the seed maps no checks to levels (digest 004, gap 4).", true},
	{"due_after_assessment", "004 ¶25", "A recommendation is due on a date after the day of the assessment (Asia/Almaty): the seed sets no time limit, the service integrator sets one (digest 004, gap 11).", true},
	{"significant_overrun", "004 ¶28.3", "R3 is recorded with the planned and actual budget, and only when the overrun reaches the configured threshold.", true},
	{"implemented_project", "004 ¶28.5", "R5 concerns implemented projects: it is recorded at the post-investment stage or once the project is closed.", false},
}

// Limits on what a caller may write, so a record stays within one item.
const (
	MaxRecommendations = 20 // per assessment; each is two items of the assessment's transaction
	MaxObjects         = 20 // per project or finding
	maxName            = 300
	maxText            = 4000
)

// CheckSetOfStage (004 ¶21–¶24): the checks answered are exactly those of the stage. It
// names every missing check and every check that is not the stage's.
func CheckSetOfStage(stage Stage, checks map[string]bool) []fault.Field {
	cs, ok := ChecksOf(stage)
	if !ok {
		return []fault.Field{{Field: "stage", Reason: fmt.Sprintf("%s is not an assessed stage (004 ¶21)", stage)}}
	}
	want := cs.Codes()
	var out []fault.Field
	for _, code := range want {
		if _, ok := checks[code]; !ok {
			out = append(out, fault.Field{Field: "checks." + code,
				Reason: fmt.Sprintf("missing: an assessment of the %s stage answers %s (%s)", stage, strings.Join(want, ", "), cs.Basis)})
		}
	}
	var extra []string
	for code := range checks {
		if !slices.Contains(want, code) {
			extra = append(extra, code)
		}
	}
	sort.Strings(extra)
	for _, code := range extra {
		out = append(out, fault.Field{Field: "checks." + code,
			Reason: fmt.Sprintf("not a check of the %s stage, whose checks are %s (%s)", stage, strings.Join(want, ", "), cs.Basis)})
	}
	return out
}

// RecommendationsRequired (004 ¶25): at levels 1 and 2 the service integrator formulates
// recommendations on refining the project's results.
func RecommendationsRequired(level Level, n int) []fault.Field {
	info, ok := level.Info()
	if !ok || !info.RecommendationsRequired || n > 0 {
		return nil
	}
	return []fault.Field{{Field: "recommendations",
		Reason: fmt.Sprintf("a conclusion of level %d (%s) requires at least one recommendation (004 ¶25)", level, info.Name)}}
}

// FullComplianceHoldsEveryCheck ([DESIGN], 004 ¶26, digest gap 4): the seed maps no
// checks to levels, so "fully complies" is read as every check of the stage holding; a
// failed check names itself.
func FullComplianceHoldsEveryCheck(level Level, stage Stage, checks map[string]bool) []fault.Field {
	if level != 3 {
		return nil
	}
	cs, _ := ChecksOf(stage)
	var out []fault.Field
	for _, code := range cs.Codes() {
		if v, ok := checks[code]; ok && !v {
			out = append(out, fault.Field{Field: "checks." + code,
				Reason: "is false: a conclusion of level 3 (fully complies, 004 ¶26.3) needs every check of the stage to hold"})
		}
	}
	return out
}

// StageMovesForward (004 ¶21): only to the next stage; anything else is a conflict with
// where the project stands.
func StageMovesForward(from, to Stage) error {
	if next := from.Next(); next == "" || to != next {
		if next == "" {
			return fault.E(fault.Conflict, "the project is %s: it has no further stage (004 ¶21)", from)
		}
		return fault.E(fault.Conflict, "the project is at %s: it moves only to %s, one stage at a time (004 ¶21)", from, next)
	}
	return nil
}

// AssessedStageIsCurrent (004 ¶21): an assessment is of the stage the project is in.
func AssessedStageIsCurrent(current, stage Stage) error {
	if current == Closed {
		return fault.E(fault.Conflict, "the project is closed: it is no longer assessed (004 ¶21)")
	}
	if stage != current {
		return fault.E(fault.Conflict, "the project is at the %s stage, not %s: an assessment is of its current stage (004 ¶21)", current, stage)
	}
	return nil
}

// DueAfterAssessment ([DESIGN], digest gap 11): a recommendation's due date is a real
// date after the day of the assessment; the reason is empty when it is.
func DueAfterAssessment(dueOn string, today calendar.Date) string {
	d, err := calendar.ParseDate(dueOn)
	if err != nil {
		return "must be a date YYYY-MM-DD"
	}
	if !d.After(today) {
		return fmt.Sprintf("must be after the day of the assessment, %s (Asia/Almaty)", today)
	}
	if d.After(today.AddDays(5 * 366)) {
		return "must be within five years of the assessment"
	}
	return ""
}

// Overrun is an actual spend's overrun of its plan, in percent of the plan.
func Overrun(b Budget) float64 { return (b.Actual - b.Planned) / b.Planned * 100 }

// SignificantOverrun (004 ¶28.3, with the configured threshold): R3 needs the budget,
// and an overrun at least the threshold. It returns the overrun and the fields at fault.
func SignificantOverrun(b *Budget, thresholdPercent float64) (float64, []fault.Field) {
	if b == nil {
		return 0, []fault.Field{{Field: "budget", Reason: "R3 is recorded with the planned and actual budget (004 ¶28.3)"}}
	}
	var out []fault.Field
	if !(b.Planned > 0) || math.IsInf(b.Planned, 0) {
		out = append(out, fault.Field{Field: "budget.planned", Reason: "must be a positive amount"})
	}
	if !(b.Actual >= 0) || math.IsInf(b.Actual, 0) {
		out = append(out, fault.Field{Field: "budget.actual", Reason: "must be an amount of zero or more"})
	}
	if len(out) > 0 {
		return 0, out
	}
	pct := Overrun(*b)
	if pct < thresholdPercent {
		return pct, []fault.Field{{Field: "budget.actual", Reason: fmt.Sprintf(
			"an overrun of %s%% is below the %s%% from which an overrun is significant (004 ¶28.3, configured threshold)",
			strconv.FormatFloat(math.Round(pct*100)/100, 'f', -1, 64), strconv.FormatFloat(thresholdPercent, 'f', -1, 64))}}
	}
	return pct, nil
}

// ImplementedProject (004 ¶28.5): R5 is about implemented projects.
func ImplementedProject(factor string, stage Stage) []fault.Field {
	if factor != "R5" || stage == PostInvestment || stage == Closed {
		return nil
	}
	return []fault.Field{{Field: "factor", Reason: fmt.Sprintf(
		"R5 concerns implemented ICT projects (004 ¶28.5); the project is at the %s stage", stage)}}
}
