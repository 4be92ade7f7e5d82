// Package procedure holds the legal procedures the system runs, each declared as data in
// a file of its own (kz_operator_list.go, kz_placement.go, ...), and the one engine that
// runs them all (architecture principle 1). A declaration says what a procedure is about
// (its subject), who opens it, its statuses and steps with their time limits, its actions
// with their typed input forms, the outcomes the input chooses, the documents it needs,
// the legal rules it applies (plain Go functions, named and tested), and what its
// outcomes do to the registry; every rule cites its seed paragraph. Register checks a
// declaration whole at start-up and panics on a broken one, like database/sql.Register.
//
// The engine is pure: it turns (application, action, input, caller, now) into a Change
// that the store writes in one conditional transaction (principle 3).
package procedure

import (
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
)

// Status is an application's review status (not the object's life-cycle stage, principle 6).
type Status string

// Procedure is one legal procedure, declared as data.
type Procedure struct {
	ID      string
	Country string // whose working-day calendar and time zone count (KZ, LV)
	Title   string
	Basis   string
	Subject Subject
	Opening Opening
	Initial Status // the status a new application starts in
	// Draft is the form of what the applicant assembles before submitting: one section
	// per top-level key of the body ("details", and for the procedures of part one of the
	// contract "criteria" and "environment"). Required fields are enforced at submission.
	Draft []Section
	// Derive are rules run on every change of the draft, recording facts on the
	// application (e.g. the Annex 2 score of 002).
	Derive    []*Rule
	Steps     []Step
	Actions   []Action
	Outcomes  []Outcome
	Documents []DocRule
	// Uploads are the statuses in which the owner may add documents (default: Initial).
	Uploads []Status
	// Terms are clocks that start when an outcome is reached (e.g. 003 §12's free term).
	Terms []Term
}

// SubjectKind is what an application is about.
type SubjectKind string

// The subject kinds.
const (
	NewObject      SubjectKind = "new_object"      // the application registers a new object
	ExistingObject SubjectKind = "existing_object" // an object of the caller's organisation, by id
	AnyObject      SubjectKind = "object"          // either a new object or an existing one
	OrgSubject     SubjectKind = "org"             // the applicant organisation itself (seed 000)
	NoSubject      SubjectKind = "none"            // nothing registered (004 ¶12: a draft architecture)
)

// Subject is what a procedure's applications are about.
type Subject struct {
	Kind  SubjectKind
	Types []string // the object types accepted (object subjects)
	// Parties copies named parties from the object into the application, so that they see
	// it and are told: "supplier" (003 §17).
	Parties []string
	// Stages, when set, are the object life-cycle stages an existing object must be in.
	Stages []string
	Basis  string
}

// HasObject reports whether applications of the subject name an object.
func (s Subject) HasObject() bool {
	return s.Kind == NewObject || s.Kind == ExistingObject || s.Kind == AnyObject
}

// Opening says who opens a procedure and how.
type Opening struct {
	Role actor.Role
	// Via is how it is opened: ViaApplication (POST /v1/applications) or an event on an
	// object (ViaCessation: 002 ¶11's notice that operation has stopped).
	Via   string
	Basis string
}

// The ways a procedure is opened.
const (
	ViaApplication = "applications"
	ViaCessation   = "cessation"
	ViaTermination = "termination"
)

// Section is one top-level part of the draft body with its form.
type Section struct {
	Key   string // "details", "criteria", "environment"
	Form  Form
	Basis string
}

// Step is a status in which an application waits for one role to act.
type Step struct {
	Status Status
	Owner  actor.Role
	Limit  clock.Limit // counted from the day the step is entered; zero: the seed sets none
	// Clock, when set, replaces the shorthand Limit with a full rule (e.g. a reminder).
	Clock *clock.Rule
	Basis string
	Title string // for notices: what is owed
}

// Action moves an application from one status to the next.
type Action struct {
	Name string     // the route segment, e.g. "forward"
	Role actor.Role // the only role that may take it
	// Party, when set, requires the caller to be the application's party of that name
	// ("owner": its organisation; "supplier": the object's supplier). An applicant always
	// acts for its own organisation.
	Party string
	From  Status
	// To is the outcome; Branches, when set, choose it from the input instead.
	To       Status
	Branches []Branch
	Input    *Form   // nil: the action takes no fields
	Rules    []*Rule // legal rules checked when it is taken; they may record facts
	// Records is the key the input and the rules' facts are recorded under on the
	// application ("decision"); empty: nothing is recorded besides the trail.
	Records string
	// Submits marks a submission: the draft must be complete (documents, required fields).
	Submits bool
	// NewRound marks a resubmission after a revision: the round grows by one and the
	// steps it enters get clocks of their own.
	NewRound bool
	// Effects are what taking the action does to records beyond the application, whatever
	// its outcome (000 §6.1: a submission meets the organisation's submission deadline);
	// the store writes each, as it writes an outcome's.
	Effects []Effect
	Basis   string
}

// Branch is one outcome of an action, chosen when its condition holds (first match).
type Branch struct {
	When  *Cond
	To    Status
	Basis string
	// Notice is the type of the notice the owner organisation gets for this outcome
	// instead of status_changed (e.g. revision_requested, 004 ¶12).
	Notice string
}

// Outcome is a final status and what it does.
type Outcome struct {
	Status  Status
	Effects []Effect
	Notify  []actor.Role // roles told besides the owner organisation, e.g. the operator (002 ¶9)
	Notice  string       // the notice type those roles get: "included", "excluded"
	Basis   string
}

// Effect is what an outcome does to the registry; the store knows how to write each.
type Effect string

// The effects.
const (
	ListObject      Effect = "list_object"      // 002 ¶10: the object goes on the operator's list
	UnlistObject    Effect = "unlist_object"    // 002 ¶11: the object leaves the list
	RecordPlacement Effect = "record_placement" // 003 §13–§14: where the object is placed
	RecordTOR       Effect = "record_tor"       // 003 §10 ¶2: the object's TOR is agreed
)

// The effects of the Latvian ICT consolidation decision (seed 000) on the decision's
// obligations and the organisation the application is about; the store writes them in
// shared/dynamo/latvia_effects.go.
const (
	LVSubmitted        Effect = "lv_submitted"         // 000 §6.1: the organisation's submission deadline is met
	LVAgreed           Effect = "lv_agreed"            // 000 §6.1–§6.2: VARAM agreed; the freeze is averted or lifted
	LVInvestmentAgreed Effect = "lv_investment_agreed" // 000 §6.2: an extraordinary investment of a category is agreed
	LVPlanAgreed       Effect = "lv_plan_agreed"       // 000 §6.3–§6.4: a version of the action plan is agreed
)

// Effects lists every effect the store must know how to write.
var Effects = []Effect{ListObject, UnlistObject, RecordPlacement, RecordTOR,
	LVSubmitted, LVAgreed, LVInvestmentAgreed, LVPlanAgreed}

// ObjectEffect reports whether an effect writes the application's object, so that only a
// procedure about an object may declare it.
func ObjectEffect(e Effect) bool {
	return e == ListObject || e == UnlistObject || e == RecordPlacement
}

// DocRule is one document kind required before submission.
type DocRule struct {
	Kind        string
	ObjectTypes []string // the object types it is required for; nil: every application
	When        *Cond    // required only when this holds
	Basis       string
}

// Term is a clock that starts when an outcome is reached and owes no action: it only
// ends, and the parties are told (e.g. 003 §12: the free environment term).
type Term struct {
	After Status
	Rule  clock.Rule
}
