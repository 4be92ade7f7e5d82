package actionplan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
)

// The statuses of a measure (contract part two). 001 S6 shows two, "Izdarīts" (done) and
// "Notiek izstrāde" (in development); not started and cancelled complete the set.
const (
	NotStarted = "not_started"
	InProgress = "in_progress"
	Done       = "done"
	Cancelled  = "cancelled"
)

// Statuses lists them in order.
var Statuses = []string{NotStarted, InProgress, Done, Cancelled}

// Label is a status in Latvian and in English (digest §5.15: bilingual vocabularies).
type Label struct {
	LV string `json:"lv"`
	EN string `json:"en"`
}

// Labels are the statuses' names; the Latvian ones of 001 S6 are the seed's own words.
var Labels = map[string]Label{
	NotStarted: {LV: "Nav uzsākts", EN: "Not started"},
	InProgress: {LV: "Notiek izstrāde", EN: "In development"},
	Done:       {LV: "Izdarīts", EN: "Done"},
	Cancelled:  {LV: "Atcelts", EN: "Cancelled"},
}

// Final reports whether a status ends the measure: it is no longer watched or overdue.
func Final(status string) bool { return status == Done || status == Cancelled }

// Measure is one row of a commitment's worksheet (001 S6): the measure, its start and end
// dates, its single responsible institution, the other institutions and their role, its
// clients, its result (how we will know it is done), its risks, and its progress.
type Measure struct {
	ID               string    `json:"id"`
	PlanID           string    `json:"planId"`
	Title            string    `json:"title"`
	Commitment       string    `json:"commitment,omitempty"` // the commitment or measure group (001 S2, S6)
	Owner            string    `json:"owner"`                // Atbildīgā (viena) institūcija
	CoOwners         []string  `json:"coOwners"`             // Citas atbildīgās institūcijas
	CoOwnerRoles     string    `json:"coOwnerRoles,omitempty"`
	Clients          string    `json:"clients,omitempty"` // Kas ir klients/-i
	Start            string    `json:"start"`
	End              string    `json:"end"`
	DefinitionOfDone string    `json:"definitionOfDone"` // Rezultāts – kā zināsim, ka pasākums ir paveikts?
	Status           string    `json:"status"`
	Risks            []Risk    `json:"risks"`
	Version          int       `json:"version"`
	CreatedAt        time.Time `json:"createdAt"`
	CreatedBy        string    `json:"createdBy"`
	UpdatedAt        time.Time `json:"updatedAt"`
}

// Risk is a risk or obstacle that could delay the measure (001 S6: "Riski un šķēršļi").
type Risk struct {
	ID                string    `json:"id"`
	Text              string    `json:"text"`
	ExpectedDelayDays int       `json:"expectedDelayDays"`
	RecordedOn        string    `json:"recordedOn"` // the day it was recorded, Europe/Riga
	Warning           bool      `json:"warning"`    // the early warning went to the coordinator
	At                time.Time `json:"at"`
	By                string    `json:"by"`
	Org               string    `json:"org"`
}

// NewMeasure is the body of POST /v1/plans/{id}/measures.
type NewMeasure struct {
	Title            string   `json:"title"`
	Commitment       string   `json:"commitment"`
	Owner            string   `json:"owner"`
	CoOwners         []string `json:"coOwners"`
	CoOwnerRoles     string   `json:"coOwnerRoles"`
	Clients          string   `json:"clients"`
	Start            string   `json:"start"`
	End              string   `json:"end"`
	DefinitionOfDone string   `json:"definitionOfDone"`
}

// Decide checks a new measure of the plan and makes it, not started. Its window lies in
// the plan's period; dates as YYYY-MM-DD or as the worksheet writes them ("01.03.2020.").
func (n NewMeasure) Decide(p *Plan, id string, c actor.Caller, now time.Time) (*Measure, error) {
	var fs []fault.Field
	for field, v := range map[string]struct {
		s        string
		max      int
		required bool
	}{"title": {n.Title, MaxTitle, true}, "commitment": {n.Commitment, MaxTitle, false}, "coOwnerRoles": {n.CoOwnerRoles, MaxText, false},
		"clients": {n.Clients, MaxText, false}, "definitionOfDone": {n.DefinitionOfDone, MaxText, false}} {
		if r := checkText(v.s, v.max, v.required); r != "" {
			fs = append(fs, fault.Field{Field: field, Reason: r})
		}
	}
	validOrg("owner", n.Owner, &fs)
	co := uniqueOrgs("coOwners", n.CoOwners, n.Owner, &fs)
	m := &Measure{ID: id, PlanID: p.ID, Title: strings.TrimSpace(n.Title), Commitment: strings.TrimSpace(n.Commitment),
		Owner: n.Owner, CoOwners: co, CoOwnerRoles: n.CoOwnerRoles, Clients: n.Clients, DefinitionOfDone: n.DefinitionOfDone,
		Status: NotStarted, Risks: []Risk{}, Version: 1, CreatedAt: now.UTC(), CreatedBy: c.Sub, UpdatedAt: now.UTC()}
	start, err1 := calendar.ParseLatvianOrISO(n.Start)
	end, err2 := calendar.ParseLatvianOrISO(n.End)
	from, _ := calendar.ParseDate(p.Period.From)
	to, _ := calendar.ParseDate(p.Period.To)
	switch {
	case err1 != nil:
		fs = append(fs, fault.Field{Field: "start", Reason: "must be a date YYYY-MM-DD (or DD.MM.YYYY)"})
	case err2 != nil:
		fs = append(fs, fault.Field{Field: "end", Reason: "must be a date YYYY-MM-DD (or DD.MM.YYYY)"})
	case end.Before(start):
		fs = append(fs, fault.Field{Field: "end", Reason: "before start"})
	case start.Before(from) || end.After(to):
		fs = append(fs, fault.Field{Field: "end", Reason: fmt.Sprintf("the window %s–%s lies outside the plan's period %s–%s", start, end, from, to)})
	default:
		m.Start, m.End = start.String(), end.String()
	}
	if len(fs) > 0 {
		slices.SortFunc(fs, func(a, b fault.Field) int { return strings.Compare(a.Field, b.Field) })
		return nil, fault.WithFields(fault.Unprocessable, "the measure is not valid", fs...)
	}
	return m, nil
}

// EndRule is the measure's window end (001 S6): not done or cancelled after the end of
// its end date (Europe/Riga), it is overdue once, and the owner organisation and the
// coordinator are told. A calendar date, not a count: it is not moved off a day off.
func EndRule(end string) clock.Rule {
	return clock.Rule{Name: "end", Kind: clock.Deadline, Owes: actor.Applicant,
		Count: clock.Count{Anchor: clock.OnDate, Date: end}, Notify: []clock.Party{{Role: actor.Coordinator}},
		Basis: "001 S6", Title: "complete the measure by the end of its window"}
}

// OverdueDays is how many calendar days the measure is past its end as of day today
// (Europe/Riga), 0 when it is not overdue: done or cancelled, or not past its end. 001 S6:
// the IUB measure ending 01.04.2020 was 210 days overdue at the meeting of 28.10.2020.
func OverdueDays(m *Measure, today calendar.Date) int {
	if Final(m.Status) {
		return 0
	}
	end, err := calendar.ParseDate(m.End)
	if err != nil || !today.After(end) {
		return 0
	}
	n := 0
	for d := end; d.Before(today); d = d.AddDays(1) {
		n++
	}
	return n
}

// Warns is the early warning of 001 S6's risk column: a risk recorded on day recordedOn
// (Europe/Riga) that may delay the measure by delay days, so that it would end after its
// end date, warns the coordinator at once, before the end date is missed.
func Warns(recordedOn calendar.Date, delay int, end string) bool {
	e, err := calendar.ParseDate(end)
	return err == nil && recordedOn.AddDays(delay).After(e)
}

// Today is the civil date of an instant in Riga.
func Today(now time.Time) calendar.Date {
	cal, err := calendar.For(Country)
	if err != nil {
		return calendar.DateOf(now, time.UTC)
	}
	return calendar.DateOf(now, cal.Location())
}

// Change is the body of PATCH /v1/measures/{id}.
type Change struct {
	Status       *string `json:"status"`
	ProgressNote *string `json:"progressNote"`
}

// Apply checks a change of status and progress by the owner organisation. done and
// cancelled are final (409 to change them again): a measure reported done is done on
// the record, and a correction is a progress note. Notes are kept whatever the status.
func (ch Change) Apply(m *Measure) (statusChanged bool, err error) {
	var fs []fault.Field
	if ch.Status == nil && ch.ProgressNote == nil {
		return false, fault.WithFields(fault.Unprocessable, "nothing to change",
			fault.Field{Field: "status", Reason: "give a status, a progressNote, or both"})
	}
	if ch.Status != nil && !slices.Contains(Statuses, *ch.Status) {
		fs = append(fs, fault.Field{Field: "status", Reason: "must be one of " + strings.Join(Statuses, ", ")})
	}
	if ch.ProgressNote != nil {
		if r := checkText(*ch.ProgressNote, MaxText, true); r != "" {
			fs = append(fs, fault.Field{Field: "progressNote", Reason: r})
		}
	}
	if len(fs) > 0 {
		return false, fault.WithFields(fault.Unprocessable, "the change is not valid", fs...)
	}
	if ch.Status != nil && *ch.Status != m.Status {
		if Final(m.Status) {
			return false, fault.E(fault.Conflict, "the measure is %s; its status is final (add a progress note instead)", m.Status)
		}
		m.Status = *ch.Status
		statusChanged = true
	}
	return statusChanged, nil
}
