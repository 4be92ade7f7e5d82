package resilience

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/procedure"
)

// Every declared input form (each action's, and each draft section at creation), field by
// field, through the gateway: a body that breaks one field (a wrong type, a value outside
// the enum or the bounds, too long, too many, a bad date, a missing required field, an
// unknown field) is refused with a problem document that names the field, never with a
// 5xx, and the application is exactly as it was. Then the valid request, sent four times
// at once: one winner, the others 409, one trail entry.
func TestHostileActionForms(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	sfx := apitest.Suffix()
	// The SI drafts architectures as an organisation of its own, so that its queue is this
	// test's alone.
	owner := apitest.Login(t, "si-forms-"+sfx, "kz-si-forms-"+sfx, "service_integrator")
	h := &formProbe{t: t, c: c}

	// kz-operator-list (002 ¶4–¶8).
	a := ready(t, c)
	h.action("kz-operator-list", a.ID, "submit", c.clerk, nil)
	h.action("kz-operator-list", a.ID, "forward", c.ab, nil)
	h.action("kz-operator-list", a.ID, "recommendation", c.si, map[string]any{"architecture": "complies", "note": "ok"})
	h.action("kz-operator-list", a.ID, "decision", c.ab, map[string]any{"decision": "include"})
	w := h.create("kz-operator-list", c.clerk, map[string]any{"object": obj("Forms withdrawn")})
	h.action("kz-operator-list", w, "withdraw", c.clerk, nil)

	// kz-environment (003 §12).
	e := h.create("kz-environment", c.clerk, map[string]any{"object": obj("Forms environment"),
		"environment": map[string]any{"types": []string{"development_testing"}, "agreementDate": "2026-11-02"}})
	h.action("kz-environment", e, "submit", c.clerk, nil)
	h.action("kz-environment", e, "provide", c.op, map[string]any{"note": "provided"})

	// kz-architecture-agreement (004 ¶12), round 1 refused, round 2 agreed.
	r := h.create("kz-architecture-agreement", owner, map[string]any{"details": map[string]any{"title": "Forms architecture", "domain": "Forms"}})
	uploadValid(t, owner, r, "architecture_draft")
	h.action("kz-architecture-agreement", r, "submit", owner, nil)
	h.action("kz-architecture-agreement", r, "agreement", c.ab, map[string]any{"decision": "refuse", "comments": "revise"})
	uploadValid(t, owner, r, "architecture_draft")
	h.action("kz-architecture-agreement", r, "resubmit", owner, nil)
	h.action("kz-architecture-agreement", r, "agreement", c.ab, map[string]any{"decision": "agree"})
	h.action("kz-architecture-agreement", r, "publish", owner, nil)

	// kz-placement (003 §13).
	p := h.create("kz-placement", c.clerk, map[string]any{"object": obj("Forms placement"),
		"details": map[string]any{"class": 2, "services": []string{"platform"}}})
	h.action("kz-placement", p, "submit", c.clerk, nil)
	h.action("kz-placement", p, "placement", c.op, map[string]any{"outcome": "placed_elsewhere", "note": "no capacity"})

	// kz-tor-agreement (003 §10 ¶2), on the object the first application registered.
	tor := h.create("kz-tor-agreement", c.clerk, map[string]any{"object": map[string]any{"id": a.Object.ID},
		"details": map[string]any{"trustee": "ТОО «Сенім»"}})
	uploadValid(t, c.clerk, tor, "terms_of_reference")
	h.action("kz-tor-agreement", tor, "submit", c.clerk, nil)
	h.action("kz-tor-agreement", tor, "agreement", c.ab, map[string]any{"decision": "agree"})

	// kz-donation-conclusion (003 §23–§24).
	d := h.create("kz-donation-conclusion", c.clerk, map[string]any{"object": obj("Forms donation"),
		"details": map[string]any{"acquisition": "donation", "from": "АҚ «Сыйлаушы»"}})
	uploadValid(t, c.clerk, d, "terms_of_reference")
	h.action("kz-donation-conclusion", d, "submit", c.clerk, nil)
	h.action("kz-donation-conclusion", d, "assessment", c.si, map[string]any{"checks": map[string]bool{
		"I2a": true, "I2b": true, "I2c": true, "I2d": true, "I2e": true}})
	h.action("kz-donation-conclusion", d, "conclusion", c.ab, map[string]any{"I1": false, "conclusion": "negative",
		"reasons": []string{"economically unfeasible"}})

	// kz-warranty-claim (003 §17): an object of the clerk's in operation, with a supplier.
	supplierOrg := "kz-res-soft-" + sfx
	sup := apitest.Login(t, "sup-"+supplierOrg, supplierOrg, "supplier")
	objID := objectInOperation(t, c.clerk, supplierOrg)
	claimBody := map[string]any{"object": map[string]any{"id": objID}, "details": map[string]any{"description": "отчёты не формируются",
		"failureOn":  time.Now().AddDate(0, 0, -7).Format("2006-01-02"),
		"conditions": map[string]bool{"W1": true, "W2": true, "W3": true, "W4": true, "W5": true}}}
	wc := h.create("kz-warranty-claim", c.clerk, claimBody)
	h.action("kz-warranty-claim", wc, "submit", c.clerk, nil)
	h.action("kz-warranty-claim", wc, "claim", sup, map[string]any{"decision": "accept", "fixBy": time.Now().AddDate(0, 0, 14).Format("2006-01-02")})
	h.action("kz-warranty-claim", wc, "fixed", sup, map[string]any{"note": "исправлено"})

	// Seed 000 (000 §6.1, §6.3): a decision naming organisations of this test, adopted today.
	varam := apitest.Login(t, "varam-forms-"+sfx, "lv-varam", "coordinator")
	lvA, lvB := "lv-forms-a-"+sfx, "lv-forms-b-"+sfx
	for _, o := range []string{lvA, lvB} {
		apitest.Do(t, varam, "POST", "/v1/orgs/"+o, map[string]any{"parent": nil, "name": "Formu ministrija " + o}).Want(t, 201)
	}
	var dec struct{ ID string }
	apitest.Do(t, varam, "POST", "/v1/decisions", map[string]any{"title": "Par IKT konsolidāciju", "adoptedOn": nil,
		"orgs": []string{lvA, lvB}}).Want(t, 201).Decode(t, &dec)
	riga, err := time.LoadLocation("Europe/Riga")
	if err != nil {
		t.Fatal(err)
	}
	apitest.Do(t, varam, "PATCH", "/v1/decisions/"+dec.ID, map[string]any{"adoptedOn": time.Now().In(riga).Format("2006-01-02")}).Want(t, 200)
	clerkA, clerkB := apitest.Login(t, "clerk-"+lvA, lvA, "applicant"), apitest.Login(t, "clerk-"+lvB, lvB, "applicant")
	ss := h.create("lv-shared-services", clerkA, map[string]any{"details": map[string]any{"decisionId": dec.ID}})
	uploadValid(t, clerkA, ss, "precondition_evidence")
	h.action("lv-shared-services", ss, "submit", clerkA, nil)
	h.action("lv-shared-services", ss, "agreement", varam, map[string]any{"decision": "agree"})
	mg := h.create("lv-migration", clerkB, map[string]any{"details": map[string]any{"decisionId": dec.ID, "summary": "Pāreja"}})
	uploadValid(t, clerkB, mg, "transition_justification")
	h.action("lv-migration", mg, "submit", clerkB, nil)
	h.action("lv-migration", mg, "agreement", varam, map[string]any{"decision": "refuse", "comments": "Nepietiek pamatojuma"})
	ap := h.create("lv-action-plan", clerkA, map[string]any{"details": map[string]any{"decisionId": dec.ID, "version": 1, "summary": "Plāns"}})
	h.action("lv-action-plan", ap, "submit", clerkA, nil)
	h.action("lv-action-plan", ap, "agreement", varam, map[string]any{"decision": "agree"})

	// Every action declared with an input form was probed field by field, but for these.
	unprobed := map[string]string{
		// An extraordinary investment is asked only by an organisation under the §6.2 freeze,
		// which a sweep past D + 3 months makes; this test runs beside others and does not
		// sweep. Its agreement is the form probed above on the other lv- procedures, and
		// make bench figure 6 and the e2e test walk it.
		"lv-extraordinary-investment.agreement": "needs the §6.2 freeze",
	}
	for _, pr := range procedure.All() {
		if strings.HasPrefix(pr.ID, "test-") {
			continue
		}
		for _, ac := range pr.Actions {
			key := pr.ID + "." + ac.Name
			if ac.Input != nil && len(ac.Input.Fields) > 0 && !h.probed[key] && unprobed[key] == "" && pr.Opening.Via == procedure.ViaApplication {
				t.Errorf("%s %s has an input form no probe reached", pr.ID, ac.Name)
			}
		}
	}
	t.Logf("hostile forms: %d refused requests over %d actions and %d creations, %d races", h.sent.Load(), len(h.probed), h.creates, h.races)
}

type formProbe struct {
	t       *testing.T
	c       cast
	probed  map[string]bool
	sent    atomic.Int64
	creates int
	races   int
}

func obj(name string) map[string]any {
	return map[string]any{"name": name + " " + apitest.Suffix(), "type": "information_system"}
}

// objectInOperation registers an object of u's organisation with a supplier and takes it
// to operation with the documents each stage needs (003 §6–§9, §15), judged by the
// validator.
func objectInOperation(t *testing.T, u *apitest.User, supplierOrg string) string {
	t.Helper()
	start := time.Now().AddDate(0, -1, -10)
	day := func(n int) string { return start.AddDate(0, 0, n).Format("2006-01-02") }
	var o struct{ ID string }
	apitest.Do(t, u, "POST", "/v1/objects", map[string]any{"name": "Е-шарт " + apitest.Suffix(), "type": "information_system",
		"funding": "own_funds", "supplier": supplierOrg, "initiatedOn": day(0)}).Want(t, 201).Decode(t, &o)
	doc := func(kind string) {
		pdf := document.SamplePDF()
		var s apitest.Slot
		apitest.Do(t, u, "POST", "/v1/objects/"+o.ID+"/documents", map[string]any{"kind": kind, "fileName": kind + ".pdf",
			"contentType": "application/pdf", "size": len(pdf), "sha256": sha256hex(pdf)}).Want(t, 201).Decode(t, &s)
		if code := apitest.Put(t, s, pdf); code != 200 {
			t.Fatalf("upload of %s: S3 answered %d", kind, code)
		}
		var d struct{ Status string }
		apitest.Eventually(t, "the verdict on "+kind, func() bool {
			apitest.Do(t, u, "GET", "/v1/objects/"+o.ID+"/documents/"+s.ID, nil).Want(t, 200).Decode(t, &d)
			return d.Status != "pending_upload"
		})
		if d.Status != "valid" {
			t.Fatalf("%s judged %s", kind, d.Status)
		}
	}
	stage := func(to string, n int) {
		apitest.Do(t, u, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": to, "on": day(n)}).Want(t, 200)
	}
	doc("terms_of_reference")
	doc("cost_calculation")
	stage("engineering", 1)
	stage("trial_operation", 2)
	doc("trial_operation_act")
	stage("is_testing", 3)
	doc("is_test_result")
	stage("implementation", 4)
	doc("commissioning_act")
	stage("operation", 5)
	return o.ID
}

func uploadValid(t *testing.T, u *apitest.User, appID, kind string) {
	t.Helper()
	id := apitest.Upload(t, u, appID, kind, kind+".pdf", "application/pdf", document.SamplePDF())
	if st, why := apitest.DocStatus(t, u, appID, id); st != "valid" {
		t.Fatalf("%s: %s %v", kind, st, why)
	}
}

// badBody is a request body that breaks the form, and the field the refusal must name
// ("" when the body is not a form at all).
type badBody struct {
	what, field string
	body        []byte
}

// mutations break a valid body one field at a time, as the declared form says the field
// may not be; prefix is where the form sits in the body (a draft section's key).
func mutations(f *procedure.Form, valid map[string]any, prefix string, withRequired bool) []badBody {
	var out []badBody
	put := func(what, field string, m map[string]any) {
		var wrapped any = m
		if prefix != "" {
			wrapped = apitest.With(valid, prefix, m)
		}
		b, _ := json.Marshal(wrapped)
		out = append(out, badBody{what, field, b})
	}
	inner := valid
	if prefix != "" {
		inner, _ = valid[prefix].(map[string]any)
	}
	with := func(k string, v any) map[string]any { return apitest.With(inner, k, v) }
	for _, fl := range f.Fields {
		for i, v := range badValues(fl) {
			put(fmt.Sprintf("%s bad #%d", fl.Name, i), fl.Name, with(fl.Name, v))
		}
		if withRequired && fl.Required {
			put(fl.Name+" missing", fl.Name, with(fl.Name, nil))
		}
	}
	put("unknown field", "", with("zz_unknown", 1))
	return out
}

// badValues are values the field must refuse, by its declared kind and bounds.
func badValues(f procedure.Field) []any {
	max := f.MaxLen
	if max == 0 {
		max = 4000
	}
	tooLong := strings.Repeat("я", max/2+1) // two bytes each: past MaxLen bytes
	switch f.Kind {
	case procedure.Enum:
		return []any{"not-a-value", 7, true, []string{f.Values[0]}, map[string]any{"$ne": nil}, strings.ToUpper(f.Values[0]) + " "}
	case procedure.Text:
		v := []any{12345, map[string]any{"a": 1}, []string{"x"}, tooLong, "bell\u0007"}
		if !f.Multiline {
			v = append(v, "two\nlines")
		}
		return v
	case procedure.Date:
		return []any{"2026-13-45", "2026-02-30", "tomorrow", 20260101, "2026-1-5", "2026-01-05T00:00:00Z"}
	case procedure.Bool:
		return []any{"true", 1, nil2{}}
	case procedure.BoolSet:
		first := f.Keys[0]
		return []any{map[string]any{"zz": true}, map[string]any{first: "yes"}, []bool{true}, "all"}
	case procedure.List:
		item := any("x")
		if f.Item == procedure.Enum {
			item = f.Values[0]
		}
		v := []any{"x", map[string]any{"a": 1}, []any{1, 2}}
		if f.Item == procedure.Enum {
			v = append(v, []string{"nope"})
		} else {
			v = append(v, []string{tooLong})
		}
		if f.MaxItems > 0 {
			many := make([]any, f.MaxItems+1)
			for i := range many {
				many[i] = fmt.Sprint(item, i)
				if f.Item == procedure.Enum {
					many[i] = item
				}
			}
			v = append(v, many)
		}
		if f.Unique {
			v = append(v, []any{item, item})
		}
		return v
	case procedure.Number:
		v := []any{"1", true, 1.5, -1e9, map[string]any{"n": 1}}
		if len(f.Numbers) > 0 {
			v = append(v, 99)
		}
		return v
	}
	return nil
}

// nil2 marshals as JSON null: a required value sent as null.
type nil2 struct{}

func (nil2) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// genericBad are bodies no action takes, whatever its form.
var genericBad = []badBody{
	{"malformed", "", []byte(`{"decision":`)},
	{"top-level array", "", []byte(`[{}]`)},
	{"top-level string", "", []byte(`"agree"`)},
	{"top-level number", "", []byte(`1`)},
	{"null", "", []byte(`null`)},
	{"trailing data", "", []byte(`{}{}`)},
	{"huge number", "", []byte(`{"class":1e400}`)},
	{"invalid UTF-8", "", []byte("{\"note\":\"\xff\xfe\"}")},
}

// refused checks one hostile answer.
func (h *formProbe) refused(label string, b badBody, r apitest.Reply) {
	h.t.Helper()
	h.sent.Add(1)
	if r.Status < 400 || r.Status >= 500 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
		h.t.Errorf("%s (%s): %d %s", label, b.what, r.Status, short(string(r.Body)))
		return
	}
	if b.field == "" || r.Status != 422 {
		return
	}
	var p struct{ Errors []struct{ Field string } }
	_ = json.Unmarshal(r.Body, &p)
	for _, e := range p.Errors {
		if e.Field == b.field || strings.HasSuffix(e.Field, "."+b.field) || strings.HasPrefix(e.Field, b.field+"[") ||
			strings.HasPrefix(e.Field, b.field+".") || strings.Contains(e.Field, "."+b.field+"[") || strings.Contains(e.Field, "."+b.field+".") {
			return
		}
	}
	h.t.Errorf("%s (%s): 422 does not name %q: %s", label, b.what, b.field, short(string(r.Body)))
}

// snapshot is what no refused request may change: the application and its trail.
func (h *formProbe) snapshot(u *apitest.User, appID string) string {
	a := apitest.Do(h.t, u, "GET", "/v1/applications/"+appID, nil).Want(h.t, 200)
	e := apitest.Do(h.t, u, "GET", "/v1/applications/"+appID+"/events?limit=200", nil).Want(h.t, 200)
	return string(a.Body) + "\n" + string(e.Body)
}

// action probes one action of an application in the status that takes it, then sends
// the valid body four times at once.
func (h *formProbe) action(proc, appID, name string, u *apitest.User, valid map[string]any) {
	t := h.t
	t.Helper()
	if h.probed == nil {
		h.probed = map[string]bool{}
	}
	h.probed[proc+"."+name] = true
	pr, _ := procedure.Lookup(proc)
	ac, ok := pr.Action(name)
	if !ok {
		t.Fatalf("%s has no action %s", proc, name)
	}
	if valid == nil {
		valid = map[string]any{}
	}
	bodies := append([]badBody{}, genericBad...)
	if ac.Input != nil {
		bodies = append(bodies, mutations(ac.Input, valid, "", true)...)
	} else {
		bodies = append(bodies, badBody{"unknown field", "", []byte(`{"zz_unknown":1}`)})
	}
	before := h.snapshot(u, appID)
	path := "/v1/applications/" + appID + "/" + name
	h.parallel(bodies, func(b badBody) {
		h.refused(proc+" "+name, b, apitest.Do(t, u, "POST", path, b.body))
	})
	if after := h.snapshot(u, appID); after != before {
		t.Fatalf("%s %s: refused requests changed the application:\nbefore %s\nafter  %s", proc, name, short(before), short(after))
	}
	h.races++
	race(t, 4, u, appID, name, func(int) any { return valid })
	n := 0
	for _, ty := range trailTypes(t, u, appID) {
		if ty == name {
			n++
		}
	}
	if n == 0 {
		t.Fatalf("%s %s: the winner left no trail entry", proc, name)
	}
}

// create probes the opening of a procedure with hostile draft sections, then opens it.
func (h *formProbe) create(proc string, u *apitest.User, valid map[string]any) string {
	t := h.t
	t.Helper()
	valid["procedure"] = proc
	pr, _ := procedure.Lookup(proc)
	bodies := append([]badBody{}, genericBad...)
	for _, sec := range pr.Draft {
		if _, given := valid[sec.Key]; given {
			bodies = append(bodies, mutations(&sec.Form, valid, sec.Key, false)...)
		}
	}
	unknown := map[string]any{"zz_unknown": 1}
	for k, v := range valid {
		unknown[k] = v
	}
	ub, _ := json.Marshal(unknown)
	bodies = append(bodies, badBody{"unknown top-level field", "", ub})
	queue := func() string {
		return string(apitest.Do(t, u, "GET", "/v1/applications?limit=200", nil).Want(t, 200).Body)
	}
	before := queue()
	h.parallel(bodies, func(b badBody) {
		h.refused("create "+proc, b, apitest.Do(t, u, "POST", "/v1/applications", b.body))
	})
	if after := queue(); after != before {
		t.Fatalf("create %s: refused requests changed the queue:\nbefore %s\nafter  %s", proc, short(before), short(after))
	}
	h.creates++
	var a struct{ ID string }
	apitest.Do(t, u, "POST", "/v1/applications", valid).Want(t, 201).Decode(t, &a)
	return a.ID
}

func (h *formProbe) parallel(bodies []badBody, f func(badBody)) {
	sem := make(chan struct{}, 6)
	var wg sync.WaitGroup
	for _, b := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			f(b)
		}()
	}
	wg.Wait()
}
