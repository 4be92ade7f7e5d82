package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/monitoring"
)

// project is a project as these tests read it.
type project struct {
	ID, Org, Stage string
	Level          *int
	Version        int
	Assessments    []struct {
		ID              string
		Stage           string
		Level           int
		On              string
		Recommendations []string
	}
	Recommendations []struct {
		ID, State, DueOn, Text string
		Clock                  *struct{ State, DueDate string }
	}
	Risks    []struct{ Factor string }
	Findings []struct{ Kind string }
}

type report struct {
	ID, Period, Status string
	Snapshot           struct{ SHA256 string }
	Totals             monitoring.Totals
	Content            json.RawMessage
}

// refInbox lists the types of the notices in u's inbox about one record (ref kind/id).
func refInbox(t *testing.T, u *apitest.User, kind, id string) []string {
	t.Helper()
	var in struct {
		Items []struct {
			Type string
			Ref  *struct{ Kind, ID string }
		}
	}
	apitest.Do(t, u, "GET", "/v1/notifications?limit=200", nil).Want(t, 200).Decode(t, &in)
	var out []string
	for _, n := range in.Items {
		if n.Ref != nil && n.Ref.Kind == kind && n.Ref.ID == id {
			out = append(out, n.Type)
		}
	}
	return out
}

// objectByDraft registers an object of u's organisation (a kz-operator-list draft registers
// its new object) and returns its id.
func objectByDraft(t *testing.T, u *apitest.User, name string) string {
	t.Helper()
	var a generic
	apitest.Do(t, u, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": name, "type": "information_system"}}).Want(t, 201).Decode(t, &a)
	return a.Object.ID
}

func contentIDs(t *testing.T, raw json.RawMessage, section string) []string {
	t.Helper()
	var c map[string]json.RawMessage
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatalf("content: %v", err)
	}
	var rows []struct{ ID string }
	if err := json.Unmarshal(c[section], &rows); err != nil {
		t.Fatalf("content.%s: %v", section, err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

// 004 ¶19–¶29 through the gateway, from project creation to a coordinated report: the
// check set served as data; a project linked to its organisation's object; assessments
// refused with the fields at fault (missing and extra checks, ¶25, the level-3 rule) and
// one accepted with recommendations; a risk with R3's threshold; an architectural control
// finding; a recommendation implemented; the stage moved; the report frozen (one per
// period), unchanged after a later assessment, read as JSON, CSV and HTML, coordinated;
// the ¶29 summary; notices in the inboxes.
func TestMonitoringThroughTheGateway(t *testing.T) {
	t.Parallel()
	sfx := apitest.Suffix()
	clerk := apitest.Login(t, "clerk-mon-"+sfx, "kz-e2e-mon-"+sfx, "applicant")
	other := apitest.Login(t, "clerk-mon-other-"+sfx, "kz-e2e-mon-other-"+sfx, "applicant")
	si := apitest.Login(t, "si-mon", "kz-si", "service_integrator")
	ab := apitest.Login(t, "ab-mon", "kz-mdai", "authorized_body")

	var decl monitoring.Declaration
	apitest.Do(t, nil, "GET", "/v1/monitoring/checks", nil).Want(t, 200).Decode(t, &decl)
	if len(decl.Stages) != 4 || decl.Stages[1].Checks[2].Code != "I3" || decl.Stages[1].Checks[2].Basis != "004 ¶23.3" ||
		!strings.Contains(decl.Stages[0].Checks[0].TextKK, "техникалық құжаттаманың") || *decl.RiskFactors[2].ThresholdPercent != 10 {
		t.Fatalf("declaration %+v", decl.Stages)
	}

	obj := objectByDraft(t, clerk, "Бірыңғай нотариаттық ақпараттық жүйе")
	theirs := objectByDraft(t, other, "Other IS")
	apitest.Do(t, si, "POST", "/v1/projects", map[string]any{"name": "x"}).Want(t, 403)
	r := apitest.Do(t, clerk, "POST", "/v1/projects", map[string]any{"name": "x", "objectIds": []string{theirs}}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"objectIds[0]"}) {
		t.Fatalf("another organisation's object: %v", got)
	}
	body := map[string]any{"name": "ЕНИС, 2-кезең", "objectIds": []string{obj}}
	r = apitest.Do(t, clerk, "POST", "/v1/projects", body, "Idempotency-Key", "mon-"+sfx).Want(t, 201)
	var p project
	r.Decode(t, &p)
	if p.Stage != "planning" || p.Org != clerk.Org || p.Level != nil || r.Header.Get("Location") != "/v1/projects/"+p.ID {
		t.Fatalf("created %s", r.Body)
	}
	again := apitest.Do(t, clerk, "POST", "/v1/projects", body, "Idempotency-Key", "mon-"+sfx).Want(t, 201)
	if again.Header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(again.Body, r.Body) {
		t.Fatal("the same key and body did not replay the first answer")
	}
	apitest.Do(t, other, "GET", "/v1/projects/"+p.ID, nil).Want(t, 404)
	path := "/v1/projects/" + p.ID

	// Assessments refused, each naming what is wrong.
	apitest.Do(t, ab, "POST", path+"/assessments", map[string]any{"stage": "planning", "checks": map[string]bool{"P1": true, "P2": true}, "level": 3}).Want(t, 403)
	apitest.Do(t, si, "POST", path+"/assessments", map[string]any{"stage": "investment", "checks": map[string]bool{"I1": true, "I2": true, "I3": true}, "level": 3}).Want(t, 409)
	for _, tc := range []struct {
		name string
		body map[string]any
		want []string
	}{
		{"004 ¶22 a missing and an extra check", map[string]any{"stage": "planning", "checks": map[string]bool{"P1": true, "O4": true}, "level": 2,
			"recommendations": []map[string]string{{"text": "x", "dueOn": "2030-01-01"}}}, []string{"checks.P2", "checks.O4"}},
		{"004 ¶25 level 2 without a recommendation", map[string]any{"stage": "planning", "checks": map[string]bool{"P1": true, "P2": false}, "level": 2},
			[]string{"recommendations"}},
		{"004 ¶26 level 3 with a check false", map[string]any{"stage": "planning", "checks": map[string]bool{"P1": true, "P2": false}, "level": 3},
			[]string{"checks.P2"}},
	} {
		r := apitest.Do(t, si, "POST", path+"/assessments", tc.body).Want(t, 422)
		if got := problemFields(t, r); !slices.Equal(got, tc.want) {
			t.Fatalf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	due1 := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	due2 := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
	apitest.Do(t, si, "POST", path+"/assessments", map[string]any{"stage": "planning", "checks": map[string]bool{"P1": true, "P2": false}, "level": 2,
		"recommendations": []map[string]string{{"text": "Шығыстар есебін қайта қарау", "dueOn": due1}, {"text": "Align the TOR", "dueOn": due2}}}).
		Want(t, 201).Decode(t, &p)
	if *p.Level != 2 || len(p.Assessments) != 1 || len(p.Recommendations) != 2 || p.Recommendations[0].State != "open" ||
		p.Recommendations[0].Clock == nil || p.Recommendations[0].Clock.DueDate != due1 {
		t.Fatalf("assessed %+v", p)
	}
	assessed := p.Assessments[0].ID
	apitest.Eventually(t, "the conclusion's notice to the organisation and the authorized body", func() bool {
		return slices.Contains(refInbox(t, clerk, "project", p.ID), "revision_requested") &&
			slices.Contains(refInbox(t, ab, "project", p.ID), "revision_requested")
	})

	// Risk factors (004 ¶28) and architectural control (¶23).
	r = apitest.Do(t, ab, "POST", path+"/risks", map[string]any{"factor": "R3", "evidence": "Treasury report",
		"budget": map[string]float64{"planned": 1000, "actual": 1050}}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"budget.actual"}) {
		t.Fatalf("R3 below the threshold: %v", got)
	}
	apitest.Do(t, ab, "POST", path+"/risks", map[string]any{"factor": "R3", "evidence": "Treasury report",
		"budget": map[string]float64{"planned": 1000, "actual": 1150}}).Want(t, 201)
	apitest.Do(t, clerk, "POST", path+"/risks", map[string]any{"factor": "R1", "evidence": "x"}).Want(t, 403)
	apitest.Do(t, si, "POST", path+"/findings", map[string]any{"kind": "duplicated_components", "text": "ЭЦП модулі қайталанады",
		"objectIds": []string{theirs}}).Want(t, 201).Decode(t, &p)
	if len(p.Risks) != 1 || p.Risks[0].Factor != "R3" || len(p.Findings) != 1 {
		t.Fatalf("risks %+v findings %+v", p.Risks, p.Findings)
	}
	apitest.Eventually(t, "the risk warning", func() bool { return slices.Contains(refInbox(t, clerk, "project", p.ID), "risk_warning") })

	// A recommendation implemented by the organisation, once.
	rec := p.Recommendations[1].ID
	apitest.Do(t, other, "POST", "/v1/recommendations/"+rec+"/implemented", nil).Want(t, 404)
	apitest.Do(t, si, "POST", "/v1/recommendations/"+rec+"/implemented", nil).Want(t, 403)
	var rc struct {
		State string
		Clock struct{ State string }
	}
	apitest.Do(t, clerk, "POST", "/v1/recommendations/"+rec+"/implemented", map[string]string{"note": "TOR revised"}).Want(t, 200).Decode(t, &rc)
	if rc.State != "implemented" || rc.Clock.State != "met" {
		t.Fatalf("implemented %+v", rc)
	}
	apitest.Do(t, clerk, "POST", "/v1/recommendations/"+rec+"/implemented", nil).Want(t, 409)

	// Stages: only forward, one at a time (004 ¶21).
	apitest.Do(t, clerk, "POST", path+"/stage", map[string]string{"to": "post_investment"}).Want(t, 409)
	apitest.Do(t, si, "POST", path+"/stage", map[string]string{"to": "investment"}).Want(t, 403)
	apitest.Do(t, clerk, "POST", path+"/stage", map[string]string{"to": "investment"}).Want(t, 200).Decode(t, &p)
	if p.Stage != "investment" {
		t.Fatalf("stage %s", p.Stage)
	}

	// The report of the quarter (004 ¶26): one per period, frozen.
	period := monitoring.DateOf(time.Now()).String()[:4] + "-Q" + string(rune('1'+(int(monitoring.DateOf(time.Now()).Month)-1)/3))
	apitest.Do(t, clerk, "POST", "/v1/monitoring-reports", map[string]string{"period": period}).Want(t, 403)
	apitest.Do(t, si, "POST", "/v1/monitoring-reports", map[string]string{"period": "2026-Q5"}).Want(t, 422)
	r = apitest.Do(t, si, "POST", "/v1/monitoring-reports", map[string]string{"period": period}, "Idempotency-Key", "rep-"+sfx).Want(t, 201)
	var rep report
	r.Decode(t, &rep)
	if rep.Status != "submitted" || rep.Period != period || !slices.Contains(contentIDs(t, rep.Content, "assessments"), assessed) ||
		!slices.Contains(contentIDs(t, rep.Content, "recommendations"), p.Recommendations[0].ID) ||
		slices.Contains(contentIDs(t, rep.Content, "recommendations"), rec) {
		t.Fatalf("report %s", r.Body)
	}
	first := r.Body
	replay := apitest.Do(t, si, "POST", "/v1/monitoring-reports", map[string]string{"period": period}, "Idempotency-Key", "rep-"+sfx).Want(t, 201)
	if replay.Header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(replay.Body, first) {
		t.Fatal("the report's replay is not the first answer")
	}
	apitest.Do(t, si, "POST", "/v1/monitoring-reports", map[string]string{"period": period}).Want(t, 409)
	apitest.Eventually(t, "the authorized body told of the report", func() bool {
		return slices.Contains(refInbox(t, ab, "report", rep.ID), "step_started")
	})

	// A later assessment leaves the report as it was.
	apitest.Do(t, si, "POST", path+"/assessments", map[string]any{"stage": "investment", "checks": map[string]bool{"I1": true, "I2": true, "I3": true}, "level": 3}).
		Want(t, 201).Decode(t, &p)
	var got report
	apitest.Do(t, ab, "GET", "/v1/monitoring-reports/"+rep.ID, nil).Want(t, 200).Decode(t, &got)
	if !bytes.Equal(got.Content, rep.Content) || got.Snapshot.SHA256 != rep.Snapshot.SHA256 || slices.Contains(contentIDs(t, got.Content, "assessments"), p.Assessments[1].ID) {
		t.Fatal("the report changed after a later assessment")
	}
	apitest.Do(t, clerk, "GET", "/v1/monitoring-reports/"+rep.ID, nil).Want(t, 403)
	csvr := apitest.Do(t, ab, "GET", "/v1/monitoring-reports/"+rep.ID+"?format=csv", nil).Want(t, 200)
	rows, err := csv.NewReader(bytes.NewReader(csvr.Body)).ReadAll()
	if err != nil || !strings.HasPrefix(csvr.Header.Get("Content-Type"), "text/csv") || strings.Join(rows[0], ",") != strings.Join(monitoring.CSVHeader, ",") {
		t.Fatalf("csv: %v %s", err, csvr.Body)
	}
	found := false
	for _, row := range rows {
		found = found || (row[0] == "assessment" && row[1] == assessed && row[8] == "P1=true P2=false")
	}
	if !found {
		t.Fatalf("csv has no row of assessment %s", assessed)
	}
	html := apitest.Do(t, ab, "GET", "/v1/monitoring-reports/"+rep.ID+"?format=html", nil).Want(t, 200)
	if !strings.HasPrefix(html.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(html.Body), "ЕНИС, 2-кезең") ||
		!strings.Contains(string(html.Body), "архитектураға ішінара сәйкес келеді") || !strings.Contains(html.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("html: %s", html.Header)
	}
	apitest.Do(t, ab, "GET", "/v1/monitoring-reports/"+rep.ID+"?format=pdf", nil).Want(t, 400)

	// Coordination (004 ¶27), once.
	apitest.Do(t, si, "POST", "/v1/monitoring-reports/"+rep.ID+"/coordinate", nil).Want(t, 403)
	apitest.Do(t, ab, "POST", "/v1/monitoring-reports/"+rep.ID+"/coordinate", map[string]string{"note": "Келісілді"}).Want(t, 200).Decode(t, &got)
	if got.Status != "coordinated" || !bytes.Equal(got.Content, rep.Content) {
		t.Fatalf("coordinated %+v", got.Status)
	}
	apitest.Do(t, ab, "POST", "/v1/monitoring-reports/"+rep.ID+"/coordinate", nil).Want(t, 409)
	apitest.Eventually(t, "the integrator told of the coordination", func() bool {
		return slices.Contains(refInbox(t, si, "report", rep.ID), "status_changed")
	})
	var list struct{ Items []report }
	apitest.Do(t, ab, "GET", "/v1/monitoring-reports", nil).Want(t, 200).Decode(t, &list)
	if !slices.ContainsFunc(list.Items, func(x report) bool { return x.ID == rep.ID && x.Status == "coordinated" }) {
		t.Fatalf("list %+v", list.Items)
	}

	// The ¶29 summary: the organisation's own row for the applicant.
	var sum monitoring.Summary
	apitest.Do(t, clerk, "GET", "/v1/monitoring/summary?year="+period[:4], nil).Want(t, 200).Decode(t, &sum)
	if len(sum.Orgs) != 1 || sum.Orgs[0].Org != clerk.Org || sum.Orgs[0].Assessments != 2 || sum.Orgs[0].Levels["2"] != 1 ||
		sum.Orgs[0].Levels["3"] != 1 || sum.Orgs[0].Risks["R3"] != 1 || sum.Orgs[0].Projects != 1 || sum.Orgs[0].Findings != 1 ||
		sum.Orgs[0].Recommendations.Given != 2 || sum.Orgs[0].Recommendations.Implemented != 1 {
		t.Fatalf("summary %+v", sum)
	}
	apitest.Do(t, ab, "GET", "/v1/monitoring/summary?year="+period[:4]+"&org="+other.Org, nil).Want(t, 200).Decode(t, &sum)
	if len(sum.Orgs) != 1 || sum.Orgs[0].Org != other.Org || sum.Orgs[0].Assessments != 0 {
		t.Fatalf("another org's summary %+v", sum)
	}
	apitest.Do(t, ab, "GET", "/v1/monitoring/summary?year=20x6", nil).Want(t, 400)

	var tr struct{ Items []struct{ Type string } }
	apitest.Do(t, clerk, "GET", path+"/events", nil).Want(t, 200).Decode(t, &tr)
	var types []string
	for _, e := range tr.Items {
		types = append(types, e.Type)
	}
	if !slices.Equal(types, []string{"project_created", "assessment", "risk", "finding", "stage", "assessment"}) {
		t.Fatalf("trail %v", types)
	}
}

// 004 ¶28.2 through the gateway and the scheduled DeadlineCheck: an open recommendation
// goes overdue once after the end of its due date (Asia/Almaty), however often the sweep
// runs, and the organisation and the authorized body are told once; one implemented
// before its due date is never marked. Not parallel: a sweep as of a future moment judges
// every running clock of the shared system, so it runs before the parallel tests start
// (and three weeks ahead, past the watermark an earlier sequential test leaves).
func TestRecommendationGoesOverdueThroughTheGateway(t *testing.T) {
	sfx := apitest.Suffix()
	clerk := apitest.Login(t, "clerk-od-"+sfx, "kz-e2e-od-"+sfx, "applicant")
	si := apitest.Login(t, "si-od", "kz-si", "service_integrator")
	ab := apitest.Login(t, "ab-od", "kz-mdai", "authorized_body")
	var p project
	apitest.Do(t, clerk, "POST", "/v1/projects", map[string]any{"name": "Watched project"}).Want(t, 201).Decode(t, &p)
	due := monitoring.DateOf(time.Now()).AddDays(21).String()
	apitest.Do(t, si, "POST", "/v1/projects/"+p.ID+"/assessments", map[string]any{"stage": "planning", "checks": map[string]bool{"P1": false, "P2": false},
		"level": 1, "recommendations": []map[string]string{{"text": "Watched", "dueOn": due}, {"text": "Done in time", "dueOn": due}}}).Want(t, 201).Decode(t, &p)
	watched, done := p.Recommendations[0].ID, p.Recommendations[1].ID
	apitest.Do(t, clerk, "POST", "/v1/recommendations/"+done+"/implemented", nil).Want(t, 200)

	var rec struct {
		State     string
		OverdueAt *time.Time
		Clock     struct {
			State string
			DueAt *time.Time
		}
	}
	apitest.Do(t, clerk, "GET", "/v1/recommendations/"+watched, nil).Want(t, 200).Decode(t, &rec)
	dueAt := *rec.Clock.DueAt
	sweep(t, dueAt.Add(-time.Hour)) // before the end of the due date: still open
	apitest.Do(t, clerk, "GET", "/v1/recommendations/"+watched, nil).Want(t, 200).Decode(t, &rec)
	if rec.State != "open" {
		t.Fatalf("before the due moment: %+v", rec)
	}
	for i := 0; i < 3; i++ {
		sweep(t, dueAt.Add(time.Duration(5+60*i)*time.Minute))
	}
	apitest.Do(t, clerk, "GET", "/v1/recommendations/"+watched, nil).Want(t, 200).Decode(t, &rec)
	if rec.State != "overdue" || rec.OverdueAt == nil || !rec.OverdueAt.Equal(dueAt) || rec.Clock.State != "overdue" {
		t.Fatalf("after the due moment: %+v", rec)
	}
	apitest.Eventually(t, "one overdue notice to the organisation and one to the authorized body", func() bool {
		return count(refInbox(t, clerk, "recommendation", watched), "overdue") == 1 && count(refInbox(t, ab, "recommendation", watched), "overdue") == 1
	})
	var d struct{ State string }
	apitest.Do(t, clerk, "GET", "/v1/recommendations/"+done, nil).Want(t, 200).Decode(t, &d)
	if d.State != "implemented" || len(refInbox(t, clerk, "recommendation", done)) != 0 {
		t.Fatalf("the implemented recommendation: %+v, notices %v", d, refInbox(t, clerk, "recommendation", done))
	}
	// Implemented late: allowed, and the summary counts it as overdue no longer but late.
	apitest.Do(t, clerk, "POST", "/v1/recommendations/"+watched+"/implemented", nil).Want(t, 200)
	var sum monitoring.Summary
	apitest.Do(t, clerk, "GET", "/v1/monitoring/summary", nil).Want(t, 200).Decode(t, &sum)
	if r := sum.Orgs[0].Recommendations; r.Given != 2 || r.Implemented != 2 || r.ImplementedLate != 1 || r.Overdue != 0 {
		t.Fatalf("summary %+v", r)
	}
}
