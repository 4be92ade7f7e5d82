package consolidation

import (
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
)

// Member is what a decision holds about one organisation it names: its submission,
// VARAM's agreement, a §7 exemption, its latest agreed action plan, and the periods it
// spent under freeze.
type Member struct {
	Org           string       `json:"org"`
	Submitted     *Submitted   `json:"submitted,omitempty"`
	Agreed        *Agreement   `json:"agreed,omitempty"`
	Exemption     *Exemption   `json:"exemption,omitempty"`
	Plan          *PlanState   `json:"plan,omitempty"`
	FreezePeriods []FreezeSpan `json:"freezePeriods,omitempty"`
}

// Submitted is the organisation's first §6.1 submission under the decision.
type Submitted struct {
	ApplicationID string    `json:"applicationId"`
	At            time.Time `json:"at"`
}

// FreezeSpan is a period an organisation spent under the decision's freeze: from the
// gate's due moment until VARAM's agreement or a §7 exemption ended it.
type FreezeSpan struct {
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	By    string    `json:"by"` // the application or exemption that ended it
}

// The states of a deadline (contract: pending | running | met | overdue). An exempt
// organisation's own deadlines say "exempt" (000 §7).
const (
	StatePending = "pending"
	StateRunning = "running"
	StateMet     = "met"
	StateOverdue = "overdue"
	StateExempt  = "exempt"
)

// Deadline is a deadline as GET /v1/decisions/{id} shows it.
type Deadline struct {
	Name  string     `json:"name"`
	Basis string     `json:"basis"`
	Title string     `json:"title"`
	Owner actor.Role `json:"owner"` // coordinator for VARAM's own; applicant: each organisation named
	Due   *string    `json:"due"`
	State string     `json:"state"`
	// Problem says why a deadline with a due date is still pending: its calendar year is
	// not loaded (its clock is unscheduled and admin is told).
	Problem string `json:"problem,omitempty"`
}

// Obligation is one named organisation's part of the decision.
type Obligation struct {
	Org       string     `json:"org"`
	Deadlines []Deadline `json:"deadlines"`
	Member
}

// View is a decision as GET /v1/decisions/{id} returns it (contract part two, with the
// organisations' obligations added).
type View struct {
	ID             string       `json:"id"`
	Title          string       `json:"title"`
	AdoptedOn      *string      `json:"adoptedOn"`
	ActionPlanFrom string       `json:"actionPlanFrom"`
	Orgs           []string     `json:"orgs"`
	Tasks          []Task       `json:"tasks"`
	Deadlines      []Deadline   `json:"deadlines"`
	Obligations    []Obligation `json:"obligations"`
	Version        int          `json:"version"`
	CreatedAt      time.Time    `json:"createdAt"`
	CreatedBy      string       `json:"createdBy"`
	UpdatedAt      time.Time    `json:"updatedAt"`
	Starting       bool         `json:"starting"`
}

// Normalize reads a stored clock as the decision means it: a clock that was stopped while
// running or pending is met (the store stops clocks it did not read first only by setting
// completedAt).
func Normalize(c clock.Clock) clock.Clock {
	if c.CompletedAt != nil && (c.State == clock.Running || c.State == clock.Pending || c.State == clock.Unscheduled) {
		c.State = clock.Met
	}
	return c
}

func deadlineOf(r clock.Rule, c *clock.Clock, fallbackDue string) Deadline {
	dl := Deadline{Name: r.Name, Basis: r.Basis, Title: r.Title, Owner: r.Owes, State: StatePending}
	if name, _ := SplitRule(r.Name); name != r.Name {
		dl.Name = name
	}
	if fallbackDue != "" {
		due := fallbackDue
		dl.Due, dl.State = &due, StateRunning
	}
	if c == nil {
		return dl
	}
	n := Normalize(*c)
	switch n.State {
	case clock.Unscheduled:
		dl.State, dl.Problem = StatePending, n.Problem
		if r.Count.Anchor == clock.OnDate {
			due := r.Count.Date
			dl.Due = &due
		}
		return dl
	case clock.Pending:
		dl.State = StatePending
		return dl
	case clock.Running:
		dl.State = StateRunning
	case clock.Met:
		dl.State = StateMet
	case clock.Overdue:
		dl.State = StateOverdue
	}
	if n.DueDate != "" {
		due := n.DueDate
		dl.Due = &due
	}
	return dl
}

// BuildView assembles a decision from its record, its clocks (by rule name) and its
// members (by organisation). A deadline whose clock is not written yet (D was just set)
// shows the due date D gives it.
func BuildView(d *Decision, clocks map[string]clock.Clock, members map[string]Member) View {
	v := View{ID: d.ID, Title: d.Title, ActionPlanFrom: d.ActionPlanFrom, Orgs: d.Orgs, Tasks: d.Tasks,
		Deadlines: []Deadline{}, Obligations: []Obligation{}, Version: d.Version, CreatedAt: d.CreatedAt,
		CreatedBy: d.CreatedBy, UpdatedAt: d.UpdatedAt, Starting: d.Starting}
	if v.Tasks == nil {
		v.Tasks = []Task{}
	}
	if d.AdoptedOn != "" {
		a := d.AdoptedOn
		v.AdoptedOn = &a
	}
	get := func(name string) *clock.Clock {
		if c, ok := clocks[name]; ok {
			return &c
		}
		return nil
	}
	// Each organisation's deadlines, and from them the decision's.
	count := map[string]map[string]int{Submission: {}, FreezeGate: {}, ActionPlan: {}}
	for _, org := range d.Orgs {
		m := members[org]
		m.Org = org
		ob := Obligation{Org: org, Member: m, Deadlines: []Deadline{}}
		for _, r := range []clock.Rule{SubmissionRule(org), FreezeRule(org), ActionPlanRule(org, d.ActionPlanFrom)} {
			name, _ := SplitRule(r.Name)
			dl := deadlineOf(r, get(r.Name), dueOfRule(d, r))
			if m.Exemption != nil {
				dl.State = StateExempt
			}
			ob.Deadlines = append(ob.Deadlines, dl)
			count[name][dl.State]++
		}
		v.Obligations = append(v.Obligations, ob)
	}
	for _, name := range []string{Submission, FreezeGate, ActionPlan} {
		r := map[string]clock.Rule{Submission: SubmissionRule(""), FreezeGate: FreezeRule(""), ActionPlan: ActionPlanRule("", d.ActionPlanFrom)}[name]
		dl := Deadline{Name: name, Basis: r.Basis, Title: r.Title, Owner: actor.Applicant, State: StatePending}
		if due := dueOfRule(d, r); due != "" {
			dl.Due = &due
		}
		n := count[name]
		switch {
		case n[StateOverdue] > 0:
			dl.State = StateOverdue
		case n[StateRunning] > 0:
			dl.State = StateRunning
		case n[StatePending] > 0 || d.AdoptedOn == "":
			dl.State = StatePending
		default: // every organisation met it, or is exempt
			dl.State = StateMet
		}
		v.Deadlines = append(v.Deadlines, dl)
	}
	for _, r := range CoordinatorRules(d) {
		v.Deadlines = append(v.Deadlines, deadlineOf(r, get(r.Name), dueOfRule(d, r)))
	}
	return v
}

func dueOfRule(d *Decision, r clock.Rule) string {
	switch r.Count.Anchor {
	case clock.OnDate:
		return ""
	case clock.FromDate:
		return dueOf(d, r.Count.Limit.N)
	}
	return ""
}
