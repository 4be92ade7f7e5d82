package consolidation

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
)

// OwnerDecision is the clock owner kind of a decision: its clocks (the coordinator's
// tasks and each named organisation's deadlines) live in the decision's partition, and
// their notices name it (contract part two: "ref":{"kind":"decision"}).
const OwnerDecision = "decision"

// Country is whose calendar and zone count: Europe/Riga.
const Country = "LV"

// Where the six months of §6.3 start (digest Q2): from D, like §6.1 and §6.2, or from the
// day VARAM agreed the organisation's §6.1 application ("ministries that have received
// agreement"). A per-decision choice; D by default.
const (
	FromDecision  = "decision"
	FromAgreement = "agreement"
)

// The deadlines of a decision, by rule name. An organisation's deadline is the rule name,
// a colon and the organisation ("freeze:lv-zm"), so every clock of a decision lives in
// its one partition and a decision is read whole in one query.
const (
	Submission        = "submission"         // 000 §6.1: D + 2 months
	FreezeGate        = "freeze"             // 000 §6.2: D + 3 months, the gate
	ActionPlan        = "action_plan"        // 000 §6.3: 6 months, from D or from the agreement (Q2)
	CabinetAmendments = "cabinet_amendments" // 000 §3: VARAM, D + 3 months
)

// Limits on a decision's size: one decision names every ministry and more (the bench
// measures 200); its record stays a small item.
const (
	MaxOrgs      = 500
	MaxTasks     = 20
	MaxTitle     = 1000
	maxTaskTitle = 500
)

// Task is a coordinator's task with a fixed date (000 §4: by 30 December 2021, §5: by 31
// March 2022), tracked as an obligation with its owner, due date and status.
type Task struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Basis string `json:"basis"`
	DueOn string `json:"dueOn"`
}

// SeedTasks are the fixed-date tasks of the seed decision, the default when a decision is
// recorded without its own list.
var SeedTasks = []Task{
	{Name: "shared_services_report", Title: "report to the Cabinet on planning and financing the development of state administration ICT shared services",
		Basis: "000 §4", DueOn: "2021-12-30"},
	{Name: "cloud_plan", Title: "proposal to the Cabinet on the development plan of the state data-processing cloud",
		Basis: "000 §5", DueOn: "2022-03-31"},
}

// Decision is a Cabinet protocol decision as the coordinator records it.
type Decision struct {
	ID             string    `json:"id"`
	Title          string    `json:"title"`
	AdoptedOn      string    `json:"adoptedOn,omitempty"` // D; empty while the draft has none
	Orgs           []string  `json:"orgs"`
	ActionPlanFrom string    `json:"actionPlanFrom"`
	Tasks          []Task    `json:"tasks"`
	Org            string    `json:"org"` // the coordinator's organisation, told of its tasks
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"createdAt"`
	CreatedBy      string    `json:"createdBy"`
	UpdatedAt      time.Time `json:"updatedAt"`
	// Starting is set from the moment D is set until every named organisation's clocks
	// exist (they are written in batches after D; see shared/dynamo/decisions.go).
	Starting bool `json:"starting,omitempty"`
}

// Names reports whether the decision names the organisation.
func (d *Decision) Names(org string) bool { return slices.Contains(d.Orgs, org) }

// NewDecision is the body of POST /v1/decisions.
type NewDecision struct {
	Title          string   `json:"title"`
	AdoptedOn      *string  `json:"adoptedOn"`
	Orgs           []string `json:"orgs"`
	ActionPlanFrom string   `json:"actionPlanFrom"`
	Tasks          *[]Task  `json:"tasks"`
}

var taskName = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// Decide checks a new decision and makes it (422 naming every field at fault). Dates are
// taken as YYYY-MM-DD or as the seeds write them, DD.MM.YYYY, both strictly.
func (n NewDecision) Decide(id string, c actor.Caller, now time.Time) (*Decision, error) {
	var fs []fault.Field
	bad := func(field, reason string) { fs = append(fs, fault.Field{Field: field, Reason: reason}) }
	if r := checkText(n.Title, MaxTitle); r != "" {
		bad("title", r)
	}
	d := &Decision{ID: id, Title: strings.TrimSpace(n.Title), ActionPlanFrom: FromDecision, Org: c.Org, Version: 1,
		CreatedAt: now.UTC(), CreatedBy: c.Sub, UpdatedAt: now.UTC(), Orgs: []string{}}
	if n.AdoptedOn != nil {
		day, err := calendar.ParseLatvianOrISO(*n.AdoptedOn)
		if err != nil {
			bad("adoptedOn", "must be a date YYYY-MM-DD (or DD.MM.YYYY), or null while the decision has none")
		} else {
			d.AdoptedOn = day.String()
		}
	}
	switch {
	case len(n.Orgs) == 0:
		bad("orgs", "name at least one organisation (000 §6: the ministries the decision binds)")
	case len(n.Orgs) > MaxOrgs:
		bad("orgs", fmt.Sprintf("at most %d organisations", MaxOrgs))
	}
	for i, o := range n.Orgs {
		switch {
		case !ValidID(o):
			bad(fmt.Sprintf("orgs[%d]", i), "not an organisation id (lower-case letters, digits and hyphens)")
		case slices.Contains(d.Orgs, o):
			bad(fmt.Sprintf("orgs[%d]", i), "repeats "+o)
		default:
			d.Orgs = append(d.Orgs, o)
		}
	}
	switch n.ActionPlanFrom {
	case "", FromDecision:
	case FromAgreement:
		d.ActionPlanFrom = FromAgreement
	default:
		bad("actionPlanFrom", "must be decision or agreement (digest Q2: when the six months of 000 §6.3 start)")
	}
	d.Tasks = slices.Clone(SeedTasks)
	if n.Tasks != nil {
		d.Tasks = []Task{}
		if len(*n.Tasks) > MaxTasks {
			bad("tasks", fmt.Sprintf("at most %d tasks", MaxTasks))
		}
		for i, t := range *n.Tasks {
			at := fmt.Sprintf("tasks[%d].", i)
			switch {
			case !taskName.MatchString(t.Name):
				bad(at+"name", "2 to 40 lower-case letters, digits and underscores, starting with a letter")
			case reserved(t.Name) || slices.ContainsFunc(d.Tasks, func(x Task) bool { return x.Name == t.Name }):
				bad(at+"name", "repeats a task or names a deadline of the decision itself")
			}
			if r := checkText(t.Title, maxTaskTitle); r != "" {
				bad(at+"title", r)
			}
			if r := checkText(t.Basis, 100); r != "" {
				bad(at+"basis", r+" (the point of the decision, e.g. 000 §4)")
			}
			day, err := calendar.ParseLatvianOrISO(t.DueOn)
			if err != nil {
				bad(at+"dueOn", "must be a date YYYY-MM-DD (or DD.MM.YYYY)")
			}
			d.Tasks = append(d.Tasks, Task{Name: t.Name, Title: strings.TrimSpace(t.Title), Basis: strings.TrimSpace(t.Basis), DueOn: day.String()})
		}
	}
	if len(fs) > 0 {
		return nil, fault.WithFields(fault.Unprocessable, "the decision is not valid", fs...)
	}
	return d, nil
}

func reserved(name string) bool {
	return slices.Contains([]string{Submission, FreezeGate, ActionPlan, CabinetAmendments}, name)
}

func checkText(s string, max int) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "required"
	case len(s) > max:
		return fmt.Sprintf("longer than %d bytes", max)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		return "contains control characters"
	}
	return ""
}

// OrgRule names an organisation's instance of a deadline.
func OrgRule(rule, org string) string { return rule + ":" + org }

// SplitRule splits a clock's rule name into the deadline and the organisation ("" for
// the coordinator's own).
func SplitRule(name string) (rule, org string) {
	rule, org, _ = strings.Cut(name, ":")
	return rule, org
}

// months is a count of calendar months from D: the same day of the month, clamped to the
// month's end, not moved off a day off (contract part two: D = 2026-11-30 gives
// 2027-01-30 and 2027-02-28). The seed states no end-of-month rule (digest §3 notes);
// the clamp is the contract's.
func months(n int, field string) clock.Count {
	return clock.Count{Anchor: clock.FromDate, Field: field, Limit: clock.Limit{Kind: clock.Months, N: n}, MonthEnd: clock.Clamp}
}

// The dates a count may start from.
const (
	FieldAdoptedOn = "adoptedOn" // D
	FieldAgreedOn  = "agreedOn"  // the day VARAM agreed the organisation's §6.1 application
)

// SubmissionRule is 000 §6.1: within two months after the decision is adopted, the
// ministry submits to VARAM for agreement. Overdue is told to the organisation and the
// coordinator, once.
func SubmissionRule(org string) clock.Rule {
	return clock.Rule{Name: OrgRule(Submission, org), Kind: clock.Deadline, Owes: actor.Applicant, Count: months(2, FieldAdoptedOn),
		Notify: []clock.Party{{Role: actor.Coordinator}}, Basis: "000 §6.1",
		Title: "submit to VARAM for agreement the development of shared services or the gradual transition"}
}

// FreezeRule is 000 §6.2: three months after adoption, an organisation without VARAM's
// agreement stops investing in data-centre equipment. The clock is the gate: when it
// fires, the sweep sets the flag "freeze" on the organisation, at the due moment, once,
// in the firing's own transaction. An agreement before then stops it (the freeze never
// happens); one after it lifts the flag (shared/dynamo/latvia_effects.go).
func FreezeRule(org string) clock.Rule {
	return clock.Rule{Name: OrgRule(FreezeGate, org), Kind: clock.Deadline, Owes: actor.Applicant, Count: months(3, FieldAdoptedOn),
		Notify: []clock.Party{{Role: actor.Coordinator}}, Basis: FreezeBasis,
		Gate:  &clock.GateRule{Kind: clock.GateFlag, Name: "freeze", Basis: FreezeBasis},
		Title: "obtain VARAM's agreement before investments in data-centre equipment stop"}
}

// ActionPlanRule is 000 §6.3: within six months, agree the action plan with VARAM (an
// initial §6.4 version counts). From D, or from the agreement (digest Q2).
func ActionPlanRule(org, from string) clock.Rule {
	field := FieldAdoptedOn
	if from == FromAgreement {
		field = FieldAgreedOn
	}
	return clock.Rule{Name: OrgRule(ActionPlan, org), Kind: clock.Deadline, Owes: actor.Applicant, Count: months(6, field),
		Notify: []clock.Party{{Role: actor.Coordinator}}, Basis: "000 §6.3",
		Title: "agree the action plan with VARAM"}
}

// CabinetAmendmentsRule is 000 §3: VARAM submits to the Cabinet, within three months of
// the moment of adoption, the amendments to Cabinet Regulation No. 754.
func CabinetAmendmentsRule() clock.Rule {
	return clock.Rule{Name: CabinetAmendments, Kind: clock.Deadline, Owes: actor.Coordinator, Count: months(3, FieldAdoptedOn),
		Basis: "000 §3", Title: "submit to the Cabinet the amendments to Regulation No. 754 (heads of competence centres in the ICT Leaders' Forum)"}
}

// TaskRule is a coordinator's task with a fixed date (000 §4, §5).
func TaskRule(t Task) clock.Rule {
	return clock.Rule{Name: t.Name, Kind: clock.Deadline, Owes: actor.Coordinator,
		Count: clock.Count{Anchor: clock.OnDate, Date: t.DueOn}, Basis: t.Basis, Title: t.Title}
}

// CoordinatorRules are the decision's own clocks: §3 and the fixed-date tasks.
func CoordinatorRules(d *Decision) []clock.Rule {
	out := []clock.Rule{CabinetAmendmentsRule()}
	for _, t := range d.Tasks {
		out = append(out, TaskRule(t))
	}
	return out
}

// OrgRules are the clocks an organisation the decision names gets when D is set.
func OrgRules(d *Decision, org string) []clock.Rule {
	out := []clock.Rule{SubmissionRule(org), FreezeRule(org)}
	if d.ActionPlanFrom == FromDecision {
		out = append(out, ActionPlanRule(org, FromDecision))
	}
	return out
}

// StartClock makes the clock of a rule for the decision as of now: pending while the date
// it counts from does not exist, running once it does.
func StartClock(r clock.Rule, d *Decision, now time.Time, agreedOn string) (clock.Clock, error) {
	day0 := ""
	switch r.Count.Field {
	case FieldAdoptedOn:
		day0 = d.AdoptedOn
	case FieldAgreedOn:
		day0 = agreedOn
	}
	cl, err := r.Start(Country, 1, now, day0)
	if err != nil {
		return clock.Clock{}, fmt.Errorf("decision %s clock %s: %w", d.ID, r.Name, err)
	}
	if _, org := SplitRule(r.Name); cl.Gate != nil && org != "" {
		// The gate's subject is the organisation: the sweep flags ORG#<org> (000 §6.2).
		cl.Gate.Target = clock.Owner{Kind: clock.OwnerOrg, ID: org}
	}
	return cl, nil
}

// Label is how notices name the decision.
func (d *Decision) Label() string { return fmt.Sprintf("decision %s (%q)", d.ID, d.Title) }

// dueOf is D + n months, the due date of a deadline counted from D, known before its
// clocks exist; "" while D is blank.
func dueOf(d *Decision, n int) string {
	if d.AdoptedOn == "" {
		return ""
	}
	day, err := calendar.ParseDate(d.AdoptedOn)
	if err != nil {
		return ""
	}
	return clock.AddMonths(day, n, clock.Clamp).String()
}
