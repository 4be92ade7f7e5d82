package procedure

import "github.com/ictgov/ictgov/shared/notify"

// agreeOrRefuse is the input of an agreement that may be refused only with reasons: a
// decision, and comments that a refusal must carry (004 ¶12: "reasoned comments and
// proposals"; 003 §10 ¶2 by analogy). basis is the paragraph the agreement rests on.
func agreeOrRefuse(basis string) *Form {
	return &Form{Fields: []Field{
		{Name: "decision", Kind: Enum, Values: []string{"agree", "refuse"}, Required: true, Basis: basis},
		{Name: "comments", Kind: Text, Multiline: true, RequiredWhen: When("decision", "refuse"),
			Basis: basis + ": a refusal gives reasoned comments and proposals"},
	}}
}

// agreementBranches chooses the outcome of agreeOrRefuse; a refusal tells the owner with
// revision_requested when it sends the application back for revision.
func agreementBranches(agreed, refused Status, basis string, revision bool) []Branch {
	b := []Branch{{When: When("decision", "agree"), To: agreed, Basis: basis}, {When: When("decision", "refuse"), To: refused, Basis: basis}}
	if revision {
		b[1].Notice = notify.RevisionRequested
	}
	return b
}
