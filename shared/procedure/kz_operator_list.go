package procedure

import (
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/notify"
)

// Object types of the operator's list (002 ¶3.3, ¶4.1, ¶4.2).
const (
	InformationSystem       = "information_system"
	HardwareSoftwareComplex = "hardware_software_complex"
)

// KZOperatorList is the inclusion of an e-government ICT infrastructure object in the
// list of objects assigned to the operator: Rules approved by Order No. 29 of 29 January
// 2018 as restated by Order No. 343/НҚ of 22 September 2020 (seed 002).
var KZOperatorList = Register(&Procedure{
	ID:      "kz-operator-list",
	Country: "KZ",
	Title:   "Inclusion in the list of e-government ICT infrastructure objects assigned to the operator",
	Basis:   "002 ¶4–¶10",
	Subject: Subject{Kind: AnyObject, Types: []string{InformationSystem, HardwareSoftwareComplex},
		Basis: "002 ¶3.3, ¶4: an information system or a hardware-software complex of the state body"},
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "002 ¶4: the state body applies"},
	Initial: "draft", // [DESIGN] the seed starts at submission (¶4); a draft lets the clerk assemble it
	Draft:   []Section{criteriaSection},
	Derive:  []*Rule{Score002},
	Documents: []DocRule{
		// 002 ¶4.1: the eight attachments for an information system.
		{Kind: "is_description", ObjectTypes: []string{InformationSystem}, Basis: "002 ¶4.1 1)"},
		{Kind: "technical_documentation", ObjectTypes: []string{InformationSystem}, Basis: "002 ¶4.1 2)"},
		{Kind: "commissioning_document", ObjectTypes: []string{InformationSystem}, Basis: "002 ¶4.1 3)"},
		{Kind: "user_count", ObjectTypes: []string{InformationSystem}, Basis: "002 ¶4.1 4)"},
		{Kind: "services_or_functions_list", ObjectTypes: []string{InformationSystem}, Basis: "002 ¶4.1 5)"},
		{Kind: "deployment_counts", ObjectTypes: []string{InformationSystem}, Basis: "002 ¶4.1 6)"},
		{Kind: "security_certificate", ObjectTypes: []string{InformationSystem}, Basis: "002 ¶4.1 7)"},
		{Kind: "criteria_compliance", ObjectTypes: []string{InformationSystem}, Basis: "002 ¶4.1 8)"},
		// 002 ¶4.2: the seven attachments for a hardware-software complex.
		{Kind: "hsc_description", ObjectTypes: []string{HardwareSoftwareComplex}, Basis: "002 ¶4.2 1)"},
		{Kind: "hsc_technical_specification", ObjectTypes: []string{HardwareSoftwareComplex}, Basis: "002 ¶4.2 2)"},
		{Kind: "user_count", ObjectTypes: []string{HardwareSoftwareComplex}, Basis: "002 ¶4.2 3)"},
		{Kind: "interacting_systems_list", ObjectTypes: []string{HardwareSoftwareComplex}, Basis: "002 ¶4.2 4)"},
		{Kind: "subdivision_users_list", ObjectTypes: []string{HardwareSoftwareComplex}, Basis: "002 ¶4.2 5)"},
		{Kind: "allowed_software_list", ObjectTypes: []string{HardwareSoftwareComplex}, Basis: "002 ¶4.2 6)"},
		{Kind: "criteria_compliance", ObjectTypes: []string{HardwareSoftwareComplex}, Basis: "002 ¶4.2 7)"},
	},
	Steps: []Step{
		// 002 ¶5: the AB checks the documents and sends them to the SI within five
		// working days from the day the application is received.
		{Status: "ab_check", Owner: actor.AuthorizedBody, Limit: clock.Limit{Kind: clock.WorkingDays, N: 5}, Basis: "002 ¶5",
			Title: "check the documents and forward them to the service integrator"},
		// 002 ¶6: the SI recommends within five working days. [AMBIGUITY] counted from
		// the SI's receipt of the forwarded documents (reading a of the digest), so the
		// clock starts when the step is entered.
		{Status: "si_review", Owner: actor.ServiceIntegrator, Limit: clock.Limit{Kind: clock.WorkingDays, N: 5}, Basis: "002 ¶6",
			Title: "recommend on compliance with the state body's approved architecture"},
		// 002 ¶8: the AB decides and informs the SB not later than five working days.
		// [AMBIGUITY] counted from the AB's receipt of the recommendation.
		{Status: "ab_decision", Owner: actor.AuthorizedBody, Limit: clock.Limit{Kind: clock.WorkingDays, N: 5}, Basis: "002 ¶8",
			Title: "decide on inclusion and inform the state body"},
	},
	Actions: []Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "ab_check", Submits: true, Basis: "002 ¶4"},
		{Name: "forward", Role: actor.AuthorizedBody, From: "ab_check", To: "si_review", Basis: "002 ¶5"},
		{Name: "recommendation", Role: actor.ServiceIntegrator, From: "si_review", To: "ab_decision", Records: "recommendation",
			Input: &Form{Fields: []Field{
				{Name: "architecture", Kind: Enum, Required: true, Values: architectureValues,
					Basis: "002 ¶6: compliance with the state body's approved architecture"},
				{Name: "note", Kind: Text, Multiline: true, Basis: "002 ¶6"},
			}}, Basis: "002 ¶6"},
		{Name: "decision", Role: actor.AuthorizedBody, From: "ab_decision", Records: "decision",
			Input: &Form{Fields: []Field{
				{Name: "decision", Kind: Enum, Required: true, Values: []string{"include", "refuse"}, Basis: "002 ¶8"},
				{Name: "reasons", Kind: List, Item: Text, MaxItems: 50, Basis: "002 ¶8.2: a reasoned refusal"},
				// The AB's own ¶7.2 finding when it differs from the SI's recommendation.
				{Name: "architecture", Kind: Enum, Values: architectureValues, Basis: "002 ¶7.2"},
			}},
			Rules: []*Rule{Grounds002},
			Branches: []Branch{
				{When: When("decision", "include"), To: "included", Basis: "002 ¶8.1"},
				{When: When("decision", "refuse"), To: "refused", Basis: "002 ¶8.2"},
			}, Basis: "002 ¶7–¶8"},
		{Name: "withdraw", Role: actor.Applicant, From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Outcomes: []Outcome{
		// 002 ¶9–¶10: on inclusion the operator is notified and the object goes on the list.
		{Status: "included", Effects: []Effect{ListObject}, Notify: []actor.Role{actor.Operator}, Notice: notify.Included, Basis: "002 ¶8.1, ¶9, ¶10"},
		{Status: "refused", Basis: "002 ¶8.2"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
})

// architectureValues are the SI's findings on the state body's approved architecture
// (002 ¶6, ¶7.2; no_architecture: the state body has none, so ¶7.2 does not apply).
var architectureValues = []string{"complies", "does_not_comply", "no_architecture"}
