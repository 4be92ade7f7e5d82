package e2e

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/document"
)

// The ¶4 document kinds (contract), each sent in one of the accepted formats so every
// format passes through the real validator.
var kindsIS = []string{"is_description", "technical_documentation", "commissioning_document", "user_count",
	"services_or_functions_list", "deployment_counts", "security_certificate", "criteria_compliance"}
var kindsHSC = []string{"hsc_description", "hsc_technical_specification", "user_count", "interacting_systems_list",
	"subdivision_users_list", "allowed_software_list", "criteria_compliance"}

type sample struct {
	ext, ctype string
	bytes      func() []byte
}

var samples = []sample{
	{".pdf", "application/pdf", document.SamplePDF},
	{".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", document.SampleDOCX},
	{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", document.SampleXLSX},
	{".odt", "application/vnd.oasis.opendocument.text", document.SampleODT},
	{".ods", "application/vnd.oasis.opendocument.spreadsheet", document.SampleODS},
}

type cast struct {
	clerk, other, ab, si, op *apitest.User
}

func newCast(t *testing.T) cast {
	org := "kz-e2e-" + apitest.Suffix()
	return cast{
		clerk: apitest.Login(t, "clerk-"+org, org, "applicant"),
		other: apitest.Login(t, "clerk-other", "kz-e2e-other-"+apitest.Suffix(), "applicant"),
		ab:    apitest.Login(t, "ab-1", "kz-mdai", "authorized_body"),
		si:    apitest.Login(t, "si-1", "kz-si", "service_integrator"),
		op:    apitest.Login(t, "op-1", "kz-op", "operator"),
	}
}

// prepared creates an application and uploads every required document, waiting for each
// to be judged valid by the validator that the S3 event reached.
func prepared(t *testing.T, c cast, objType string, crit map[string]bool) application {
	t.Helper()
	var a application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Е-өтініш " + objType, "type": objType}, "criteria": crit}).Want(t, 201).Decode(t, &a)
	if a.Status != "draft" || a.Org != c.clerk.Org {
		t.Fatalf("created: %+v", a)
	}
	kinds := kindsIS
	if objType == "hardware_software_complex" {
		kinds = kindsHSC
	}
	for i, k := range kinds {
		s := samples[i%len(samples)]
		id := apitest.Upload(t, c.clerk, a.ID, k, k+s.ext, s.ctype, s.bytes())
		if st, reasons := apitest.DocStatus(t, c.clerk, a.ID, id); st != "valid" {
			t.Fatalf("document %s (%s) judged %s: %v", k, s.ext, st, reasons)
		}
	}
	return a
}

func criteria(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4"} {
		m[k] = slices.Contains(keys, k)
	}
	return m
}

func act(t *testing.T, u *apitest.User, appID, action string, body any, status int) application {
	t.Helper()
	return apitest.Act[application](t, u, appID, action, body, status)
}

func trail(t *testing.T, u *apitest.User, appID string) []string {
	t.Helper()
	var tr struct{ Items []struct{ Type string } }
	apitest.Do(t, u, "GET", "/v1/applications/"+appID+"/events", nil).Want(t, 200).Decode(t, &tr)
	var types []string
	for _, e := range tr.Items {
		types = append(types, e.Type)
	}
	return types
}

func onList(t *testing.T, objectID string) bool {
	t.Helper()
	var l struct{ Items []struct{ ObjectID string } }
	apitest.Do(t, nil, "GET", "/v1/public/operator-list?limit=200", nil).Want(t, 200).Decode(t, &l)
	json := slices.ContainsFunc(l.Items, func(e struct{ ObjectID string }) bool { return e.ObjectID == objectID })
	r := apitest.Do(t, nil, "GET", "/v1/public/operator-list?format=csv", nil).Want(t, 200)
	rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
	if err != nil || len(rows) == 0 || strings.Join(rows[0], ",") != "objectId,name,type,org,listedAt,applicationId" {
		t.Fatalf("csv: %v %q", err, r.Body)
	}
	inCSV := slices.ContainsFunc(rows[1:], func(row []string) bool { return row[0] == objectID })
	if json != inCSV {
		t.Fatalf("JSON and CSV lists disagree on %s", objectID)
	}
	return json
}

// inbox returns the notice types in the user's inbox for one application.
func inbox(t *testing.T, u *apitest.User, appID string) []string {
	t.Helper()
	var in struct {
		Items []struct{ Type, ApplicationID string }
	}
	apitest.Do(t, u, "GET", "/v1/notifications?limit=200", nil).Want(t, 200).Decode(t, &in)
	var out []string
	for _, n := range in.Items {
		if n.ApplicationID == appID {
			out = append(out, n.Type)
		}
	}
	return out
}

func hasAll(have []string, want ...string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func walkToIncluded(t *testing.T, c cast, objType string, crit map[string]bool) application {
	t.Helper()
	a := prepared(t, c, objType, crit)
	apitest.Do(t, c.other, "GET", "/v1/applications/"+a.ID, nil).Want(t, 404) // no leak across orgs
	a = act(t, c.clerk, a.ID, "submit", nil, 200)
	if st, due := a.clock("ab_check"); a.Status != "ab_check" || st != "running" || due == "" {
		t.Fatalf("after submit: %+v", a)
	}
	act(t, c.si, a.ID, "forward", nil, 403) // a reviewer acts only on their step
	act(t, c.clerk, a.ID, "submit", nil, 409)
	a = act(t, c.ab, a.ID, "forward", nil, 200)
	if st, _ := a.clock("ab_check"); st != "met" || a.Status != "si_review" {
		t.Fatalf("after forward: %+v", a)
	}
	a = act(t, c.si, a.ID, "recommendation", map[string]string{"architecture": "complies", "note": "matches the approved architecture"}, 200)
	if a.Status != "ab_decision" {
		t.Fatalf("after recommendation: %+v", a)
	}
	if onList(t, a.Object.ID) {
		t.Fatal("listed before the decision")
	}
	a = act(t, c.ab, a.ID, "decision", map[string]any{"decision": "include", "reasons": []string{}}, 200)
	if a.Status != "included" || a.Decision == nil || len(a.Decision.Grounds) != 0 {
		t.Fatalf("after decision: %+v", a)
	}
	if !onList(t, a.Object.ID) {
		t.Fatal("included object missing from the operator's list")
	}
	tr := trail(t, c.clerk, a.ID)
	if !hasAll(tr, "created", "document_requested", "document_valid", "submit", "forward", "recommendation", "decision") ||
		tr[0] != "created" || tr[len(tr)-1] != "decision" {
		t.Fatalf("trail: %v", tr)
	}
	apitest.Eventually(t, "the notices of the walk", func() bool {
		return hasAll(inbox(t, c.clerk, a.ID), "status_changed") &&
			hasAll(inbox(t, c.ab, a.ID), "step_started") &&
			hasAll(inbox(t, c.si, a.ID), "step_started") &&
			hasAll(inbox(t, c.op, a.ID), "included") // 002 ¶9
	})
	if len(inbox(t, c.other, a.ID)) != 0 {
		t.Fatal("another organisation sees this application's notices")
	}
	return a
}

func TestInformationSystemIncluded(t *testing.T) {
	t.Parallel()
	walkToIncluded(t, newCast(t), "information_system", criteria("1.1", "2.3", "3.1"))
}

func TestHardwareSoftwareComplexIncluded(t *testing.T) {
	t.Parallel()
	walkToIncluded(t, newCast(t), "hardware_software_complex", criteria("1.2", "2.4", "3.4"))
}

// Each ground of 002 ¶7 refuses inclusion on its own; the proviso of ¶7.2 spares a state
// body that has no architecture.
func TestRefusalOnEachGround(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		crit    map[string]bool
		arch    string
		grounds []string
	}{
		{"7.1 a group without a point", criteria("1.1", "1.2", "2.1", "2.2"), "complies", []string{"7.1"}},
		{"7.1 fewer than three points", criteria("1.1", "2.1"), "no_architecture", []string{"7.1"}},
		{"7.2 does not comply", criteria("1.1", "2.1", "3.1"), "does_not_comply", []string{"7.2"}},
		{"both grounds", criteria("1.1"), "does_not_comply", []string{"7.1", "7.2"}},
		{"no architecture is no ground", criteria("1.1", "2.1", "3.1"), "no_architecture", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newCast(t)
			a := prepared(t, c, "information_system", tc.crit)
			act(t, c.clerk, a.ID, "submit", nil, 200)
			act(t, c.ab, a.ID, "forward", nil, 200)
			act(t, c.si, a.ID, "recommendation", map[string]string{"architecture": tc.arch}, 200)
			if tc.grounds == nil {
				act(t, c.ab, a.ID, "decision", map[string]any{"decision": "refuse", "reasons": []string{"x"}}, 422)
				a = act(t, c.ab, a.ID, "decision", map[string]any{"decision": "include"}, 200)
				if a.Status != "included" {
					t.Fatalf("want included, got %s", a.Status)
				}
				return
			}
			r := apitest.Do(t, c.ab, "POST", "/v1/applications/"+a.ID+"/decision", map[string]any{"decision": "include"}).Want(t, 422)
			for _, g := range tc.grounds {
				if !bytes.Contains(r.Body, []byte(g)) {
					t.Fatalf("the 422 does not name ground %s: %s", g, r.Body)
				}
			}
			a = act(t, c.ab, a.ID, "decision", map[string]any{"decision": "refuse", "reasons": []string{"see the grounds"}}, 200)
			if a.Status != "refused" || !slices.Equal(a.Decision.Grounds, tc.grounds) {
				t.Fatalf("refusal: %+v", a.Decision)
			}
			if onList(t, a.Object.ID) {
				t.Fatal("a refused object is on the list")
			}
			apitest.Eventually(t, "the refusal notice", func() bool { return slices.Contains(inbox(t, c.clerk, a.ID), "status_changed") })
		})
	}
}

// 002 ¶11: the holder reports cessation; the AB excludes; the object leaves the list.
func TestListedObjectExcluded(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	a := walkToIncluded(t, c, "information_system", criteria("1.1", "2.1", "3.1"))
	obj := "/v1/objects/" + a.Object.ID
	apitest.Do(t, c.ab, "POST", obj+"/exclusion", nil).Want(t, 409) // no cessation reported yet
	apitest.Do(t, c.other, "POST", obj+"/cessation", nil).Want(t, 404)
	var ex application
	apitest.Do(t, c.clerk, "POST", obj+"/cessation", map[string]string{"ceasedOn": "2026-11-20", "note": "decommissioned"}).Want(t, 200).Decode(t, &ex)
	if ex.Status != "ab_exclusion" {
		t.Fatalf("cessation opened %+v", ex)
	}
	apitest.Do(t, c.clerk, "POST", obj+"/cessation", nil).Want(t, 409) // once
	apitest.Do(t, c.clerk, "POST", obj+"/exclusion", nil).Want(t, 403)
	var done application
	apitest.Do(t, c.ab, "POST", obj+"/exclusion", map[string]string{"note": "order of the AB"}).Want(t, 200).Decode(t, &done)
	if done.Status != "excluded" {
		t.Fatalf("exclusion: %+v", done)
	}
	var o struct {
		Listed     bool
		ExcludedAt *time.Time
	}
	apitest.Do(t, c.clerk, "GET", obj, nil).Want(t, 200).Decode(t, &o)
	if o.Listed || o.ExcludedAt == nil || onList(t, a.Object.ID) {
		t.Fatalf("object after exclusion: %+v", o)
	}
	if tr := trail(t, c.ab, ex.ID); !slices.Equal(tr, []string{"cessation", "exclusion"}) {
		t.Fatalf("exclusion trail: %v", tr)
	}
	apitest.Eventually(t, "the exclusion notices", func() bool {
		return slices.Contains(inbox(t, c.clerk, ex.ID), "status_changed") && slices.Contains(inbox(t, c.op, ex.ID), "excluded")
	})
}
