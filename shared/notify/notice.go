package notify

import (
	"time"

	"github.com/ictgov/ictgov/shared/actor"
)

// Notice types (contract, "Notifications" and part two, "Notice types, added"): a closed
// list, so a portal can name each one in its own language.
const (
	StatusChanged     = "status_changed"
	StepStarted       = "step_started"
	Reminder          = "reminder"
	Overdue           = "overdue"
	Included          = "included"
	Excluded          = "excluded"
	Admin             = "admin"
	RevisionRequested = "revision_requested"
	TermEnded         = "term_ended"
	Freeze            = "freeze"
	ReportDue         = "report_due"
	RiskWarning       = "risk_warning"
)

// Types lists every notice type of the contract.
var Types = []string{StatusChanged, StepStarted, Reminder, Overdue, Included, Excluded, Admin,
	RevisionRequested, TermEnded, Freeze, ReportDue, RiskWarning}

// Recipient is whom a notice is addressed to: an organisation, or everyone holding a role.
type Recipient struct {
	Org  string     `json:"org,omitempty"`
	Role actor.Role `json:"role,omitempty"`
}

// Key is the inbox a recipient reads: "org:<id>" or "role:<name>".
func (r Recipient) Key() string {
	if r.Org != "" {
		return "org:" + r.Org
	}
	return "role:" + string(r.Role)
}

// Ref names what a notice is about when it is not an application (contract part two):
// an object, a project, a recommendation, a report, a decision, an org, a plan, a measure.
type Ref struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Notice is one notification. It travels inside the audit event of the change that made
// it (the event is the outbox), and is delivered to every recipient's inbox and by e-mail.
// Its id is deterministic, so a repeated firing or a retried write names the same notice.
type Notice struct {
	ID            string      `json:"id"`
	Type          string      `json:"type"`
	At            time.Time   `json:"at"`
	ApplicationID string      `json:"applicationId,omitempty"`
	Ref           *Ref        `json:"ref,omitempty"`
	Procedure     string      `json:"procedure,omitempty"`
	Step          string      `json:"step,omitempty"`
	Round         int         `json:"round,omitempty"`
	DueDate       string      `json:"dueDate,omitempty"`
	Calendar      string      `json:"calendar,omitempty"`
	Basis         string      `json:"basis,omitempty"`
	To            []Recipient `json:"to"`
	Subject       string      `json:"subject"`
	Body          string      `json:"body"`
}
