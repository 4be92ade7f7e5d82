package clock

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
)

// Anchor says where a count starts.
type Anchor string

// The anchors.
const (
	// FromEntry: day 0 is the day the clock starts, in the calendar's zone (the contract's
	// "the receipt day is day 0").
	FromEntry Anchor = "entry"
	// FromDate: day 0 is a date of the owner named by Count.Field (e.g. the Agreement date
	// of 003 §12, or the adoption date D of seed 000). While that date does not exist the
	// clock is Pending: it has no due date and never fires.
	FromDate Anchor = "date"
	// OnDate: due on the fixed date Count.Date (e.g. 000 §4: 30.12.2021).
	OnDate Anchor = "fixed"
	// Annually: due on the month-day Count.Date ("02-01") first following day 0 (001 S3:
	// the report for a year is due on 1 February of the next year).
	Annually Anchor = "annual"
)

// MonthEnd says what "N months later" is when that month has no such day.
type MonthEnd string

// The month-end rules.
const (
	// Clamp: the same day of the month, or the month's last day when it has none
	// (31 January + 1 month = 28 or 29 February). The default, and what the contract
	// states for the Latvian decision and what 003 §12 is read as.
	Clamp MonthEnd = "clamp"
	// Overflow: the days the short month lacks run on into the next (31 January + 1 month
	// = 3 March, or 2 March in a leap year), as some codes count.
	Overflow MonthEnd = "overflow"
)

// Roll says what happens to a due date that falls on a day off.
type Roll string

// The roll rules.
const (
	NoRoll         Roll = ""                 // the due date stays (a term of free use, a month term)
	NextWorkingDay Roll = "next_working_day" // moved to the next working day
)

// Count is how a clock's due date is derived.
type Count struct {
	Anchor   Anchor   `json:"anchor"`
	Field    string   `json:"field,omitempty"` // FromDate: which date of the owner is day 0
	Limit    Limit    `json:"limit"`
	MonthEnd MonthEnd `json:"monthEnd,omitempty"`
	Roll     Roll     `json:"roll,omitempty"`
	// Remind, when set, sends a reminder that long before the due date (at 09:00 local);
	// a step or deadline counted in working days is reminded the working day before by
	// default.
	Remind *Limit `json:"remind,omitempty"`
	// Date is the fixed due date (OnDate, YYYY-MM-DD) or the month-day (Annually, MM-DD).
	Date string `json:"date,omitempty"`
}

// Check reports what is wrong with a count, for declarations checked at start-up.
func (c Count) Check() error {
	var errs []error
	switch c.Anchor {
	case FromEntry, "":
	case FromDate:
		if c.Field == "" {
			errs = append(errs, errors.New("a count from a date names the date (Field)"))
		}
	case OnDate:
		if _, err := calendar.ParseDate(c.Date); err != nil {
			errs = append(errs, fmt.Errorf("a fixed due date must be YYYY-MM-DD: %w", err))
		}
	case Annually:
		if _, _, err := monthDay(c.Date); err != nil {
			errs = append(errs, err)
		}
	default:
		errs = append(errs, fmt.Errorf("unknown anchor %q", c.Anchor))
	}
	if c.Anchor != OnDate && c.Anchor != Annually {
		switch c.Limit.Kind {
		case WorkingDays, CalendarDays, Months:
			if c.Limit.N <= 0 {
				errs = append(errs, fmt.Errorf("limit %s needs a positive number", c.Limit.Kind))
			}
		default:
			errs = append(errs, fmt.Errorf("limit kind %q cannot be counted", c.Limit.Kind))
		}
	}
	switch c.MonthEnd {
	case "", Clamp, Overflow:
	default:
		errs = append(errs, fmt.Errorf("unknown month-end rule %q", c.MonthEnd))
	}
	switch c.Roll {
	case NoRoll, NextWorkingDay:
	default:
		errs = append(errs, fmt.Errorf("unknown roll rule %q", c.Roll))
	}
	if c.Remind != nil && (c.Remind.N <= 0 || c.Remind.Kind == NoLimit) {
		errs = append(errs, errors.New("a reminder needs a positive lead time"))
	}
	return errors.Join(errs...)
}

func monthDay(s string) (time.Month, int, error) {
	d, err := calendar.ParseDate("2000-" + s) // a leap year admits 02-29
	if err != nil || len(s) != 5 || strings.Count(s, "-") != 1 {
		return 0, 0, fmt.Errorf("an annual date must be MM-DD, not %q", s)
	}
	return d.Month, d.Day, nil
}

// AddMonths adds n calendar months to d under the month-end rule.
func AddMonths(d calendar.Date, n int, rule MonthEnd) calendar.Date {
	if rule != Overflow {
		return calendar.AddMonths(d, n)
	}
	first := calendar.AddMonths(calendar.Date{Year: d.Year, Month: d.Month, Day: 1}, n)
	return first.AddDays(d.Day - 1)
}

// reminderHour is when, in the country's zone, a reminder goes out: at the start of
// office hours rather than at midnight.
const reminderHour = 9

// Schedule computes a clock's due date and moments on its calendar from its Count and
// day 0 (FromDate, or the day it started). A due date in a year that is not loaded leaves
// the clock Unscheduled, never guessed (contract, "Deadlines"); a count from a date that
// does not exist yet leaves it Pending.
func Schedule(cl *Clock, now time.Time) error {
	cal, err := calendar.For(cl.Calendar)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", cl.Rule, err)
	}
	if cl.Limit.Kind == WorkingDays {
		cl.WorkingDays = cl.Limit.N
	}
	cl.Term = cl.Kind == Term
	if cl.FromDate == "" {
		if cl.Count.Anchor == FromDate {
			cl.State, cl.Problem = Pending, "waits for "+cl.Count.Field
			cl.DueDate, cl.DueAt, cl.RemindAt, cl.Next, cl.NextAt = "", nil, nil, FireNone, nil
			return nil
		}
		cl.FromDate = calendar.DateOf(cl.StartedAt, cal.Location()).String()
	}
	day0, err := calendar.ParseDate(cl.FromDate)
	if err != nil {
		return fmt.Errorf("schedule %s: day 0: %w", cl.Rule, err)
	}
	due, err := dueDate(cal, cl.Count, day0)
	if err == nil && cl.Count.Roll == NextWorkingDay {
		due, err = nextWorkingDay(cal, due)
	}
	if err == nil {
		_, err = cal.IsWorkingDay(due) // fails closed outside the loaded years
	}
	if err != nil {
		if errors.Is(err, calendar.ErrYearNotLoaded) {
			cl.State, cl.Problem = Unscheduled, err.Error()
			cl.DueDate, cl.DueAt, cl.RemindAt, cl.Next, cl.NextAt = "", nil, nil, FireNone, nil
			return nil
		}
		return fmt.Errorf("schedule %s: %w", cl.Rule, err)
	}
	dueAt := cal.EndOfDay(due)
	cl.State, cl.Problem = Running, ""
	cl.DueDate, cl.DueAt = due.String(), &dueAt
	cl.RemindAt = nil
	if r, ok := remindDay(cal, cl, day0, due); ok {
		at := time.Date(r.Year, r.Month, r.Day, reminderHour, 0, 0, 0, cal.Location()).UTC()
		cl.RemindAt = &at
	}
	end := FireOverdue
	if cl.Kind == Term {
		end = FireTermEnd
	}
	if cl.RemindAt != nil && now.Before(*cl.RemindAt) {
		cl.Next, cl.NextAt = FireReminder, cl.RemindAt
	} else {
		cl.Next, cl.NextAt = end, cl.DueAt
	}
	return nil
}

func dueDate(cal *calendar.Calendar, c Count, day0 calendar.Date) (calendar.Date, error) {
	switch c.Anchor {
	case OnDate:
		return calendar.ParseDate(c.Date)
	case Annually:
		m, d, err := monthDay(c.Date)
		if err != nil {
			return calendar.Date{}, err
		}
		due := calendar.Date{Year: day0.Year, Month: m, Day: d}
		if !due.After(day0) {
			due.Year++
		}
		return due, nil
	}
	switch c.Limit.Kind {
	case WorkingDays:
		return cal.AddWorkingDays(day0, c.Limit.N)
	case CalendarDays:
		return cal.AddCalendarDays(day0, c.Limit.N)
	case Months:
		return AddMonths(day0, c.Limit.N, c.MonthEnd), nil
	}
	return calendar.Date{}, fmt.Errorf("limit kind %q cannot be counted", c.Limit.Kind)
}

func nextWorkingDay(cal *calendar.Calendar, d calendar.Date) (calendar.Date, error) {
	for i := 0; i < 370; i++ {
		ok, err := cal.IsWorkingDay(d)
		if err != nil || ok {
			return d, err
		}
		d = d.AddDays(1)
	}
	return d, fmt.Errorf("no working day within a year of %s", d)
}

// remindDay is the day a reminder goes out, if any: the declared lead time before the due
// date, or by default, for what is owed in working days, the working day before it. A
// reminder that would fall on or before day 0 is not sent: the count is too short for it.
func remindDay(cal *calendar.Calendar, cl *Clock, day0, due calendar.Date) (calendar.Date, bool) {
	lead := cl.Count.Remind
	if lead == nil {
		if cl.Kind == Term || cl.Limit.Kind != WorkingDays {
			return calendar.Date{}, false
		}
		lead = &Limit{Kind: WorkingDays, N: 1}
	}
	var r calendar.Date
	var err error
	switch lead.Kind {
	case WorkingDays:
		r, err = cal.WorkingDaysBefore(due, lead.N)
	case CalendarDays:
		r = due.AddDays(-lead.N)
	case Months:
		r = AddMonths(due, -lead.N, cl.Count.MonthEnd)
	default:
		return calendar.Date{}, false
	}
	if err != nil || !r.After(day0) {
		return calendar.Date{}, false
	}
	return r, true
}
