package procedure

// KZEnvironment is an organisation's request to the operator for development and
// testing, trial-operation or testing environments on the e-government ICT platform:
// Rules approved by Order No. 129 (seed 003) §12, §12-1 ¶3, §30 ¶1.
var KZEnvironment = register(&Procedure{
	ID:          "kz-environment",
	Country:     "KZ",
	Title:       "Provision of development, testing and trial-operation environments by the operator",
	Basis:       "003 §12",
	Initial:     "draft",
	Withdrawn:   "withdrawn",
	CreatedBy:   "applications",
	Environment: true,
	// 003 gives no attachment list for this request [GAP]: none are required. The object
	// is the one being created or developed on the platform.
	ObjectTypes: map[string][]DocumentRule{
		"information_system":        nil,
		"hardware_software_complex": nil,
	},
	Steps: []Step{
		// 003 §12 ¶1: within ten working days from the date of receipt of the application.
		{Status: "op_provision", Owner: Operator, Limit: Limit{WorkingDays, 10}, Basis: "003 §12 ¶1",
			Title: "provide the requested environments"},
	},
	Actions: []Action{
		{Name: "submit", Role: Applicant, From: "draft", To: "op_provision", Basis: "003 §12 ¶1"},
		{Name: "provide", Role: Operator, From: "op_provision", To: "provided", Input: Provision, Basis: "003 §12 ¶1"},
		{Name: "withdraw", Role: Applicant, From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Outcomes: []Outcome{
		{Status: "provided", Basis: "003 §12 ¶1"},
		{Status: "withdrawn", Basis: "[DESIGN]"},
	},
	Terms: []Term{
		// 003 §12: free of charge for a period not exceeding three months from the date of
		// conclusion of the Agreement; the applicant and the operator are told when it ends.
		{Name: "free_term", After: "provided", FromField: "agreementDate", Limit: Limit{Months, 3},
			Notify: []Role{Operator}, Basis: "003 §12 ¶2", Title: "the free environment term ends"},
	},
})
