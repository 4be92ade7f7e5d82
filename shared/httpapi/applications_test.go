package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/validator"
)

var isKinds = []string{"is_description", "technical_documentation", "commissioning_document", "user_count",
	"services_or_functions_list", "deployment_counts", "security_certificate", "criteria_compliance"}

// validate delivers the S3 event for an uploaded document to the real validator.
func (e *env) validate(appID, docID string) {
	e.t.Helper()
	v := &validator.Validator{Store: e.store, Docs: e.docs, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ev := events.S3Event{Records: []events.S3EventRecord{{EventName: "ObjectCreated:Put",
		S3: events.S3Entity{Bucket: events.S3Bucket{Name: e.docs.Name()},
			Object: events.S3Object{Key: "documents/" + appID + "/" + docID}}}}}
	if err := v.Handle(context.Background(), ev); err != nil {
		e.t.Fatalf("validate: %v", err)
	}
}

// readyIS creates an information system application with every ¶4.1 document valid.
func (e *env) readyIS(crit map[string]bool) app {
	e.t.Helper()
	a := e.create(clerk, "information_system", crit)
	for _, k := range isKinds {
		id := e.upload(clerk, a.ID, k, k+".pdf", "application/pdf", document.SamplePDF())
		e.validate(a.ID, id)
	}
	return a
}

func TestSubmitListsEverythingMissing(t *testing.T) {
	e := newEnv(t)
	a := e.create(clerk, "information_system", map[string]bool{"1.1": true})
	r := e.expect(e.call(e.apps, clerk, "POST", "/v1/applications/"+a.ID+"/submit", nil), 422)
	var p struct {
		Errors []struct{ Field, Reason string }
	}
	r.Decode(t, &p)
	if len(p.Errors) != 8+12 { // 002 ¶4.1: eight documents; Annex 2: twelve unanswered criteria
		t.Fatalf("want 20 missing items, got %d: %s", len(p.Errors), r.Body)
	}
}

func TestWalkToIncludedAndRace(t *testing.T) {
	e := newEnv(t)
	a := e.readyIS(allCriteria(true))
	var got app
	e.expect(e.call(e.apps, clerk, "POST", "/v1/applications/"+a.ID+"/submit", nil), 200).Decode(t, &got)
	if got.Status != "ab_check" || len(got.Clocks) != 1 || got.Clocks[0].DueDate != "2026-03-26" {
		// 002 ¶5: 5 KZ working days from Monday 16 March 2026 (day 0): 17, 18, 19, 20, then
		// Nauryz and its moved days off 21–25 March are skipped, so the fifth is Thursday 26.
		t.Fatalf("after submit: %+v", got)
	}
	e.expect(e.call(e.apps, siClerk, "POST", "/v1/applications/"+a.ID+"/forward", nil), 403)
	e.expect(e.call(e.apps, clerk2, "GET", "/v1/applications/"+a.ID, nil), 404)
	e.expect(e.call(e.apps, abClerk, "POST", "/v1/applications/"+a.ID+"/forward", nil), 200)
	e.expect(e.call(e.apps, siClerk, "POST", "/v1/applications/"+a.ID+"/recommendation",
		map[string]string{"architecture": "complies", "note": "ok"}), 200)

	// 20 concurrent decisions: exactly one wins, the others get 409, the trail shows one.
	wins, codes := apitest.Race(t, 20, 200, func(i int) int {
		return e.call(e.apps, abClerk, "POST", "/v1/applications/"+a.ID+"/decision",
			map[string]any{"decision": "include", "reasons": []string{fmt.Sprint("r", i)}}).Status
	})
	if wins != 1 {
		t.Fatalf("%d decisions won, want 1: %v", wins, codes)
	}
	var trail struct{ Items []struct{ Type string } }
	e.expect(e.call(e.apps, clerk, "GET", "/v1/applications/"+a.ID+"/events", nil), 200).Decode(t, &trail)
	decisions := 0
	for _, ev := range trail.Items {
		if ev.Type == "decision" {
			decisions++
		}
	}
	if decisions != 1 {
		t.Fatalf("trail has %d decisions: %+v", decisions, trail.Items)
	}
	var list struct {
		Items []struct{ ObjectID, ApplicationID string }
	}
	e.expect(e.call(e.reg, nobody, "GET", "/v1/public/operator-list", nil), 200).Decode(t, &list)
	if len(list.Items) != 1 || list.Items[0].ApplicationID != a.ID {
		t.Fatalf("operator list: %+v", list)
	}
}

func TestIdempotentCreate(t *testing.T) {
	e := newEnv(t)
	body := map[string]any{"procedure": "kz-operator-list", "object": map[string]string{"name": "IS", "type": "information_system"}}
	r1 := e.expect(e.call(e.apps, clerk, "POST", "/v1/applications", body, "Idempotency-Key", "k-1"), 201)
	r2 := e.expect(e.call(e.apps, clerk, "POST", "/v1/applications", body, "Idempotency-Key", "k-1"), 201)
	if string(r1.Body) != string(r2.Body) || r1.Headers["Location"] != r2.Headers["Location"] {
		t.Fatalf("replay differs:\n%s\n%s", r1.Body, r2.Body)
	}
	body["object"] = map[string]string{"name": "other", "type": "information_system"}
	e.expect(e.call(e.apps, clerk, "POST", "/v1/applications", body, "Idempotency-Key", "k-1"), 422)
	var list struct{ Items []app }
	e.expect(e.call(e.apps, clerk, "GET", "/v1/applications", nil), 200).Decode(t, &list)
	if len(list.Items) != 1 {
		t.Fatalf("want one application after replays, got %d", len(list.Items))
	}
}

// kz-environment runs through the same generic routes (003 §12): the operator provides
// within 10 working days, and the free term runs three months from the Agreement date.
func TestEnvironmentThroughGenericRoutes(t *testing.T) {
	e := newEnv(t)
	var a struct {
		ID, Status string
		Clocks     []struct {
			Step, State, DueDate string
			Term                 bool
		}
	}
	e.expect(e.call(e.apps, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-environment",
		"object": map[string]string{"name": "Е-лицензия", "type": "information_system"}}), 201).Decode(t, &a)
	e.expect(e.call(e.apps, clerk, "POST", "/v1/applications/"+a.ID+"/submit", nil), 422) // no environment named
	e.expect(e.call(e.apps, clerk, "PATCH", "/v1/applications/"+a.ID, map[string]any{"environment": map[string]any{
		"types": []string{"development_testing", "trial_operation"}, "agreementRef": "No. 17", "agreementDate": "2026-03-13"}}), 200)
	e.expect(e.call(e.apps, clerk, "POST", "/v1/applications/"+a.ID+"/submit", nil), 200).Decode(t, &a)
	if a.Status != "op_provision" || len(a.Clocks) != 1 || a.Clocks[0].DueDate != "2026-04-02" {
		// 10 KZ working days from Monday 16 March 2026 across Nauryz (21–25 March off).
		t.Fatalf("after submit: %+v", a)
	}
	e.expect(e.call(e.apps, abClerk, "POST", "/v1/applications/"+a.ID+"/provide", nil), 403)
	e.expect(e.call(e.apps, opClerk, "POST", "/v1/applications/"+a.ID+"/provide", map[string]string{"note": "stands ready"}), 200).Decode(t, &a)
	if a.Status != "provided" || len(a.Clocks) != 2 || !a.Clocks[1].Term || a.Clocks[1].DueDate != "2026-06-13" {
		t.Fatalf("after provide: %+v", a)
	}
	e.expect(e.call(e.apps, opClerk, "POST", "/v1/applications/"+a.ID+"/decision", map[string]string{"decision": "include"}), 404)
}
