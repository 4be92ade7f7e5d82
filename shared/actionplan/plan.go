// Package actionplan is the tracking of Latvia's open-government action plan (seed 001):
// plans with their period, measures with a single responsible organisation, co-owners,
// a window and a definition of done (the nine worksheet columns of 001 S6), their status
// and progress log, risks as an early warning, observers' opinions, the annual
// implementation reports due on 1 February (001 S3), frozen as snapshots, and the plan as
// open data. It is pure: the store keeps the records and clocks, the sweep fires them.
package actionplan

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
)

// Clock owner kinds: a plan owns its annual report clocks, a measure its end clock; their
// notices name them (contract part two: "ref":{"kind":"plan"|"measure"}).
const (
	OwnerPlan    = "plan"
	OwnerMeasure = "measure"
)

// Country is whose calendar and zone count: Europe/Riga.
const Country = "LV"

// Bounds on what a plan holds.
const (
	MaxTitle       = 1000
	MaxText        = 4000
	MaxCoOwners    = 20
	MaxPeriodYears = 10
	MaxRisks       = 50
	MaxDelayDays   = 3650
)

// Period is a plan's period, e.g. 2020–2021 (001 S1).
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Plan is an action plan, coordinated by the State Chancellery (001 S1, S3).
type Plan struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Period    Period    `json:"period"`
	Org       string    `json:"org"` // the coordinator's organisation
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy string    `json:"createdBy"`
}

// NewPlan is the body of POST /v1/plans.
type NewPlan struct {
	Title  string  `json:"title"`
	Period *Period `json:"period"`
}

// Decide checks a new plan and makes it. Dates as YYYY-MM-DD or DD.MM.YYYY, strictly.
func (n NewPlan) Decide(id string, c actor.Caller, now time.Time) (*Plan, error) {
	var fs []fault.Field
	if r := checkText(n.Title, MaxTitle, true); r != "" {
		fs = append(fs, fault.Field{Field: "title", Reason: r})
	}
	p := &Plan{ID: id, Title: strings.TrimSpace(n.Title), Org: c.Org, Version: 1, CreatedAt: now.UTC(), CreatedBy: c.Sub}
	if n.Period == nil {
		fs = append(fs, fault.Field{Field: "period", Reason: "required: {from, to} (001 S1: the plan's period)"})
	} else {
		from, err1 := calendar.ParseLatvianOrISO(n.Period.From)
		to, err2 := calendar.ParseLatvianOrISO(n.Period.To)
		switch {
		case err1 != nil:
			fs = append(fs, fault.Field{Field: "period.from", Reason: "must be a date YYYY-MM-DD (or DD.MM.YYYY)"})
		case err2 != nil:
			fs = append(fs, fault.Field{Field: "period.to", Reason: "must be a date YYYY-MM-DD (or DD.MM.YYYY)"})
		case to.Before(from):
			fs = append(fs, fault.Field{Field: "period.to", Reason: "before period.from"})
		case to.Year-from.Year >= MaxPeriodYears:
			fs = append(fs, fault.Field{Field: "period.to", Reason: fmt.Sprintf("a plan runs at most %d years", MaxPeriodYears)})
		default:
			p.Period = Period{From: from.String(), To: to.String()}
		}
	}
	if len(fs) > 0 {
		return nil, fault.WithFields(fault.Unprocessable, "the plan is not valid", fs...)
	}
	return p, nil
}

// Years are the years the plan's period touches: one implementation report each (001 S3:
// for 2020 and for 2021).
func (p *Plan) Years() []int {
	from, _ := calendar.ParseDate(p.Period.From)
	to, _ := calendar.ParseDate(p.Period.To)
	var out []int
	for y := from.Year; y <= to.Year && y > 0; y++ {
		out = append(out, y)
	}
	return out
}

// ReportRule is 001 S3: the report on the implementation of the plan's measures for a
// year is due on 1 February of the next year (for 2020 – 01.02.2021, for 2021 –
// 01.02.2022). The coordinator owes it, is reminded with report_due on the LV working day
// before, and is told once if it is not made by the end of that day.
func ReportRule(year int) clock.Rule {
	return clock.Rule{Name: fmt.Sprintf("report_%d", year), Kind: clock.Deadline, Owes: actor.Coordinator,
		Count:        clock.Count{Anchor: clock.Annually, Date: "02-01", Remind: &clock.Limit{Kind: clock.WorkingDays, N: 1}},
		ReminderType: notify.ReportDue, Basis: "001 S3",
		Title: fmt.Sprintf("the report on the implementation of the plan's measures for %d", year)}
}

// ReportClock is the clock of a year's report, counted from the year's last day.
func ReportClock(year int, now time.Time) (clock.Clock, error) {
	return ReportRule(year).Start(Country, 1, now, fmt.Sprintf("%04d-12-31", year))
}

func checkText(s string, max int, required bool) string {
	switch {
	case strings.TrimSpace(s) == "" && required:
		return "required"
	case len(s) > max:
		return fmt.Sprintf("longer than %d bytes", max)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		return "contains control characters"
	}
	return ""
}

func validOrg(field, org string, fs *[]fault.Field) {
	if !consolidation.ValidID(org) {
		*fs = append(*fs, fault.Field{Field: field, Reason: "not an organisation id (lower-case letters, digits and hyphens)"})
	}
}

func uniqueOrgs(field string, orgs []string, owner string, fs *[]fault.Field) []string {
	out := []string{}
	if len(orgs) > MaxCoOwners {
		*fs = append(*fs, fault.Field{Field: field, Reason: fmt.Sprintf("at most %d", MaxCoOwners)})
		return out
	}
	for i, o := range orgs {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case !consolidation.ValidID(o):
			*fs = append(*fs, fault.Field{Field: f, Reason: "not an organisation id"})
		case o == owner:
			*fs = append(*fs, fault.Field{Field: f, Reason: "is the single responsible institution itself (001 S6)"})
		case slices.Contains(out, o):
			*fs = append(*fs, fault.Field{Field: f, Reason: "repeats " + o})
		default:
			out = append(out, o)
		}
	}
	return out
}
