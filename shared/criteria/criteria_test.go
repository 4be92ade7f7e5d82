package criteria

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// yes answers the given keys true and every other Annex 2 key false, so the
// answers are complete.
func yes(keys ...string) Answers {
	a := Answers{}
	for _, k := range Keys() {
		a[k] = false
	}
	for _, k := range keys {
		a[k] = true
	}
	return a
}

// 002 Annex 2: three criteria, 4 + 5 + 4 sub-items.
func TestKeys(t *testing.T) {
	want := []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4"}
	if got := Keys(); !slices.Equal(got, want) {
		t.Fatalf("Keys() = %q", got)
	}
	k := Keys()
	k[0] = "mutated"
	if Keys()[0] != "1.1" {
		t.Fatal("Keys returns shared storage")
	}
	if got := Groups(); !slices.Equal(got, []string{"1", "2", "3"}) {
		t.Fatalf("Groups() = %q", got)
	}
	for _, k := range want {
		if g, ok := GroupOf(k); !ok || g != k[:1] {
			t.Errorf("GroupOf(%q) = %q, %v", k, g, ok)
		}
	}
	if _, ok := GroupOf("1.5"); ok {
		t.Error(`GroupOf("1.5") ok`)
	}
}

func TestScoreOf(t *testing.T) {
	all := Keys()
	tests := []struct {
		name   string
		a      Answers
		groups [3]int
		passes bool
	}{
		// Every group-zero case (002 ¶7.1: "a minimum of one point in each criterion").
		{"all yes", yes(all...), [3]int{4, 5, 4}, true},
		{"group 1 zero, others full", yes("2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4"), [3]int{0, 5, 4}, false},
		{"group 2 zero, others full", yes("1.1", "1.2", "1.3", "1.4", "3.1", "3.2", "3.3", "3.4"), [3]int{4, 0, 4}, false},
		{"group 3 zero, others full", yes("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5"), [3]int{4, 5, 0}, false},
		{"groups 1 and 2 zero", yes("3.1", "3.2", "3.3", "3.4"), [3]int{0, 0, 4}, false},
		{"groups 1 and 3 zero", yes("2.1", "2.2", "2.3", "2.4", "2.5"), [3]int{0, 5, 0}, false},
		{"groups 2 and 3 zero", yes("1.1", "1.2", "1.3", "1.4"), [3]int{4, 0, 0}, false},
		{"all no", yes(), [3]int{0, 0, 0}, false},

		// The boundary total (002 ¶7.1: "three or more points").
		{"total 2 (one group without a point)", yes("1.1", "2.1"), [3]int{1, 1, 0}, false},
		{"total 3, one point in each group", yes("1.4", "2.5", "3.4"), [3]int{1, 1, 1}, true},
		{"total 3 but group 3 zero", yes("1.1", "1.2", "2.1"), [3]int{2, 1, 0}, false},
		{"total 4, one group carries two", yes("1.1", "2.1", "2.2", "3.3"), [3]int{1, 2, 1}, true},

		// Unanswered counts as no; unknown keys do not count at all.
		{"nil answers", nil, [3]int{0, 0, 0}, false},
		{"partial answers", Answers{"1.1": true, "2.2": true, "3.3": true}, [3]int{1, 1, 1}, true},
		{"unknown keys ignored", Answers{"1.1": true, "2.1": true, "1.5": true, "3": true, "3.10": true}, [3]int{1, 1, 0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ScoreOf(tt.a)
			want := map[string]int{"1": tt.groups[0], "2": tt.groups[1], "3": tt.groups[2]}
			total := tt.groups[0] + tt.groups[1] + tt.groups[2]
			if len(s.Groups) != 3 || s.Groups["1"] != want["1"] || s.Groups["2"] != want["2"] || s.Groups["3"] != want["3"] {
				t.Errorf("Groups = %v, want %v", s.Groups, want)
			}
			if s.Total != total || s.Passes != tt.passes || s.RuleVersion != RuleVersion {
				t.Errorf("Score = %+v, want total %d passes %v", s, total, tt.passes)
			}
		})
	}
}

func TestScoreJSON(t *testing.T) {
	b, err := json.Marshal(ScoreOf(yes("1.1", "2.1", "3.1")))
	if err != nil {
		t.Fatal(err)
	}
	// The HTTP contract's "score" shape, plus ruleVersion.
	want := `{"groups":{"1":1,"2":1,"3":1},"total":3,"passes":true,"ruleVersion":"kz-002-annex2@2020-09-22"}`
	if string(b) != want {
		t.Fatalf("json = %s\nwant   %s", b, want)
	}
}

func TestGrounds(t *testing.T) {
	pass, fail := ScoreOf(yes(Keys()...)), ScoreOf(yes("1.1", "2.1"))
	tests := []struct {
		name  string
		score Score
		arch  Architecture
		want  []string
	}{
		// All three ¶7.2 cases, with a passing score.
		{"passes, complies", pass, Complies, []string{}},
		{"passes, does not comply (002 ¶7.2)", pass, DoesNotComply, []string{"7.2"}},
		{"passes, no architecture (002 ¶7.2 proviso)", pass, NoArchitecture, []string{}},
		// And with a failing score (002 ¶7.1), giving the combined grounds.
		{"fails, complies", fail, Complies, []string{"7.1"}},
		{"fails, does not comply: both grounds", fail, DoesNotComply, []string{"7.1", "7.2"}},
		{"fails, no architecture", fail, NoArchitecture, []string{"7.1"}},
		// No recommendation yet, or a value from nowhere: not a ¶7.2 ground.
		{"passes, no finding", pass, "", []string{}},
		{"fails, unknown finding", fail, "DOES_NOT_COMPLY", []string{"7.1"}},
		{"zero score", Score{}, Complies, []string{"7.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Grounds(tt.score, tt.arch)
			if got == nil || !slices.Equal(got, tt.want) {
				t.Errorf("Grounds = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestParseArchitecture(t *testing.T) {
	for _, s := range []string{"complies", "does_not_comply", "no_architecture"} {
		if a, err := ParseArchitecture(s); err != nil || string(a) != s {
			t.Errorf("ParseArchitecture(%q) = %q, %v", s, a, err)
		}
	}
	for _, s := range []string{"", "Complies", "does not comply", "none", " complies"} {
		a, err := ParseArchitecture(s)
		var ve *ValidationError
		if a != "" || !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) ||
			len(ve.Errors) != 1 || ve.Errors[0] != (FieldError{"architecture", "unknown_value"}) {
			t.Errorf("ParseArchitecture(%q) = %q, %v", s, a, err)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := Validate(nil); err != nil {
		t.Errorf("Validate(nil) = %v", err)
	}
	if err := Validate(Answers{"1.1": true}); err != nil {
		t.Errorf("partial answers refused: %v", err)
	}
	if err := Validate(yes(Keys()...)); err != nil {
		t.Errorf("complete answers refused: %v", err)
	}

	err := Validate(Answers{"1.1": true, "9.9": true, "1.5": false, "": true, " 1.1": true, "1.10": true})
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("Validate = %v, want *ValidationError", err)
	}
	want := []FieldError{
		{"criteria.", "unknown_criterion"},
		{"criteria. 1.1", "unknown_criterion"},
		{"criteria.1.10", "unknown_criterion"},
		{"criteria.1.5", "unknown_criterion"},
		{"criteria.9.9", "unknown_criterion"},
	}
	if !slices.Equal(ve.Errors, want) {
		t.Errorf("Errors = %q\nwant     %q", ve.Errors, want)
	}
	if !strings.Contains(err.Error(), "criteria.9.9: unknown_criterion") {
		t.Errorf("message %q does not name the key", err)
	}
	b, _ := json.Marshal(ve.Errors[4])
	if string(b) != `{"field":"criteria.9.9","reason":"unknown_criterion"}` {
		t.Errorf("json = %s", b)
	}
}

func TestUnansweredAndValidateComplete(t *testing.T) {
	if got := Unanswered(yes()); got == nil || len(got) != 0 {
		t.Errorf("Unanswered(complete) = %#v, want []", got)
	}
	if got := Unanswered(nil); !slices.Equal(got, Keys()) {
		t.Errorf("Unanswered(nil) = %q", got)
	}
	a := yes()
	delete(a, "2.3")
	delete(a, "1.2")
	if got := Unanswered(a); !slices.Equal(got, []string{"1.2", "2.3"}) {
		t.Errorf("Unanswered = %q", got)
	}
	if err := ValidateComplete(yes()); err != nil {
		t.Errorf("ValidateComplete(complete, all false) = %v; false is an answer", err)
	}
	a["7.7"] = true
	var ve *ValidationError
	if err := ValidateComplete(a); !errors.As(err, &ve) {
		t.Fatalf("ValidateComplete = %v", err)
	}
	want := []FieldError{{"criteria.7.7", "unknown_criterion"}, {"criteria.1.2", "unanswered"}, {"criteria.2.3", "unanswered"}}
	if !slices.Equal(ve.Errors, want) {
		t.Errorf("Errors = %q, want %q", ve.Errors, want)
	}
}

// FuzzScore: for any answers, ScoreOf never panics; the total is the sum of
// the groups; each group counts its own yes answers; it passes iff every
// group has a point and the total is at least 3 (002 ¶7.1); Grounds agrees.
func FuzzScore(f *testing.F) {
	f.Add(uint16(0), uint16(0), "")
	f.Add(uint16(0x1fff), uint16(0x1fff), "")
	f.Add(uint16(0x1fff), uint16(1|1<<4|1<<9), "9.9")
	f.Add(uint16(0x1fff), uint16(0x1fff), "1.1")
	f.Fuzz(func(t *testing.T, present, values uint16, extra string) {
		keys := Keys()
		a := Answers{}
		for i, k := range keys {
			if present&(1<<i) != 0 {
				a[k] = values&(1<<i) != 0
			}
		}
		_, extraKnown := GroupOf(extra)
		if extra != "" && !extraKnown {
			a[extra] = true // must be ignored by ScoreOf, flagged by Validate
		}

		s := ScoreOf(a)
		sum, everyGroup := 0, true
		for _, g := range Groups() {
			n := 0
			for _, k := range keys {
				if gid, _ := GroupOf(k); gid == g && a[k] {
					n++
				}
			}
			if s.Groups[g] != n {
				t.Fatalf("group %s = %d, want %d", g, s.Groups[g], n)
			}
			sum += n
			everyGroup = everyGroup && n >= 1
		}
		if len(s.Groups) != 3 || s.Total != sum {
			t.Fatalf("total %d, groups %v", s.Total, s.Groups)
		}
		if want := everyGroup && s.Total >= 3; s.Passes != want {
			t.Fatalf("Passes = %v, want %v for %+v", s.Passes, want, s)
		}
		grounds := Grounds(s, Complies)
		if slices.Contains(grounds, "7.1") == s.Passes || slices.Contains(grounds, "7.2") {
			t.Fatalf("Grounds = %q for %+v", grounds, s)
		}
		if err := Validate(a); (err != nil) != (extra != "" && !extraKnown) {
			t.Fatalf("Validate(%v) = %v", a, err)
		}
		if got := len(Unanswered(a)); got+countKnown(a) != len(keys) {
			t.Fatalf("Unanswered %d + answered %d != %d", got, countKnown(a), len(keys))
		}
	})
}

func countKnown(a Answers) int {
	n := 0
	for k := range a {
		if _, ok := GroupOf(k); ok {
			n++
		}
	}
	return n
}
