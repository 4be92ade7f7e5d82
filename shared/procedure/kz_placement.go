package procedure

import (
	"fmt"
	"strings"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
)

// PlacementServices are the operator's services an object is placed with: the
// e-government ICT platform (technological platform, §25 3)) and the e-government ICT
// infrastructure (§25 1)) (003 §13 ¶1, §30 ¶1).
var PlacementServices = []string{"platform", "infrastructure"}

// KZPlacement is the placement of an object on the e-government ICT platform or
// infrastructure by the operator: Rules approved by Order No. 129 (seed 003) §13–§14,
// §30. The operator provides the service within ten working days of receipt (§13 ¶1);
// class 1 objects go only on the platform or the infrastructure (§13 ¶2–¶3), class 2 and
// 3 elsewhere when placement there is not possible (§13 ¶4).
var KZPlacement = Register(&Procedure{
	ID:      "kz-placement",
	Country: "KZ",
	Title:   "Placement on the e-government ICT platform or infrastructure",
	Basis:   "003 §13–§14, §30",
	Subject: Subject{Kind: AnyObject, Types: []string{InformationSystem, HardwareSoftwareComplex},
		Basis: "003 §13 ¶1: the object to be placed"},
	// [GAP] G7: §13 and §30 name the authorized body and organisations; the applicant
	// role stands for them.
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "003 §13 ¶1, §30 ¶1"},
	Initial: "draft",
	Draft: []Section{{Key: DetailsKey, Basis: "003 §13", Form: Form{Fields: []Field{
		{Name: "class", Kind: Number, Numbers: []float64{1, 2, 3}, Required: true,
			Basis: "003 §13: the object's class under the Classifier (Order No. 135)"},
		{Name: "services", Kind: List, Item: Enum, Values: PlacementServices, Unique: true, Required: true, MaxItems: 2,
			Basis: "003 §13 ¶1, §30 ¶1: the platform and/or the infrastructure service"},
	}}}},
	// The seed lists no attachment for the application [GAP] G1.
	Steps: []Step{
		// 003 §13 ¶1: within ten working days from the date of receipt of the application.
		{Status: "op_placement", Owner: actor.Operator, Limit: clock.Limit{Kind: clock.WorkingDays, N: 10}, Basis: "003 §13 ¶1, §30 ¶1",
			Title: "provide the platform or infrastructure service for placement"},
	},
	Actions: []Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "op_placement", Submits: true, Basis: "003 §13 ¶1"},
		{Name: "placement", Role: actor.Operator, From: "op_placement", Records: "placement", Rules: []*Rule{ClassRule003},
			Input: &Form{Fields: []Field{
				{Name: "outcome", Kind: Enum, Values: []string{"placed", "placed_elsewhere"}, Required: true, Basis: "003 §13"},
				{Name: "note", Kind: Text, Multiline: true, Basis: "003 §13 ¶4: the absence of the possibility of placement"},
			}},
			Branches: []Branch{
				{When: When("outcome", "placed"), To: "placed", Basis: "003 §13 ¶1–¶3"},
				{When: When("outcome", "placed_elsewhere"), To: "placed_elsewhere", Basis: "003 §13 ¶4"},
			}, Basis: "003 §13"},
		{Name: "withdraw", Role: actor.Applicant, From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
	Outcomes: []Outcome{
		{Status: "placed", Effects: []Effect{RecordPlacement}, Basis: "003 §13 ¶1–¶3"},
		{Status: "placed_elsewhere", Effects: []Effect{RecordPlacement}, Basis: "003 §13 ¶4"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
})

// ClassRule003 is 003 §13: a class 1 object is placed only on the e-government ICT
// platform or infrastructure (¶2–¶3); a class 2 or 3 object may be placed with
// organisations providing ICT infrastructure when placement there is not possible, and
// that absence of the possibility is stated (¶4; G12: the operator states it).
var ClassRule003 = &Rule{
	Name: "003 §13 class rule", Basis: "003 §13",
	Doc: "Class 1 only on the platform or infrastructure; class 2 or 3 elsewhere only with the reason placement there is not possible.",
	Check: func(e *Env) Verdict {
		if e.Input.String("outcome") != "placed_elsewhere" {
			return Verdict{}
		}
		class, _ := e.App.Details.Number("class")
		switch {
		case class == 1:
			return Verdict{Violations: []Violation{{Field: "outcome",
				Reason: "a class 1 object is placed only on the e-government ICT platform or infrastructure", Basis: "003 §13 ¶2–¶3"}}}
		case strings.TrimSpace(e.Input.String("note")) == "":
			return Verdict{Violations: []Violation{{Field: "note",
				Reason: fmt.Sprintf("a class %g object is placed elsewhere only when placement on the platform or infrastructure is not possible: say why", class),
				Basis:  "003 §13 ¶4"}}}
		}
		return Verdict{}
	},
}
