package procedure_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/procedure"
)

// 003 §23: the SI's I2 assessment, then the AB's conclusion on I1 and I2.
func TestDonationConclusion(t *testing.T) {
	a := mustCreate(t, procedure.Draft{Procedure: "kz-donation-conclusion", Object: &procedure.ObjectInput{Name: "Дар", Type: "information_system"},
		Sections: map[string]any{"details": map[string]any{"acquisition": "donation", "from": "АО «Даритель»"}}}, clerk, nil)
	a, _ = act(t, withValidDocs(a, "terms_of_reference"), "submit", nil, clerk, t0)
	_, err := procedure.Act(a, "assessment", map[string]any{"checks": map[string]any{"I2a": true}}, si, t0, nil)
	if got := fields(err); !slices.Equal(got, []string{"checks.I2b", "checks.I2c", "checks.I2d", "checks.I2e"}) {
		t.Fatalf("an incomplete assessment: %v", err)
	}
	a, _ = act(t, a, "assessment", map[string]any{"checks": map[string]any{"I2a": true, "I2b": true, "I2c": true, "I2d": false, "I2e": true}}, si, t0)
	if _, err := procedure.Act(a, "conclusion", map[string]any{"I1": true, "conclusion": "positive"}, ab, t0, nil); !strings.Contains(reasons(err), "I2d") {
		t.Fatalf("positive while I2d fails: %v", err)
	}
	if _, err := procedure.Act(a, "conclusion", map[string]any{"I1": true, "conclusion": "negative"}, ab, t0, nil); !slices.Equal(fields(err), []string{"reasons"}) {
		t.Fatalf("negative without reasons: %v", err)
	}
	got, _ := act(t, a, "conclusion", map[string]any{"I1": true, "conclusion": "negative", "reasons": []any{"дублирует реестр"}}, ab, t0)
	if got.Status != "negative" || got.Results["conclusion"].Values["failed"].([]any)[0] != "I2d" {
		t.Fatalf("negative: %s %+v", got.Status, got.Results["conclusion"])
	}
}

// 003 §23: the conclusion on I1 and I2.
func TestConclusion003(t *testing.T) {
	all := map[string]any{"I2a": true, "I2b": true, "I2c": true, "I2d": true, "I2e": true}
	someFail := map[string]any{"I2a": true, "I2b": false, "I2c": true, "I2d": true, "I2e": false}
	for _, c := range []struct {
		name       string
		checks     map[string]any
		input      procedure.Values
		failed     []string
		violations []string
	}{
		{"003 §23 positive when I1 and every I2 hold", all, procedure.Values{"I1": true, "conclusion": "positive"}, nil, nil},
		{"003 §23 ¶2 positive refused when I1 fails", all, procedure.Values{"I1": false, "conclusion": "positive"}, []string{"I1"}, []string{"conclusion@003 §23 ¶2"}},
		{"003 §23 ¶2 positive refused when I2b and I2e fail", someFail, procedure.Values{"I1": true, "conclusion": "positive"}, []string{"I2b", "I2e"}, []string{"conclusion@003 §23 ¶2"}},
		{"003 §23 negative records the failed indicators", someFail, procedure.Values{"I1": false, "conclusion": "negative", "reasons": []any{"costly"}},
			[]string{"I1", "I2b", "I2e"}, nil},
		{"003 §23 negative is allowed when all hold", all, procedure.Values{"I1": true, "conclusion": "negative", "reasons": []any{"not needed"}}, nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := withResult(&procedure.Application{}, "assessment", procedure.Values{"checks": c.checks})
			v := procedure.Conclusion003.Check(&procedure.Env{App: a, Input: c.input})
			var failed []string
			for _, f := range v.Facts["failed"].([]any) {
				failed = append(failed, f.(string))
			}
			if !slices.Equal(failed, c.failed) {
				t.Errorf("failed %v, want %v", failed, c.failed)
			}
			if got := violated(v); !slices.Equal(got, c.violations) {
				t.Errorf("violations %v, want %v", got, c.violations)
			}
			if len(c.violations) > 0 && !strings.Contains(v.Violations[0].Reason, strings.Join(c.failed, ", ")) {
				t.Errorf("the refusal does not name the failed indicators: %q", v.Violations[0].Reason)
			}
		})
	}
}
