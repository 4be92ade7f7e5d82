package clock

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/notify"
)

// Rule declares a clock: what it watches (Kind), who owes it, how its due date is
// counted, who is told, and what its firing does besides telling (Gate). Every rule
// names its basis.
type Rule struct {
	Name   string
	Kind   Kind
	Owes   actor.Role // the role that owes a step or deadline; none for a term
	Count  Count
	Notify []Party // told besides the owner organisation when it fires
	// ReminderType is the notice type of the reminder (default "reminder"; 001's annual
	// report is reminded with "report_due").
	ReminderType string
	Gate         *GateRule
	Basis        string
	Title        string // what is owed or watched, for notices
}

// GateRule declares a consequence a clock applies when it fires overdue or ends, in the
// same conditional write as the firing, once (e.g. 000 §6.2: the investment freeze).
type GateRule struct {
	Kind  GateKind
	Name  string // the flag set, or the status a transition moves to
	Basis string
}

// GateKind is what a gate does.
type GateKind string

// The gate kinds.
const (
	// GateFlag sets a named flag on a subject (e.g. "freeze" on an organisation) with the
	// moment it took effect; the subject is named when the clock is made.
	GateFlag GateKind = "flag"
	// GateTransition moves the owner (an application) to a status of its procedure, if it
	// is still in the status the clock watched.
	GateTransition GateKind = "transition"
)

// Gate is a gate as a clock carries it: the rule with its subject resolved.
type Gate struct {
	Kind   GateKind `json:"kind"`
	Name   string   `json:"name"`
	Target Owner    `json:"target"`
	Basis  string   `json:"basis"`
}

// Check reports what is wrong with a rule, for declarations checked at start-up.
func (r Rule) Check() error {
	var errs []error
	if r.Name == "" {
		errs = append(errs, errors.New("a clock rule needs a name"))
	}
	if r.Basis == "" {
		errs = append(errs, fmt.Errorf("clock %s has no basis", r.Name))
	}
	switch r.Kind {
	case Step, Deadline:
		if r.Owes == "" {
			errs = append(errs, fmt.Errorf("clock %s: a %s is owed by a role", r.Name, r.Kind))
		}
	case Term:
	default:
		errs = append(errs, fmt.Errorf("clock %s: unknown kind %q", r.Name, r.Kind))
	}
	if err := r.Count.Check(); err != nil {
		errs = append(errs, fmt.Errorf("clock %s: %w", r.Name, err))
	}
	if g := r.Gate; g != nil {
		if g.Basis == "" || g.Name == "" || (g.Kind != GateFlag && g.Kind != GateTransition) {
			errs = append(errs, fmt.Errorf("clock %s: a gate needs a kind, a name and a basis", r.Name))
		}
	}
	return errors.Join(errs...)
}

// Start makes the rule's clock for round r, started at now on the country's calendar;
// day0, when not empty, is the date the count starts from (FromDate anchors).
func (r Rule) Start(country string, round int, now time.Time, day0 string) (Clock, error) {
	cl := Clock{Rule: r.Name, Round: round, Kind: r.Kind, Owes: r.Owes, Basis: r.Basis, Title: r.Title,
		Limit: r.Count.Limit, Calendar: country, StartedAt: now.UTC(), Count: r.Count,
		Notify: slices.Clone(r.Notify), RemindType: r.ReminderType}
	if r.Count.Anchor == FromDate || r.Count.Anchor == Annually {
		cl.FromDate = day0
	}
	if r.Gate != nil {
		cl.Gate = &Gate{Kind: r.Gate.Kind, Name: r.Gate.Name, Basis: r.Gate.Basis}
	}
	if err := Schedule(&cl, now); err != nil {
		return Clock{}, err
	}
	return cl, nil
}

// Ref is a clock with what its notices must say, as the store keeps it beside the clock,
// so that a sweep can fire it without reading its owner.
type Ref struct {
	Owner     Owner
	Org       string // the owner organisation, told of an overdue or ended clock
	Procedure string // for an application's clock: its procedure
	Label     string // how notices name the owner, e.g. `application 01J… (kz-operator-list, "E-notary")`
	Name      string // the subject's short name for subject lines, e.g. the object's name
	// Status is the owner's status the clock watches (an application's step): an overdue
	// marking or a transition gate applies only while the owner is still in it.
	Status string
	Clock  Clock
}

// Consequence is what a firing changes besides the clock itself; the store applies it in
// the firing's transaction, conditioned so that it applies at most once.
type Consequence struct {
	Kind   ConsequenceKind
	Target Owner
	Name   string    // the flag, or the status a transition moves to
	While  string    // the owner status the consequence needs (empty: any)
	Round  int       // the owner round it needs (0: any)
	At     time.Time // the moment it takes effect: the due moment, even for a late sweep
	Basis  string
	Source Owner // the clock's owner
}

// ConsequenceKind names a consequence.
type ConsequenceKind string

// The consequence kinds.
const (
	MarkOverdue ConsequenceKind = "mark_overdue" // the owner shows overdue
	SetFlag     ConsequenceKind = "flag"         // a gate's flag on a subject
	Transition  ConsequenceKind = "transition"   // a gate's system transition of the owner
)

// Outcome is what one firing does.
type Outcome struct {
	Firing       Firing
	Clock        Clock       // the clock as it now is
	Event        audit.Event // the owner's trail entry, carrying the notices
	Consequences []Consequence
}

// SweepActor records the sweep in trails.
var SweepActor = actor.SystemActor("system:deadline-check")

// Fire applies the clock's pending firing if its moment has come; ok is false when
// nothing was due. A reminder whose due moment has also passed is skipped for the overdue
// marking (or the end): a late reminder would only be noise.
func Fire(r Ref, now time.Time) (Outcome, bool) {
	cl := r.Clock
	if cl.State != Running || cl.NextAt == nil || now.Before(*cl.NextAt) {
		return Outcome{}, false
	}
	now = now.UTC()
	kind := cl.Next
	if kind == FireReminder && cl.DueAt != nil && !now.Before(*cl.DueAt) {
		kind = FireOverdue
		if cl.Kind == Term {
			kind = FireTermEnd
		}
	}
	title := cl.Title
	if title == "" {
		title = cl.Rule
	}
	base := notify.Notice{At: now, Procedure: r.Procedure, Step: cl.Rule, Round: cl.Round, DueDate: cl.DueDate,
		Calendar: cl.Calendar, Basis: cl.Basis}
	if r.Owner.Kind == OwnerApplication {
		base.ApplicationID = r.Owner.ID
	} else {
		base.Ref = &notify.Ref{Kind: r.Owner.Kind, ID: r.Owner.ID}
	}
	prefix := "[" + r.Procedure + "] "
	if r.Procedure == "" {
		prefix = "[" + r.Owner.Kind + "] "
	}
	out := Outcome{Firing: kind, Event: audit.Event{At: now, Actor: SweepActor, Type: "clock_" + string(kind),
		Round: cl.Round, Seq: "clk-" + cl.Key() + "-" + string(kind),
		Data: map[string]any{"step": cl.Rule, "round": cl.Round, "basis": cl.Basis, "dueDate": cl.DueDate}}}
	n := base
	n.ID = NoticeID(r.Owner.ID, cl, kind)
	switch kind {
	case FireReminder:
		n.Type = notify.Reminder
		if cl.RemindType != "" {
			n.Type = cl.RemindType
		}
		n.To = cl.owed(r.Org)
		if cl.Kind == Term {
			n.To = append(n.To, cl.parties()...)
		}
		n.Subject = fmt.Sprintf("%s%s: due %s", prefix, r.Name, cl.DueDate)
		n.Body = fmt.Sprintf("Reminder: %s for %s is due by the end of %s (%s).", title, r.Label, cl.DueDate, cl.Basis)
		cl.Next, cl.NextAt = FireOverdue, cl.DueAt
		if cl.Kind == Term {
			cl.Next = FireTermEnd
		}
	case FireOverdue:
		n.Type = notify.Overdue
		n.To = append(cl.owed(""), notify.Recipient{Org: r.Org})
		n.To = append(n.To, cl.parties()...)
		n.Subject = fmt.Sprintf("%s%s: overdue since the end of %s", prefix, r.Name, cl.DueDate)
		n.Body = fmt.Sprintf("%s for %s was due by the end of %s (%s) and is overdue.", capital(title), r.Label, cl.DueDate, cl.Basis)
		cl.State, cl.OverdueAt, cl.Next, cl.NextAt = Overdue, &now, FireNone, nil
		if g := cl.Gate; g != nil && g.Kind == GateTransition {
			// The gate moves the owner out of what the clock watched: the clock ends there,
			// and the owner is not left marked overdue in a step it has left.
			cl.CompletedAt = &now
		} else {
			out.Consequences = append(out.Consequences, Consequence{Kind: MarkOverdue, Target: r.Owner, While: r.Status,
				Round: cl.Round, At: *cl.DueAt, Basis: cl.Basis, Source: r.Owner})
		}
	case FireTermEnd:
		n.Type = notify.TermEnded
		n.To = append([]notify.Recipient{{Org: r.Org}}, cl.parties()...)
		n.Subject = fmt.Sprintf("%s%s: %s ended on %s", prefix, r.Name, title, cl.DueDate)
		n.Body = fmt.Sprintf("The term %q of %s ended with %s (%s).", title, r.Label, cl.DueDate, cl.Basis)
		cl.State, cl.CompletedAt, cl.Next, cl.NextAt = Met, &now, FireNone, nil
	default:
		return Outcome{}, false
	}
	if g := cl.Gate; g != nil && kind != FireReminder {
		target := g.Target
		if target.Kind == "" {
			target = r.Owner
		}
		out.Consequences = append(out.Consequences, Consequence{Kind: ConsequenceKind(g.Kind), Target: target,
			Name: g.Name, While: r.Status, Round: cl.Round, At: *cl.DueAt, Basis: g.Basis, Source: r.Owner})
	}
	n.To = uniq(n.To)
	out.Clock = cl
	out.Event.Notices = []notify.Notice{n}
	return out, true
}

// NoticeID is the id of a clock's notice: per owner, rule, round and firing, so a loop's
// second round has notices of its own and a repeated firing names the same one.
func NoticeID(owner string, cl Clock, f Firing) string {
	return fmt.Sprintf("%s.%s.r%d.%s", owner, cl.Rule, cl.Round, f)
}

// owed is who owes the clock: its role, or for a term the owner org.
func (c Clock) owed(org string) []notify.Recipient {
	if c.Owes != "" {
		return []notify.Recipient{{Role: c.Owes}}
	}
	if org != "" {
		return []notify.Recipient{{Org: org}}
	}
	return c.parties()
}

func (c Clock) parties() []notify.Recipient {
	out := make([]notify.Recipient, 0, len(c.Notify))
	for _, p := range c.Notify {
		out = append(out, notify.Recipient{Org: p.Org, Role: p.Role})
	}
	return out
}

func uniq(rs []notify.Recipient) []notify.Recipient {
	var out []notify.Recipient
	for _, r := range rs {
		if (r.Org != "" || r.Role != "") && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func capital(s string) string {
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// Reschedule retries an unscheduled clock after a calendar year may have been loaded. The
// admin notice repeats (once a day, by its id) while the clock still has no due date.
func Reschedule(r Ref, now time.Time) (Clock, []notify.Notice, error) {
	cl := r.Clock
	if cl.State != Unscheduled || cl.CompletedAt != nil {
		return cl, nil, nil // only an open, unscheduled clock is retried
	}
	if err := Schedule(&cl, now); err != nil {
		return r.Clock, nil, err
	}
	if cl.State == Unscheduled {
		return cl, []notify.Notice{AdminNotice(r, cl, now)}, nil
	}
	return cl, nil, nil
}

// AdminNotice tells admin that a clock cannot be scheduled until its calendar year is
// loaded; its id carries the day, so it goes out at most once a day.
func AdminNotice(r Ref, cl Clock, now time.Time) notify.Notice {
	n := notify.Notice{ID: fmt.Sprintf("%s.%s.r%d.admin.%s", r.Owner.ID, cl.Rule, cl.Round, now.UTC().Format("2006-01-02")),
		Type: notify.Admin, At: now.UTC(), Procedure: r.Procedure, Step: cl.Rule, Round: cl.Round, Basis: cl.Basis,
		To:      []notify.Recipient{{Role: actor.Admin}},
		Subject: fmt.Sprintf("[%s] calendar year missing for %s", r.Procedure, cl.Rule),
		Body: fmt.Sprintf("The clock %s of %s cannot be scheduled: %s. Load the calendar year (see the README).",
			cl.Rule, r.Label, cl.Problem)}
	if r.Owner.Kind == OwnerApplication {
		n.ApplicationID = r.Owner.ID
	} else {
		n.Ref = &notify.Ref{Kind: r.Owner.Kind, ID: r.Owner.ID}
	}
	return n
}
