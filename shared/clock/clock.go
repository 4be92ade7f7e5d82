// Package clock is the one model of legal time limits (architecture principle 4): a rule
// declares how a limit is counted (working days, calendar days or months on a national
// calendar, from the day a step starts, from a date that may not exist yet, to a fixed or
// an annual date), and a Clock is one instance of a rule for one owner and one round. The
// package schedules a clock on its calendar and decides what a due clock does when it
// fires (a reminder, an overdue marking, the end of a term, and any gate consequence
// declared with it). It is pure: the store claims each firing with one conditional write.
package clock

import (
	"fmt"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
)

// LimitKind says how a time limit is counted.
type LimitKind string

// The kinds of limit the seeds use.
const (
	WorkingDays  LimitKind = "working_days"  // e.g. 002 ¶5: five working days
	CalendarDays LimitKind = "calendar_days" // e.g. 003 Order §2: ten calendar days
	Months       LimitKind = "months"        // e.g. 003 §12: three months; 000 §6.1: two months
	NoLimit      LimitKind = "none"          // the seed sets no limit
)

// Limit is a legal time limit; the zero Limit means the seed sets none.
type Limit struct {
	Kind LimitKind `json:"kind"`
	N    int       `json:"n"`
}

// None reports whether the seed sets no limit.
func (l Limit) None() bool { return l.N == 0 || l.Kind == NoLimit || l.Kind == "" }

// Words says the limit in words, for notices.
func (l Limit) Words() string {
	switch l.Kind {
	case WorkingDays:
		return fmt.Sprintf("%d working days", l.N)
	case CalendarDays:
		return fmt.Sprintf("%d calendar days", l.N)
	case Months:
		if l.N == 1 {
			return "1 month"
		}
		return fmt.Sprintf("%d months", l.N)
	}
	return "no time limit"
}

// Kind is what a clock watches.
type Kind string

// The kinds of clock.
const (
	// Step: a role owes an action in a step; reminded the working day before the due
	// date, marked overdue once after it, stopped when the step is left.
	Step Kind = "step"
	// Deadline: an obligation with a due date that is not a step of a review (000 §6.1, a
	// recommendation's due date, a measure's end): overdue once after the due date.
	Deadline Kind = "deadline"
	// Term: a period that runs and ends (003 §12 free term, 003 §16 9) warranty): it is
	// not owed; when it ends the parties are told once.
	Term Kind = "term"
)

// State is where a clock stands.
type State string

// The states of a clock.
const (
	Pending     State = "pending"     // the date it counts from does not exist yet (000: D is blank)
	Running     State = "running"     // counting
	Met         State = "met"         // stopped in time, or a term that ended
	Overdue     State = "overdue"     // past its due moment while still owed
	Unscheduled State = "unscheduled" // the due date falls in a calendar year that is not loaded
)

// Firing is the next thing a running clock will do when its moment comes.
type Firing string

// The firings.
const (
	FireNone     Firing = ""
	FireReminder Firing = "reminder"
	FireOverdue  Firing = "overdue"
	FireTermEnd  Firing = "term_ended"
)

// Owner names the record a clock belongs to, e.g. {application, 01J...}.
type Owner struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Owner kinds used by the store's keys and the sweep's consequences.
const (
	OwnerApplication = "application"
	OwnerObject      = "object"
	OwnerOrg         = "org"
)

// Clock is one instance of a clock rule for one owner and one round. Its JSON is the
// contract's clock ("step", "startedAt", "dueAt", "workingDays", "calendar", "state",
// "completedAt"; part two adds "round").
type Clock struct {
	Rule        string     `json:"step"` // the rule's name; for a step clock, the step's status
	Round       int        `json:"round"`
	Kind        Kind       `json:"kind"`
	Owes        actor.Role `json:"owner,omitempty"` // the role that owes a step or deadline
	Basis       string     `json:"basis"`
	Title       string     `json:"title,omitempty"` // what is owed or watched, for notices
	Limit       Limit      `json:"limit"`
	WorkingDays int        `json:"workingDays,omitempty"` // contract field; set when Limit counts working days
	Calendar    string     `json:"calendar"`
	StartedAt   time.Time  `json:"startedAt"`
	FromDate    string     `json:"fromDate,omitempty"` // day 0 of the count, in the calendar's zone
	DueDate     string     `json:"dueDate,omitempty"`
	DueAt       *time.Time `json:"dueAt"`
	RemindAt    *time.Time `json:"remindAt,omitempty"`
	State       State      `json:"state"`
	CompletedAt *time.Time `json:"completedAt"`
	OverdueAt   *time.Time `json:"overdueAt,omitempty"`
	Problem     string     `json:"problem,omitempty"` // why a clock is unscheduled or pending
	Term        bool       `json:"term,omitempty"`    // a term owes no action; it only ends

	// Count is how the due date is derived; kept with the clock so a sweep can schedule
	// and fire it without the declaration that made it.
	Count Count `json:"count"`
	// Notify are told besides the owner org when the clock fires.
	Notify []Party `json:"notify,omitempty"`
	// Gate is the consequence the clock's overdue or end firing applies, if any.
	Gate *Gate `json:"gate,omitempty"`
	// RemindType is the reminder's notice type when it is not "reminder".
	RemindType string `json:"remindType,omitempty"`

	Next   Firing     `json:"-"`
	NextAt *time.Time `json:"-"`
}

// Party is a recipient of a clock's notices: a role, or a fixed organisation.
type Party struct {
	Role actor.Role `json:"role,omitempty"`
	Org  string     `json:"org,omitempty"`
}

// Open reports whether the clock still counts (or waits to count).
func (c Clock) Open() bool { return c.CompletedAt == nil && c.State != Met }

// Key is the clock's identity within its owner: rule and round.
func (c Clock) Key() string { return Key(c.Rule, c.Round) }

// Key is the identity of a clock instance within its owner.
func Key(rule string, round int) string { return fmt.Sprintf("%s#%03d", rule, round) }

// Stop ends a clock when what it watches is done. A clock that went overdue stays
// overdue (it was late, and the trail says so); a running or pending one is met.
func (c *Clock) Stop(now time.Time) {
	t := now.UTC()
	c.CompletedAt = &t
	switch c.State {
	case Running, Pending, Unscheduled:
		c.State = Met
	}
	c.Next, c.NextAt = FireNone, nil
}

// Resume starts a pending clock once the date it counts from exists (000: D is set).
// It reports whether the clock changed.
func (c *Clock) Resume(day0 string, now time.Time) (bool, error) {
	if c.State != Pending || day0 == "" {
		return false, nil
	}
	c.FromDate = day0
	if err := Schedule(c, now); err != nil {
		return false, err
	}
	return true, nil
}
