package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/httpapi"
)

// The adapter hands headers on in Go's canonical form (Etag); HTTP header names are
// case-insensitive.
func lambdaHandler(h http.Handler) apitest.Handler { return httpadapter.NewV2(h).ProxyWithContext }

// TestPublicAnswersAreCacheable: every public GET this package serves without a store
// answers with an ETag and Cache-Control, 304 (no body) for a current If-None-Match and
// the full answer for a stale one. The operator's list is checked end to end (infra/e2e).
func TestPublicAnswersAreCacheable(t *testing.T) {
	ctx := context.Background()
	apps := lambdaHandler((&httpapi.Applications{}).Routes())
	cals := lambdaHandler(httpapi.Calendars{}.Routes())
	for _, tc := range []struct {
		h      apitest.Handler
		target string
		cache  string
	}{
		{apps, "/v1/openapi.yaml", "public, max-age=300"},
		{apps, "/v1/problems/not_found", "public, max-age=86400"},
		{cals, "/v1/calendars/KZ/add-working-days?from=2026-03-19&days=5", "public, max-age=3600"},
		{cals, "/v1/calendars/LV/explain?from=2026-06-19&days=3", "public, max-age=3600"},
	} {
		first := apitest.Call(ctx, tc.h, apitest.Who{}, "GET", tc.target, nil)
		etag := first.Headers["Etag"]
		if first.Status != 200 || !strings.HasPrefix(etag, `"`) || first.Headers["Cache-Control"] != tc.cache {
			t.Errorf("%s: %d ETag %q Cache-Control %q", tc.target, first.Status, etag, first.Headers["Cache-Control"])
			continue
		}
		again := apitest.Call(ctx, tc.h, apitest.Who{}, "GET", tc.target, nil, "If-None-Match", `"other", W/`+etag)
		if again.Status != 304 || len(again.Body) != 0 || again.Headers["Etag"] != etag || again.Headers["Cache-Control"] != tc.cache {
			t.Errorf("%s with If-None-Match: %d, %d bytes, headers %v", tc.target, again.Status, len(again.Body), again.Headers)
		}
		stale := apitest.Call(ctx, tc.h, apitest.Who{}, "GET", tc.target, nil, "If-None-Match", `"stale"`)
		if stale.Status != 200 || string(stale.Body) != string(first.Body) {
			t.Errorf("%s with a stale ETag: %d", tc.target, stale.Status)
		}
	}
	// Errors are never cached.
	bad := apitest.Call(ctx, cals, apitest.Who{}, "GET", "/v1/calendars/KZ/add-working-days?from=x&days=5", nil)
	if bad.Status != 400 || bad.Headers["Etag"] != "" || bad.Headers["Cache-Control"] != "no-store" {
		t.Errorf("a 400: %d ETag %q Cache-Control %q", bad.Status, bad.Headers["Etag"], bad.Headers["Cache-Control"])
	}
}

// TestMe: the caller as the token says, with the inboxes the inbox route reads; no token
// is a 401 problem.
func TestMe(t *testing.T) {
	ctx := context.Background()
	apps := lambdaHandler((&httpapi.Applications{}).Routes())
	r := apitest.Call(ctx, apps, apitest.Who{Sub: "clerk-1", Org: "kz-minjust", Roles: []string{"applicant", "authorized_body", "janitor"}}, "GET", "/v1/me", nil)
	var me httpapi.Me
	r.Decode(t, &me)
	if r.Status != 200 || me.Sub != "clerk-1" || me.Org != "kz-minjust" || len(me.Roles) != 2 ||
		strings.Join(me.Inboxes, ",") != "org:kz-minjust,role:authorized_body" {
		t.Errorf("%d %s", r.Status, r.Body)
	}
	r = apitest.Call(ctx, apps, apitest.Who{Sub: "ab-1", Roles: nil}, "GET", "/v1/me", nil)
	var raw map[string]any
	r.Decode(t, &raw)
	if r.Status != 200 || raw["org"] != nil || raw["roles"] == nil || raw["inboxes"] == nil {
		t.Errorf("no org, no roles: %s", r.Body)
	}
	if r := apitest.Call(ctx, apps, apitest.Who{}, "GET", "/v1/me", nil); r.Status != 401 || !r.Problem() {
		t.Errorf("no token: %d %s", r.Status, r.Body)
	}
}

// TestProblemTypesResolve: every type URI a problem document can carry (but about:blank)
// is documented at the route it names.
func TestProblemTypesResolve(t *testing.T) {
	ctx := context.Background()
	apps := lambdaHandler((&httpapi.Applications{}).Routes())
	for _, kind := range []string{"invalid", "unauthorized", "forbidden", "not_found", "conflict", "too_large", "unprocessable", "unavailable"} {
		r := apitest.Call(ctx, apps, apitest.Who{}, "GET", httpapi.DefaultProblemTypeBase+kind, nil)
		var d httpapi.ProblemTypeDoc
		r.Decode(t, &d)
		if r.Status != 200 || d.Type != httpapi.DefaultProblemTypeBase+kind || d.Status < 400 || d.Description == "" {
			t.Errorf("%s: %d %s", kind, r.Status, r.Body)
		}
	}
	r := apitest.Call(ctx, apps, apitest.Who{}, "GET", "/v1/problems/teapot", nil)
	var p httpapi.Problem
	if err := json.Unmarshal(r.Body, &p); err != nil || r.Status != 404 || p.Type != httpapi.DefaultProblemTypeBase+"not_found" {
		t.Errorf("unknown kind: %d %s", r.Status, r.Body)
	}
}
