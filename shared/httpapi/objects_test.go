package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/validator"
)

var (
	supplierCo  = apitest.Who{Sub: "sup-1", Org: "kz-soft", Roles: []string{"supplier"}}
	supplierCo2 = apitest.Who{Sub: "sup-2", Org: "kz-other-soft", Roles: []string{"supplier"}}
)

// object is an object as the registry answers it.
type object struct {
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
	TechnicalDocumentation *struct{ DocumentID string }
	Documents              []struct{ ID, Kind, Status, Stage, Development string }
	Developments           []struct {
		ID, Stage, Performer, TORAgreementID string
	}
}

func (e *env) newObject(c apitest.Who, funding, supplier string) object {
	e.t.Helper()
	var o object
	body := map[string]any{"name": "Е-нотариат", "type": "information_system", "funding": funding, "initiatedOn": "2025-12-01"}
	if supplier != "" {
		body["supplier"] = supplier
	}
	e.expect(e.call(e.reg, c, "POST", "/v1/objects", body), 201).Decode(e.t, &o)
	return o
}

// objUpload uploads a valid PDF as a document of the object (of a development when dev
// is set) and has the real validator judge it.
func (e *env) objUpload(c apitest.Who, objID, kind, dev string) string {
	e.t.Helper()
	content := document.SamplePDF()
	sum := sha256.Sum256(content)
	body := map[string]any{"kind": kind, "fileName": kind + ".pdf", "contentType": "application/pdf",
		"size": len(content), "sha256": hex.EncodeToString(sum[:])}
	if dev != "" {
		body["development"] = dev
	}
	var slot struct {
		ID     string
		Upload struct {
			Method, URL string
			Headers     map[string]string
		}
	}
	e.expect(e.call(e.reg, c, "POST", "/v1/objects/"+objID+"/documents", body), 201).Decode(e.t, &slot)
	req, _ := http.NewRequest(slot.Upload.Method, slot.Upload.URL, bytes.NewReader(content))
	for k, v := range slot.Upload.Headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		e.t.Fatalf("upload %s: %d", kind, res.StatusCode)
	}
	v := &validator.Validator{Store: e.store, Docs: e.docs, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ev := events.S3Event{Records: []events.S3EventRecord{{EventName: "ObjectCreated:Put",
		S3: events.S3Entity{Bucket: events.S3Bucket{Name: e.docs.Name()},
			Object: events.S3Object{Key: "documents/objects/" + objID + "/" + slot.ID}}}}}
	if err := v.Handle(context.Background(), ev); err != nil {
		e.t.Fatalf("validate: %v", err)
	}
	return slot.ID
}

func (e *env) stage(c apitest.Who, objID, to, on string, status int) object {
	e.t.Helper()
	var o object
	r := e.expect(e.call(e.reg, c, "POST", "/v1/objects/"+objID+"/stage", map[string]any{"to": to, "on": on}), status)
	if status == 200 {
		r.Decode(e.t, &o)
	}
	return o
}

func problemFields(t *testing.T, r apitest.Resp) []string {
	t.Helper()
	var p struct {
		Errors []struct{ Field, Reason string }
	}
	r.Decode(t, &p)
	var out []string
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	slices.Sort(out)
	return out
}

// toOperation walks a state-investment object to operation, commissioned on the given
// day (the other stages the days before).
func (e *env) toOperation(o object, commissioned string) object {
	e.t.Helper()
	for _, k := range []string{"terms_of_reference", "cost_calculation", "informatization_conclusion", "security_conclusion"} {
		e.objUpload(clerk, o.ID, k, "")
	}
	e.stage(clerk, o.ID, "engineering", "2026-01-05", 200)
	e.stage(clerk, o.ID, "trial_operation", "2026-01-10", 200)
	e.objUpload(clerk, o.ID, "trial_operation_act", "")
	e.stage(clerk, o.ID, "is_testing", "2026-01-15", 200)
	e.objUpload(clerk, o.ID, "is_test_result", "")
	e.stage(clerk, o.ID, "implementation", "2026-01-20", 200)
	e.objUpload(clerk, o.ID, "commissioning_act", "")
	e.objUpload(clerk, o.ID, "source_code_transfer", "")
	return e.stage(clerk, o.ID, "operation", commissioned, 200)
}

// 003 §3 7), §9, §15, §16 9): a state-investment object from initiated to operation
// through the handlers, every guard refusing first, the warranty started at the end.
func TestObjectLifeCycleInProcess(t *testing.T) {
	e := newEnv(t)
	o := e.newObject(clerk, "state_investment", "kz-soft")
	if o.Stage != "initiated" || len(o.StageHistory) != 1 || o.Warranty != nil || o.Version != 1 {
		t.Fatalf("new object %+v", o)
	}
	// 003 §6 ¶2, §7, §8: everything missing is listed with its basis.
	r := e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": "engineering", "on": "2026-01-05"}), 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"documents.cost_calculation", "documents.informatization_conclusion",
		"documents.security_conclusion", "documents.terms_of_reference"}) || !bytes.Contains(r.Body, []byte("003 §6 ¶2")) {
		t.Fatalf("missing: %v %s", got, r.Body)
	}
	e.stage(clerk, o.ID, "trial_operation", "2026-01-05", 409) // 003 §9: out of order
	e.stage(clerk2, o.ID, "engineering", "2026-01-05", 404)    // another organisation
	e.stage(supplierCo, o.ID, "engineering", "2026-01-05", 403)
	for _, k := range []string{"terms_of_reference", "cost_calculation", "informatization_conclusion", "security_conclusion"} {
		e.objUpload(clerk, o.ID, k, "")
	}
	r = e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": "engineering", "on": "2026-03-17"}), 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"on"}) {
		t.Fatalf("a date in the future: %v", got)
	}
	got := e.stage(clerk, o.ID, "engineering", "2026-01-05", 200)
	if got.Stage != "engineering" || len(got.StageHistory[1].Documents) != 4 {
		t.Fatalf("engineering: %+v", got.StageHistory)
	}
	r = e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": "trial_operation", "on": "2026-01-04"}), 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"on"}) {
		t.Fatalf("a date before the previous stage's: %v", got)
	}
	got = e.toOperationFrom(o.ID, "2026-01-31")
	if got.Stage != "operation" || got.Warranty == nil || got.Warranty.From != "2026-01-31" || got.Warranty.Until != "2027-01-31" ||
		got.Warranty.State != "running" || got.Warranty.Round != 1 {
		t.Fatalf("operation: %+v %+v", got.Stage, got.Warranty)
	}
	// The documents are kept with the stage they were uploaded in (003 §4).
	stages := map[string]string{}
	for _, d := range got.Documents {
		stages[d.Kind] = d.Stage
	}
	if stages["terms_of_reference"] != "initiated" || stages["trial_operation_act"] != "trial_operation" || stages["commissioning_act"] != "implementation" {
		t.Fatalf("documents per stage: %v", stages)
	}
	e.stage(clerk, o.ID, "engineering", "2026-02-01", 409) // no way back
	// The warranty is a clock of the object, in the due index: the reminder a month before.
	ref, err := e.clockOf(o.ID)
	if err != nil || ref.Clock.DueDate != "2027-01-31" || ref.Clock.Next != "reminder" {
		t.Fatalf("warranty clock %+v %v", ref.Clock, err)
	}
}

func (e *env) toOperationFrom(objID, commissioned string) object {
	e.t.Helper()
	e.stage(clerk, objID, "trial_operation", "2026-01-10", 200)
	e.objUpload(clerk, objID, "trial_operation_act", "")
	e.stage(clerk, objID, "is_testing", "2026-01-15", 200)
	e.objUpload(clerk, objID, "is_test_result", "")
	e.stage(clerk, objID, "implementation", "2026-01-20", 200)
	r := e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+objID+"/stage", map[string]any{"to": "operation", "on": commissioned}), 422)
	if got := problemFields(e.t, r); !slices.Equal(got, []string{"documents.commissioning_act", "documents.source_code_transfer"}) {
		e.t.Fatalf("003 §9 5), §11: %v", got)
	}
	e.objUpload(clerk, objID, "commissioning_act", "")
	e.objUpload(clerk, objID, "source_code_transfer", "")
	return e.stage(clerk, objID, "operation", commissioned, 200)
}

func (e *env) clockOf(objID string) (struct {
	Clock struct{ DueDate, Next, State string }
}, error) {
	var out struct {
		Clock struct{ DueDate, Next, State string }
	}
	st, err := e.store.LoadObject(context.Background(), objID)
	if err != nil {
		return out, err
	}
	if len(st.Clocks) != 1 {
		return out, fmt.Errorf("%d clocks", len(st.Clocks))
	}
	c := st.Clocks[0]
	out.Clock.DueDate, out.Clock.Next, out.Clock.State = c.DueDate, string(c.Next), string(c.State)
	return out, nil
}

// Two concurrent stage changes: one wins, the others get 409, and the trail records one.
func TestConcurrentStageChanges(t *testing.T) {
	e := newEnv(t)
	o := e.newObject(clerk, "own_funds", "")
	e.objUpload(clerk, o.ID, "terms_of_reference", "")
	e.objUpload(clerk, o.ID, "cost_calculation", "")
	ok, codes := apitest.Race(t, 8, 200, func(int) int {
		return apitest.Call(context.Background(), e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": "engineering", "on": "2026-03-01"}).Status
	})
	evs, _, err := e.store.ObjectEvents(context.Background(), o.ID, 200, "")
	if err != nil {
		t.Fatal(err)
	}
	stages := 0
	for _, ev := range evs {
		if ev.Type == "stage" {
			stages++
		}
	}
	if ok != 1 || stages != 1 {
		t.Fatalf("%d won, %d stage events: %v", ok, stages, codes)
	}
}

// A document asked for while a stage change is in flight is either counted (recorded
// with the stage it was asked in, and the object's count covers it) or refused; the stage
// change wins or is told 409, never half-written.
func TestDocumentDuringStageChange(t *testing.T) {
	e := newEnv(t)
	sum := sha256.Sum256(document.SamplePDF())
	won := 0
	for round := range 4 {
		o := e.newObject(clerk, "own_funds", "")
		e.objUpload(clerk, o.ID, "terms_of_reference", "")
		e.objUpload(clerk, o.ID, "cost_calculation", "")
		var wg sync.WaitGroup
		var stageCode int
		docCodes := make([]int, 3)
		wg.Go(func() {
			stageCode = apitest.Call(context.Background(), e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": "engineering", "on": "2026-03-01"}).Status
		})
		for i := range docCodes {
			wg.Go(func() {
				docCodes[i] = apitest.Call(context.Background(), e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/documents", map[string]any{
					"kind": "technical_documentation", "fileName": "td.pdf", "contentType": "application/pdf",
					"size": len(document.SamplePDF()), "sha256": hex.EncodeToString(sum[:])}).Status
			})
		}
		wg.Wait()
		created := 0
		for _, c := range docCodes {
			switch c {
			case 201:
				created++
			case 409:
			default:
				t.Fatalf("round %d: a document slot: %d", round, c)
			}
		}
		st, err := e.store.LoadObject(context.Background(), o.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := "initiated"
		switch stageCode {
		case 200:
			won++
			want = "engineering"
		case 409:
		default:
			t.Fatalf("round %d: the stage change: %d", round, stageCode)
		}
		if st.Object.Stage != want {
			t.Fatalf("round %d: stage %s after %d", round, st.Object.Stage, stageCode)
		}
		tds := 0
		for _, d := range st.Docs {
			if d.Kind == "technical_documentation" {
				tds++
				if d.Stage != "initiated" && d.Stage != "engineering" {
					t.Fatalf("a document recorded in stage %q", d.Stage)
				}
			}
		}
		if tds != created || len(st.Docs) != created+2 {
			t.Fatalf("round %d: %d slots answered 201, %d recorded (%d documents in all)", round, created, tds, len(st.Docs))
		}
		if !st.Object.Listed && st.Object.Version != map[bool]int{true: 2, false: 1}[stageCode == 200] {
			t.Fatalf("round %d: version %d", round, st.Object.Version)
		}
	}
	if won == 0 {
		t.Fatal("the stage change never won against three uploads")
	}
}

// 003 §18, 004 ¶18: the budget gate flips when a valid technical documentation arrives,
// and the not-eligible queue follows it.
func TestBudgetGateFlips(t *testing.T) {
	e := newEnv(t)
	o := e.newObject(clerk, "state_investment", "kz-soft")
	o = e.toOperation(o, "2026-01-31")
	var el struct {
		Eligible bool
		Missing  []struct{ Item, Basis string }
	}
	e.expect(e.call(e.reg, clerk, "GET", "/v1/objects/"+o.ID+"/budget-eligibility", nil), 200).Decode(t, &el)
	if el.Eligible || len(el.Missing) != 1 || el.Missing[0].Item != "documents.technical_documentation" {
		t.Fatalf("before: %+v", el)
	}
	queue := func(c apitest.Who) []string {
		var l struct{ Items []struct{ ID string } }
		e.expect(e.call(e.reg, c, "GET", "/v1/objects?eligible=false", nil), 200).Decode(t, &l)
		var ids []string
		for _, x := range l.Items {
			ids = append(ids, x.ID)
		}
		return ids
	}
	if !slices.Contains(queue(abClerk), o.ID) || !slices.Contains(queue(clerk), o.ID) {
		t.Fatal("the object is not in the not-eligible queue")
	}
	e.expect(e.call(e.reg, supplierCo, "GET", "/v1/objects/"+o.ID+"/budget-eligibility", nil), 403)
	e.expect(e.call(e.reg, clerk2, "GET", "/v1/objects/"+o.ID+"/budget-eligibility", nil), 404)
	td := e.objUpload(clerk, o.ID, "technical_documentation", "")
	e.expect(e.call(e.reg, abClerk, "GET", "/v1/objects/"+o.ID+"/budget-eligibility", nil), 200).Decode(t, &el)
	if !el.Eligible || len(el.Missing) != 0 {
		t.Fatalf("after: %+v", el)
	}
	if slices.Contains(queue(abClerk), o.ID) {
		t.Fatal("the object is still in the not-eligible queue")
	}
	var got object
	e.expect(e.call(e.reg, clerk, "GET", "/v1/objects/"+o.ID, nil), 200).Decode(t, &got)
	if got.TechnicalDocumentation == nil || got.TechnicalDocumentation.DocumentID != td {
		t.Fatalf("technical documentation %+v", got.TechnicalDocumentation)
	}
}

// Who sees an object: its organisation, the reviewers and its supplier; 404 otherwise.
func TestObjectVisibility(t *testing.T) {
	e := newEnv(t)
	o := e.newObject(clerk, "own_funds", "kz-soft")
	for _, c := range []struct {
		who    apitest.Who
		status int
	}{{clerk, 200}, {abClerk, 200}, {siClerk, 200}, {supplierCo, 200}, {clerk2, 404}, {supplierCo2, 404}} {
		e.expect(e.call(e.reg, c.who, "GET", "/v1/objects/"+o.ID, nil), c.status)
	}
	list := func(c apitest.Who, q string) []string {
		var l struct{ Items []struct{ ID string } }
		e.expect(e.call(e.reg, c, "GET", "/v1/objects"+q, nil), 200).Decode(t, &l)
		var ids []string
		for _, x := range l.Items {
			ids = append(ids, x.ID)
		}
		return ids
	}
	if !slices.Contains(list(supplierCo, ""), o.ID) || slices.Contains(list(supplierCo2, ""), o.ID) ||
		slices.Contains(list(clerk2, ""), o.ID) || !slices.Contains(list(clerk, "?stage=initiated"), o.ID) ||
		slices.Contains(list(clerk, "?stage=operation"), o.ID) {
		t.Fatal("lists")
	}
	e.expect(e.call(e.reg, clerk, "GET", "/v1/objects?stage=production", nil), 400)
	e.expect(e.call(e.reg, clerk, "GET", "/v1/objects?eligible=true", nil), 400)
	e.expect(e.call(e.reg, clerk, "GET", "/v1/objects?eligible=false&stage=initiated", nil), 400)
	// The supplier changes: the old one no longer sees it.
	var p object
	e.expect(e.call(e.reg, clerk, "PATCH", "/v1/objects/"+o.ID, map[string]any{"supplier": "kz-other-soft"}, "If-Match", `"v1"`), 200).Decode(t, &p)
	if p.Supplier != "kz-other-soft" || p.Version != 2 {
		t.Fatalf("patched %+v", p)
	}
	e.expect(e.call(e.reg, clerk, "PATCH", "/v1/objects/"+o.ID, map[string]any{"name": "x"}, "If-Match", `"v1"`), 412)
	e.expect(e.call(e.reg, supplierCo, "GET", "/v1/objects/"+o.ID, nil), 404)
	e.expect(e.call(e.reg, supplierCo2, "GET", "/v1/objects/"+o.ID, nil), 200)
	e.expect(e.call(e.reg, supplierCo2, "PATCH", "/v1/objects/"+o.ID, map[string]any{"name": "x"}), 403)
	if slices.Contains(list(supplierCo, ""), o.ID) || !slices.Contains(list(supplierCo2, ""), o.ID) {
		t.Fatal("the supplier's list after the change")
	}
}

// 003 §16 9): the warranty's end is fired once by the sweep, to the owner and the supplier,
// a reminder a month before; commissioned on 31 January, it ends with 31 January.
func TestWarrantyEndFiredOnce(t *testing.T) {
	e := newEnv(t)
	o := e.toOperation(e.newObject(clerk, "state_investment", "kz-soft"), "2026-01-31")
	sweep := func(at string) dynamo.SweepStats {
		t.Helper()
		now, _ := time.Parse(time.RFC3339, at)
		s, err := e.store.Sweep(context.Background(), now, dynamo.SweepOptions{From: now.AddDate(0, 0, -2)})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := sweep("2026-12-31T03:00:00Z"); s.Reminders != 0 {
		t.Fatalf("reminded before 09:00 Almaty: %+v", s)
	}
	if s := sweep("2026-12-31T04:05:00Z"); s.Reminders != 1 {
		t.Fatalf("the reminder a month before: %+v", s)
	}
	if s := sweep("2027-01-31T18:00:00Z"); s.TermsEnded != 0 {
		t.Fatalf("ended during its last day: %+v", s)
	}
	if s := sweep("2027-01-31T19:05:00Z"); s.TermsEnded != 1 {
		t.Fatalf("the end: %+v", s)
	}
	if s := sweep("2027-02-01T05:05:00Z"); s.TermsEnded != 0 || s.Fired != 0 {
		t.Fatalf("fired twice: %+v", s)
	}
	var got object
	e.expect(e.call(e.reg, clerk, "GET", "/v1/objects/"+o.ID, nil), 200).Decode(t, &got)
	if got.Warranty == nil || got.Warranty.State != "ended" {
		t.Fatalf("warranty %+v", got.Warranty)
	}
	evs, _, err := e.store.ObjectEvents(context.Background(), o.ID, 200, "")
	if err != nil {
		t.Fatal(err)
	}
	var ended, reminded int
	for _, ev := range evs {
		switch ev.Type {
		case "clock_term_ended":
			ended++
		case "clock_reminder":
			reminded++
		}
	}
	if ended != 1 || reminded != 1 {
		t.Fatalf("%d term_ended, %d reminder events", ended, reminded)
	}
	for _, ev := range evs {
		for _, n := range ev.Notices {
			if n.Type != "term_ended" {
				continue
			}
			var to []string
			for _, r := range n.To {
				to = append(to, r.Org)
			}
			if !slices.Equal(to, []string{"kz-minjust", "kz-soft"}) {
				t.Fatalf("term_ended to %v", to)
			}
			return
		}
	}
	t.Fatal("no term_ended notice in the trail")
}

// 003 §10: a development of an object in operation, by a trustee on an agreed TOR, to
// re-commissioning and a new warranty (G8); and termination ends what still runs.
func TestDevelopmentInProcess(t *testing.T) {
	e := newEnv(t)
	o := e.newObject(clerk, "own_funds", "kz-soft")
	e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "supplier"}), 409) // 003 §10 ¶1
	o = e.toOperationOwn(o.ID, "2026-01-31")
	r := e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "trustee"}), 422)
	if !bytes.Contains(r.Body, []byte("003 §10 ¶2")) {
		t.Fatalf("a trustee without an agreed TOR: %s", r.Body)
	}
	// The TOR of the trustee's development, agreed by the AB (kz-tor-agreement).
	var tor app
	e.expect(e.call(e.apps, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-tor-agreement",
		"object": map[string]any{"id": o.ID}, "details": map[string]any{"trustee": "ТОО «Сенім»"}}), 201).Decode(t, &tor)
	e.validate(tor.ID, e.upload(clerk, tor.ID, "terms_of_reference", "tor.pdf", "application/pdf", document.SamplePDF()))
	e.expect(e.call(e.apps, clerk, "POST", "/v1/applications/"+tor.ID+"/submit", nil), 200)
	e.expect(e.call(e.apps, abClerk, "POST", "/v1/applications/"+tor.ID+"/agreement", map[string]any{"decision": "agree"}), 200)
	var d object
	e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "trustee", "summary": "архив", "initiatedOn": "2026-02-01"}), 201).Decode(t, &d)
	if len(d.Developments) != 1 || d.Developments[0].TORAgreementID != tor.ID || d.Stage != "operation" {
		t.Fatalf("development %+v", d)
	}
	dev := d.Developments[0].ID
	e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "owner"}), 409) // one at a time
	move := func(to, on string, status int) object {
		var out object
		r := e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/developments/"+dev+"/stage", map[string]any{"to": to, "on": on}), status)
		if status == 200 {
			r.Decode(t, &out)
		}
		return out
	}
	// The object's own documents of creation do not count for the development.
	move("engineering", "2026-02-10", 422)
	e.objUpload(clerk, o.ID, "terms_of_reference", dev)
	e.objUpload(clerk, o.ID, "cost_calculation", dev)
	move("engineering", "2026-02-10", 200)
	move("is_testing", "2026-02-11", 409)
	move("trial_operation", "2026-02-11", 200)
	e.objUpload(clerk, o.ID, "trial_operation_act", dev)
	move("is_testing", "2026-02-12", 200)
	e.objUpload(clerk, o.ID, "is_test_result", dev)
	move("implementation", "2026-02-13", 200)
	e.objUpload(clerk, o.ID, "commissioning_act", dev)
	got := move("recommissioned", "2026-03-01", 200)
	if got.Stage != "operation" || got.Warranty == nil || got.Warranty.Round != 2 || got.Warranty.From != "2026-03-01" ||
		got.Warranty.Until != "2027-03-01" || got.Warranty.CoveredFrom != "2026-01-31" {
		t.Fatalf("re-commissioned: %+v %+v", got.Stage, got.Warranty)
	}
	st, _ := e.store.LoadObject(context.Background(), o.ID)
	running := 0
	for _, c := range st.Clocks {
		if c.CompletedAt == nil {
			running++
		}
	}
	if len(st.Clocks) != 2 || running != 1 {
		t.Fatalf("the first warranty's clock is not stopped: %+v", st.Clocks)
	}
	// A second trustee development needs a TOR agreed for it.
	r = e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "trustee"}), 422)
	if !bytes.Contains(r.Body, []byte("used by development")) {
		t.Fatalf("%s", r.Body)
	}
	e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "owner", "initiatedOn": "2026-01-30"}), 422)
	e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "owner", "initiatedOn": "2026-03-02"}), 201)
	// 003 §19: termination stops the warranty and abandons the open development.
	end := e.stage(clerk, o.ID, "terminated", "2026-03-10", 200)
	if end.Warranty.State != "ended" || end.ExclusionApplicationID != "" {
		t.Fatalf("terminated: %+v", end)
	}
	for _, x := range end.Developments {
		if x.ID != dev && x.Stage != "abandoned" {
			t.Fatalf("development %+v", x)
		}
	}
	e.expect(e.call(e.reg, clerk, "POST", "/v1/objects/"+o.ID+"/developments", map[string]any{"performer": "owner"}), 409)
}

// toOperationOwn walks an own-funds object to operation.
func (e *env) toOperationOwn(objID, commissioned string) object {
	e.t.Helper()
	e.objUpload(clerk, objID, "terms_of_reference", "")
	e.objUpload(clerk, objID, "cost_calculation", "")
	e.stage(clerk, objID, "engineering", "2026-01-05", 200)
	e.stage(clerk, objID, "trial_operation", "2026-01-10", 200)
	e.objUpload(clerk, objID, "trial_operation_act", "")
	e.stage(clerk, objID, "is_testing", "2026-01-15", 200)
	e.objUpload(clerk, objID, "is_test_result", "")
	e.stage(clerk, objID, "implementation", "2026-01-20", 200)
	e.objUpload(clerk, objID, "commissioning_act", "")
	return e.stage(clerk, objID, "operation", commissioned, 200)
}

func TestChangeClassificationRoute(t *testing.T) {
	e := newEnv(t)
	var c struct {
		Classification string
		Reasons        []struct{ Reason, Basis string }
	}
	e.expect(e.call(e.reg, nobody, "GET", "/v1/change-classification?sourceCode=true&newRequirements=true", nil), 200).Decode(t, &c)
	if c.Classification != "development" || !strings.Contains(fmt.Sprint(c.Reasons), "003 §3 1)") {
		t.Fatalf("%+v", c)
	}
	e.expect(e.call(e.reg, nobody, "GET", "/v1/change-classification?sourceCode=yes", nil), 400)
	e.expect(e.call(e.reg, nobody, "GET", "/v1/change-classification?colour=true", nil), 400)
}

// 003 §18: a valid technical documentation uploaded to an application about the object
// (here its kz-operator-list application) is on record for the object's budget gate.
func TestTechnicalDocumentationOfAnApplicationCounts(t *testing.T) {
	e := newEnv(t)
	o := e.newObject(clerk, "own_funds", "")
	var a app
	e.expect(e.call(e.apps, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]any{"id": o.ID}}), 201).Decode(t, &a)
	e.validate(a.ID, e.upload(clerk, a.ID, "user_count", "users.pdf", "application/pdf", document.SamplePDF()))
	var got struct {
		TechnicalDocumentation *struct{ DocumentID, ApplicationID string }
	}
	e.expect(e.call(e.reg, clerk, "GET", "/v1/objects/"+o.ID, nil), 200).Decode(t, &got)
	if got.TechnicalDocumentation != nil {
		t.Fatal("another kind of document counted")
	}
	td := e.upload(clerk, a.ID, "technical_documentation", "td.pdf", "application/pdf", document.SamplePDF())
	e.validate(a.ID, td)
	e.expect(e.call(e.reg, clerk, "GET", "/v1/objects/"+o.ID, nil), 200).Decode(t, &got)
	if got.TechnicalDocumentation == nil || got.TechnicalDocumentation.DocumentID != td || got.TechnicalDocumentation.ApplicationID != a.ID {
		t.Fatalf("the application's technical documentation: %+v", got.TechnicalDocumentation)
	}
	// A second valid one leaves the first on record.
	e.validate(a.ID, e.upload(clerk, a.ID, "technical_documentation", "td2.pdf", "application/pdf", document.SamplePDF()))
	e.expect(e.call(e.reg, clerk, "GET", "/v1/objects/"+o.ID, nil), 200).Decode(t, &got)
	if got.TechnicalDocumentation.DocumentID != td {
		t.Fatalf("replaced: %+v", got.TechnicalDocumentation)
	}
}
