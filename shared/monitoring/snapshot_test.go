package monitoring

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
)

func sampleSnapshot(t testing.TB, sections ...string) ([]byte, Totals) {
	t.Helper()
	var buf bytes.Buffer
	at := time.Date(2026, 3, 20, 6, 0, 0, 0, time.UTC)
	w, err := NewSnapshotWriter(&buf, SnapshotHeader{ID: "01jd8w0a1b2c3d4e5f6g7h8j9k", Period: "2026-Q1", From: "2026-01-01", To: "2026-03-31",
		TimeZone: "Asia/Almaty", MadeAt: at, MadeBy: actor.Actor{Sub: "si", Org: "kz-si", Role: actor.ServiceIntegrator}, Basis: "004 ¶26"})
	if err != nil {
		t.Fatal(err)
	}
	has := func(s string) bool {
		for _, x := range sections {
			if x == s {
				return true
			}
		}
		return false
	}
	if has("assessments") {
		for i, l := range []Level{1, 2, 3} {
			must(t, w.Assessment(Assessment{ID: fmt.Sprintf("a%d", i), ProjectID: "p1", ProjectName: "Электрондық нотариат <b>", Org: "kz-minjust",
				Stage: Planning, Checks: map[string]bool{"P1": l == 3, "P2": true}, Level: l, On: "2026-03-20", At: at,
				Recommendations: []string{"r1"}}))
		}
	}
	if has("recommendations") {
		must(t, w.Recommendation(RecommendationRow{ID: "r1", ProjectName: "Электрондық нотариат", Org: "kz-minjust", Text: "=HYPERLINK(\"x\")",
			DueOn: "2026-04-01", State: RecOpen}))
		must(t, w.Recommendation(RecommendationRow{ID: "r2", ProjectName: "ЕНИС", Org: "kz-minjust", Text: "Қайта пайдалану", DueOn: "2026-02-01",
			State: RecOverdue}))
	}
	if has("risks") {
		pct := 23.5
		must(t, w.Risk(Risk{ID: "k1", Factor: "R3", Evidence: "overrun", Budget: &Budget{Planned: 1000, Actual: 1235}, OverrunPct: &pct, On: "2026-03-01"}))
	}
	if has("findings") {
		must(t, w.Finding(Finding{ID: "f1", Kind: "duplicated_components", Text: "<script>alert(1)</script>", On: "2026-03-02"}))
	}
	tot, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), tot
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	for _, secs := range [][]string{
		{"assessments", "recommendations", "risks", "findings"},
		{},
		{"recommendations"},
		{"assessments", "findings"},
	} {
		t.Run(fmt.Sprint(secs), func(t *testing.T) {
			b, tot := sampleSnapshot(t, secs...)
			if !json.Valid(b) {
				t.Fatalf("not JSON: %s", b)
			}
			var seen []string
			got, err := ReadSnapshot(bytes.NewReader(b), SnapshotVisitor{
				Header:         func(h SnapshotHeader) error { seen = append(seen, "header:"+h.Period); return nil },
				Assessment:     func(a Assessment) error { seen = append(seen, "a:"+a.ID); return nil },
				Recommendation: func(r RecommendationRow) error { seen = append(seen, "r:"+r.ID); return nil },
				Risk:           func(r Risk) error { seen = append(seen, "k:"+r.ID); return nil },
				Finding:        func(f Finding) error { seen = append(seen, "f:"+f.ID); return nil },
			})
			if err != nil {
				t.Fatal(err)
			}
			gb, _ := json.Marshal(got)
			tb, _ := json.Marshal(tot)
			if !bytes.Equal(gb, tb) || seen[0] != "header:2026-Q1" {
				t.Fatalf("totals %s want %s; seen %v", gb, tb, seen)
			}
			// Every section is present, as a list, in order.
			var doc map[string]json.RawMessage
			_ = json.Unmarshal(b, &doc)
			for _, s := range sections {
				if !strings.HasPrefix(string(doc[s]), "[") {
					t.Errorf("section %s: %s", s, doc[s])
				}
			}
		})
	}
	b, tot := sampleSnapshot(t, "assessments", "recommendations", "risks", "findings")
	if tot.Assessments != 3 || tot.Levels["2"] != 1 || tot.Recommendations["overdue"] != 1 || tot.Risks["R3"] != 1 || tot.Findings != 1 {
		t.Fatalf("totals %+v", tot)
	}
	// Sections out of order are refused by the writer.
	var buf bytes.Buffer
	w, _ := NewSnapshotWriter(&buf, SnapshotHeader{ID: "x", Period: "2026"})
	must(t, w.Risk(Risk{Factor: "R1"}))
	if err := w.Assessment(Assessment{Level: 1}); err == nil {
		t.Fatal("an assessment after the risks was written")
	}
	_ = b
}

func TestReadSnapshotRefusesWhatTheWriterNeverWrites(t *testing.T) {
	good, _ := sampleSnapshot(t, "assessments")
	s := string(good)
	for name, bad := range map[string]string{
		"empty":             "",
		"not an object":     "[]",
		"truncated":         s[:len(s)-10],
		"trailing data":     s + "{}",
		"no totals":         strings.Replace(s, `,"totals":`, `,"x":`, 1),
		"sections swapped":  strings.Replace(strings.Replace(s, `"assessments"`, `"tmp"`, 1), `"recommendations"`, `"assessments"`, 1),
		"header after":      strings.Replace(s, `,"totals":`, `,"id":"y","totals":`, 1),
		"no id":             strings.Replace(s, `"id":"01jd8w0a1b2c3d4e5f6g7h8j9k"`, `"id":""`, 1),
		"a record mistyped": strings.Replace(s, `"level":1`, `"level":"one"`, 1),
	} {
		if _, err := ReadSnapshot(strings.NewReader(bad), SnapshotVisitor{Assessment: func(Assessment) error { return nil }}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzReadSnapshot(f *testing.F) {
	good, _ := sampleSnapshot(f, "assessments", "recommendations", "risks", "findings")
	f.Add(good)
	f.Add([]byte(`{"id":"x","period":"2026","assessments":[],"recommendations":[],"risks":[],"findings":[],"totals":{}}`))
	f.Add([]byte(`{"assessments":[{}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var out bytes.Buffer
		r := &Report{ID: "x", Period: "2026", Totals: NewTotals()}
		// Neither reader nor renderer may panic; what the reader accepts, both renderers render.
		_, err := ReadSnapshot(bytes.NewReader(b), SnapshotVisitor{})
		herr := WriteHTML(&out, r, bytes.NewReader(b))
		cerr := WriteCSV(&out, bytes.NewReader(b))
		if (err == nil) != (herr == nil) || (err == nil) != (cerr == nil) {
			t.Fatalf("reader %v, html %v, csv %v", err, herr, cerr)
		}
	})
}

func TestWriteCSV(t *testing.T) {
	b, _ := sampleSnapshot(t, "assessments", "recommendations", "risks", "findings")
	var out bytes.Buffer
	must(t, WriteCSV(&out, bytes.NewReader(b)))
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+3+2+1+1 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("rows %v", rows)
	}
	if rows[1][8] != "P1=false P2=true" || rows[1][4] != "Электрондық нотариат <b>" {
		t.Errorf("assessment row %v", rows[1])
	}
	if rows[4][12] != `'=HYPERLINK("x")` {
		t.Errorf("a formula must not run in a spreadsheet: %q", rows[4][12])
	}
	if rows[6][10] != "R3" || !strings.Contains(rows[6][12], "overrun 23.50%") {
		t.Errorf("risk row %v", rows[6])
	}
}

func TestWriteHTML(t *testing.T) {
	b, tot := sampleSnapshot(t, "assessments", "recommendations", "findings")
	at := time.Date(2026, 4, 2, 4, 0, 0, 0, time.UTC)
	r := &Report{ID: "01jd8w0a1b2c3d4e5f6g7h8j9k", Period: "2026-Q1", From: "2026-01-01", To: "2026-03-31", Status: ReportCoordinated,
		CreatedAt: at, CreatedBy: actor.Actor{Sub: "si", Org: "kz-si"}, CoordinatedAt: &at, CoordinatedBy: &actor.Actor{Sub: "ab", Org: "kz-mdai"},
		Snapshot: SnapshotInfo{SHA256: "abc", Size: int64(len(b))}, Totals: tot}
	var out bytes.Buffer
	must(t, WriteHTML(&out, r, bytes.NewReader(b)))
	h := out.String()
	for _, want := range []string{
		`<meta charset="utf-8">`, "Monitoring report 2026-Q1", "2026-04-02 09:00 (Asia/Almaty)",
		"Электрондық нотариат &lt;b&gt;", // escaped, and Kazakh letters kept
		"архитектураға ішінара сәйкес келеді",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"Risk factors recorded in the period (004 ¶28)</h2>\n<p class=\"none\">None.</p>", // an empty section says so
		"техникалық құжаттаманың талаптарға", "coordinated on 2026-04-02 09:00",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	if strings.Contains(h, "<script>") || strings.Count(h, "<table") != strings.Count(h, "</table>") {
		t.Errorf("unescaped script or unbalanced tables")
	}
	if dir := os.Getenv("ICTGOV_REPORT_SAMPLE"); dir != "" {
		// `ICTGOV_REPORT_SAMPLE=/tmp go test -run TestWriteHTML` writes the page to look at.
		must(t, os.WriteFile(dir+"/report-sample.html", out.Bytes(), 0o644))
	}
}

func ExampleCheckSetOfStage() {
	for _, f := range CheckSetOfStage(Investment, map[string]bool{"I1": true, "I2": true, "P1": true}) {
		fmt.Println(f.Field+":", f.Reason)
	}
	// Output:
	// checks.I3: missing: an assessment of the investment stage answers I1, I2, I3 (004 ¶23)
	// checks.P1: not a check of the investment stage, whose checks are I1, I2, I3 (004 ¶23)
}

func ExampleParsePeriod() {
	p, _ := ParsePeriod("2026-Q2")
	fmt.Println(p.From, p.To, p.Key())
	// Output: 2026-04-01 2026-06-30 monitoring-reports/2026-Q2.json
}
