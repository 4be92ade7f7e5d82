package procedure

import "github.com/ictgov/ictgov/shared/actor"

// LVSharedServices is the first case of 000 §6.1: a ministry that has centralised its
// sector's computing-infrastructure services and plans to develop computing-infrastructure
// shared services submits to VARAM, within two months of the decision's adoption, the
// planned development of the shared-service providers, with information on meeting the
// preconditions for providing the services set in section 5 of the informative report.
// Agreed before D + 3 months, the organisation escapes the §6.2 freeze; agreed later, its
// freeze is lifted (with its subordinate institutions); either way its action plan is due
// (§6.3). Not agreed is final: the decision gives no resubmission path (digest Q3); the
// organisation may apply again.
var LVSharedServices = Register(&Procedure{
	ID:      "lv-shared-services",
	Country: "LV",
	Title:   "Agreement with VARAM of the development of computing-infrastructure shared services",
	Basis:   "000 §6.1",
	Subject: lvOrgSubject("000 §6.1: the ministry that has centralised its sector's computing-infrastructure services"),
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "000 §6.1: ministries submit to VARAM for agreement"},
	Initial: "draft",
	Draft: []Section{{Key: DetailsKey, Basis: "000 §6.1", Form: Form{Fields: []Field{
		lvDecisionField,
		{Name: "summary", Kind: Text, Multiline: true,
			Basis: "000 §6.1: information on the planned development of computing-infrastructure shared-service providers"},
	}}}},
	Documents: []DocRule{{Kind: "precondition_evidence",
		Basis: "000 §6.1: information on meeting the preconditions for providing the services (informative report, section 5)"}},
	Steps: []Step{lvReview("agree the development of shared services, or refuse with comments", "000 §6.1")},
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
