// Package apitest is test support for talking to the local system over HTTP (the gateway
// of `make test`, its S3 server and Mailpit) and to the handlers in-process (through the
// adapter Lambda uses). It is imported only by tests.
package apitest

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

var hc = &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

// Base is the local gateway's URL (ICTGOV_API_URL), without a trailing slash.
func Base(t testing.TB) string {
	t.Helper()
	u := os.Getenv("ICTGOV_API_URL")
	if u == "" {
		t.Fatal("ICTGOV_API_URL is not set: run `make test`, which starts the local system")
	}
	return strings.TrimSuffix(u, "/")
}

// Suffix is a short random hex string, to give a test organisations of its own.
func Suffix() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// User is a caller logged in through the gateway's /dev/token.
type User struct {
	Sub, Org string
	Roles    []string
	Token    string
}

// Login asks the local gateway for a token with these claims.
func Login(t testing.TB, sub, org string, roles ...string) *User {
	t.Helper()
	var out struct{ Token string }
	r := Do(t, nil, "POST", "/dev/token", map[string]any{"sub": sub, "org": org, "roles": roles})
	r.Want(t, 200).Decode(t, &out)
	return &User{Sub: sub, Org: org, Roles: roles, Token: out.Token}
}

// Reply is an HTTP answer, read in full.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// Want fails the test unless the status is the one wanted, and an error status comes
// with a problem document.
func (r Reply) Want(t testing.TB, status int) Reply {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if status >= 400 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("error status %d without a problem document: %s", r.Status, r.Body)
	}
	return r
}

// Decode unmarshals the body into v, or fails the test.
func (r Reply) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

// Raw sends a request with a raw body and raw headers (the Authorization header too) to
// the local gateway.
func Raw(t testing.TB, method, path string, body []byte, hdr ...string) Reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, Base(t)+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, req, body, res, b)
	return Reply{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Do sends a request as u (nil: anonymous) to the local gateway. A body that is not
// []byte or string is sent as JSON; any body (a nil []byte is none) goes as
// application/json. hdr are name, value pairs, set after Content-Type and Authorization.
func Do(t testing.TB, u *User, method, path string, body any, hdr ...string) Reply {
	t.Helper()
	var b []byte
	switch x := body.(type) {
	case nil:
	case []byte:
		b = x
	case string:
		b = []byte(x)
	default:
		var err error
		if b, err = json.Marshal(x); err != nil {
			t.Fatal(err)
		}
	}
	var h []string
	if b != nil {
		h = append(h, "Content-Type", "application/json")
	}
	if u != nil {
		h = append(h, "Authorization", "Bearer "+u.Token)
	}
	return Raw(t, method, path, b, append(h, hdr...)...)
}

// Eventually polls until ok returns true, for 60 s: S3 events and stream records are
// asynchronous, and in the full suite on two cores (the e2e, resilience and browser tests
// uploading at once through two instances of each function) a verdict has once taken
// over 30 s. Latency is make bench's to judge, not these tests'.
func Eventually(t testing.TB, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if ok() {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// Slot is the answer to a request for a document upload.
type Slot struct {
	ID     string
	Status string
	Upload struct {
		Method, URL string
		Headers     map[string]string
	}
}

// SlotFor asks for an upload slot for content.
func SlotFor(t testing.TB, u *User, appID, kind, fileName, ctype string, content []byte) Slot {
	t.Helper()
	sum := sha256.Sum256(content)
	var s Slot
	Do(t, u, "POST", "/v1/applications/"+appID+"/documents", map[string]any{"kind": kind, "fileName": fileName,
		"contentType": ctype, "size": len(content), "sha256": hex.EncodeToString(sum[:])}).Want(t, 201).Decode(t, &s)
	return s
}

// Put sends content exactly as the slot tells, to the S3 server itself, and returns its status.
func Put(t testing.TB, s Slot, content []byte) int {
	t.Helper()
	req, err := http.NewRequest(s.Upload.Method, s.Upload.URL, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range s.Upload.Headers {
		req.Header.Set(k, v)
	}
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// Upload asks for a slot and sends the bytes exactly as told, to the S3 server itself;
// it returns the document's id.
func Upload(t testing.TB, u *User, appID, kind, fileName, ctype string, content []byte) string {
	t.Helper()
	s := SlotFor(t, u, appID, kind, fileName, ctype, content)
	if s.Status != "pending_upload" {
		t.Fatalf("slot status %q", s.Status)
	}
	if code := Put(t, s, content); code != 200 {
		t.Fatalf("upload of %s: S3 answered %d", kind, code)
	}
	return s.ID
}

// DocStatus waits for the validator's verdict on a document: its status and reasons.
func DocStatus(t testing.TB, u *User, appID, docID string) (string, []string) {
	t.Helper()
	var d struct {
		Status  string
		Reasons []string
	}
	Eventually(t, "the verdict on document "+docID, func() bool {
		Do(t, u, "GET", "/v1/applications/"+appID+"/documents/"+docID, nil).Want(t, 200).Decode(t, &d)
		return d.Status != "pending_upload"
	})
	return d.Status, d.Reasons
}

// Mails counts Mailpit's messages to an address about one notice kind of one
// application. The Message-ID is made from the notice id (application, step, kind), and
// recipients travel in the envelope only, which Mailpit shows as Bcc.
func Mails(t testing.TB, to, appID, kind string) int {
	t.Helper()
	base := os.Getenv("ICTGOV_MAILPIT_URL")
	if base == "" {
		t.Fatal("ICTGOV_MAILPIT_URL is not set: run `make test`")
	}
	res, err := http.Get(base + "/api/v1/messages?limit=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Messages []struct {
			MessageID string
			To, Bcc   []struct{ Address string }
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range out.Messages {
		if !strings.Contains(m.MessageID, appID) || !strings.Contains(m.MessageID, "."+kind+"@") {
			continue
		}
		for _, r := range append(m.To, m.Bcc...) {
			if r.Address == to {
				n++
			}
		}
	}
	return n
}

// Act posts an action on an application as u and wants the status; on a 200 it decodes
// the answer (the application) into a T.
func Act[T any](t testing.TB, u *User, appID, action string, body any, status int) T {
	t.Helper()
	var a T
	r := Do(t, u, "POST", "/v1/applications/"+appID+"/"+action, body).Want(t, status)
	if status == 200 {
		r.Decode(t, &a)
	}
	return a
}

// With returns a copy of body with key set to v, or removed when v is nil: for tests that
// break a valid body one field at a time.
func With(body map[string]any, key string, v any) map[string]any {
	m := make(map[string]any, len(body)+1)
	for k, x := range body {
		m[k] = x
	}
	if v == nil {
		delete(m, key)
	} else {
		m[key] = v
	}
	return m
}
