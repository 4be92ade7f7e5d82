package procedure

// KZOperatorList is the inclusion of an e-government ICT infrastructure object in the
// list of objects assigned to the operator: Rules approved by Order No. 29 of 29 January
// 2018 as restated by Order No. 343/НҚ of 22 September 2020 (seed 002).
var KZOperatorList = register(&Procedure{
	ID:        "kz-operator-list",
	Country:   "KZ",
	Title:     "Inclusion in the list of e-government ICT infrastructure objects assigned to the operator",
	Basis:     "002 ¶4–¶10",
	Initial:   "draft", // [DESIGN] the seed starts at submission (¶4); a draft lets the clerk assemble it
	Withdrawn: "withdrawn",
	CreatedBy: "applications",
	Criteria:  true, // Annex 2, judged by ¶7.1
	ObjectTypes: map[string][]DocumentRule{
		// 002 ¶4.1: the eight attachments for an information system.
		"information_system": {
			{"is_description", "002 ¶4.1 1)"},
			{"technical_documentation", "002 ¶4.1 2)"},
			{"commissioning_document", "002 ¶4.1 3)"},
			{"user_count", "002 ¶4.1 4)"},
			{"services_or_functions_list", "002 ¶4.1 5)"},
			{"deployment_counts", "002 ¶4.1 6)"},
			{"security_certificate", "002 ¶4.1 7)"},
			{"criteria_compliance", "002 ¶4.1 8)"},
		},
		// 002 ¶4.2: the seven attachments for a hardware-software complex.
		"hardware_software_complex": {
			{"hsc_description", "002 ¶4.2 1)"},
			{"hsc_technical_specification", "002 ¶4.2 2)"},
			{"user_count", "002 ¶4.2 3)"},
			{"interacting_systems_list", "002 ¶4.2 4)"},
			{"subdivision_users_list", "002 ¶4.2 5)"},
			{"allowed_software_list", "002 ¶4.2 6)"},
			{"criteria_compliance", "002 ¶4.2 7)"},
		},
	},
	Steps: []Step{
		// 002 ¶5: the AB checks the documents and sends them to the SI within five
		// working days from the day the application is received.
		{Status: "ab_check", Owner: AuthorizedBody, Limit: Limit{WorkingDays, 5}, Basis: "002 ¶5",
			Title: "check the documents and forward them to the service integrator"},
		// 002 ¶6: the SI recommends within five working days. [AMBIGUITY] counted from
		// the SI's receipt of the forwarded documents (reading a of the digest), so the
		// clock starts when the step is entered.
		{Status: "si_review", Owner: ServiceIntegrator, Limit: Limit{WorkingDays, 5}, Basis: "002 ¶6",
			Title: "recommend on compliance with the state body's approved architecture"},
		// 002 ¶8: the AB decides and informs the SB not later than five working days.
		// [AMBIGUITY] counted from the AB's receipt of the recommendation.
		{Status: "ab_decision", Owner: AuthorizedBody, Limit: Limit{WorkingDays, 5}, Basis: "002 ¶8",
			Title: "decide on inclusion and inform the state body"},
	},
	Actions: []Action{
		{Name: "submit", Role: Applicant, From: "draft", To: "ab_check", Basis: "002 ¶4"},
		{Name: "forward", Role: AuthorizedBody, From: "ab_check", To: "si_review", Basis: "002 ¶5"},
		{Name: "recommendation", Role: ServiceIntegrator, From: "si_review", To: "ab_decision",
			Input: Recommendation, Basis: "002 ¶6"},
		{Name: "decision", Role: AuthorizedBody, From: "ab_decision", To: "included", Alt: "refused",
			Input: Decision, Basis: "002 ¶7–¶8"},
		{Name: "withdraw", Role: Applicant, From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Outcomes: []Outcome{
		// 002 ¶9–¶10: on inclusion the operator is notified and the object goes on the list.
		{Status: "included", Effect: ListObject, Notify: []Role{Operator}, Notice: "included", Basis: "002 ¶8.1, ¶9, ¶10"},
		{Status: "refused", Basis: "002 ¶8.2"},
		{Status: "withdrawn", Basis: "[DESIGN]"},
	},
})
