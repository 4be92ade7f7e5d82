// Package procedure holds the declarations of the legal procedures the system runs and
// the one engine that runs them all (architecture principle 1). A declaration says which
// steps a procedure has, who owes each, each step's time limit and calendar, the documents
// required per object type, the criteria rule, the outcomes and who is told what; every
// rule cites its seed paragraph. The engine is pure: it turns (application, action, input,
// caller, now) into a Change that the store writes in one conditional transaction.
package procedure

import (
	"fmt"
	"sort"
)

// Role is a caller's role as carried in the JWT claims (contract, "Who is calling").
type Role string

const (
	Applicant         Role = "applicant"
	AuthorizedBody    Role = "authorized_body"
	ServiceIntegrator Role = "service_integrator"
	Operator          Role = "operator"
	Admin             Role = "admin"
)

// Reviewer reports whether r is one of the reviewing roles, which are not scoped by org.
func (r Role) Reviewer() bool {
	return r == AuthorizedBody || r == ServiceIntegrator || r == Operator || r == Admin
}

// KnownRole reports whether s names a role of the contract.
func KnownRole(s string) bool {
	switch Role(s) {
	case Applicant, AuthorizedBody, ServiceIntegrator, Operator, Admin:
		return true
	}
	return false
}

// Status is an application's review status (not the object's life-cycle stage, principle 6).
type Status string

// LimitKind says how a time limit is counted.
type LimitKind string

const (
	WorkingDays  LimitKind = "working_days"
	CalendarDays LimitKind = "calendar_days"
	Months       LimitKind = "months"
)

// Limit is a legal time limit; the zero Limit means the seed sets none.
type Limit struct {
	Kind LimitKind `json:"kind"`
	N    int       `json:"n"`
}

// None reports whether the seed sets no limit.
func (l Limit) None() bool { return l.N == 0 }

// Step is a stage in which an application waits for one role to act.
type Step struct {
	Status Status // the application's status while the step runs
	Owner  Role   // who owes the step
	Limit  Limit
	Basis  string // seed paragraph of the limit
	Title  string // for notices: what is owed
}

// InputKind names the body an action takes; the engine knows how to apply each.
type InputKind string

const (
	NoInput        InputKind = ""
	Recommendation InputKind = "recommendation" // architecture compliance (002 ¶6)
	Decision       InputKind = "decision"       // include or refuse (002 ¶7–¶8)
	Provision      InputKind = "provision"      // environment provided (003 §12)
)

// Action moves an application from one status to the next.
type Action struct {
	Name  string // the route segment, e.g. "forward"
	Role  Role   // the only role that may take it
	From  Status
	To    Status // the outcome; for a Decision, To is "include" and Alt "refuse"
	Alt   Status // the alternative outcome a Decision may choose
	Input InputKind
	Basis string
}

// Term is a period that runs after an outcome and is watched like a step, but owes no
// action: e.g. the free period of an environment (003 §12). It starts on a date taken
// from the application (FromField) and is told to Notify when it ends.
type Term struct {
	Name      string
	After     Status // the outcome that starts it
	FromField string // "agreementDate": the date the term counts from
	Limit     Limit
	Notify    []Role
	Basis     string
	Title     string
}

// Effect is what an outcome does to the registry of objects.
type Effect string

const (
	NoEffect   Effect = ""
	ListObject Effect = "list"   // 002 ¶10: the object goes on the operator's list
	Unlist     Effect = "unlist" // 002 ¶11: the object leaves the list
)

// Outcome is a final status and what it does.
type Outcome struct {
	Status Status
	Effect Effect
	Notify []Role // roles told besides the applicant org, e.g. the operator (002 ¶9)
	Notice string // notice type for those roles: "included", "excluded"
	Basis  string
}

// DocumentRule is one document kind an object type must have before submission.
type DocumentRule struct {
	Kind  string
	Basis string
}

// Procedure is one legal procedure, declared as data.
type Procedure struct {
	ID          string
	Country     string // whose working-day calendar counts (KZ, LV)
	Title       string
	Basis       string
	Initial     Status                    // the status a new application starts in
	Withdrawn   Status                    // where "withdraw" leads from Initial; "" if it cannot be withdrawn
	ObjectTypes map[string][]DocumentRule // the accepted object types and their required documents
	Criteria    bool                      // scored under 002 Annex 2 and judged by ¶7
	Environment bool                      // carries an environment request (003 §12)
	Steps       []Step
	Actions     []Action
	Outcomes    []Outcome
	Terms       []Term
	// CreatedBy is the route that opens the procedure: "applications" for POST
	// /v1/applications, or "cessation" for an object's cessation report (002 ¶11).
	CreatedBy string

	broken error // set by register when the declaration is inconsistent
}

// Step returns the step that runs in status s.
func (p *Procedure) Step(s Status) (Step, bool) {
	for _, st := range p.Steps {
		if st.Status == s {
			return st, true
		}
	}
	return Step{}, false
}

// Action returns the named action.
func (p *Procedure) Action(name string) (Action, bool) {
	for _, a := range p.Actions {
		if a.Name == name {
			return a, true
		}
	}
	return Action{}, false
}

// Outcome returns the outcome for a final status.
func (p *Procedure) Outcome(s Status) (Outcome, bool) {
	for _, o := range p.Outcomes {
		if o.Status == s {
			return o, true
		}
	}
	return Outcome{}, false
}

// Statuses lists every status of the procedure, for validation of filters.
func (p *Procedure) Statuses() []Status {
	seen := map[Status]bool{p.Initial: true}
	if p.Withdrawn != "" {
		seen[p.Withdrawn] = true
	}
	for _, s := range p.Steps {
		seen[s.Status] = true
	}
	for _, o := range p.Outcomes {
		seen[o.Status] = true
	}
	out := make([]Status, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

var registry = map[string]*Procedure{}

func register(p *Procedure) *Procedure {
	if err := p.check(); err != nil {
		// Declarations are compiled in; a broken one is a programming error caught by
		// the package's tests, so refusing to register it keeps it out of service.
		p.broken = err
	}
	registry[p.ID] = p
	return p
}

// Lookup returns the declared procedure with the given id.
func Lookup(id string) (*Procedure, bool) {
	p, ok := registry[id]
	if !ok || p.broken != nil {
		return nil, false
	}
	return p, true
}

// All returns every declared procedure in service, ordered by id.
func All() []*Procedure {
	out := make([]*Procedure, 0, len(registry))
	for _, p := range registry {
		if p.broken == nil {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// check verifies a declaration is internally consistent: every action leaves a known
// status for a known one, every step has an owner, every rule names its basis.
func (p *Procedure) check() error {
	known := map[Status]bool{p.Initial: true}
	if p.Withdrawn != "" {
		known[p.Withdrawn] = true
	}
	for _, s := range p.Steps {
		if s.Owner == "" || s.Basis == "" {
			return fmt.Errorf("procedure %s: step %s needs an owner and a basis", p.ID, s.Status)
		}
		known[s.Status] = true
	}
	for _, o := range p.Outcomes {
		known[o.Status] = true
	}
	for _, a := range p.Actions {
		if !known[a.From] || !known[a.To] || (a.Alt != "" && !known[a.Alt]) {
			return fmt.Errorf("procedure %s: action %s joins unknown statuses", p.ID, a.Name)
		}
		if a.Basis == "" {
			return fmt.Errorf("procedure %s: action %s has no basis", p.ID, a.Name)
		}
	}
	for _, t := range p.Terms {
		if !known[t.After] || t.Limit.None() || t.Basis == "" {
			return fmt.Errorf("procedure %s: term %s is incomplete", p.ID, t.Name)
		}
	}
	return nil
}
