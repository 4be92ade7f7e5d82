// Package monitoring is the service integrator's standing duty of seed 004 ¶19–¶29: ICT
// projects of state bodies and their stages, the compliance assessment of each stage
// against its check set (¶22 P1–P2, ¶23 I1–I3, ¶24 O1–O4), the three-level conclusion
// (¶26) with the recommendations it requires (¶25), architectural control findings (¶23,
// closing), recommendations watched to their due dates, the risk factors R1–R5 (¶28),
// the periodic monitoring report frozen as a snapshot (¶26–¶27) and the per-state-body
// summary for the effectiveness evaluation (¶29).
//
// It is pure: the rules are plain, named Go functions with their basis; a decision
// returns a Change that the store writes in one conditional transaction, and the report
// freeze orders its writes through the small interfaces it declares (freeze.go).
package monitoring

import "slices"

// Stage is where an ICT project stands (004 ¶21: planning, the investment stage, the
// post-investment stage), and closed after the last.
type Stage string

// The stages, in order (004 ¶21).
const (
	Planning       Stage = "planning"
	Investment     Stage = "investment"
	PostInvestment Stage = "post_investment"
	Closed         Stage = "closed"
)

// Stages lists the stages in the only order a project moves through them.
var Stages = []Stage{Planning, Investment, PostInvestment, Closed}

// Known reports whether s names a stage.
func (s Stage) Known() bool { return slices.Contains(Stages, s) }

// Next is the stage after s, or "" after the last.
func (s Stage) Next() Stage {
	i := slices.Index(Stages, s)
	if i < 0 || i+1 >= len(Stages) {
		return ""
	}
	return Stages[i+1]
}

// Check is one item of a stage's compliance assessment, as the seed words it. TextKK is
// the seed's own (Kazakh) wording, verbatim; Text is the digest's English.
type Check struct {
	Code   string `json:"code"`
	Basis  string `json:"basis"`
	Text   string `json:"text"`
	TextKK string `json:"textKk"`
}

// StageChecks is a stage with the checks an assessment of it answers.
type StageChecks struct {
	Stage  Stage   `json:"stage"`
	Basis  string  `json:"basis"`
	Title  string  `json:"title"`
	Checks []Check `json:"checks"`
}

// CheckSets are the check sets of 004 ¶22–¶24, one per assessed stage; a closed project
// is not assessed (its last assessment was the post-investment one).
var CheckSets = []StageChecks{
	{Stage: Planning, Basis: "004 ¶22", Title: "Assessment at the planning stage of the ICT project", Checks: []Check{
		{"P1", "004 ¶22.1", "Expertise of the technical documentation for compliance with the requirements and the approved architecture",
			"техникалық құжаттаманың талаптарға және бекітілген архитектураға сәйкестігіне сараптама жасау"},
		{"P2", "004 ¶22.2", "Expertise of the calculation of expenses for public procurement of informatization goods, works and services",
			"ақпараттандыру саласындағы тауарларды, жұмыстар мен көрсетілетін қызметтерді мемлекеттік сатып алуға арналған шығыстар есебінің сараптамасы"},
	}},
	{Stage: Investment, Basis: "004 ¶23", Title: "Assessment at the investment stage of the ICT project", Checks: []Check{
		{"I1", "004 ¶23.1", "Assessment of the public procurement plans, technical specifications and facts of procurement of ICT projects, from the standpoint of whether the informatization objects purchased comply with the architecture",
			"сатып алынатын ақпараттандыру объектілерінің архитектураға сәйкестігі тұрғысынан АКТ жобалардың мемлекеттік сатып алу жоспарларын, техникалық ерекшеліктерді және Мемлекеттік сатып алуды жүргізу фактілерін бағалау"},
		{"I2", "004 ¶23.2", "Assessment of the characteristics, composition and content of the ICT project's results at the stages of putting informatization objects into operation",
			"ақпараттандыру объектілерін пайдалануға беру кезеңдерінде АКТ жобалар нәтижелерінің сипаттамаларын, құрамын және мазмұнын бағалау"},
		{"I3", "004 ¶23.3", "Architectural control deciding whether creating a new informatization object is expedient under the architecture, including that no functions or components are duplicated and that elements of existing informatization objects can be reused",
			"архитектураға сәйкес жаңа ақпараттандыру объектісін құрудың орындылығы шешілетін, оның ішінде қайталанатын функциялардың, компоненттердің болмауы, ақпараттандыру объектісі элементтерін қайта пайдалану мүмкіндігі тексерілетін архитектуралық бақылау"},
	}},
	{Stage: PostInvestment, Basis: "004 ¶24", Title: "Assessment at the post-investment stage of the ICT project", Checks: []Check{
		{"O1", "004 ¶24.1", "Compliance of the ICT project's goals and result indicators with the current goals, tasks and target indicators of the State Planning System",
			"АКТ жобалардың мақсаттары мен нәтиже көрсеткіштерінің мемлекеттік жоспарлау жүйесінің қолданыстағы мақсаттарына, міндеттеріне және нысаналы индикаторларына сәйкестігін бағалау"},
		{"O2", "004 ¶24.2", "Technological risks of the informatization objects, including the presence of innovative, promising technologies to raise efficiency",
			"ақпараттандыру объектілерінің технологиялық тәуекелдерінің, оның ішінде қызметтің тиімділігін арттыру үшін инновациялық перспективалық технологиялардың болуын бағалау"},
		{"O3", "004 ¶24.3", "State of the functional capabilities",
			"функционалдық мүмкіндіктердің жай-күйін бағалау"},
		{"O4", "004 ¶24.4", "Compliance of the ICT project's results with the current expectations of the stakeholders and the declared effects",
			"АКТ жобаны іске асыру нәтижелерінің мүдделі Тараптардың қолданыстағы күтулеріне және мәлімделген әсерлерге сәйкестігін бағалау"},
	}},
}

// ChecksOf returns the check set of a stage; ok is false for a stage that is not assessed.
func ChecksOf(s Stage) (StageChecks, bool) {
	for _, cs := range CheckSets {
		if cs.Stage == s {
			return cs, true
		}
	}
	return StageChecks{}, false
}

// Codes lists a check set's codes in the seed's order.
func (cs StageChecks) Codes() []string {
	out := make([]string, len(cs.Checks))
	for i, c := range cs.Checks {
		out[i] = c.Code
	}
	return out
}

// ArchitecturalControl is the closing sentence of 004 ¶23: control runs at every stage,
// so a finding of duplication or reuse may be recorded against a project at any stage.
var ArchitecturalControl = Check{Code: "AC", Basis: "004 ¶23 (closing)",
	Text: "Architectural control runs continuously at all stages to prevent the duplication of similar domain elements, including components and information systems, developed while domains are automated",
	TextKK: "Архитектуралық бақылау домендерді автоматтандыру процесінде әзірленетін ұқсас, қайталанатын домен элементтерінің, " +
		"соның ішінде компоненттердің, ақпараттық жүйелердің қайталануын болдырмау үшін барлық кезеңдерде үздіксіз жұмыс істейді."}

// FindingKinds are what an architectural control finding records (004 ¶23.3 and closing).
var FindingKinds = []string{"duplicated_functions", "duplicated_components", "reusable_elements"}

// Level is the conclusion on a project's compliance with the architecture (004 ¶26).
type Level int

// LevelInfo is a level as the seed states it.
type LevelInfo struct {
	Level Level  `json:"level"`
	Name  string `json:"name"`
	Basis string `json:"basis"`
	Text  string `json:"text"`
	// TextKK is the seed's wording of the level, verbatim.
	TextKK string `json:"textKk"`
	// RecommendationsRequired: the service integrator must formulate recommendations
	// on refining the project's results (004 ¶25).
	RecommendationsRequired bool `json:"recommendationsRequired"`
}

// Levels are the three conclusions of 004 ¶26.
var Levels = []LevelInfo{
	{1, "does_not_comply", "004 ¶26.1", "Does not comply with the architecture", "архитектураға сәйкес келмейді", true},
	{2, "partially_complies", "004 ¶26.2", "Partially complies with the architecture", "архитектураға ішінара сәйкес келеді", true},
	{3, "fully_complies", "004 ¶26.3", "Fully complies with the architecture", "архитектураға толық сәйкес келеді", false},
}

// Info returns the level's description; ok is false outside 1–3.
func (l Level) Info() (LevelInfo, bool) {
	if l < 1 || int(l) > len(Levels) {
		return LevelInfo{}, false
	}
	return Levels[l-1], true
}

// RiskFactor is one of the risks of non-implementation the authorized body has assessed
// at every stage (004 ¶28).
type RiskFactor struct {
	Code   string `json:"code"`
	Basis  string `json:"basis"`
	Text   string `json:"text"`
	TextKK string `json:"textKk"`
	// ThresholdPercent is set for R3 only: the overrun, in percent of the planned budget,
	// from which it is "significant" (configuration; the seed does not quantify it).
	ThresholdPercent *float64 `json:"thresholdPercent,omitempty"`
	Note             string   `json:"note,omitempty"`
}

// RiskFactors are R1–R5 of 004 ¶28; R3's threshold is filled in from the configuration
// (Config.Factors).
var riskFactors = []RiskFactor{
	{Code: "R1", Basis: "004 ¶28.1", Text: "Untimely or incomplete performance of the works", TextKK: "жұмыстардың уақытылы/толық жүргізілмеуі"},
	{Code: "R2", Basis: "004 ¶28.2", Text: "Failure to implement recommendations", TextKK: "ұсынымдарды орындамау",
		Note: "Also evidenced without a record: every recommendation that went overdue (004 ¶25, ¶28.2) is counted in the report and the summary."},
	{Code: "R3", Basis: "004 ¶28.3", Text: "Significant overrun of the budgets", TextKK: "бюджеттердің айтарлықтай асып кетуі"},
	{Code: "R4", Basis: "004 ¶28.4", Text: "Non-achievement or partial achievement of the goals and indicators of the result",
		TextKK: "нәтиженің мақсаттары мен көрсеткіштеріне қол жеткізбеу, ішінара қол жеткізу"},
	{Code: "R5", Basis: "004 ¶28.5", Text: "Non-compliance of implemented ICT projects with the functional requirements of the e-government architecture",
		TextKK: "іске асырылған АКТ-жобалардың \"электрондық үкімет\" архитектурасының функционалдық талаптарына сәйкес келмеуі",
		Note:   "Recorded for an implemented project: at the post-investment stage or once closed."},
}

// RiskCodes lists R1–R5.
func RiskCodes() []string {
	out := make([]string, len(riskFactors))
	for i, f := range riskFactors {
		out[i] = f.Code
	}
	return out
}
