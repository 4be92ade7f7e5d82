package procedure

import (
	"os"
	"strconv"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
)

// The procedures of the Latvian ICT consolidation decision (seed 000) are about the
// applicant organisation itself and name the decision whose obligations they meet; the
// coordinator (VARAM) agrees or refuses. What they need of records other than the
// application — the decision names the organisation, the organisation is under freeze,
// its §6.1 application was agreed — is checked before the engine decides
// (shared/dynamo/latvia_guard.go), and what their outcomes do to the decision and the
// organisation is written by the store (shared/dynamo/latvia_effects.go).

// LVReviewLimit is VARAM's time to agree (000 §6.1–§6.3 set none; digest Q3): none by
// default, or LV_REVIEW_WORKING_DAYS working days when the deployment sets it (the
// template's LatviaReviewWorkingDays), read once at start.
var LVReviewLimit = func() clock.Limit {
	n, err := strconv.Atoi(os.Getenv("LV_REVIEW_WORKING_DAYS"))
	if err != nil || n <= 0 || n > 60 {
		return clock.Limit{}
	}
	return clock.Limit{Kind: clock.WorkingDays, N: n}
}()

func lvReviewBasis(points string) string {
	if LVReviewLimit.None() {
		return points + " (the decision sets VARAM no time limit; digest Q3)"
	}
	return points + " (a time limit the deployment sets; the decision sets none, digest Q3)"
}

// lvDecisionField is the decision an application answers to (contract part two:
// "details":{"decisionId"}); required at creation (the guard) and at submission.
var lvDecisionField = Field{Name: "decisionId", Kind: Text, MaxLen: 26, Required: true,
	Basis: "000 §6: the protocol decision whose obligations the application meets"}

// lvOrgSubject is the organisation that applies.
func lvOrgSubject(basis string) Subject { return Subject{Kind: OrgSubject, Basis: basis} }

// lvAgreement is VARAM's agreement or refusal (000 §6.1: "iesniegt VARAM saskaņojumam");
// a refusal gives its comments (by analogy with 004 ¶12; the decision is silent).
func lvAgreement(from Status, basis string) Action {
	return Action{Name: "agreement", Role: actor.Coordinator, From: from, Records: "agreement", Input: agreeOrRefuse(basis),
		Branches: agreementBranches("agreed", "not_agreed", basis, false), Basis: basis}
}

func lvReview(title, basis string) Step {
	return Step{Status: "varam_review", Owner: actor.Coordinator, Limit: LVReviewLimit, Basis: lvReviewBasis(basis), Title: title}
}

var lvWithdraw = Action{Name: "withdraw", Role: actor.Applicant, From: "draft", To: "withdrawn", Basis: "[DESIGN] a draft may be abandoned"}

// sixOne is what a 000 §6.1 application says of itself; the two cases of §6.1 differ
// only in these words and in the evidence each needs.
type sixOne struct {
	id, title, who, plan, task string
	evidence                   DocRule
}

// lvSixOne declares a 000 §6.1 application: the ministry submits to VARAM, within two
// months of adoption, its plan and the evidence its case needs; VARAM agrees or refuses.
func lvSixOne(s sixOne) *Procedure {
	return &Procedure{
		ID:      s.id,
		Country: "LV",
		Title:   s.title,
		Basis:   "000 §6.1",
		Subject: lvOrgSubject("000 §6.1: " + s.who),
		Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "000 §6.1: ministries submit to VARAM for agreement"},
		Initial: "draft",
		Draft: []Section{{Key: DetailsKey, Basis: "000 §6.1", Form: Form{Fields: []Field{
			lvDecisionField,
			{Name: "summary", Kind: Text, Multiline: true, Basis: "000 §6.1: " + s.plan},
		}}}},
		Documents: []DocRule{s.evidence},
		Steps:     []Step{lvReview(s.task, "000 §6.1")},
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
	}
}
