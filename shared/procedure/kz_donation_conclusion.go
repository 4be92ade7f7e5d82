package procedure

import (
	"strings"

	"github.com/ictgov/ictgov/shared/actor"
)

// Indicators I2a–I2e of 003 §23 ¶2: the service integrator's assessment of the purpose and
// use of the object after acceptance, based on the submitted terms of reference.
var donationChecks = []string{"I2a", "I2b", "I2c", "I2d", "I2e"}

// KZDonationConclusion is the authorized body's conclusion on the acquisition of an
// object by a state legal entity through inheritance or donation: Rules approved by Order
// No. 129 (seed 003) §23–§24. The service integrator assesses I2a–I2e (§23 ¶2); the
// authorized body concludes on I1 (economic feasibility) and I2 (purpose and use),
// positive or negative. The seed sets no time limits and no form [GAP].
var KZDonationConclusion = Register(&Procedure{
	ID:      "kz-donation-conclusion",
	Country: "KZ",
	Title:   "Conclusion on acquiring an object by inheritance or donation",
	Basis:   "003 §23–§24",
	Subject: Subject{Kind: AnyObject, Types: []string{InformationSystem, HardwareSoftwareComplex},
		Basis: "003 §23: the object whose rights are acquired"},
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "003 §23: an organisation that is a state legal entity"},
	Initial: "draft",
	Draft: []Section{{Key: DetailsKey, Basis: "003 §23", Form: Form{Fields: []Field{
		{Name: "acquisition", Kind: Enum, Values: []string{"inheritance", "donation"}, Required: true,
			Basis: "003 §23: acquisition as a result of inheritance or donation (Law on State Property, Art. 27)"},
		{Name: "from", Kind: Text, MaxLen: 500, Required: true, Basis: "003 §23: whose object it was"},
	}}}},
	Documents: []DocRule{{Kind: "terms_of_reference", Basis: "003 §23 ¶2: the assessment is based on the submitted terms of reference"}},
	Steps: []Step{
		{Status: "si_assessment", Owner: actor.ServiceIntegrator, Basis: "003 §23 ¶2 (no time limit set)",
			Title: "assess the purpose and use of the object (I2a–I2e)"},
		{Status: "ab_conclusion", Owner: actor.AuthorizedBody, Basis: "003 §23 (no time limit set)",
			Title: "conclude on economic feasibility (I1) and purpose and use (I2)"},
	},
	Actions: []Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "si_assessment", Submits: true, Basis: "003 §23"},
		{Name: "assessment", Role: actor.ServiceIntegrator, From: "si_assessment", To: "ab_conclusion", Records: "assessment",
			Input: &Form{Fields: []Field{
				{Name: "checks", Kind: BoolSet, Keys: donationChecks, Required: true,
					Basis: "003 §23 ¶2: I2a architecture, I2b technical ICT requirements, I2c legal ICT requirements, I2d data management, I2e no similar software in the Register"},
				{Name: "note", Kind: Text, Multiline: true, Basis: "003 §23 ¶2"},
			}}, Basis: "003 §23 ¶2"},
		{Name: "conclusion", Role: actor.AuthorizedBody, From: "ab_conclusion", Records: "conclusion", Rules: []*Rule{Conclusion003},
			Input: &Form{Fields: []Field{
				{Name: "I1", Kind: Bool, Required: true,
					Basis: "003 §23 ¶2: I1 economic feasibility (the budget costs of the industrial-operation stage)"},
				{Name: "conclusion", Kind: Enum, Values: []string{"positive", "negative"}, Required: true, Basis: "003 §23"},
				{Name: "reasons", Kind: List, Item: Text, MaxItems: 50, RequiredWhen: When("conclusion", "negative"),
					Basis: "003 §23: a negative conclusion gives its reasons"},
			}},
			Branches: []Branch{
				{When: When("conclusion", "positive"), To: "positive", Basis: "003 §23"},
				{When: When("conclusion", "negative"), To: "negative", Basis: "003 §23"},
			}, Basis: "003 §23"},
		{Name: "withdraw", Role: actor.Applicant, From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Outcomes: []Outcome{
		// 003 §24: for a donation, its trial operation and commissioning are then ensured.
		{Status: "positive", Basis: "003 §23, §24"},
		{Status: "negative", Basis: "003 §23"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
})

// Conclusion003 is 003 §23: the conclusion rests on I1 (economic feasibility) and I2
// (purpose and use: the SI's I2a–I2e). A positive conclusion while an indicator fails is
// refused naming it; the indicators that fail are recorded with the conclusion.
var Conclusion003 = &Rule{
	Name: "003 §23 indicators", Basis: "003 §23 ¶2", Facts: []string{"failed"},
	Doc: "Positive needs I1 and every I2 check of the SI's assessment; the failed indicators are recorded.",
	Check: func(e *Env) Verdict {
		var failed []string
		if !e.Input.Bool("I1") {
			failed = append(failed, "I1")
		}
		var checks map[string]bool
		if r := e.App.Results["assessment"]; r != nil {
			checks = r.Values.Set("checks")
		}
		for _, k := range donationChecks {
			if !checks[k] {
				failed = append(failed, k)
			}
		}
		v := Verdict{Facts: map[string]any{"failed": toAny(failed)}}
		if e.Input.String("conclusion") == "positive" && len(failed) > 0 {
			v.Violations = append(v.Violations, Violation{Field: "conclusion",
				Reason: "a positive conclusion needs every indicator; these fail: " + strings.Join(failed, ", "), Basis: "003 §23 ¶2"})
		}
		return v
	},
}
