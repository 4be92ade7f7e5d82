package procedure

import "github.com/ictgov/ictgov/shared/actor"

// LVMigration is the second case of 000 §6.1: a ministry that has centralised its
// sector's computing-infrastructure services and plans a gradual transition to other
// shared or commercial services submits to VARAM, within two months of adoption, the
// planned gradual change of specialisation and migration, with the information that
// justifies why a gradual transition is needed. Its outcomes act as lv-shared-services'.
var LVMigration = Register(&Procedure{
	ID:      "lv-migration",
	Country: "LV",
	Title:   "Agreement with VARAM of a gradual transition to other shared or commercial services",
	Basis:   "000 §6.1",
	Subject: lvOrgSubject("000 §6.1: the ministry that plans a gradual change of specialisation and migration"),
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "000 §6.1: ministries submit to VARAM for agreement"},
	Initial: "draft",
	Draft: []Section{{Key: DetailsKey, Basis: "000 §6.1", Form: Form{Fields: []Field{
		lvDecisionField,
		{Name: "summary", Kind: Text, Multiline: true,
			Basis: "000 §6.1: information on the planned gradual change of specialisation and migration"},
	}}}},
	Documents: []DocRule{{Kind: "transition_justification",
		Basis: "000 §6.1: information that justifies why a gradual transition is needed"}},
	Steps: []Step{lvReview("agree the gradual transition, or refuse with comments", "000 §6.1")},
	Actions: []Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "varam_review", Submits: true, Effects: []Effect{LVSubmitted}, Basis: "000 §6.1"},
		lvAgreement("varam_review", "000 §6.1"),
		lvWithdraw,
	},
	Outcomes: []Outcome{
		{Status: "agreed", Effects: []Effect{LVAgreed}, Basis: "000 §6.1–§6.3"},
		{Status: "not_agreed", Basis: "000 §6.1"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
})
