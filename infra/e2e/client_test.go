// Package e2e drives the whole local system as the portal does: over HTTP through the
// local gateway (template.yaml's routes, the JWT check, RIE-run bootstrap binaries),
// uploads straight to the S3 server, and S3 events, the stream and schedules delivered
// by the gateway as AWS would deliver them.
package e2e

import (
	"bytes"
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

func base(t *testing.T) string {
	t.Helper()
	u := os.Getenv("ICTGOV_API_URL")
	if u == "" {
		t.Fatal("ICTGOV_API_URL is not set: run `make test`, which starts the local system")
	}
	return strings.TrimSuffix(u, "/")
}

type user struct {
	sub, org string
	roles    []string
	token    string
}

func login(t *testing.T, sub, org string, roles ...string) *user {
	t.Helper()
	var out struct{ Token string }
	r := do(t, nil, "POST", "/dev/token", map[string]any{"sub": sub, "org": org, "roles": roles})
	r.want(t, 200).decode(t, &out)
	return &user{sub: sub, org: org, roles: roles, token: out.Token}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) want(t *testing.T, status int) reply {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if status >= 400 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("error status %d without a problem document: %s", r.status, r.body)
	}
	return r
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

func do(t *testing.T, u *user, method, path string, body any, hdr ...string) reply {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, base(t)+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if u != nil {
		req.Header.Set("Authorization", "Bearer "+u.token)
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
	return reply{status: res.StatusCode, header: res.Header, body: b}
}

// eventually polls until ok returns true: S3 events and stream records are asynchronous.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if ok() {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

type application struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Org       string `json:"org"`
	Version   int    `json:"version"`
	Overdue   bool   `json:"overdue"`
	Object    struct{ ID, Name, Type string }
	Documents []struct{ ID, Kind, Status string }
	Score     *struct {
		Total  int
		Passes bool
	}
	Decision *struct {
		Decision string
		Grounds  []string
		Reasons  []string
	}
	Clocks []struct {
		Step, State, DueDate, Calendar string
		WorkingDays                    int
		DueAt                          *time.Time
	}
}

func (a application) clock(step string) (state, due string) {
	for _, c := range a.Clocks {
		if c.Step == step {
			return c.State, c.DueDate
		}
	}
	return "", ""
}

// upload asks for a slot and sends the bytes exactly as told, to the S3 server itself.
func upload(t *testing.T, u *user, appID, kind, fileName, ctype string, content []byte) string {
	t.Helper()
	sum := sha256.Sum256(content)
	var slot struct {
		ID     string
		Status string
		Upload struct {
			Method, URL string
			Headers     map[string]string
		}
	}
	do(t, u, "POST", "/v1/applications/"+appID+"/documents", map[string]any{"kind": kind, "fileName": fileName,
		"contentType": ctype, "size": len(content), "sha256": hex.EncodeToString(sum[:])}).want(t, 201).decode(t, &slot)
	if slot.Status != "pending_upload" {
		t.Fatalf("slot status %q", slot.Status)
	}
	req, err := http.NewRequest(slot.Upload.Method, slot.Upload.URL, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range slot.Upload.Headers {
		req.Header.Set(k, v)
	}
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("upload of %s: S3 answered %d", kind, res.StatusCode)
	}
	return slot.ID
}

// docStatus waits for the validator's verdict on a document.
func docStatus(t *testing.T, u *user, appID, docID string) (string, []string) {
	t.Helper()
	var d struct {
		Status  string
		Reasons []string
	}
	eventually(t, "the verdict on document "+docID, func() bool {
		do(t, u, "GET", "/v1/applications/"+appID+"/documents/"+docID, nil).want(t, 200).decode(t, &d)
		return d.Status != "pending_upload"
	})
	return d.Status, d.Reasons
}
