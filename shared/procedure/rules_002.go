package procedure

import (
	"fmt"
	"strings"

	"github.com/ictgov/ictgov/shared/criteria"
)

// The legal rules of seed 002 (Order No. 29, restated by No. 343/НҚ). Scoring and the
// grounds themselves are in shared/criteria; these rules bind them to the application.

// criteriaSection is 002 Annex 2 as the draft's "criteria" section: the 13 sub-criteria,
// each answered true or false by the state body (002 ¶4.1 8), ¶4.2 7)).
var criteriaSection = func() Section {
	var fs []Field
	for _, k := range criteria.Keys() {
		g, _ := criteria.GroupOf(k)
		fs = append(fs, Field{Name: k, Kind: Bool, Required: true,
			Basis: "002 ¶4 and Annex 2, criterion " + g + ", sub-item " + k})
	}
	return Section{Key: "criteria", Form: Form{Fields: fs}, Basis: "002 ¶4, Annex 2"}
}()

func answers(a *Application) criteria.Answers {
	out := criteria.Answers{}
	for k, x := range a.Sections["criteria"] {
		if b, ok := x.(bool); ok {
			out[k] = b
		}
	}
	return out
}

// Score002 scores the self-declared answers against 002 Annex 2 and ¶7.1 (three points,
// at least one in each criterion), on every change of the draft.
var Score002 = &Rule{
	Name: "002 Annex 2 score", Basis: "002 Annex 2, ¶7.1", Facts: []string{"score"},
	Doc: "Counts a point per sub-criterion met, per criterion and in total; passes with three points and a point in each criterion.",
	Check: func(e *Env) Verdict {
		return Verdict{Facts: map[string]any{"score": criteria.ScoreOf(answers(e.App))}}
	},
}

// Grounds002 applies 002 ¶7–¶8: the grounds of ¶7 are a closed list, so an inclusion
// while a ground holds is refused with the grounds named, and a refusal records every
// ground that holds with the reasons given; a refusal with no ground is refused too.
// The architecture finding is the SI's recommendation (¶6) unless the AB records its own
// in the decision: the SI only recommends, the AB decides ([AMBIGUITY] of A4.3).
var Grounds002 = &Rule{
	Name: "002 ¶7 grounds for refusal", Basis: "002 ¶7, ¶8", Facts: []string{"grounds"},
	Doc: "Names the ¶7 grounds that hold (7.1 criteria, 7.2 architecture); include needs none, refuse needs one.",
	Check: func(e *Env) Verdict {
		arch := criteria.Architecture("")
		if r := e.App.Results["recommendation"]; r != nil {
			arch = criteria.Architecture(r.Values.String("architecture"))
		}
		if own := e.Input.String("architecture"); own != "" {
			arch = criteria.Architecture(own)
		}
		grounds := criteria.Grounds(criteria.ScoreOf(answers(e.App)), arch)
		v := Verdict{Facts: map[string]any{"grounds": toAny(grounds)}}
		switch e.Input.String("decision") {
		case "include":
			for _, g := range grounds {
				v.Violations = append(v.Violations, Violation{Field: "decision", Reason: groundText(g), Basis: "002 ¶7." + strings.TrimPrefix(g, "7.")})
			}
		case "refuse":
			if len(grounds) == 0 {
				v.Violations = append(v.Violations, Violation{Field: "decision",
					Reason: "no ground of 002 ¶7 holds; ¶7 lists the only grounds for refusal", Basis: "002 ¶7"})
			}
		}
		return v
	},
}

func groundText(g string) string {
	switch g {
	case criteria.GroundCriteria:
		return "cannot include: fewer than three points, or a criterion group without a point (Annex 2)"
	case criteria.GroundArchitecture:
		return "cannot include: the object does not comply with the state body's approved architecture"
	}
	return fmt.Sprintf("cannot include: ground %s holds", g)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
