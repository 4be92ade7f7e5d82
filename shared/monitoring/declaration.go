package monitoring

import "sort"

// Declaration is monitoring served as data (GET /v1/monitoring/checks): every stage with
// its check set, each check with its paragraph and its text (the seed's Kazakh verbatim
// and the digest's English), the levels of the conclusion, the named rules, the risk
// factors with R3's configured threshold, and how reports and recommendations are timed.
// A portal builds its assessment form from it.
type Declaration struct {
	Basis                string        `json:"basis"`
	Stages               []StageChecks `json:"stages"`
	Levels               []LevelInfo   `json:"levels"`
	Rules                []Rule        `json:"rules"`
	RiskFactors          []RiskFactor  `json:"riskFactors"`
	ArchitecturalControl Check         `json:"architecturalControl"`
	FindingKinds         []string      `json:"findingKinds"`
	Recommendations      RecDecl       `json:"recommendations"`
	Reports              ReportDecl    `json:"reports"`
}

// RecDecl says how a recommendation is watched.
type RecDecl struct {
	Basis             string     `json:"basis"`
	States            []RecState `json:"states"`
	RemindWorkingDays int        `json:"remindWorkingDays"`
	Calendar          string     `json:"calendar"`
	Text              string     `json:"text"`
}

// ReportDecl says what a monitoring report is.
type ReportDecl struct {
	Basis    string   `json:"basis"`
	Periods  []string `json:"periods"`
	TimeZone string   `json:"timeZone"`
	Statuses []string `json:"statuses"`
	Formats  []string `json:"formats"`
	Text     string   `json:"text"`
}

// Declare is the declaration under a configuration.
func Declare(cfg Config) Declaration {
	stages := append([]StageChecks{}, CheckSets...)
	stages = append(stages, StageChecks{Stage: Closed, Basis: "004 ¶21", Title: "Closed: no further assessment", Checks: []Check{}})
	return Declaration{
		Basis: "004 ¶19–¶29", Stages: stages, Levels: Levels, Rules: Rules, RiskFactors: cfg.Factors(),
		ArchitecturalControl: ArchitecturalControl, FindingKinds: FindingKinds,
		Recommendations: RecDecl{Basis: "004 ¶25, ¶28.2", States: []RecState{RecOpen, RecOverdue, RecImplemented},
			RemindWorkingDays: RemindWorkingDays, Calendar: Country,
			Text: "Each recommendation is due on its dueOn: the owner organisation is reminded " +
				"three working days before, and an open recommendation becomes overdue once after the end of its due date " +
				"(Asia/Almaty); the owner organisation and the authorized body are told (risk factor R2)."},
		Reports: ReportDecl{Basis: "004 ¶26, ¶27", Periods: []string{"YYYY", "YYYY-Qn"}, TimeZone: "Asia/Almaty",
			Statuses: []string{ReportSubmitted, ReportCoordinated}, Formats: []string{"json", "csv", "html"},
			Text: "A frozen snapshot of every assessment made in the period (by its date in Asia/Almaty), every recommendation " +
				"open or overdue when the report is made, and the risks and architectural control findings recorded in the period. " +
				"One report per period; its content never changes."},
	}
}

// Summary is the per-state-body summary of one year for the evaluation of state bodies'
// effectiveness (004 ¶29): levels, risks and recommendations by organisation.
type Summary struct {
	Year  int          `json:"year"`
	Basis string       `json:"basis"`
	Orgs  []OrgSummary `json:"orgs"`
}

// OrgSummary is one organisation's year.
type OrgSummary struct {
	Org             string         `json:"org"`
	Projects        int            `json:"projects"`    // opened in the year
	Assessments     int            `json:"assessments"` // made in the year (Asia/Almaty)
	Levels          map[string]int `json:"levels"`      // conclusions of the year's assessments
	Risks           map[string]int `json:"risks"`       // risk factors recorded in the year
	Findings        int            `json:"findings"`    // architectural control findings of the year
	Recommendations RecSummary     `json:"recommendations"`
}

// RecSummary counts the recommendations given in the year, by what became of them.
type RecSummary struct {
	Given           int `json:"given"`
	Implemented     int `json:"implemented"`
	ImplementedLate int `json:"implementedLate"` // implemented after going overdue (R2)
	Overdue         int `json:"overdue"`         // overdue and not implemented now (R2)
}

// NewOrgSummary is an organisation's zero year with every key present.
func NewOrgSummary(org string) OrgSummary {
	t := NewTotals()
	return OrgSummary{Org: org, Levels: t.Levels, Risks: t.Risks}
}

// Add applies a counter (the names Count uses).
func (o *OrgSummary) Add(name string, n int) {
	switch name {
	case "projects":
		o.Projects += n
	case "assessments":
		o.Assessments += n
	case "level1", "level2", "level3":
		o.Levels[name[5:]] += n
	case "findings":
		o.Findings += n
	case "recsGiven":
		o.Recommendations.Given += n
	case "recsImplemented":
		o.Recommendations.Implemented += n
	case "recsImplementedLate":
		o.Recommendations.ImplementedLate += n
	case "recsOverdue":
		o.Recommendations.Overdue += n
	default:
		if _, ok := o.Risks[name]; ok {
			o.Risks[name] += n
		}
	}
}

// SortOrgs orders a summary's organisations by id.
func (s *Summary) SortOrgs() {
	sort.Slice(s.Orgs, func(i, j int) bool { return s.Orgs[i].Org < s.Orgs[j].Org })
}
