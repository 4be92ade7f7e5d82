package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/s3store"
)

// who is a caller as the authorizer would describe them.
type who struct {
	sub, org string
	roles    []string
}

var (
	clerk   = who{"clerk-1", "kz-minjust", []string{"applicant"}}
	clerk2  = who{"clerk-2", "kz-mef", []string{"applicant"}}
	abClerk = who{"ab-1", "kz-mdai", []string{"authorized_body"}}
	siClerk = who{"si-1", "kz-si", []string{"service_integrator"}}
	opClerk = who{"op-1", "kz-op", []string{"operator"}}
	nobody  = who{}
)

// env is one test's system: the real handlers over fresh tables and a fresh bucket.
type env struct {
	t     *testing.T
	store *dynamo.Store
	docs  *s3store.Bucket
	apps  func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
	reg   func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
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
	e.reg = lambdaapp.HTTP((&httpapi.Registry{Store: e.store, Now: clock}).Routes())
	return e
}

type resp struct {
	status  int
	headers map[string]string
	body    []byte
}

func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// call sends one request through the same adapter Lambda uses, with the caller's claims
// in the form the HTTP API authorizer delivers ("[a b]").
func (e *env) call(h func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error),
	c who, method, target string, body any, hdr ...string) resp {
	e.t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		e.t.Fatal(err)
	}
	req := events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: u.Path, RawQueryString: u.RawQuery,
		Headers: map[string]string{"content-type": "application/json"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{DomainName: "127.0.0.1", RequestID: "t",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: u.Path}}}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Headers[strings.ToLower(hdr[i])] = hdr[i+1]
	}
	if c.sub != "" {
		req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: map[string]string{
				"sub": c.sub, "org": c.org, "roles": "[" + strings.Join(c.roles, " ") + "]"}}}
	}
	switch b := body.(type) {
	case nil:
	case string:
		req.Body = b
	case []byte:
		req.Body = string(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		req.Body = string(raw)
	}
	out, err := h(context.Background(), req)
	if err != nil {
		e.t.Fatalf("%s %s: handler error %v", method, target, err)
	}
	return resp{status: out.StatusCode, headers: out.Headers, body: []byte(out.Body)}
}

func (e *env) expect(r resp, status int) resp {
	e.t.Helper()
	if r.status != status {
		e.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if status >= 400 && !strings.HasPrefix(r.headers["Content-Type"], "application/problem+json") {
		e.t.Fatalf("error without a problem document: %v %s", r.headers, r.body)
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

func (e *env) create(c who, objType string, crit map[string]bool) app {
	e.t.Helper()
	var a app
	e.expect(e.call(e.apps, c, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Е-нотариат " + objType, "type": objType}, "criteria": crit}), 201).json(e.t, &a)
	return a
}

// upload asks for a slot and sends the bytes as told, through the real S3 server.
func (e *env) upload(c who, appID, kind, fileName, ctype string, content []byte) string {
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
		"kind": kind, "fileName": fileName, "contentType": ctype, "size": len(content), "sha256": hex.EncodeToString(sum[:])}), 201).json(e.t, &slot)
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
