package procedure

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
)

// WarrantyConditions are the five conditions of 003 §17 ¶2 under which the supplier
// eliminates its errors free of charge during the warranty.
var WarrantyConditions = []string{"W1", "W2", "W3", "W4", "W5"}

// warrantyConditionText says what each condition is, for refusals.
var warrantyConditionText = map[string]string{
	"W1": "documented evidence of the failure",
	"W2": "the failure was due to a mistake made by the supplier",
	"W3": "the object was operated correctly",
	"W4": "the customer did not intervene in the software in a way that violated its integrity",
	"W5": "the claim complies with the requirements of the terms of reference",
}

// KZWarrantyClaim is the customer's claim to the supplier during the warranty: Rules
// approved by Order No. 129 (seed 003) §16 9), §17. Warranty service lasts twelve months
// from commissioning (§16 9)); within it the supplier eliminates the errors it made, free
// of charge, within the agreed timeframe, when all five conditions hold (§17 ¶2). The seed
// sets no time limit for the supplier's answer (and no number for the agreed timeframe,
// G18), so its steps run without clocks.
var KZWarrantyClaim = Register(&Procedure{
	ID:      "kz-warranty-claim",
	Country: "KZ",
	Title:   "Warranty claim to the supplier of an informatization object",
	Basis:   "003 §16 9), §17",
	Subject: Subject{Kind: ExistingObject, Types: []string{InformationSystem, HardwareSoftwareComplex}, Parties: []string{"supplier"},
		Basis: "003 §17: the customer's object, which its supplier warrants"},
	// [IMPLIED] the customer is the state body that holds the object.
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "003 §17 ¶1: the customer claims"},
	Initial: "draft",
	Draft: []Section{{Key: DetailsKey, Basis: "003 §17", Form: Form{Fields: []Field{
		{Name: "description", Kind: Text, Multiline: true, Required: true, Basis: "003 §17 ¶1: the errors and shortcomings claimed"},
		{Name: "failureOn", Kind: Date, Required: true, Basis: "003 §17 ¶1: the failure falls within the warranty"},
		{Name: "conditions", Kind: BoolSet, Keys: WarrantyConditions, Required: true,
			Basis: "003 §17 ¶2: W1 documented failure, W2 supplier's mistake, W3 correct operation, W4 no intervention breaking integrity, W5 within the TOR"},
	}}}},
	Steps: []Step{
		{Status: "supplier_review", Owner: actor.Supplier, Basis: "003 §17 (no time limit set)",
			Title: "accept or reject the warranty claim"},
		{Status: "accepted", Owner: actor.Supplier, Basis: "003 §17 ¶1 (the agreed timeframe, G18)",
			Title: "eliminate the errors free of charge within the agreed timeframe"},
	},
	Actions: []Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "supplier_review", Submits: true, Rules: []*Rule{WarrantyWindow003},
			Basis: "003 §17 ¶1"},
		{Name: "claim", Role: actor.Supplier, Party: "supplier", From: "supplier_review", Records: "claim", Rules: []*Rule{WarrantyConditions003},
			Input: &Form{Fields: []Field{
				{Name: "decision", Kind: Enum, Values: []string{"accept", "reject"}, Required: true, Basis: "003 §17 ¶2"},
				{Name: "reasons", Kind: List, Item: Text, MaxItems: 50, Basis: "003 §17 ¶2: a rejection names what fails"},
				{Name: "fixBy", Kind: Date, Basis: "003 §17 ¶1: the agreed timeframe (G18: captured per claim)"},
			}},
			Branches: []Branch{
				{When: When("decision", "accept"), To: "accepted", Basis: "003 §17 ¶1–¶2"},
				{When: When("decision", "reject"), To: "rejected", Basis: "003 §17 ¶2"},
			}, Basis: "003 §17"},
		{Name: "fixed", Role: actor.Supplier, Party: "supplier", From: "accepted", To: "fixed", Records: "fix",
			Input: &Form{Fields: []Field{{Name: "note", Kind: Text, Multiline: true, Basis: "003 §17 ¶1"}}},
			Basis: "003 §17 ¶1: the errors are eliminated"},
		{Name: "withdraw", Role: actor.Applicant, From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Outcomes: []Outcome{
		{Status: "rejected", Basis: "003 §17 ¶2"},
		{Status: "fixed", Basis: "003 §17 ¶1"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
})

// WarrantyWindow003 is 003 §17 ¶1 with §16 9): a claim is of a failure within the
// object's warranty, twelve months from its commissioning (and, after a development,
// from the re-commissioning, decision G8: the registry's uninterrupted cover). A failure
// dated in the future is not a failure yet.
var WarrantyWindow003 = &Rule{
	Name: "003 §17 ¶1 warranty window", Basis: "003 §17 ¶1, §16 9)", NeedsObject: true,
	Doc: "The failure falls within the object's warranty (twelve months from commissioning) and is not in the future.",
	Check: func(e *Env) Verdict {
		day := e.App.Details.String("failureOn")
		bad := func(reason string) Verdict {
			return Verdict{Violations: []Violation{{Field: "details.failureOn", Reason: reason, Basis: "003 §17 ¶1, §16 9)"}}}
		}
		if cal, err := calendar.For("KZ"); err == nil && day > calendar.DateOf(e.Now, cal.Location()).String() {
			return bad(day + " is in the future")
		}
		if e.Object == nil || e.Object.WarrantyFrom == "" || e.Object.WarrantyUntil == "" {
			return bad("the object has no warranty: it was never put into operation")
		}
		switch from, until := e.Object.WarrantyFrom, e.Object.WarrantyUntil; {
		case day < from:
			return bad(fmt.Sprintf("%s is before the warranty began on %s", day, from))
		case day > until:
			return bad(fmt.Sprintf("%s is after the warranty ended on %s", day, until))
		}
		return Verdict{}
	},
}

// WarrantyConditions003 is 003 §17 ¶2: the supplier eliminates its errors only when all
// five conditions hold. Accepting a claim while one does not is refused, naming each that
// fails; a rejection records the failed conditions, and a rejection of a claim that meets
// all five says why in its reasons.
var WarrantyConditions003 = &Rule{
	Name: "003 §17 ¶2 warranty conditions W1–W5", Basis: "003 §17 ¶2", Facts: []string{"failed"},
	Doc: "Acceptance needs W1–W5 all true; a rejection names the failed conditions, or gives reasons when none fails.",
	Check: func(e *Env) Verdict {
		set := e.App.Details.Set("conditions")
		failed := []any{}
		var names []string
		for _, w := range WarrantyConditions {
			if !set[w] {
				failed = append(failed, w)
				names = append(names, w)
			}
		}
		v := Verdict{Facts: map[string]any{"failed": failed}}
		switch e.Input.String("decision") {
		case "accept":
			for _, w := range names {
				v.Violations = append(v.Violations, Violation{Field: "decision",
					Reason: fmt.Sprintf("%s does not hold: %s", w, warrantyConditionText[w]), Basis: "003 §17 ¶2"})
			}
		case "reject":
			if len(names) == 0 && !slices.ContainsFunc(e.Input.Strings("reasons"), func(s string) bool { return strings.TrimSpace(s) != "" }) {
				v.Violations = append(v.Violations, Violation{Field: "reasons",
					Reason: "the claim meets W1–W5 within the warranty; a rejection says why", Basis: "003 §17 ¶2"})
			}
		}
		return v
	},
}
