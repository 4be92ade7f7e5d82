package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/document"
)

func suffix() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

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
	clerk, other, ab, si, op *user
}

func newCast(t *testing.T) cast {
	org := "kz-e2e-" + suffix()
	return cast{
		clerk: login(t, "clerk-"+org, org, "applicant"),
		other: login(t, "clerk-other", "kz-e2e-other-"+suffix(), "applicant"),
		ab:    login(t, "ab-1", "kz-mdai", "authorized_body"),
		si:    login(t, "si-1", "kz-si", "service_integrator"),
		op:    login(t, "op-1", "kz-op", "operator"),
	}
}

// prepared creates an application and uploads every required document, waiting for each
// to be judged valid by the validator that the S3 event reached.
func prepared(t *testing.T, c cast, objType string, crit map[string]bool) application {
	t.Helper()
	var a application
	do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Е-өтініш " + objType, "type": objType}, "criteria": crit}).want(t, 201).decode(t, &a)
	if a.Status != "draft" || a.Org != c.clerk.org {
		t.Fatalf("created: %+v", a)
	}
	kinds := kindsIS
	if objType == "hardware_software_complex" {
		kinds = kindsHSC
	}
	for i, k := range kinds {
		s := samples[i%len(samples)]
		id := upload(t, c.clerk, a.ID, k, k+s.ext, s.ctype, s.bytes())
		if st, reasons := docStatus(t, c.clerk, a.ID, id); st != "valid" {
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

func act(t *testing.T, u *user, appID, action string, body any, status int) application {
	t.Helper()
	var a application
	r := do(t, u, "POST", "/v1/applications/"+appID+"/"+action, body).want(t, status)
	if status == 200 {
		r.decode(t, &a)
	}
	return a
}

func trail(t *testing.T, u *user, appID string) []string {
	t.Helper()
	var tr struct{ Items []struct{ Type string } }
	do(t, u, "GET", "/v1/applications/"+appID+"/events", nil).want(t, 200).decode(t, &tr)
	var types []string
	for _, e := range tr.Items {
		types = append(types, e.Type)
	}
	return types
}

func onList(t *testing.T, objectID string) bool {
	t.Helper()
	var l struct{ Items []struct{ ObjectID string } }
	do(t, nil, "GET", "/v1/public/operator-list?limit=200", nil).want(t, 200).decode(t, &l)
	json := slices.ContainsFunc(l.Items, func(e struct{ ObjectID string }) bool { return e.ObjectID == objectID })
	r := do(t, nil, "GET", "/v1/public/operator-list?format=csv", nil).want(t, 200)
	rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil || len(rows) == 0 || strings.Join(rows[0], ",") != "objectId,name,type,org,listedAt,applicationId" {
		t.Fatalf("csv: %v %q", err, r.body)
	}
	inCSV := slices.ContainsFunc(rows[1:], func(row []string) bool { return row[0] == objectID })
	if json != inCSV {
		t.Fatalf("JSON and CSV lists disagree on %s", objectID)
	}
	return json
}

// inbox returns the notice types in the user's inbox for one application.
func inbox(t *testing.T, u *user, appID string) []string {
	t.Helper()
	var in struct {
		Items []struct{ Type, ApplicationID string }
	}
	do(t, u, "GET", "/v1/notifications?limit=200", nil).want(t, 200).decode(t, &in)
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
	do(t, c.other, "GET", "/v1/applications/"+a.ID, nil).want(t, 404) // no leak across orgs
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
	eventually(t, "the notices of the walk", func() bool {
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
			r := do(t, c.ab, "POST", "/v1/applications/"+a.ID+"/decision", map[string]any{"decision": "include"}).want(t, 422)
			for _, g := range tc.grounds {
				if !bytes.Contains(r.body, []byte(g)) {
					t.Fatalf("the 422 does not name ground %s: %s", g, r.body)
				}
			}
			a = act(t, c.ab, a.ID, "decision", map[string]any{"decision": "refuse", "reasons": []string{"see the grounds"}}, 200)
			if a.Status != "refused" || !slices.Equal(a.Decision.Grounds, tc.grounds) {
				t.Fatalf("refusal: %+v", a.Decision)
			}
			if onList(t, a.Object.ID) {
				t.Fatal("a refused object is on the list")
			}
			eventually(t, "the refusal notice", func() bool { return slices.Contains(inbox(t, c.clerk, a.ID), "status_changed") })
		})
	}
}

// 002 ¶11: the holder reports cessation; the AB excludes; the object leaves the list.
func TestListedObjectExcluded(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	a := walkToIncluded(t, c, "information_system", criteria("1.1", "2.1", "3.1"))
	obj := "/v1/objects/" + a.Object.ID
	do(t, c.ab, "POST", obj+"/exclusion", nil).want(t, 409) // no cessation reported yet
	do(t, c.other, "POST", obj+"/cessation", nil).want(t, 404)
	var ex application
	do(t, c.clerk, "POST", obj+"/cessation", map[string]string{"ceasedOn": "2026-11-20", "note": "decommissioned"}).want(t, 200).decode(t, &ex)
	if ex.Status != "ab_exclusion" {
		t.Fatalf("cessation opened %+v", ex)
	}
	do(t, c.clerk, "POST", obj+"/cessation", nil).want(t, 409) // once
	do(t, c.clerk, "POST", obj+"/exclusion", nil).want(t, 403)
	var done application
	do(t, c.ab, "POST", obj+"/exclusion", map[string]string{"note": "order of the AB"}).want(t, 200).decode(t, &done)
	if done.Status != "excluded" {
		t.Fatalf("exclusion: %+v", done)
	}
	var o struct{ Stage string }
	do(t, c.clerk, "GET", obj, nil).want(t, 200).decode(t, &o)
	if o.Stage != "excluded" || onList(t, a.Object.ID) {
		t.Fatalf("object after exclusion: %+v", o)
	}
	if tr := trail(t, c.ab, ex.ID); !slices.Equal(tr, []string{"cessation", "exclusion"}) {
		t.Fatalf("exclusion trail: %v", tr)
	}
	eventually(t, "the exclusion notices", func() bool {
		return slices.Contains(inbox(t, c.clerk, ex.ID), "status_changed") && slices.Contains(inbox(t, c.op, ex.ID), "excluded")
	})
}
