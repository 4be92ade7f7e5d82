package procedure

import (
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/notify"
)

// KZOperatorExclusion removes a listed object after its holder reports that its operation
// has stopped (seed 002 ¶11). The seed regulates only the state body's notice: no form,
// review, deadline or outcome [GAP]; the exclusion itself is by the AB, by analogy with
// ¶10. No time limit is invented, so its step runs without a clock.
var KZOperatorExclusion = Register(&Procedure{
	ID:      "kz-operator-exclusion",
	Country: "KZ",
	Title:   "Exclusion from the list of objects assigned to the operator after cessation of operation",
	Basis:   "002 ¶11",
	Subject: Subject{Kind: ExistingObject, Types: []string{InformationSystem, HardwareSoftwareComplex},
		Basis: "002 ¶11: an object on the operator's list"},
	// The cessation notice is itself the submission; a termination of the object (003 §19)
	// opens it too.
	Opening: Opening{Role: actor.Applicant, Via: ViaCessation, Basis: "002 ¶11: the state body notifies the cessation of operation"},
	Initial: "ab_exclusion",
	Steps: []Step{
		{Status: "ab_exclusion", Owner: actor.AuthorizedBody, Basis: "002 ¶11 (no time limit set)",
			Title: "exclude the object whose operation has stopped"},
	},
	Actions: []Action{
		{Name: "exclusion", Role: actor.AuthorizedBody, From: "ab_exclusion", To: "excluded", Basis: "002 ¶11",
			Input: &Form{Fields: []Field{{Name: "note", Kind: Text, Multiline: true, Basis: "002 ¶11"}}}},
	},
	Outcomes: []Outcome{
		// [IMPLIED] 002 ¶11: the SB and the operator learn of the exclusion.
		{Status: "excluded", Effects: []Effect{UnlistObject}, Notify: []actor.Role{actor.Operator}, Notice: notify.Excluded, Basis: "002 ¶11"},
	},
})
