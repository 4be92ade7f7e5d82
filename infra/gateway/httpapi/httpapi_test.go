package httpapi

import (
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestRouterSpecificity(t *testing.T) {
	rt, err := NewRouter([]*Route{
		{Function: "A", Method: "POST", Path: "/v1/applications/{id}/{action}"},
		{Function: "B", Method: "POST", Path: "/v1/applications/{id}/documents"},
		{Function: "C", Method: "GET", Path: "/v1/applications/{id}"},
		{Function: "D", Method: "ANY", Path: "/v1/files/{proxy+}"},
		{Function: "E", Method: "GET", Path: "/v1/files/special"},
		{Function: "F", Method: "ANY", Path: "/v1/applications/{id}"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, path, fn string
		params           map[string]string
	}{
		{"POST", "/v1/applications/9/documents", "B", map[string]string{"id": "9"}},
		{"POST", "/v1/applications/9/submit", "A", map[string]string{"id": "9", "action": "submit"}},
		{"GET", "/v1/applications/9", "C", map[string]string{"id": "9"}},
		{"DELETE", "/v1/applications/9", "F", map[string]string{"id": "9"}},
		{"GET", "/v1/files/special", "E", nil},
		{"GET", "/v1/files/a/b/c", "D", map[string]string{"proxy": "a/b/c"}},
		{"GET", "/v1/applications/9/documents", "", nil},
		{"GET", "/v1/applications//x", "", nil},
	} {
		r, p, _ := rt.Match(c.method, c.path)
		got := ""
		if r != nil {
			got = r.Function
		}
		if got != c.fn {
			t.Errorf("%s %s: %q, want %q", c.method, c.path, got, c.fn)
			continue
		}
		if len(p) != len(c.params) {
			t.Errorf("%s %s: params %v, want %v", c.method, c.path, p, c.params)
		}
		for k, v := range c.params {
			if p[k] != v {
				t.Errorf("%s %s: params %v, want %v", c.method, c.path, p, c.params)
			}
		}
	}
	if _, err := NewRouter([]*Route{{Method: "GET", Path: "/a"}, {Method: "GET", Path: "/a"}}); err == nil {
		t.Error("duplicate routes accepted")
	}
}

func TestClaimString(t *testing.T) {
	var m map[string]any
	dec := json.NewDecoder(stringsReader(`{"roles":["applicant","operator"],"n":1700000000,"f":1.5,"b":true,"s":"x","o":{"k":"v"},"e":[]}`))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"roles": "[applicant operator]", "n": "1700000000", "f": "1.5", "b": "true", "s": "x", "o": `{"k":"v"}`, "e": "[]"}
	for k, w := range want {
		if got := ClaimString(m[k]); got != w {
			t.Errorf("%s: %q, want %q", k, got, w)
		}
	}
}

func TestIssueVerifyRoundTrip(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	a := &Authenticator{Key: []byte("k"), Issuer: "iss", Audience: []string{"aud1", "aud2"}, Now: func() time.Time { return now }}
	tok, err := a.Issue(&TokenRequest{Sub: "s", Org: "o", Roles: []string{"admin", "operator"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := a.Verify("Bearer " + tok)
	if err != nil {
		t.Fatal(err)
	}
	if v.Claims["roles"] != "[admin operator]" || v.Claims["exp"] != strconv.FormatInt(now.Add(12*time.Hour).Unix(), 10) {
		t.Errorf("claims %v", v.Claims)
	}
	// Expired 12 h later.
	a.Now = func() time.Time { return now.Add(12*time.Hour + time.Second) }
	if _, err := a.Verify("Bearer " + tok); err == nil {
		t.Error("expired token accepted")
	}
}

func TestWriteResponse(t *testing.T) {
	// Without statusCode: a 200 JSON response whose body is the function's answer.
	w := httptest.NewRecorder()
	if err := WriteResponse(w, []byte(`{"hello":"world"}`)); err != nil {
		t.Fatal(err)
	}
	if w.Code != 200 || w.Body.String() != `{"hello":"world"}` || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("inferred: %d %q %v", w.Code, w.Body, w.Header())
	}
	w = httptest.NewRecorder()
	if err := WriteResponse(w, []byte(`{"statusCode":201,"headers":{"Location":"/x"},"body":"aGk=","isBase64Encoded":true,"cookies":["a=1","b=2"]}`)); err != nil {
		t.Fatal(err)
	}
	if w.Code != 201 || w.Body.String() != "hi" || w.Header().Get("Location") != "/x" || len(w.Header().Values("Set-Cookie")) != 2 {
		t.Errorf("structured: %d %q %v", w.Code, w.Body, w.Header())
	}
	for _, bad := range []string{`not json`, `{"statusCode":99}`, `{"statusCode":200,"body":"***","isBase64Encoded":true}`} {
		if err := WriteResponse(httptest.NewRecorder(), []byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
