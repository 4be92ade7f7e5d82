package procedure

import (
	"github.com/ictgov/ictgov/shared/actor"
)

// PlanJustifications are the reasons 000 §6.4 gives for an initial version: detailed
// planning is hard because of the volume, diversity or specifics of the ICT
// infrastructure, or because suitable shared ICT-infrastructure services are unavailable.
var PlanJustifications = []string{"volume", "diversity", "specifics", "no_suitable_services"}

// LVActionPlan is 000 §6.3–§6.4: a ministry whose §6.1 application VARAM agreed agrees
// with VARAM, within six months, its action plan for developing the shared-service
// provider or for the change of specialisation and migration; further data-centre
// investments follow it. The plan is versioned (details.version 1, 2, …); an initial
// version (§6.4, initial: true) may defer the detailed migration planning of limited-scope
// areas until compliant shared services exist, and set exception conditions for limited
// investments until a provisional migration date. Digest Q8: later versions have no
// deadline; each must follow the last agreed one.
var LVActionPlan = Register(&Procedure{
	ID:      "lv-action-plan",
	Country: "LV",
	Title:   "Agreement with VARAM of the action plan for shared-service development or migration",
	Basis:   "000 §6.3–§6.4",
	Subject: lvOrgSubject("000 §6.3: the ministry that received VARAM's agreement under §6.1"),
	Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "000 §6.3: ministries agree their action plans with VARAM"},
	Initial: "draft",
	Draft: []Section{{Key: DetailsKey, Basis: "000 §6.3–§6.4", Form: Form{Fields: []Field{
		lvDecisionField,
		{Name: "version", Kind: Number, Integer: true, Min: &oneVersion, Max: &maxVersion, Required: true,
			Basis: "000 §6.4: initial versions and the versions that follow them"},
		{Name: "initial", Kind: Bool, Basis: "000 §6.4: an initial version, agreed within six months"},
		{Name: "justification", Kind: Enum, Values: PlanJustifications, RequiredWhen: When("initial", true),
			Basis: "000 §6.4: why detailed planning is hard (volume, diversity, specifics, no suitable shared services)"},
		{Name: "deferredAreas", Kind: List, Item: Text, MaxItems: 50, RequiredWhen: When("initial", true),
			Basis: "000 §6.4: the limited-scope specific ICT infrastructure areas whose detailed migration planning is deferred"},
		{Name: "exceptionConditions", Kind: Text, Multiline: true,
			Basis: "000 §6.4: additional exception conditions for limited investments to keep the infrastructure operating securely"},
		{Name: "provisionalMigrationOn", Kind: Date, RequiredWhen: When("initial", true),
			Basis: "000 §6.4: the provisionally planned migration date"},
		{Name: "summary", Kind: Text, Multiline: true, Basis: "000 §6.3: the action plan (informative report, section 5 requirements)"},
	}}}},
	Steps: []Step{lvReview("agree the action plan, or refuse with comments", "000 §6.3")},
	Actions: []Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "varam_review", Submits: true, Rules: []*Rule{InitialVersion000}, Basis: "000 §6.3"},
		lvAgreement("varam_review", "000 §6.3"),
		lvWithdraw,
	},
	Outcomes: []Outcome{
		{Status: "agreed", Effects: []Effect{LVPlanAgreed}, Basis: "000 §6.3–§6.4"},
		{Status: "not_agreed", Basis: "000 §6.3"},
		{Status: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"},
	},
})

var oneVersion, maxVersion = 1.0, 999.0

// InitialVersion000 is 000 §6.4: an initial version is the first, "to be agreed within six
// months" (sākotnējās – sešu mēnešu laikā saskaņojamās versijas); later versions detail it.
var InitialVersion000 = &Rule{
	Name: "000 §6.4 initial version", Basis: "000 §6.4",
	Doc: "Only version 1 may be an initial version, deferring limited-scope areas until a provisional migration date.",
	Check: func(e *Env) Verdict {
		v, _ := e.App.Details.Number("version")
		if e.App.Details.Bool("initial") && v != 1 {
			return Verdict{Violations: []Violation{{Field: "details.initial",
				Reason: "only the first version of the action plan is an initial version", Basis: "000 §6.4"}}}
		}
		return Verdict{}
	},
}
