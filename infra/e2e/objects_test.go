package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/document"
)

// registryObject is an object as the registry answers it.
type registryObject struct {
	ID, Org, Stage, Supplier, Funding string
	Version                           int
	Listed                            bool
	ExclusionApplicationID            string
	StageHistory                      []struct {
		Stage     string
		On        *string
		Documents map[string]string
	}
	Warranty *struct {
		From, Until, State, CoveredFrom string
		Round                           int
	}
	Documents    []struct{ ID, Kind, Status, Stage, Development string }
	Developments []struct{ ID, Stage, Performer, TORAgreementID string }
}

// almaty is today in Kazakhstan, where the registry's dates are counted.
func almaty(t *testing.T, offsetDays int) string {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		t.Fatal(err)
	}
	return time.Now().In(loc).AddDate(0, 0, offsetDays).Format("2006-01-02")
}

func newObject(t *testing.T, u *apitest.User, body map[string]any) registryObject {
	t.Helper()
	var o registryObject
	apitest.Do(t, u, "POST", "/v1/objects", body).Want(t, 201).Decode(t, &o)
	return o
}

// objectDoc uploads a valid PDF as a document of the object (of one of its developments
// when dev is set) and waits for the validator's verdict; it returns the document's id.
func objectDoc(t *testing.T, u *apitest.User, objID, kind, dev string) string {
	t.Helper()
	content := document.SamplePDF()
	sum := sha256.Sum256(content)
	body := map[string]any{"kind": kind, "fileName": kind + ".pdf", "contentType": "application/pdf",
		"size": len(content), "sha256": hex.EncodeToString(sum[:])}
	if dev != "" {
		body["development"] = dev
	}
	var s apitest.Slot
	apitest.Do(t, u, "POST", "/v1/objects/"+objID+"/documents", body).Want(t, 201).Decode(t, &s)
	if code := apitest.Put(t, s, content); code != 200 {
		t.Fatalf("upload of %s: S3 answered %d", kind, code)
	}
	var d struct{ Status string }
	apitest.Eventually(t, "the verdict on "+kind, func() bool {
		apitest.Do(t, u, "GET", "/v1/objects/"+objID+"/documents/"+s.ID, nil).Want(t, 200).Decode(t, &d)
		return d.Status != "pending_upload"
	})
	if d.Status != "valid" {
		t.Fatalf("%s judged %s", kind, d.Status)
	}
	return s.ID
}

func enterStage(t *testing.T, u *apitest.User, objID, to, on string, status int) registryObject {
	t.Helper()
	var o registryObject
	r := apitest.Do(t, u, "POST", "/v1/objects/"+objID+"/stage", map[string]any{"to": to, "on": on}).Want(t, status)
	if status == 200 {
		r.Decode(t, &o)
	}
	return o
}

// walkToOperation takes an object from initiated to operation with every document its
// stages need (003 §6–§9, §11, §15), the stages dated from start on, one day apart.
func walkToOperation(t *testing.T, u *apitest.User, o registryObject, start time.Time, commissioned string) registryObject {
	t.Helper()
	day := func(n int) string { return start.AddDate(0, 0, n).Format("2006-01-02") }
	kinds := []string{"terms_of_reference", "cost_calculation"}
	if o.Funding == "state_investment" {
		kinds = append(kinds, "informatization_conclusion", "security_conclusion")
	}
	for _, k := range kinds {
		objectDoc(t, u, o.ID, k, "")
	}
	enterStage(t, u, o.ID, "engineering", day(1), 200)
	enterStage(t, u, o.ID, "trial_operation", day(2), 200)
	objectDoc(t, u, o.ID, "trial_operation_act", "")
	enterStage(t, u, o.ID, "is_testing", day(3), 200)
	objectDoc(t, u, o.ID, "is_test_result", "")
	enterStage(t, u, o.ID, "implementation", day(4), 200)
	objectDoc(t, u, o.ID, "commissioning_act", "")
	if o.Funding == "state_investment" {
		objectDoc(t, u, o.ID, "source_code_transfer", "")
	}
	return enterStage(t, u, o.ID, "operation", commissioned, 200)
}

func objectIDs(t *testing.T, u *apitest.User, query string) []string {
	t.Helper()
	var l struct {
		Items []struct{ ID string }
	}
	apitest.Do(t, u, "GET", "/v1/objects"+query, nil).Want(t, 200).Decode(t, &l)
	var ids []string
	for _, x := range l.Items {
		ids = append(ids, x.ID)
	}
	return ids
}

// A state-investment object through the gateway from initiated to operation (003 §3 7),
// §6–§9, §11, §15): every guard refusing first, the documents judged by the validator, the
// warranty started; the budget gate (003 §18, 004 ¶18) flipping when a valid technical
// documentation arrives, with the not-eligible queue following it; and every object route
// answering 404 to another organisation.
func TestObjectLifeCycleThroughTheGateway(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	supplierOrg := "kz-e2e-soft-" + apitest.Suffix()
	sup := apitest.Login(t, "sup-"+supplierOrg, supplierOrg, "supplier")
	start := time.Now().AddDate(0, -2, 0)
	o := newObject(t, c.clerk, map[string]any{"name": "Е-нотариат", "type": "information_system", "funding": "state_investment",
		"supplier": supplierOrg, "initiatedOn": start.Format("2006-01-02")})
	if o.Stage != "initiated" || o.Warranty != nil || o.Listed {
		t.Fatalf("created %+v", o)
	}
	r := apitest.Do(t, c.clerk, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": "engineering", "on": almaty(t, 0)}).Want(t, 422)
	if got := problemFields(t, r); len(got) != 4 || !bytes.Contains(r.Body, []byte("003 §6 ¶2")) || !bytes.Contains(r.Body, []byte("003 §8")) {
		t.Fatalf("003 §6 ¶2, §7, §8: %v %s", got, r.Body)
	}
	enterStage(t, c.clerk, o.ID, "operation", almaty(t, 0), 409) // 003 §9: in order
	r = apitest.Do(t, c.clerk, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": "engineering", "on": almaty(t, 1)}).Want(t, 422)
	if got := problemFields(t, r); !slices.Contains(got, "on") {
		t.Fatalf("a date in the future: %v", got)
	}
	commissioned := start.AddDate(0, 0, 5).Format("2006-01-02")
	o = walkToOperation(t, c.clerk, o, start, commissioned)
	if o.Stage != "operation" || o.Warranty == nil || o.Warranty.From != commissioned || o.Warranty.State != "running" ||
		len(o.StageHistory) != 6 || o.StageHistory[5].Documents["commissioning_act"] == "" {
		t.Fatalf("in operation: %+v", o)
	}
	// The supplier sees it, and is told of the commissioning; another supplier does not.
	apitest.Do(t, sup, "GET", "/v1/objects/"+o.ID, nil).Want(t, 200)
	if !slices.Contains(objectIDs(t, sup, ""), o.ID) || !slices.Contains(objectIDs(t, c.clerk, "?stage=operation"), o.ID) {
		t.Fatal("the supplier's list, or the organisation's stage list, lacks the object")
	}
	apitest.Eventually(t, "the supplier's notice of the commissioning", func() bool {
		var in struct {
			Items []struct {
				Type string
				Ref  *struct{ Kind, ID string }
			}
		}
		apitest.Do(t, sup, "GET", "/v1/notifications?limit=200", nil).Want(t, 200).Decode(t, &in)
		return slices.ContainsFunc(in.Items, func(n struct {
			Type string
			Ref  *struct{ Kind, ID string }
		}) bool {
			return n.Type == "status_changed" && n.Ref != nil && n.Ref.ID == o.ID
		})
	})

	// 003 §18, 004 ¶18: not eligible until a valid technical documentation is on record.
	var el struct {
		Eligible bool
		Missing  []struct{ Item, Basis string }
	}
	apitest.Do(t, c.ab, "GET", "/v1/objects/"+o.ID+"/budget-eligibility", nil).Want(t, 200).Decode(t, &el)
	if el.Eligible || len(el.Missing) != 1 || el.Missing[0].Item != "documents.technical_documentation" || !strings.Contains(el.Missing[0].Basis, "003 §18") {
		t.Fatalf("before: %+v", el)
	}
	if !slices.Contains(objectIDs(t, c.ab, "?eligible=false&limit=200"), o.ID) {
		t.Fatal("not in the authorized body's not-eligible queue")
	}
	objectDoc(t, c.clerk, o.ID, "technical_documentation", "")
	apitest.Do(t, c.clerk, "GET", "/v1/objects/"+o.ID+"/budget-eligibility", nil).Want(t, 200).Decode(t, &el)
	if !el.Eligible || len(el.Missing) != 0 {
		t.Fatalf("after: %+v", el)
	}
	if slices.Contains(objectIDs(t, c.clerk, "?eligible=false"), o.ID) {
		t.Fatal("still in the not-eligible queue")
	}

	// Every object route, for another organisation: 404 (the object does not exist to it).
	docID := o.Documents[0].ID
	for _, p := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/v1/objects/" + o.ID, nil},
		{"PATCH", "/v1/objects/" + o.ID, map[string]any{"name": "stolen"}},
		{"POST", "/v1/objects/" + o.ID + "/stage", map[string]any{"to": "terminated", "on": almaty(t, 0)}},
		{"POST", "/v1/objects/" + o.ID + "/documents", map[string]any{"kind": "technical_documentation", "fileName": "x.pdf",
			"contentType": "application/pdf", "size": 10, "sha256": strings.Repeat("a", 64)}},
		{"GET", "/v1/objects/" + o.ID + "/documents/" + docID, nil},
		{"GET", "/v1/objects/" + o.ID + "/documents/" + docID + "/content", nil},
		{"GET", "/v1/objects/" + o.ID + "/budget-eligibility", nil},
		{"GET", "/v1/objects/" + o.ID + "/events", nil},
		{"POST", "/v1/objects/" + o.ID + "/developments", map[string]any{"performer": "owner"}},
		{"POST", "/v1/objects/" + o.ID + "/developments/" + docID + "/stage", map[string]any{"to": "engineering", "on": almaty(t, 0)}},
		{"POST", "/v1/objects/" + o.ID + "/cessation", nil},
	} {
		apitest.Do(t, c.other, p.method, p.path, p.body).Want(t, 404)
	}
	if slices.Contains(objectIDs(t, c.other, ""), o.ID) {
		t.Fatal("another organisation lists the object")
	}
	// The supplier sees the record, not the owner's documents and trail.
	apitest.Do(t, sup, "GET", "/v1/objects/"+o.ID+"/documents/"+docID, nil).Want(t, 403)
	apitest.Do(t, sup, "GET", "/v1/objects/"+o.ID+"/events", nil).Want(t, 403)
	apitest.Do(t, sup, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": "terminated", "on": almaty(t, 0)}).Want(t, 403)
	var trail struct{ Items []struct{ Type, To string } }
	apitest.Do(t, c.clerk, "GET", "/v1/objects/"+o.ID+"/events?limit=200", nil).Want(t, 200).Decode(t, &trail)
	var stages []string
	for _, e := range trail.Items {
		if e.Type == "stage" {
			stages = append(stages, e.To)
		}
	}
	if !slices.Equal(stages, []string{"engineering", "trial_operation", "is_testing", "implementation", "operation"}) {
		t.Fatalf("the trail's stages: %v", stages)
	}
}

// 003 §10: a development of an object in operation, by a trustee on terms of reference
// the authorized body agreed (kz-tor-agreement), along its own path to re-commissioning,
// while the object stays in operation; re-commissioning starts a new warranty (G8).
func TestDevelopmentThroughTheGateway(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	start := time.Now().AddDate(0, -3, 0)
	o := newObject(t, c.clerk, map[string]any{"name": "Е-лицензия", "type": "information_system", "funding": "own_funds",
		"initiatedOn": start.Format("2006-01-02")})
	apitest.Do(t, c.clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "supplier"}).Want(t, 409)
	commissioned := start.AddDate(0, 0, 5)
	o = walkToOperation(t, c.clerk, o, start, commissioned.Format("2006-01-02"))
	r := apitest.Do(t, c.clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "trustee"}).Want(t, 422)
	if !bytes.Contains(r.Body, []byte("003 §10 ¶2")) {
		t.Fatalf("a trustee without agreed terms of reference: %s", r.Body)
	}
	var tor generic
	apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-tor-agreement",
		"object": map[string]any{"id": o.ID}, "details": map[string]any{"trustee": "ТОО «Сенім»"}}).Want(t, 201).Decode(t, &tor)
	uploadValid(t, c.clerk, tor.ID, "terms_of_reference")
	actG(t, c.clerk, tor.ID, "submit", nil, 200)
	actG(t, c.ab, tor.ID, "agreement", map[string]any{"decision": "agree"}, 200)
	devStart := commissioned.AddDate(0, 0, 10)
	var withDev registryObject
	apitest.Do(t, c.clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "trustee",
		"summary": "электронный архив", "initiatedOn": devStart.Format("2006-01-02")}).Want(t, 201).Decode(t, &withDev)
	if len(withDev.Developments) != 1 || withDev.Developments[0].TORAgreementID != tor.ID || withDev.Stage != "operation" {
		t.Fatalf("the development: %+v", withDev)
	}
	dev := withDev.Developments[0].ID
	day := func(n int) string { return devStart.AddDate(0, 0, n).Format("2006-01-02") }
	move := func(to, on string, status int) registryObject {
		var out registryObject
		r := apitest.Do(t, c.clerk, "POST", "/v1/objects/"+o.ID+"/developments/"+dev+"/stage", map[string]any{"to": to, "on": on}).Want(t, status)
		if status == 200 {
			r.Decode(t, &out)
		}
		return out
	}
	r = apitest.Do(t, c.clerk, "POST", "/v1/objects/"+o.ID+"/developments/"+dev+"/stage", map[string]any{"to": "engineering", "on": day(1)}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"documents.terms_of_reference", "documents.cost_calculation"}) {
		t.Fatalf("the creation's documents counted for the development: %v", got)
	}
	objectDoc(t, c.clerk, o.ID, "terms_of_reference", dev)
	objectDoc(t, c.clerk, o.ID, "cost_calculation", dev)
	move("engineering", day(1), 200)
	move("implementation", day(2), 409)
	move("trial_operation", day(2), 200)
	objectDoc(t, c.clerk, o.ID, "trial_operation_act", dev)
	move("is_testing", day(3), 200)
	objectDoc(t, c.clerk, o.ID, "is_test_result", dev)
	move("implementation", day(4), 200)
	objectDoc(t, c.clerk, o.ID, "commissioning_act", dev)
	done := move("recommissioned", day(5), 200)
	if done.Stage != "operation" || done.Warranty == nil || done.Warranty.Round != 2 || done.Warranty.From != day(5) ||
		done.Warranty.CoveredFrom != commissioned.Format("2006-01-02") || done.Developments[0].Stage != "recommissioned" {
		t.Fatalf("re-commissioned: %+v %+v", done.Warranty, done.Developments)
	}
	for _, d := range done.Documents {
		if d.Development == dev && d.Stage == "initiated" && d.Kind != "terms_of_reference" && d.Kind != "cost_calculation" {
			t.Fatalf("a development document kept with the wrong stage: %+v", d)
		}
	}
	// The change classification a portal asks before opening one (003 §10 ¶3, §3 1), §3 4)).
	var cl struct{ Classification string }
	apitest.Do(t, nil, "GET", "/v1/change-classification?sourceCode=true&defects=true&keepsIntegrity=true", nil).Want(t, 200).Decode(t, &cl)
	if cl.Classification != "support" {
		t.Fatalf("classification %+v", cl)
	}
}

// kz-warranty-claim (003 §17) through the gateway: one accepted and fixed, one refused
// naming the failed condition, one outside the warranty; the supplier's queue holds its
// claims and no other supplier sees them.
func TestWarrantyClaimsThroughTheGateway(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	supplierOrg := "kz-e2e-soft-" + apitest.Suffix()
	sup := apitest.Login(t, "sup-"+supplierOrg, supplierOrg, "supplier")
	stranger := apitest.Login(t, "sup-stranger", "kz-e2e-soft-stranger", "supplier")
	start := time.Now().AddDate(0, -1, -10)
	o := newObject(t, c.clerk, map[string]any{"name": "Е-шарт", "type": "information_system", "funding": "own_funds",
		"supplier": supplierOrg, "initiatedOn": start.Format("2006-01-02")})
	commissioned := start.AddDate(0, 0, 5)
	o = walkToOperation(t, c.clerk, o, start, commissioned.Format("2006-01-02"))
	claim := func(failureOn string, conds map[string]bool) generic {
		var a generic
		apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-warranty-claim", "object": map[string]any{"id": o.ID},
			"details": map[string]any{"description": "отчёты не формируются", "failureOn": failureOn, "conditions": conds}}).Want(t, 201).Decode(t, &a)
		return a
	}
	all := func(failed ...string) map[string]bool {
		m := map[string]bool{}
		for _, w := range []string{"W1", "W2", "W3", "W4", "W5"} {
			m[w] = !slices.Contains(failed, w)
		}
		return m
	}
	// Outside the warranty: before commissioning.
	early := claim(commissioned.AddDate(0, 0, -1).Format("2006-01-02"), all())
	r := apitest.Do(t, c.clerk, "POST", "/v1/applications/"+early.ID+"/submit", nil).Want(t, 422)
	if !bytes.Contains(r.Body, []byte("003 §17 ¶1")) || !slices.Equal(problemFields(t, r), []string{"details.failureOn"}) {
		t.Fatalf("a failure outside the warranty: %s", r.Body)
	}
	failure := commissioned.AddDate(0, 0, 3).Format("2006-01-02")
	// Accepted, then fixed by the supplier.
	ok := claim(failure, all())
	ok = actG(t, c.clerk, ok.ID, "submit", nil, 200)
	if ok.Status != "supplier_review" {
		t.Fatalf("submitted: %+v", ok)
	}
	apitest.Do(t, stranger, "GET", "/v1/applications/"+ok.ID, nil).Want(t, 404)
	actG(t, stranger, ok.ID, "claim", map[string]any{"decision": "accept"}, 404)
	actG(t, c.clerk, ok.ID, "claim", map[string]any{"decision": "accept"}, 403)
	ok = actG(t, sup, ok.ID, "claim", map[string]any{"decision": "accept", "fixBy": almaty(t, 14)}, 200)
	ok = actG(t, sup, ok.ID, "fixed", map[string]any{"note": "исправлено в 1.2.1"}, 200)
	if ok.Status != "fixed" {
		t.Fatalf("fixed: %+v", ok)
	}
	// Refused: W2 does not hold; accepting is refused naming it, the rejection records it.
	bad := claim(failure, all("W2"))
	actG(t, c.clerk, bad.ID, "submit", nil, 200)
	r = apitest.Do(t, sup, "POST", "/v1/applications/"+bad.ID+"/claim", map[string]any{"decision": "accept"}).Want(t, 422)
	if !bytes.Contains(r.Body, []byte("W2 does not hold")) || bytes.Contains(r.Body, []byte("W1 does not hold")) {
		t.Fatalf("accept with W2 false: %s", r.Body)
	}
	bad = actG(t, sup, bad.ID, "claim", map[string]any{"decision": "reject", "reasons": []string{"ошибка в сети заказчика"}}, 200)
	if res := bad.result("claim"); bad.Status != "rejected" || res == nil || !slices.Equal(toStrings(res["failed"]), []string{"W2"}) {
		t.Fatalf("rejected: %s %v", bad.Status, bad.result("claim"))
	}
	// The supplier's queue: its claims, and only them.
	var q struct {
		Items []struct{ ID, Procedure string }
	}
	apitest.Do(t, sup, "GET", "/v1/applications?limit=200", nil).Want(t, 200).Decode(t, &q)
	var ids []string
	for _, x := range q.Items {
		if x.Procedure != "kz-warranty-claim" {
			t.Fatalf("the supplier's queue lists %+v", x)
		}
		ids = append(ids, x.ID)
	}
	if !slices.Contains(ids, ok.ID) || !slices.Contains(ids, bad.ID) || !slices.Contains(ids, early.ID) {
		t.Fatalf("the supplier's queue: %v", ids)
	}
	apitest.Do(t, stranger, "GET", "/v1/applications?limit=200", nil).Want(t, 200).Decode(t, &q)
	if slices.ContainsFunc(q.Items, func(x struct{ ID, Procedure string }) bool { return x.ID == ok.ID }) {
		t.Fatal("another supplier's queue lists the claim")
	}
	apitest.Eventually(t, "the supplier's notice of the claim", func() bool { return slices.Contains(inbox(t, sup, ok.ID), "step_started") })
}

func toStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// 003 §19, 002 ¶11: terminating an object on the operator's list opens its exclusion in
// the same transaction; the authorized body excludes it and it leaves the list.
func TestTerminationOfListedObjectThroughTheGateway(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	start := time.Now().AddDate(0, -1, 0)
	o := newObject(t, c.clerk, map[string]any{"name": "Е-өтініш", "type": "information_system", "funding": "own_funds",
		"initiatedOn": start.Format("2006-01-02")})
	o = walkToOperation(t, c.clerk, o, start, start.AddDate(0, 0, 5).Format("2006-01-02"))
	// The object goes on the operator's list through kz-operator-list, naming it by id.
	var a application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]any{"id": o.ID}, "criteria": criteria("1.1", "2.1", "3.1")}).Want(t, 201).Decode(t, &a)
	for _, k := range kindsIS {
		uploadValid(t, c.clerk, a.ID, k)
	}
	act(t, c.clerk, a.ID, "submit", nil, 200)
	act(t, c.ab, a.ID, "forward", nil, 200)
	act(t, c.si, a.ID, "recommendation", map[string]string{"architecture": "complies"}, 200)
	a = act(t, c.ab, a.ID, "decision", map[string]any{"decision": "include"}, 200)
	if a.Status != "included" || !onList(t, o.ID) {
		t.Fatalf("included: %+v", a)
	}
	apitest.Do(t, c.clerk, "GET", "/v1/objects/"+o.ID, nil).Want(t, 200).Decode(t, &o)
	if !o.Listed || o.Stage != "operation" {
		t.Fatalf("listed object %+v", o)
	}
	end := enterStage(t, c.clerk, o.ID, "terminated", almaty(t, 0), 200)
	if end.Stage != "terminated" || end.ExclusionApplicationID == "" || !end.Listed || end.Warranty.State != "ended" {
		t.Fatalf("terminated: %+v", end)
	}
	var ex application
	apitest.Do(t, c.ab, "GET", "/v1/applications/"+end.ExclusionApplicationID, nil).Want(t, 200).Decode(t, &ex)
	if ex.Status != "ab_exclusion" || ex.Object.ID != o.ID {
		t.Fatalf("the exclusion opened with the termination: %+v", ex)
	}
	apitest.Do(t, c.clerk, "POST", "/v1/objects/"+o.ID+"/cessation", nil).Want(t, 409) // already under way
	apitest.Do(t, c.ab, "POST", "/v1/objects/"+o.ID+"/exclusion", map[string]string{"note": "terminated"}).Want(t, 200).Decode(t, &ex)
	if ex.Status != "excluded" || onList(t, o.ID) {
		t.Fatalf("excluded: %+v", ex)
	}
	apitest.Do(t, c.clerk, "GET", "/v1/objects/"+o.ID, nil).Want(t, 200).Decode(t, &o)
	if o.Listed || o.Stage != "terminated" {
		t.Fatalf("after the exclusion: %+v", o)
	}
	enterStage(t, c.clerk, o.ID, "operation", almaty(t, 0), 409)
	apitest.Eventually(t, "the exclusion's notices", func() bool { return slices.Contains(inbox(t, c.op, ex.ID), "excluded") })
}
