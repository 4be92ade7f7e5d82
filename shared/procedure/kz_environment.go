package procedure

import (
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
)

// EnvironmentTypes are the environments 003 §12 names.
var EnvironmentTypes = []string{"development_testing", "trial_operation", "testing"}

// KZEnvironment is an organisation's request to the operator for development and
// testing, trial-operation or testing environments on the e-government ICT platform:
// Rules approved by Order No. 129 (seed 003) §12, §12-1 ¶3, §30 ¶1.
var KZEnvironment = Register(&Procedure{
	ID:      "kz-environment",
	Country: "KZ",
	Title:   "Provision of development, testing and trial-operation environments by the operator",
	Basis:   "003 §12",
	// The object is the one being created or developed on the platform.
	Subject: Subject{Kind: AnyObject, Types: []string{InformationSystem, HardwareSoftwareComplex},
		Basis: "003 §12 ¶1: the object being created or developed on the platform"},
	// [GAP] G7: §12 names the authorized body, organisations and potential suppliers, not
	// state bodies; the applicant role stands for all of them.
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "003 §12 ¶1"},
	Initial: "draft",
	Draft: []Section{{Key: "environment", Basis: "003 §12", Form: Form{Fields: []Field{
		{Name: "types", Kind: List, Item: Enum, Values: EnvironmentTypes, Unique: true, Required: true, MaxItems: 3,
			Basis: "003 §12 ¶1, §12-1 ¶3: the environments requested"},
		{Name: "agreementRef", Kind: Text, MaxLen: 500, Basis: "003 §12 ¶1: the Agreement the environment is provided under"},
		{Name: "agreementDate", Kind: Date, Required: true,
			Basis: "003 §12: environments are provided under a concluded Agreement; its date starts the free term"},
	}}}},
	// 003 gives no attachment list for this request [GAP]: none are required.
	Steps: []Step{
		// 003 §12 ¶1: within ten working days from the date of receipt of the application.
		{Status: "op_provision", Owner: actor.Operator, Limit: clock.Limit{Kind: clock.WorkingDays, N: 10}, Basis: "003 §12 ¶1",
			Title: "provide the requested environments"},
	},
	Actions: []Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "op_provision", Submits: true, Basis: "003 §12 ¶1"},
		{Name: "provide", Role: actor.Operator, From: "op_provision", To: "provided", Records: "provision", Basis: "003 §12 ¶1",
			Input: &Form{Fields: []Field{{Name: "note", Kind: Text, Multiline: true, Basis: "003 §12 ¶1"}}}},
		{Name: "withdraw", Role: actor.Applicant, From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Outcomes: []Outcome{
		{Status: "provided", Basis: "003 §12 ¶1"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Terms: []Term{{After: "provided", Rule: clock.Rule{
		// 003 §12 ¶2: free of charge for a period not exceeding three months from the date
		// of conclusion of the Agreement; the applicant and the operator are told when it
		// ends. [DESIGN] G5: the months clamp to the month's end and are not moved off a
		// day off (a period of free use, not a time to act).
		Name: "free_term", Kind: clock.Term, Notify: []clock.Party{{Role: actor.Operator}},
		Count: clock.Count{Anchor: clock.FromDate, Field: "environment.agreementDate",
			Limit: clock.Limit{Kind: clock.Months, N: 3}, MonthEnd: clock.Clamp},
		Basis: "003 §12 ¶2", Title: "the free environment term"}}},
})
