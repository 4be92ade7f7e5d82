package registry

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/fault"
)

// The life-cycle stages of an informatization object, in order (003 §3 7): creation,
// industrial operation, development and termination; §9 the components of creation:
// engineering, trial operation, information-security testing, implementation, putting
// into operation). "Initiated" is the object's record before creation starts (§4–§8).
const (
	Initiated      = "initiated"
	Engineering    = "engineering"
	TrialOperation = "trial_operation"
	ISTesting      = "is_testing"
	Implementation = "implementation"
	Operation      = "operation"
	Terminated     = "terminated"
)

// Stages lists the stages in the order an object passes them.
var Stages = []string{Initiated, Engineering, TrialOperation, ISTesting, Implementation, Operation, Terminated}

// Funding routes of creation and development (003 §5).
const (
	StateInvestment = "state_investment" // a state investment project (003 §5, §6)
	OwnFunds        = "own_funds"        // an investment project at the organisation's expense (003 §5)
)

// FundingRoutes lists the funding routes.
var FundingRoutes = []string{StateInvestment, OwnFunds}

// Object types (002 ¶3.3; 003 §3 13) names the kinds, the registry keeps the two the
// procedures take).
var ObjectTypes = []string{"information_system", "hardware_software_complex"}

// DocRule is one document kind a stage needs, with its basis.
type DocRule struct {
	Kind  string
	Basis string
	// StateInvestment: needed only when the funding route is a state investment project.
	StateInvestment bool
}

// stageDocs is the contract's table "Objects and their life cycle": the valid document
// kinds an object needs to enter each stage.
var stageDocs = map[string][]DocRule{
	Engineering: {
		// 003 §8: creation is carried out on terms of reference.
		{Kind: "terms_of_reference", Basis: "003 §8"},
		// 003 §7: the costs are calculated on the architectural portal's calculator.
		{Kind: "cost_calculation", Basis: "003 §7"},
		// 003 §6 ¶2: a state investment project needs conclusions in informatization and
		// in information security.
		{Kind: "informatization_conclusion", Basis: "003 §6 ¶2", StateInvestment: true},
		{Kind: "security_conclusion", Basis: "003 §6 ¶2", StateInvestment: true},
	},
	// 003 §9 2): trial operation needs no document to start; its act closes it.
	TrialOperation: nil,
	// 003 §9 2): the act on completion of trial operation.
	ISTesting: {{Kind: "trial_operation_act", Basis: "003 §9 2)"}},
	// 003 §9 3): testing for compliance with information-security requirements.
	Implementation: {{Kind: "is_test_result", Basis: "003 §9 3)"}},
	Operation: {
		// 003 §9 5), §15: put into industrial operation (Law "On Informatization", Art. 40).
		{Kind: "commissioning_act", Basis: "003 §9 5), §15"},
		// 003 §11: budget-funded creation transfers the source codes. [DESIGN] G17: checked
		// at commissioning, since §11 gives no time.
		{Kind: "source_code_transfer", Basis: "003 §11", StateInvestment: true},
	},
	// 003 §19: the seed names no document for termination (G9).
	Terminated: nil,
}

// stageBasis is the paragraph each stage rests on, for the trail.
var stageBasis = map[string]string{
	Initiated:      "003 §4, §5",
	Engineering:    "003 §9 1), §6–§8",
	TrialOperation: "003 §9 2), §3 9)",
	ISTesting:      "003 §9 2)–3)",
	Implementation: "003 §9 4), §3 2)",
	Operation:      "003 §9 5), §15, §16 9)",
	Terminated:     "003 §19",
}

// StageBasis is the paragraph a stage rests on.
func StageBasis(stage string) string { return stageBasis[stage] }

// DocumentKinds are the kinds of document an object takes: every kind of the stage
// table, and the e-copy of the technical documentation the budget gate asks for (003 §4,
// §18).
func DocumentKinds() []string {
	out := []string{TechnicalDocumentation}
	for _, st := range Stages {
		for _, r := range stageDocs[st] {
			if !slices.Contains(out, r.Kind) {
				out = append(out, r.Kind)
			}
		}
	}
	return out
}

// TechnicalDocumentation is the kind of the technical documentation's e-copy (003 §4, §18).
const TechnicalDocumentation = "technical_documentation"

// Required lists the document kinds needed to enter stage to under a funding route.
func Required(to, funding string) []DocRule {
	var out []DocRule
	for _, r := range stageDocs[to] {
		if r.StateInvestment && funding != StateInvestment {
			continue
		}
		out = append(out, r)
	}
	return out
}

// Next is the stage that follows stage, and false after the last.
func Next(stage string) (string, bool) {
	i := slices.Index(Stages, stage)
	if i < 0 || i == len(Stages)-1 {
		return "", false
	}
	return Stages[i+1], true
}

// Rank is a stage's place in the order, from 1.
func Rank(stage string) int { return slices.Index(Stages, stage) + 1 }

// Valid is what the registry holds of an owner's documents: kind → the newest valid
// document's id (ids are time-ordered).
type Valid map[string]string

// ValidOf picks, for each kind, the newest valid document of the development dev ("":
// the object's own documents, not a development's).
func ValidOf(docs []DocumentSummary, dev string) Valid {
	v := Valid{}
	for _, d := range docs {
		if d.Status == "valid" && d.Development == dev && d.ID > v[d.Kind] {
			v[d.Kind] = d.ID
		}
	}
	return v
}

// Move is a requested stage change and what it is checked against.
type Move struct {
	From, To string
	On       string        // the date the stage began, YYYY-MM-DD
	Previous *string       // the newest date the history knows (LastOn)
	Today    calendar.Date // today in the country's zone
	Funding  string
	Docs     Valid
	// Order is the stage order the move must follow (Stages, or a development's path).
	Order []string
}

// Check applies the stage rules to a move: the order (409, 003 §9, §19), the date (422:
// a valid date, not in the future, not before the previous stage's) and the documents
// (422, every missing kind with its basis). It returns the documents relied on.
func (m Move) Check() (map[string]string, error) {
	order := m.Order
	if order == nil {
		order = Stages
	}
	if !slices.Contains(order, m.To) {
		return nil, fault.WithFields(fault.Unprocessable, "unknown stage",
			fault.Field{Field: "to", Reason: "must be one of " + strings.Join(order, ", ")})
	}
	on, err := calendar.ParseDate(m.On)
	var fs []fault.Field
	switch {
	case m.On == "":
		fs = append(fs, fault.Field{Field: "on", Reason: "required: the date the stage began (YYYY-MM-DD)"})
	case err != nil:
		fs = append(fs, fault.Field{Field: "on", Reason: "must be a date YYYY-MM-DD"})
	}
	i := slices.Index(order, m.From)
	if i < 0 || i+1 >= len(order) || order[i+1] != m.To {
		next := "none: it is the last stage"
		if i >= 0 && i+1 < len(order) {
			next = order[i+1]
		}
		basis := "003 §9"
		if m.To == Terminated {
			basis = "003 §19: only an object in operation is terminated"
		}
		return nil, fault.E(fault.Conflict, "the stage is %s; the next stage is %s, not %s (%s)", m.From, next, m.To, basis)
	}
	if len(fs) == 0 {
		if on.After(m.Today) {
			fs = append(fs, fault.Field{Field: "on", Reason: fmt.Sprintf("%s is in the future (today is %s)", m.On, m.Today)})
		}
		if m.Previous != nil {
			if prev, err := calendar.ParseDate(*m.Previous); err == nil && on.Before(prev) {
				fs = append(fs, fault.Field{Field: "on", Reason: fmt.Sprintf("before %s, the day the previous stage began", *m.Previous)})
			}
		}
	}
	relied := map[string]string{}
	for _, r := range Required(DevelopmentRequired(m.To), m.Funding) {
		id, ok := m.Docs[r.Kind]
		if !ok {
			fs = append(fs, fault.Field{Field: "documents." + r.Kind, Reason: "no valid document; required by " + r.Basis})
			continue
		}
		relied[r.Kind] = id
	}
	if len(fs) > 0 {
		return nil, fault.WithFields(fault.Unprocessable, "the object cannot enter stage "+m.To, fs...)
	}
	return relied, nil
}

// LastOn is the newest date a history knows a stage began on: a stage is never dated
// before it. Entries without a date (carried over from the first release) are skipped.
func LastOn(h []StageEntry) *string {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].On != nil {
			return h[i].On
		}
	}
	return nil
}
