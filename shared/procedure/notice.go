package procedure

import (
	"fmt"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/notify"
)

// noticeID is deterministic so that a retried write names the same notice and the
// notifier's conditional puts drop the duplicate.
func noticeID(a *Application, kind string) string {
	return fmt.Sprintf("%s.v%d.%s", a.ID, a.Version, kind)
}

func label(a *Application) string {
	if a.Object != nil {
		return fmt.Sprintf("application %s (%s, %q)", a.ID, a.Procedure, a.Object.Name)
	}
	return fmt.Sprintf("application %s (%s)", a.ID, a.Procedure)
}

func subjectName(a *Application) string {
	if a.Object != nil {
		return a.Object.Name
	}
	return a.ID
}

// recipient addresses a role: an organisation-scoped role (applicant, supplier) reaches
// the organisation that holds it for this application, the others everyone in the role.
func recipient(a *Application, r actor.Role) notify.Recipient {
	switch r {
	case actor.Applicant:
		return notify.Recipient{Org: a.Org}
	case actor.Supplier:
		return notify.Recipient{Org: a.Parties["supplier"]}
	}
	return notify.Recipient{Role: r}
}

// statusNotice tells the owner organisation of every status change (contract); typ
// overrides status_changed for an outcome that asks for more (revision_requested).
func statusNotice(p *Procedure, a *Application, from Status, now time.Time, typ string) notify.Notice {
	if typ == "" {
		typ = notify.StatusChanged
	}
	body := fmt.Sprintf("The status of %s changed from %s to %s.", label(a), from, a.Status)
	if from == "" {
		body = fmt.Sprintf("%s was opened in status %s.", label(a), a.Status)
	}
	to := []notify.Recipient{{Org: a.Org}}
	for role, org := range a.Parties {
		if role != "" && org != "" {
			to = append(to, notify.Recipient{Org: org})
		}
	}
	return notify.Notice{ID: noticeID(a, typ), Type: typ, At: now, ApplicationID: a.ID, Procedure: p.ID,
		Round: a.Round, Basis: p.Basis, To: to, Calendar: p.Country,
		Subject: fmt.Sprintf("[%s] %s: %s", p.ID, subjectName(a), a.Status), Body: body}
}

// stepNotice tells the role that owes a step that it has started, with its due date.
func stepNotice(p *Procedure, a *Application, st Step, now time.Time) notify.Notice {
	n := notify.Notice{ID: noticeID(a, notify.StepStarted), Type: notify.StepStarted, At: now,
		ApplicationID: a.ID, Procedure: p.ID, Step: string(st.Status), Round: a.Round, Basis: st.Basis,
		Calendar: p.Country, To: []notify.Recipient{recipient(a, st.Owner)},
		Subject: fmt.Sprintf("[%s] %s: to %s", p.ID, subjectName(a), st.Title)}
	n.Body = fmt.Sprintf("%s awaits you: %s.", label(a), st.Title)
	if cl, ok := a.Clock(string(st.Status)); ok && cl.Round == a.Round {
		n.DueDate = cl.DueDate
		switch cl.State {
		case clock.Unscheduled:
			n.Body += " Its due date cannot be computed yet: " + cl.Problem + "."
		default:
			n.Body += fmt.Sprintf(" Due by the end of %s (%s, %s, calendar %s).", cl.DueDate, st.Basis, cl.Limit.Words(), cl.Calendar)
		}
	} else {
		n.Body += fmt.Sprintf(" The rules set no time limit for it (%s).", st.Basis)
	}
	return n
}

func outcomeNotice(p *Procedure, a *Application, o Outcome, now time.Time) notify.Notice {
	to := make([]notify.Recipient, 0, len(o.Notify))
	for _, r := range o.Notify {
		to = append(to, recipient(a, r))
	}
	what := ""
	if a.Object != nil {
		what = fmt.Sprintf("Object %s (%s) of %s", a.Object.Name, a.Object.ID, a.Org)
	} else {
		what = fmt.Sprintf("Application %s of %s", a.ID, a.Org)
	}
	return notify.Notice{ID: noticeID(a, o.Notice), Type: o.Notice, At: now, ApplicationID: a.ID, Procedure: p.ID,
		Round: a.Round, Basis: o.Basis, To: to, Calendar: p.Country,
		Subject: fmt.Sprintf("[%s] %s: %s", p.ID, subjectName(a), o.Status),
		Body:    fmt.Sprintf("%s: %s, under %s.", what, o.Status, o.Basis)}
}

// Titles names a procedure and one of its steps, for e-mails (notify.Titles).
type Titles struct{}

// Titles implements notify.Titles from the declarations.
func (Titles) Titles(procedure, step string) (string, string) {
	p, ok := Lookup(procedure)
	if !ok {
		return "", ""
	}
	st, _ := p.Step(Status(step))
	return p.Title, st.Title
}
