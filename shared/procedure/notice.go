package procedure

import (
	"fmt"
	"time"
)

// Notice types (contract, "Notifications": a closed list). NoticeTermEnded names the end
// of a term in notice ids only; such a notice goes out with type reminder, the contract's
// nearest type, so the portal's list of types stays the contract's.
const (
	NoticeStatusChanged = "status_changed"
	NoticeStepStarted   = "step_started"
	NoticeReminder      = "reminder"
	NoticeOverdue       = "overdue"
	NoticeIncluded      = "included"
	NoticeExcluded      = "excluded"
	NoticeAdmin         = "admin"
	NoticeTermEnded     = "term_ended"
)

// noticeID is deterministic so that a retried write or a repeated firing names the same
// notice and the outbox's conditional put drops the duplicate.
func noticeID(a *Application, kind, detail string) string {
	if detail == "" {
		return fmt.Sprintf("%s.v%d.%s", a.ID, a.Version, kind)
	}
	return fmt.Sprintf("%s.%s.%s", a.ID, detail, kind)
}

func label(a *Application) string {
	return fmt.Sprintf("application %s (%s, %q)", a.ID, a.Procedure, a.Object.Name)
}

// statusNotice tells the applicant organisation of every status change (contract).
func statusNotice(p *Procedure, a *Application, from Status, now time.Time) Notice {
	body := fmt.Sprintf("The status of %s changed from %s to %s.", label(a), from, a.Status)
	if from == "" {
		body = fmt.Sprintf("%s was opened in status %s.", label(a), a.Status)
	}
	if a.Decision != nil && len(a.Decision.Grounds) > 0 {
		body += fmt.Sprintf(" Grounds (002 ¶7): %v. Reasons: %v.", a.Decision.Grounds, a.Decision.Reasons)
	}
	return Notice{ID: noticeID(a, NoticeStatusChanged, ""), Type: NoticeStatusChanged, At: now,
		ApplicationID: a.ID, Procedure: p.ID, Basis: p.Basis,
		To:      []Recipient{{Org: a.Org}},
		Subject: fmt.Sprintf("[%s] %s: %s", p.ID, a.Object.Name, a.Status), Body: body}
}

// stepNotice tells the role that owes a step that it has started, with its due date.
func stepNotice(p *Procedure, a *Application, st Step, now time.Time) Notice {
	n := Notice{ID: noticeID(a, NoticeStepStarted, ""), Type: NoticeStepStarted, At: now,
		ApplicationID: a.ID, Procedure: p.ID, Step: string(st.Status), Basis: st.Basis,
		To:      []Recipient{{Role: st.Owner}},
		Subject: fmt.Sprintf("[%s] %s: to %s", p.ID, a.Object.Name, st.Title)}
	n.Body = fmt.Sprintf("%s awaits you: %s.", label(a), st.Title)
	if cl, ok := a.Clock(string(st.Status)); ok {
		n.DueDate = cl.DueDate
		switch cl.State {
		case Unscheduled:
			n.Body += " Its due date cannot be computed yet: " + cl.Problem + "."
		default:
			n.Body += fmt.Sprintf(" Due by the end of %s (%s, %d %s, calendar %s).",
				cl.DueDate, st.Basis, st.Limit.N, limitWords(st.Limit.Kind), cl.Calendar)
		}
	} else {
		n.Body += fmt.Sprintf(" The rules set no time limit for it (%s).", st.Basis)
	}
	return n
}

func limitWords(k LimitKind) string {
	switch k {
	case WorkingDays:
		return "working days"
	case CalendarDays:
		return "calendar days"
	}
	return "months"
}

func outcomeNotice(p *Procedure, a *Application, o Outcome, now time.Time) Notice {
	to := make([]Recipient, 0, len(o.Notify))
	for _, r := range o.Notify {
		to = append(to, Recipient{Role: r})
	}
	return Notice{ID: noticeID(a, o.Notice, ""), Type: o.Notice, At: now,
		ApplicationID: a.ID, Procedure: p.ID, Basis: o.Basis, To: to,
		Subject: fmt.Sprintf("[%s] %s: %s", p.ID, a.Object.Name, o.Status),
		Body:    fmt.Sprintf("Object %s (%s) of %s: %s, under %s.", a.Object.Name, a.Object.ID, a.Org, o.Status, o.Basis)}
}

func adminNotice(p *Procedure, a *Application, cl Clock, now time.Time) Notice {
	return Notice{ID: fmt.Sprintf("%s.%s.admin.%s", a.ID, cl.Step, now.Format("2006-01-02")), Type: NoticeAdmin, At: now,
		ApplicationID: a.ID, Procedure: p.ID, Step: cl.Step, Basis: cl.Basis,
		To:      []Recipient{{Role: Admin}},
		Subject: fmt.Sprintf("[%s] calendar year missing for %s", p.ID, cl.Step),
		Body: fmt.Sprintf("The clock of step %s of %s cannot be scheduled: %s. Load the calendar year (see the README).",
			cl.Step, label(a), cl.Problem)}
}

// ClockRef is a clock together with what a notice about it must say, as the due index
// stores it, so a sweep can fire it without reading the application.
type ClockRef struct {
	AppID      string
	Org        string
	Procedure  string
	ObjectName string
	Clock      Clock
}

// Fire applies the clock's pending firing if its moment has come. It returns the clock
// as it now is and the notices to send; fired is false when nothing was due. A reminder
// whose due moment has also passed is skipped for the overdue notice: a late reminder
// would only be noise.
func Fire(r ClockRef, now time.Time) (next Clock, notices []Notice, fired Firing) {
	cl := r.Clock
	if cl.State != Running || cl.NextAt == nil || now.Before(*cl.NextAt) {
		return cl, nil, FireNone
	}
	a := &Application{ID: r.AppID, Org: r.Org, Procedure: r.Procedure, Object: Object{Name: r.ObjectName}}
	p, _ := Lookup(r.Procedure)
	title := cl.Step
	if p != nil {
		if st, ok := p.Step(Status(cl.Step)); ok {
			title = st.Title
		}
	}
	due := ""
	if cl.DueAt != nil {
		due = cl.DueDate
	}
	base := Notice{At: now.UTC(), ApplicationID: r.AppID, Procedure: r.Procedure, Step: cl.Step, DueDate: due, Basis: cl.Basis}
	kind := cl.Next
	if kind == FireReminder && cl.DueAt != nil && !now.Before(*cl.DueAt) {
		kind = FireOverdue
	}
	switch kind {
	case FireReminder:
		n := base
		n.ID, n.Type = noticeID(a, NoticeReminder, cl.Step), NoticeReminder
		n.To = []Recipient{{Role: cl.Owner}}
		n.Subject = fmt.Sprintf("[%s] %s: due %s", r.Procedure, r.ObjectName, due)
		n.Body = fmt.Sprintf("One working day is left to %s for %s: due by the end of %s (%s).", title, label(a), due, cl.Basis)
		cl.Next, cl.NextAt = FireOverdue, cl.DueAt
		return cl, []Notice{n}, FireReminder
	case FireOverdue:
		n := base
		n.ID, n.Type = noticeID(a, NoticeOverdue, cl.Step), NoticeOverdue
		n.To = []Recipient{{Role: cl.Owner}, {Org: r.Org}}
		n.Subject = fmt.Sprintf("[%s] %s: overdue since the end of %s", r.Procedure, r.ObjectName, due)
		n.Body = fmt.Sprintf("The step %q of %s was due by the end of %s (%s) and is overdue.", title, label(a), due, cl.Basis)
		t := now.UTC()
		cl.State, cl.OverdueAt, cl.Next, cl.NextAt = Overdue, &t, FireNone, nil
		return cl, []Notice{n}, FireOverdue
	case FireTermEnd:
		n := base
		n.ID, n.Type = noticeID(a, NoticeTermEnded, cl.Step), NoticeReminder
		n.To = []Recipient{{Org: r.Org}}
		if p != nil {
			for _, t := range p.Terms {
				if t.Name == cl.Step {
					for _, role := range t.Notify {
						n.To = append(n.To, Recipient{Role: role})
					}
				}
			}
		}
		n.Subject = fmt.Sprintf("[%s] %s: %s ended on %s", r.Procedure, r.ObjectName, cl.Step, due)
		n.Body = fmt.Sprintf("The term %s of %s ended with %s (%s).", cl.Step, label(a), due, cl.Basis)
		t := now.UTC()
		cl.State, cl.CompletedAt, cl.Next, cl.NextAt = Met, &t, FireNone, nil
		return cl, []Notice{n}, FireTermEnd
	}
	return cl, nil, FireNone
}

// Reschedule retries an unscheduled clock after a calendar year may have been loaded.
// It reports whether the clock now has a due date; the admin notice repeats (once a day,
// by its id) while it has none.
func Reschedule(r ClockRef, now time.Time) (Clock, []Notice, error) {
	cl := r.Clock
	if cl.State != Unscheduled || cl.CompletedAt != nil {
		return cl, nil, nil // only an open, unscheduled clock is retried
	}
	from := ""
	if cl.Term {
		from = cl.FromDate
	}
	if err := Schedule(&cl, r.country(), from, now); err != nil {
		return r.Clock, nil, err
	}
	if cl.State == Unscheduled {
		p, _ := Lookup(r.Procedure)
		if p == nil {
			return cl, nil, nil
		}
		a := &Application{ID: r.AppID, Org: r.Org, Procedure: r.Procedure, Object: Object{Name: r.ObjectName}}
		return cl, []Notice{adminNotice(p, a, cl, now.UTC())}, nil
	}
	return cl, nil, nil
}

// country returns the calendar the clock counts on.
func (r ClockRef) country() string {
	if r.Clock.Calendar != "" {
		return r.Clock.Calendar
	}
	if p, ok := Lookup(r.Procedure); ok {
		return p.Country
	}
	return ""
}
