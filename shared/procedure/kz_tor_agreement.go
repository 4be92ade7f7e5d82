package procedure

import "github.com/ictgov/ictgov/shared/actor"

// KZTORAgreement is the authorized body's agreement of the terms of reference for the
// development of an object by a trustee within trust management: Rules approved by Order
// No. 129 (seed 003) §10 ¶2. The seed sets no time limit and no grounds [GAP]: the step
// runs without a clock, and a refusal gives its comments (by analogy with 004 ¶12).
var KZTORAgreement = Register(&Procedure{
	ID:      "kz-tor-agreement",
	Country: "KZ",
	Title:   "Agreement of the terms of reference for development by a trustee",
	Basis:   "003 §10 ¶2",
	Subject: Subject{Kind: ExistingObject, Types: []string{InformationSystem, HardwareSoftwareComplex},
		Basis: "003 §10: the object in operation that the trustee develops"},
	// [IMPLIED] the trustee submits (A4); the state body that holds the object applies for
	// it, naming the trustee.
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "003 §10 ¶2"},
	Initial: "draft",
	Draft: []Section{{Key: DetailsKey, Basis: "003 §10 ¶2", Form: Form{Fields: []Field{
		{Name: "trustee", Kind: Text, MaxLen: 500, Required: true, Basis: "003 §10 ¶2: the trustee under trust management"},
		{Name: "summary", Kind: Text, Multiline: true, Basis: "003 §3 1), §10: what the development adds"},
	}}}},
	Documents: []DocRule{{Kind: "terms_of_reference", Basis: "003 §10 ¶2, §8: the terms of reference to agree"}},
	Steps: []Step{
		{Status: "ab_tor", Owner: actor.AuthorizedBody, Basis: "003 §10 ¶2 (no time limit set)",
			Title: "agree the terms of reference, or refuse with comments"},
	},
	Actions: []Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "ab_tor", Submits: true, Basis: "003 §10 ¶2"},
		{Name: "agreement", Role: actor.AuthorizedBody, From: "ab_tor", Records: "agreement", Input: agreeOrRefuse("003 §10 ¶2"),
			Branches: agreementBranches("agreed", "not_agreed", "003 §10 ¶2", false), Basis: "003 §10 ¶2"},
		{Name: "withdraw", Role: actor.Applicant, From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Outcomes: []Outcome{
		// The object records the agreement: a trustee's development needs it (003 §10 ¶2).
		{Status: "agreed", Effects: []Effect{RecordTOR}, Basis: "003 §10 ¶2"},
		{Status: "not_agreed", Basis: "003 §10 ¶2"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
})
