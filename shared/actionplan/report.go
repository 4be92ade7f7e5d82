package actionplan

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
)

// View is a measure as the plan, its report and its public page show it: its record
// with the status's names and how far past its end it is, as of one day.
type View struct {
	Measure
	StatusLabel Label `json:"statusLabel"`
	Overdue     bool  `json:"overdue"`
	OverdueDays int   `json:"overdueDays"`
}

// StatusOf is the measure as of day today (Europe/Riga).
func StatusOf(m Measure, today calendar.Date) View {
	if m.CoOwners == nil {
		m.CoOwners = []string{}
	}
	if m.Risks == nil {
		m.Risks = []Risk{}
	}
	d := OverdueDays(&m, today)
	return View{Measure: m, StatusLabel: Labels[m.Status], Overdue: d > 0, OverdueDays: d}
}

// Report is the report on the implementation of the plan's measures for a year (001 S3):
// a snapshot of every measure, its status, its risks and how far overdue it is, as of the
// moment it is made. Once made it is stored and never changed.
type Report struct {
	PlanID   string    `json:"planId"`
	Title    string    `json:"title"`
	Period   Period    `json:"period"`
	Year     int       `json:"year"`
	DueOn    string    `json:"dueOn"` // 1 February of the next year
	MadeAt   time.Time `json:"madeAt"`
	MadeBy   string    `json:"madeBy"`
	AsOf     string    `json:"asOf"` // the day (Europe/Riga) the statuses and overdue days are counted on
	Summary  Summary   `json:"summary"`
	Measures []View    `json:"measures"`
}

// Summary counts the measures of a report by status, and the overdue ones.
type Summary struct {
	Measures   int `json:"measures"`
	NotStarted int `json:"notStarted"`
	InProgress int `json:"inProgress"`
	Done       int `json:"done"`
	Cancelled  int `json:"cancelled"`
	Overdue    int `json:"overdue"`
}

// CheckYear says whether the plan has a report for the year: one for each year of its
// period (001 S3).
func CheckYear(p *Plan, year int) error {
	for _, y := range p.Years() {
		if y == year {
			return nil
		}
	}
	return fault.WithFields(fault.Unprocessable, "the plan has no report for that year",
		fault.Field{Field: "year", Reason: fmt.Sprintf("the plan's period %s–%s has reports for %v (001 S3)", p.Period.From, p.Period.To, p.Years())})
}

// Snapshot makes the report for a year of the plan from its measures, as of now.
func Snapshot(p *Plan, year int, measures []Measure, c actor.Caller, now time.Time) Report {
	today := Today(now)
	r := Report{PlanID: p.ID, Title: p.Title, Period: p.Period, Year: year, DueOn: fmt.Sprintf("%04d-02-01", year+1),
		MadeAt: now.UTC(), MadeBy: c.Sub, AsOf: today.String(), Measures: make([]View, 0, len(measures))}
	for _, m := range measures {
		s := StatusOf(m, today)
		r.Measures = append(r.Measures, s)
		r.Summary.Measures++
		switch m.Status {
		case NotStarted:
			r.Summary.NotStarted++
		case InProgress:
			r.Summary.InProgress++
		case Done:
			r.Summary.Done++
		case Cancelled:
			r.Summary.Cancelled++
		}
		if s.Overdue {
			r.Summary.Overdue++
		}
	}
	return r
}

// CSVHeader is the header row of the plan's measures as open data.
var CSVHeader = []string{"id", "commitment", "title", "owner", "coOwners", "start", "end", "status", "statusLv", "overdue", "overdueDays", "definitionOfDone"}

// WriteCSV writes measures as CSV (RFC 4180, UTF-8 with a byte-order mark, so that a
// spreadsheet opens the Latvian letters right). Cells a spreadsheet would run as a
// formula are prefixed with an apostrophe.
func WriteCSV(w io.Writer, measures []View) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, m := range measures {
		if err := cw.Write([]string{m.ID, cell(m.Commitment), cell(m.Title), m.Owner, strings.Join(m.CoOwners, " "), m.Start, m.End,
			m.Status, m.StatusLabel.LV, strconv.FormatBool(m.Overdue), strconv.Itoa(m.OverdueDays), cell(m.DefinitionOfDone)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// The notices of a plan and its measures.

// AssignedNotice tells the responsible institution and the co-owners of a new measure.
func AssignedNotice(m *Measure, now time.Time) notify.Notice {
	to := []notify.Recipient{{Org: m.Owner}}
	for _, o := range m.CoOwners {
		to = append(to, notify.Recipient{Org: o})
	}
	return notify.Notice{ID: m.ID + ".assigned", Type: notify.StepStarted, At: now, Ref: &notify.Ref{Kind: OwnerMeasure, ID: m.ID},
		Step: "end", DueDate: m.End, Basis: "001 S6", Calendar: Country, To: to,
		Subject: fmt.Sprintf("[001] %s: %s–%s", m.Title, dmy(m.Start), dmy(m.End)),
		Body: fmt.Sprintf("Measure %q of plan %s: %s is the responsible institution; window %s–%s (001 S6). Result: %s",
			m.Title, m.PlanID, m.Owner, dmy(m.Start), dmy(m.End), m.DefinitionOfDone)}
}

// StatusNotice tells the coordinator and the observers when a measure's status changes.
func StatusNotice(m *Measure, from string, now time.Time) notify.Notice {
	return notify.Notice{ID: fmt.Sprintf("%s.v%d.status_changed", m.ID, m.Version), Type: notify.StatusChanged, At: now,
		Ref: &notify.Ref{Kind: OwnerMeasure, ID: m.ID}, Basis: "001 S4, S6", Calendar: Country,
		To:      []notify.Recipient{{Role: actor.Coordinator}, {Role: actor.Observer}, {Org: m.Owner}},
		Subject: fmt.Sprintf("[001] %s: %s", m.Title, Labels[m.Status].LV),
		Body:    fmt.Sprintf("Measure %q (%s): %s → %s (%s).", m.Title, m.Owner, from, m.Status, Labels[m.Status].LV)}
}

// RiskNotice is the early warning of a risk that would delay the measure past its end.
func RiskNotice(m *Measure, r Risk, now time.Time) notify.Notice {
	return notify.Notice{ID: r.ID + ".risk_warning", Type: notify.RiskWarning, At: now, Ref: &notify.Ref{Kind: OwnerMeasure, ID: m.ID},
		DueDate: m.End, Basis: "001 S6", Calendar: Country, To: []notify.Recipient{{Role: actor.Coordinator}},
		Subject: fmt.Sprintf("[001] %s: risks delaying past %s", m.Title, dmy(m.End)),
		Body: fmt.Sprintf("Measure %q (%s) ends %s. A risk recorded on %s may delay it by %d days, past its end: %s",
			m.Title, m.Owner, dmy(m.End), dmy(r.RecordedOn), r.ExpectedDelayDays, r.Text)}
}

func dmy(iso string) string {
	if d, err := calendar.ParseDate(iso); err == nil {
		return d.DayMonthYear()
	}
	return iso
}
