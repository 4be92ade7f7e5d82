package procedure

import "github.com/ictgov/ictgov/shared/actor"

// ExtraordinaryCategories are the data-centre equipment of 000 §6.2: servers, data
// storage and other data-centre equipment.
var ExtraordinaryCategories = []string{"servers", "storage", "other_dc_equipment"}

// LVExtraordinaryInvestment is 000 §6.2: an organisation under the investment freeze (its
// own, or its ministry's as a subordinate institution) asks VARAM to agree an
// extraordinary investment in data-centre equipment, on an exception case of section 5
// of the informative report or an urgent emergency. Digest Q5: both grounds are agreed
// with VARAM ("šīs ārkārtas investīcijas saskaņojot ar VARAM" follows both). Once agreed,
// the investment check allows investments of that category.
var LVExtraordinaryInvestment = Register(&Procedure{
	ID:      "lv-extraordinary-investment",
	Country: "LV",
	Title:   "Agreement with VARAM of an extraordinary investment in data-centre equipment under the freeze",
	Basis:   "000 §6.2",
	Subject: lvOrgSubject("000 §6.2: the ministry or subordinate institution under the investment freeze"),
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "000 §6.2: extraordinary investments are agreed with VARAM"},
	Initial: "draft",
	Draft: []Section{{Key: DetailsKey, Basis: "000 §6.2", Form: Form{Fields: []Field{
		lvDecisionField,
		{Name: "category", Kind: Enum, Values: ExtraordinaryCategories, Required: true,
			Basis: "000 §6.2: servers, data storage and other data-centre equipment"},
		{Name: "ground", Kind: Enum, Values: []string{"exception", "emergency"}, Required: true,
			Basis: "000 §6.2: an exception case of section 5 of the informative report, or an urgent emergency"},
		{Name: "amountEur", Kind: Number, Min: &minAmount, Max: &maxAmount, Required: true,
			Basis: "000 §6.2: the extraordinary investment, in euro"},
		{Name: "description", Kind: Text, Multiline: true, Basis: "000 §6.2: what the investment is and why it cannot wait"},
	}}}},
	Steps: []Step{lvReview("agree the extraordinary investment, or refuse with comments", "000 §6.2")},
	Actions: []Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "varam_review", Submits: true, Basis: "000 §6.2"},
		lvAgreement("varam_review", "000 §6.2"),
		lvWithdraw,
	},
	Outcomes: []Outcome{
		{Status: "agreed", Effects: []Effect{LVInvestmentAgreed}, Basis: "000 §6.2"},
		{Status: "not_agreed", Basis: "000 §6.2"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
})

var minAmount, maxAmount = 0.01, 1e10
