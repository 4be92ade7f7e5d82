// Package criteria scores an ICT infrastructure object against the selection
// criteria of seed 002 Annex 2 and names the refusal grounds of 002 ¶7 that
// hold. It is pure domain code: standard library only, no I/O.
//
// The state body self-declares each of the 13 sub-criteria as met or not
// (002 ¶4.1 item 8, ¶4.2 item 7); the authorized body applies ¶7 and decides
// (¶8). The package computes; it decides nothing and stores nothing.
package criteria

import (
	"errors"
	"slices"
	"strings"
)

// RuleVersion identifies the scoring rule below: seed 002 Annex 2 and ¶7.1,
// from Order 343/НҚ of 22 September 2020. It is stored with every score so a
// recorded verdict can be told apart from one under a later amendment.
const RuleVersion = "kz-002-annex2@2020-09-22"

// The refusal grounds of 002 ¶7, as recorded in decisions ("grounds":["7.1","7.2"]).
const (
	GroundCriteria     = "7.1" // fewer than 3 points, or a criterion without a point
	GroundArchitecture = "7.2" // does not comply with the state body's approved architecture
)

// groups are the three criteria of Annex 2, each with its yes/no sub-items
// ("options" 1 / 0). Keys are the sub-item numbers as written in the annex.
var groups = []struct {
	id   string
	keys []string
}{
	// 1. Scale of the IS and/or HSC.
	//   1.1 employees of more than one central state body are registered users
	//   1.2 employees of all subordinate organisations and territorial subdivisions of one CSB are users
	//   1.3 systems of more than one CSB are integrated with it and use its data regularly
	//   1.4 systems of the subordinate organisations and 16 territorial subdivisions of one CSB are integrated
	{"1", []string{"1.1", "1.2", "1.3", "1.4"}},
	// 2. Category of the IS and/or HSC.
	//   2.1 reference storage of data on citizens and their property
	//   2.2 reference storage of other primary data required from citizens for a public service
	//   2.3 serves more than three electronic public services
	//   2.4 interaction between state bodies protected with the state CA's EDS key media
	//   2.5 operates in the Unified Transport Environment of state bodies
	{"2", []string{"2.1", "2.2", "2.3", "2.4", "2.5"}},
	// 3. Number of users of the IS and/or HSC.
	//   3.1 the IS has more than 1,000 registered active users
	//   3.2 its primary data are used by more than 100,000 persons
	//   3.3 at least 50 % of all civil servants are connected to it
	//   3.4 all users of the state body use the HSC's components
	{"3", []string{"3.1", "3.2", "3.3", "3.4"}},
}

// minTotal is the ¶7.1 threshold: "three or more points".
const minTotal = 3

// Keys returns the 13 criterion keys of 002 Annex 2 in annex order
// (1.1–1.4, 2.1–2.5, 3.1–3.4). The slice is the caller's to keep.
func Keys() []string {
	var out []string
	for _, g := range groups {
		out = append(out, g.keys...)
	}
	return out
}

// Groups returns the ids of the three Annex 2 criteria, "1", "2", "3": the
// keys of Score.Groups.
func Groups() []string {
	out := make([]string, len(groups))
	for i, g := range groups {
		out[i] = g.id
	}
	return out
}

// GroupOf returns the criterion (group) id a key belongs to, e.g. "2" for "2.3".
func GroupOf(key string) (string, bool) {
	for _, g := range groups {
		if slices.Contains(g.keys, key) {
			return g.id, true
		}
	}
	return "", false
}

// Answers are a state body's yes/no answers, keyed as in Keys. A missing key
// is unanswered: allowed while the application is a draft, refused at
// submission (HTTP contract: submit lists "every unanswered criterion").
type Answers map[string]bool

// Reasons used in FieldError.
const (
	ReasonUnknownCriterion = "unknown_criterion"
	ReasonUnanswered       = "unanswered"
	ReasonUnknownValue     = "unknown_value"
)

// ErrInvalid matches every *ValidationError with errors.Is, so callers can
// map it to a 4xx without a type switch.
var ErrInvalid = errors.New("invalid criteria input")

// FieldError is one problem, shaped as the HTTP contract's problem-document
// entry {"field","reason"}. Field is the request path, "criteria.<key>" or
// "architecture".
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// ValidationError lists every problem found, not only the first, so that a
// clerk can fix the whole form in one go.
type ValidationError struct {
	Errors []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		parts[i] = fe.Field + ": " + fe.Reason
	}
	return "criteria: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// fieldFor is the request path of a criterion key: the criteria object is
// the "criteria" member of the application body (HTTP contract).
func fieldFor(key string) string { return "criteria." + key }

// Validate refuses keys that are not in Annex 2, naming each one (sorted, so
// the answer is stable). Unanswered keys are fine here: a draft may be
// partial. A nil or empty map is valid.
func Validate(a Answers) error {
	if errs := unknownErrors(a); len(errs) > 0 {
		return &ValidationError{Errors: errs}
	}
	return nil
}

// ValidateComplete is Validate plus every unanswered key: the check at
// submission (002 ¶4.1 item 8 / ¶4.2 item 7 require the compliance
// information with the application). Unknown keys come first, then the
// unanswered ones in annex order.
func ValidateComplete(a Answers) error {
	errs := unknownErrors(a)
	for _, k := range Unanswered(a) {
		errs = append(errs, FieldError{Field: fieldFor(k), Reason: ReasonUnanswered})
	}
	if len(errs) > 0 {
		return &ValidationError{Errors: errs}
	}
	return nil
}

func unknownErrors(a Answers) []FieldError {
	var unknown []string
	for k := range a {
		if _, ok := GroupOf(k); !ok {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown) // map order is random; answers must not be
	var errs []FieldError
	for _, k := range unknown {
		errs = append(errs, FieldError{Field: fieldFor(k), Reason: ReasonUnknownCriterion})
	}
	return errs
}

// Unanswered returns the Annex 2 keys missing from a, in annex order; an
// empty (non-nil) slice when all 13 are answered. An answer of false is an
// answer.
func Unanswered(a Answers) []string {
	out := []string{}
	for _, k := range Keys() {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// Score is the result of the Annex 2 selection (002 ¶7.1). Groups has the
// points per criterion ("1", "2", "3"), always all three; Total is their sum.
type Score struct {
	Groups      map[string]int `json:"groups"`
	Total       int            `json:"total"`
	Passes      bool           `json:"passes"`
	RuleVersion string         `json:"ruleVersion"`
}

// ScoreOf scores answers against Annex 2: one point per "yes" (the annex's
// options are 1 / 0, equally weighted). Unanswered keys score 0; unknown keys
// are ignored, since Validate refuses them before anything is stored.
//
// Passes iff every criterion (group) has at least one point and the total
// is at least 3 (002 ¶7.1).
//
// [AMBIGUITY] ¶7.1 reads: "does not receive three or more points … At the
// same time, it is necessary to receive a minimum of one point in each
// criterion." Annex 2 has three numbered criteria whose thirteen sub-items
// are the "options"; we read "each criterion" as each of the three groups.
// Reading it as each of the thirteen sub-items would demand a perfect 13 and
// make the "three or more points" threshold meaningless. Under the group
// reading the total check is implied by the group checks (three groups with a
// point each make 3), so it is redundant; it is still evaluated, so the rule
// reads as the law does and survives a change to either half (seed digest
// 002 A4.3, A9 item 8).
func ScoreOf(a Answers) Score {
	s := Score{Groups: make(map[string]int, len(groups)), RuleVersion: RuleVersion}
	everyGroup := true
	for _, g := range groups {
		n := 0
		for _, k := range g.keys {
			if a[k] {
				n++
			}
		}
		s.Groups[g.id] = n
		s.Total += n
		if n < 1 {
			everyGroup = false
		}
	}
	s.Passes = everyGroup && s.Total >= minTotal
	return s
}

// Architecture is the finding on whether the object complies with the state
// body's approved architecture (002 ¶5–¶6: the service integrator's
// recommendation; ¶7.2: the ground). Its values are those of the HTTP
// contract's recommendation body.
type Architecture string

// The three findings.
const (
	Complies       Architecture = "complies"
	DoesNotComply  Architecture = "does_not_comply"
	NoArchitecture Architecture = "no_architecture" // the state body has no approved architecture (¶7.2 proviso)
)

// ParseArchitecture accepts exactly one of the three contract values; the
// error is a *ValidationError on field "architecture", reason "unknown_value".
func ParseArchitecture(s string) (Architecture, error) {
	switch a := Architecture(s); a {
	case Complies, DoesNotComply, NoArchitecture:
		return a, nil
	}
	return "", &ValidationError{Errors: []FieldError{{Field: "architecture", Reason: ReasonUnknownValue}}}
}

// Grounds returns the refusal grounds of 002 ¶7 that hold, in paragraph
// order: "7.1" when the score does not pass, "7.2" when the object does not
// comply with the approved architecture. An empty (non-nil) slice means no
// ground holds and inclusion is allowed (¶8.1). ¶7 is a closed list ("on the
// following grounds"), so nothing else is a ground; other reasons a refusal
// gives are the authorized body's own.
//
// ¶7.2 holds only for DoesNotComply. NoArchitecture is not a ground: "if the
// state body has no architecture, that is not a ground for refusal" (¶7.2
// proviso). An empty or unknown value (no recommendation yet) adds no ground
// either; callers must not decide before the ¶6 recommendation exists.
//
// [AMBIGUITY] The service integrator only recommends (¶6); the authorized
// body decides (¶7, ¶8). Pass the authorized body's own finding when it has
// one, else the recommendation.
//
// s.Passes is taken as recorded (see ScoreOf), so a stored score keeps the
// verdict of the RuleVersion it was computed under.
func Grounds(s Score, arch Architecture) []string {
	out := []string{}
	if !s.Passes {
		out = append(out, GroundCriteria)
	}
	if arch == DoesNotComply {
		out = append(out, GroundArchitecture)
	}
	return out
}
