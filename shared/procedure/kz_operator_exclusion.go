package procedure

// KZOperatorExclusion removes a listed object after its holder reports that its operation
// has stopped (seed 002 ¶11). The seed regulates only the state body's notice: no form,
// review, deadline or outcome [GAP]; the exclusion itself is by the AB, by analogy with
// ¶10. No time limit is invented, so its step runs without a clock.
var KZOperatorExclusion = register(&Procedure{
	ID:        "kz-operator-exclusion",
	Country:   "KZ",
	Title:     "Exclusion from the list of objects assigned to the operator after cessation of operation",
	Basis:     "002 ¶11",
	Initial:   "ab_exclusion", // the cessation notice is itself the submission
	CreatedBy: "cessation",
	ObjectTypes: map[string][]DocumentRule{
		"information_system":        nil,
		"hardware_software_complex": nil,
	},
	Steps: []Step{
		{Status: "ab_exclusion", Owner: AuthorizedBody, Basis: "002 ¶11 (no time limit set)",
			Title: "exclude the object whose operation has stopped"},
	},
	Actions: []Action{
		{Name: "exclusion", Role: AuthorizedBody, From: "ab_exclusion", To: "excluded", Basis: "002 ¶11"},
	},
	Outcomes: []Outcome{
		// [IMPLIED] 002 ¶11: the SB and the operator learn of the exclusion.
		{Status: "excluded", Effect: Unlist, Notify: []Role{Operator}, Notice: "excluded", Basis: "002 ¶11"},
	},
})
