package actionplan

import (
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
)

// Opinion is an observer's opinion on a measure's progress (001 S3: "NVO viedoklis par
// progresu", the NGOs' opinion on progress; S4, S8: the forum as mutual oversight).
type Opinion struct {
	ID   string    `json:"id"`
	Text string    `json:"text"`
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Org  string    `json:"org"`
}

// Progress is one entry of a measure's progress log (001 S6: "Rīcības soļi un progress"),
// read from its trail.
type Progress struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Org    string    `json:"org"`
	Status string    `json:"status"`
	Note   string    `json:"note,omitempty"`
}

// Detail is a measure as GET /v1/measures/{id} returns it: with its risks, the
// observers' opinions, its progress log and how far overdue it is.
type Detail struct {
	View
	Opinions []Opinion  `json:"opinions"`
	Progress []Progress `json:"progress"`
}

// ReportRecord is a made report as the plan keeps it: where its frozen snapshot is (the
// S3 key and version) and its digest, by which a reader checks it was never changed.
type ReportRecord struct {
	Year      int       `json:"year"`
	Key       string    `json:"key"`
	VersionID string    `json:"versionId"`
	SHA256    string    `json:"sha256"`
	Size      int64     `json:"size"`
	MadeAt    time.Time `json:"madeAt"`
	MadeBy    string    `json:"madeBy"`
}

// ReportDue is a year's report as the plan lists it: due date, state, and once made, the
// record.
type ReportDue struct {
	Year  int           `json:"year"`
	DueOn string        `json:"dueOn"`
	State string        `json:"state"` // running | met | overdue | pending (calendar year not loaded)
	Made  *ReportRecord `json:"made"`
}

// PlanView is a plan as GET /v1/plans/{id} returns it.
type PlanView struct {
	Plan
	Measures []View      `json:"measures"`
	Reports  []ReportDue `json:"reports"`
	AsOf     string      `json:"asOf"` // the day (Europe/Riga) overdue days are counted on
}

// BuildPlan assembles a plan as of day today.
func BuildPlan(p *Plan, measures []Measure, reports map[int]ReportRecord, clocks map[int]clock.Clock, today calendar.Date) PlanView {
	v := PlanView{Plan: *p, Measures: make([]View, 0, len(measures)), Reports: []ReportDue{}, AsOf: today.String()}
	for _, m := range measures {
		v.Measures = append(v.Measures, StatusOf(m, today))
	}
	for _, y := range p.Years() {
		r := ReportDue{Year: y, DueOn: calendar.Date{Year: y + 1, Month: 2, Day: 1}.String(), State: "pending"}
		if cl, ok := clocks[y]; ok {
			switch {
			case cl.State == clock.Overdue:
				r.State = "overdue"
			case cl.CompletedAt != nil || cl.State == clock.Met:
				r.State = "met"
			case cl.State == clock.Running:
				r.State = "running"
			}
		}
		if rec, ok := reports[y]; ok {
			// Made: met, even if late (the trail keeps the overdue marking).
			rec := rec
			r.Made, r.State = &rec, "met"
		}
		v.Reports = append(v.Reports, r)
	}
	return v
}

// PublicMeasure is a measure as open data: status and progress, not the risks the
// responsible institutions recorded for the coordinator (digest §5.10: the public layer
// shows status, not security-sensitive detail).
type PublicMeasure struct {
	ID               string   `json:"id"`
	Commitment       string   `json:"commitment,omitempty"`
	Title            string   `json:"title"`
	Owner            string   `json:"owner"`
	CoOwners         []string `json:"coOwners"`
	Start            string   `json:"start"`
	End              string   `json:"end"`
	DefinitionOfDone string   `json:"definitionOfDone"`
	Status           string   `json:"status"`
	StatusLabel      Label    `json:"statusLabel"`
	Overdue          bool     `json:"overdue"`
	OverdueDays      int      `json:"overdueDays"`
}

// PublicReport is a made report as open data.
type PublicReport struct {
	Year   int        `json:"year"`
	DueOn  string     `json:"dueOn"`
	State  string     `json:"state"`
	MadeAt *time.Time `json:"madeAt"`
	SHA256 string     `json:"sha256,omitempty"`
}

// PublicPlan is GET /v1/public/plans/{id} (contract part two: the plan, its measures with
// status and overdue days, the reports).
type PublicPlan struct {
	ID       string          `json:"id"`
	Title    string          `json:"title"`
	Period   Period          `json:"period"`
	AsOf     string          `json:"asOf"`
	Measures []PublicMeasure `json:"measures"`
	Reports  []PublicReport  `json:"reports"`
}

// Public is the plan as open data.
func (v PlanView) Public() PublicPlan {
	out := PublicPlan{ID: v.ID, Title: v.Title, Period: v.Period, AsOf: v.AsOf,
		Measures: make([]PublicMeasure, 0, len(v.Measures)), Reports: make([]PublicReport, 0, len(v.Reports))}
	for _, m := range v.Measures {
		out.Measures = append(out.Measures, PublicMeasure{ID: m.ID, Commitment: m.Commitment, Title: m.Title, Owner: m.Owner,
			CoOwners: m.CoOwners, Start: m.Start, End: m.End, DefinitionOfDone: m.DefinitionOfDone, Status: m.Status,
			StatusLabel: m.StatusLabel, Overdue: m.Overdue, OverdueDays: m.OverdueDays})
	}
	for _, r := range v.Reports {
		pr := PublicReport{Year: r.Year, DueOn: r.DueOn, State: r.State}
		if r.Made != nil {
			at := r.Made.MadeAt
			pr.MadeAt, pr.SHA256 = &at, r.Made.SHA256
		}
		out.Reports = append(out.Reports, pr)
	}
	return out
}
