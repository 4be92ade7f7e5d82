package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/s3store"
)

// The callers, as the authorizer would describe them.
var (
	clerk   = apitest.Who{Sub: "clerk-1", Org: "kz-minjust", Roles: []string{"applicant"}}
	clerk2  = apitest.Who{Sub: "clerk-2", Org: "kz-mef", Roles: []string{"applicant"}}
	abClerk = apitest.Who{Sub: "ab-1", Org: "kz-mdai", Roles: []string{"authorized_body"}}
	siClerk = apitest.Who{Sub: "si-1", Org: "kz-si", Roles: []string{"service_integrator"}}
	opClerk = apitest.Who{Sub: "op-1", Org: "kz-op", Roles: []string{"operator"}}
	nobody  = apitest.Who{}
)

// env is one test's system: the real handlers over fresh tables and a fresh bucket.
type env struct {
	t     *testing.T
	store *dynamo.Store
	docs  *s3store.Bucket
	apps  apitest.Handler
	reg   apitest.Handler
	now   time.Time
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := testenv.DynamoDB(t)
	s3c := testenv.S3(t)
	e := &env{t: t, store: dynamo.New(db, testenv.Tables(t, db)), docs: s3store.New(s3c, testenv.Bucket(t, s3c)),
		now: time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return e.now }
	e.apps = lambdaapp.HTTP((&httpapi.Applications{Store: e.store, Docs: e.docs, Now: clock}).Routes())
	e.reg = lambdaapp.HTTP((&httpapi.Registry{Store: e.store, Docs: e.docs, Now: clock}).Routes())
	return e
}

// call sends one request through the same adapter Lambda uses (apitest.Call); a target
// that does not parse or a handler's error fails the test.
func (e *env) call(h apitest.Handler, c apitest.Who, method, target string, body any, hdr ...string) apitest.Resp {
	e.t.Helper()
	r := apitest.Call(context.Background(), h, c, method, target, body, hdr...)
	if r.Err != nil {
		e.t.Fatalf("%s %s: handler error %v", method, target, r.Err)
	}
	return r
}

func (e *env) expect(r apitest.Resp, status int) apitest.Resp {
	e.t.Helper()
	if r.Status != status {
		e.t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if status >= 400 && !strings.HasPrefix(r.Headers["Content-Type"], "application/problem+json") {
		e.t.Fatalf("error without a problem document: %v %s", r.Headers, r.Body)
	}
	return r
}

func allCriteria(v bool) map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4"} {
		m[k] = v
	}
	return m
}

type app struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Version   int    `json:"version"`
	Org       string `json:"org"`
	Object    struct{ ID, Name, Type string }
	Documents []struct{ ID, Kind, Status string }
	Clocks    []struct {
		Step, State, DueDate string
		DueAt                *time.Time
	}
	Decision *struct {
		Decision string
		Grounds  []string
	}
}

func (e *env) create(c apitest.Who, objType string, crit map[string]bool) app {
	e.t.Helper()
	var a app
	e.expect(e.call(e.apps, c, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Е-нотариат " + objType, "type": objType}, "criteria": crit}), 201).Decode(e.t, &a)
	return a
}

// upload asks for a slot and sends the bytes as told, through the real S3 server.
func (e *env) upload(c apitest.Who, appID, kind, fileName, ctype string, content []byte) string {
	e.t.Helper()
	sum := sha256.Sum256(content)
	var slot struct {
		ID     string
		Upload struct {
			Method, URL string
			Headers     map[string]string
		}
	}
	e.expect(e.call(e.apps, c, "POST", "/v1/applications/"+appID+"/documents", map[string]any{
		"kind": kind, "fileName": fileName, "contentType": ctype, "size": len(content), "sha256": hex.EncodeToString(sum[:])}), 201).Decode(e.t, &slot)
	req, err := http.NewRequest(slot.Upload.Method, slot.Upload.URL, bytes.NewReader(content))
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range slot.Upload.Headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		e.t.Fatalf("upload %s: S3 answered %d", kind, res.StatusCode)
	}
	return slot.ID
}
