package procedure

import (
	"time"

	"github.com/ictgov/ictgov/shared/criteria"
)

// Application is one application under a procedure, as the contract returns it.
type Application struct {
	ID             string                `json:"id"`
	Procedure      string                `json:"procedure"`
	Org            string                `json:"org"`
	Status         Status                `json:"status"`
	Version        int                   `json:"version"`
	CreatedAt      time.Time             `json:"createdAt"`
	CreatedBy      string                `json:"createdBy"`
	UpdatedAt      time.Time             `json:"updatedAt"`
	SubmittedAt    *time.Time            `json:"submittedAt"`
	Object         Object                `json:"object"`
	Criteria       criteria.Answers      `json:"criteria"`
	Score          *criteria.Score       `json:"score"`
	Recommendation *RecommendationResult `json:"recommendation"`
	Decision       *DecisionResult       `json:"decision"`
	Environment    *Environment          `json:"environment,omitempty"`
	Provision      *ProvisionResult      `json:"provision,omitempty"`
	Documents      []DocumentSummary     `json:"documents"`
	Clocks         []Clock               `json:"clocks"`
	Overdue        bool                  `json:"overdue"`
}

// Object is the informatization object an application is about. Its life-cycle stage
// lives on the registry record, not here (principle 6).
type Object struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// RecommendationResult is the SI's answer (002 ¶6).
type RecommendationResult struct {
	Architecture criteria.Architecture `json:"architecture"`
	Note         string                `json:"note"`
	At           time.Time             `json:"at"`
	By           string                `json:"by"`
}

// DecisionResult is the AB's decision (002 ¶8) with every ¶7 ground that held.
type DecisionResult struct {
	Decision string    `json:"decision"` // include | refuse | exclude
	Grounds  []string  `json:"grounds"`
	Reasons  []string  `json:"reasons"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
}

// Environment is what an environment request asks for (003 §12).
type Environment struct {
	Types         []string `json:"types"`                   // development_testing | trial_operation | testing
	AgreementRef  string   `json:"agreementRef,omitempty"`  // the Agreement (договор) the environment is provided under
	AgreementDate string   `json:"agreementDate,omitempty"` // YYYY-MM-DD; the free term counts from it
}

// EnvironmentTypes are the environments 003 §12 names.
var EnvironmentTypes = []string{"development_testing", "trial_operation", "testing"}

// ProvisionResult records the operator's provision of the environments.
type ProvisionResult struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Note string    `json:"note,omitempty"`
}

// DocumentSummary is a document as listed on its application.
type DocumentSummary struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Status string `json:"status"` // pending_upload | valid | rejected
}

// ClockState is where a step clock stands.
type ClockState string

const (
	Running     ClockState = "running"
	Met         ClockState = "met"
	Overdue     ClockState = "overdue"
	Unscheduled ClockState = "unscheduled" // the due date falls in a calendar year not loaded
)

// Firing is the next thing a running clock will do when its moment comes.
type Firing string

const (
	FireNone     Firing = ""
	FireReminder Firing = "reminder"
	FireOverdue  Firing = "overdue"
	FireTermEnd  Firing = "term_ended"
)

// Clock is one step's (or term's) legal clock (principle 4).
type Clock struct {
	Step        string     `json:"step"`
	Owner       Role       `json:"owner,omitempty"`
	Basis       string     `json:"basis"`
	Limit       Limit      `json:"limit"`
	WorkingDays int        `json:"workingDays,omitempty"` // contract field; set when Limit counts working days
	Calendar    string     `json:"calendar"`
	StartedAt   time.Time  `json:"startedAt"`
	FromDate    string     `json:"fromDate"` // day 0 of the count, in the calendar's zone
	DueDate     string     `json:"dueDate,omitempty"`
	DueAt       *time.Time `json:"dueAt"`
	RemindAt    *time.Time `json:"remindAt,omitempty"`
	State       ClockState `json:"state"`
	CompletedAt *time.Time `json:"completedAt"`
	OverdueAt   *time.Time `json:"overdueAt,omitempty"`
	Term        bool       `json:"term,omitempty"` // a term owes no action; it only ends
	Next        Firing     `json:"-"`
	NextAt      *time.Time `json:"-"`
	Problem     string     `json:"problem,omitempty"` // why a clock is unscheduled
}

// Clock returns the application's clock for step s.
func (a *Application) Clock(step string) (Clock, bool) {
	for _, c := range a.Clocks {
		if c.Step == step {
			return c, true
		}
	}
	return Clock{}, false
}

// Actor is who did something, as recorded in the audit trail.
type Actor struct {
	Sub  string `json:"sub"`
	Org  string `json:"org"`
	Role Role   `json:"role"`
}

// AuditEvent is one entry of an application's append-only trail.
type AuditEvent struct {
	At    time.Time      `json:"at"`
	Actor Actor          `json:"actor"`
	Type  string         `json:"type"`
	From  Status         `json:"from,omitempty"`
	To    Status         `json:"to,omitempty"`
	Data  map[string]any `json:"data,omitempty"`
	Seq   string         `json:"-"` // orders events at the same instant
}

// Recipient is whom a notice is addressed to: an organisation or everyone holding a role.
type Recipient struct {
	Org  string `json:"org,omitempty"`
	Role Role   `json:"role,omitempty"`
}

// Key is the inbox a recipient reads: "org:<id>" or "role:<name>".
func (r Recipient) Key() string {
	if r.Org != "" {
		return "org:" + r.Org
	}
	return "role:" + string(r.Role)
}

// Notice is a notification to be delivered through the outbox.
type Notice struct {
	ID            string      `json:"id"` // deterministic, so a repeated firing writes nothing new
	Type          string      `json:"type"`
	At            time.Time   `json:"at"`
	ApplicationID string      `json:"applicationId"`
	Procedure     string      `json:"procedure"`
	Step          string      `json:"step,omitempty"`
	DueDate       string      `json:"dueDate,omitempty"`
	Basis         string      `json:"basis,omitempty"`
	To            []Recipient `json:"to"`
	Subject       string      `json:"subject"`
	Body          string      `json:"body"`
}

// Object stages on the operator's list (principle 6: separate from review statuses).
const (
	StageRegistered = "registered" // known to the registry, not on the list
	StageListed     = "listed"     // on the operator's list (002 ¶10)
	StageExcluded   = "excluded"   // removed after cessation of operation (002 ¶11)
)

// ObjectRecord is an informatization object in the registry.
type ObjectRecord struct {
	ID                     string     `json:"id"`
	Name                   string     `json:"name"`
	Type                   string     `json:"type"`
	Org                    string     `json:"org"`
	Stage                  string     `json:"stage"`
	CreatedAt              time.Time  `json:"createdAt"`
	ApplicationID          string     `json:"applicationId"`
	ListedAt               *time.Time `json:"listedAt,omitempty"`
	CessationAt            *time.Time `json:"cessationAt,omitempty"`
	ExclusionApplicationID string     `json:"exclusionApplicationId,omitempty"`
	ExcludedAt             *time.Time `json:"excludedAt,omitempty"`
}

// ListEntry is one object on the public operator's list (contract, "Registry and list").
type ListEntry struct {
	ObjectID      string    `json:"objectId"`
	Name          string    `json:"name"`
	Type          string    `json:"type"`
	Org           string    `json:"org"`
	ListedAt      time.Time `json:"listedAt"`
	ApplicationID string    `json:"applicationId"`
}

// Document is a technical document of an application and the verdict on its bytes.
type Document struct {
	ID            string     `json:"id"`
	ApplicationID string     `json:"applicationId"`
	Org           string     `json:"-"`
	Kind          string     `json:"kind"`
	FileName      string     `json:"fileName"`
	ContentType   string     `json:"contentType"`
	Size          int64      `json:"size"`
	SHA256        string     `json:"sha256"`
	Status        string     `json:"status"` // pending_upload | valid | rejected
	Reasons       []string   `json:"reasons"`
	VersionID     string     `json:"versionId"`
	Key           string     `json:"-"`
	CreatedAt     time.Time  `json:"createdAt"`
	ValidatedAt   *time.Time `json:"validatedAt,omitempty"`
}

// Document statuses.
const (
	DocPending  = "pending_upload"
	DocValid    = "valid"
	DocRejected = "rejected"
)

// DocumentKinds returns the document kinds a procedure takes for an object type.
func (p *Procedure) DocumentKinds(objectType string) []string {
	var out []string
	for _, r := range p.ObjectTypes[objectType] {
		out = append(out, r.Kind)
	}
	return out
}
