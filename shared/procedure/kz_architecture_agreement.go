package procedure

import (
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
)

// KZArchitectureAgreement is the agreement of the e-government architecture draft: Rules
// for forming the "electronic government" architecture and monitoring its implementation,
// Order No. 464/НҚ of 28 November 2022 (seed 004) ¶12. The service integrator formalises
// the draft and submits it; the authorized body agrees it within ten working days or
// refuses with reasoned comments and proposals; the SI refines and resubmits
// ([AMBIGUITY] B9.2: the refined draft goes back for a new ten-day agreement); the agreed
// architecture is placed on the architectural portal.
var KZArchitectureAgreement = Register(&Procedure{
	ID:      "kz-architecture-agreement",
	Country: "KZ",
	Title:   "Agreement of the e-government architecture draft",
	Basis:   "004 ¶12",
	Subject: Subject{Kind: NoSubject, Basis: "004 ¶12: the architecture draft in digital form, not an object"},
	// The application's organisation is the SI's: the SI drafts the architecture (¶4, ¶12).
	Opening: Opening{Role: actor.ServiceIntegrator, Via: ViaApplication, Basis: "004 ¶12: the SI formalises the draft and submits it"},
	Initial: "draft",
	Draft: []Section{{Key: DetailsKey, Basis: "004 ¶12", Form: Form{Fields: []Field{
		{Name: "title", Kind: Text, MaxLen: 500, Required: true, Basis: "004 ¶12: the architecture draft"},
		{Name: "domain", Kind: Text, MaxLen: 500, Required: true, Basis: "004 ¶6.5: the domain (sphere) the architecture covers"},
	}}}},
	Documents: []DocRule{{Kind: "architecture_draft", Basis: "004 ¶12: the results of all layers, in the digital form of an architecture draft"}},
	// A new draft replaces the old one for the next round.
	Uploads: []Status{"draft", "revision"},
	Steps: []Step{
		// 004 ¶12: not later than ten working days from receipt.
		{Status: "ab_agreement", Owner: actor.AuthorizedBody, Limit: clock.Limit{Kind: clock.WorkingDays, N: 10}, Basis: "004 ¶12",
			Title: "agree the architecture draft, or refuse with reasoned comments and proposals"},
		{Status: "revision", Owner: actor.ServiceIntegrator, Basis: "004 ¶12 (no time limit set)",
			Title: "refine the architecture draft per the comments and proposals"},
		{Status: "agreed", Owner: actor.ServiceIntegrator, Basis: "004 ¶12 (no time limit set)",
			Title: "place the agreed architecture on the architectural portal"},
	},
	Actions: []Action{
		{Name: "submit", Role: actor.ServiceIntegrator, Party: "owner", From: "draft", To: "ab_agreement", Submits: true, Basis: "004 ¶12"},
		{Name: "agreement", Role: actor.AuthorizedBody, From: "ab_agreement", Records: "agreement", Input: agreeOrRefuse("004 ¶12"),
			Branches: agreementBranches("agreed", "revision", "004 ¶12", true), Basis: "004 ¶12"},
		// [AMBIGUITY] B9.2: the refined draft is submitted again for a new ten-day agreement.
		{Name: "resubmit", Role: actor.ServiceIntegrator, Party: "owner", From: "revision", To: "ab_agreement", Submits: true, NewRound: true,
			Basis: "004 ¶12: the SI refines the draft and makes the changes"},
		{Name: "publish", Role: actor.ServiceIntegrator, Party: "owner", From: "agreed", To: "published",
			Basis: "004 ¶12: placed on the architectural portal in digital form"},
		{Name: "withdraw", Role: actor.ServiceIntegrator, Party: "owner", From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Outcomes: []Outcome{
		{Status: "published", Basis: "004 ¶12"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
})
