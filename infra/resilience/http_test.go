package resilience

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

	"github.com/ictgov/ictgov/shared/document"
)

// Over HTTP through the local gateway of `make test` (ICTGOV_API_URL).

var hc = &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

func base(t testing.TB) string {
	t.Helper()
	u := os.Getenv("ICTGOV_API_URL")
	if u == "" {
		t.Fatal("ICTGOV_API_URL is not set: run `make test`, which starts the local system")
	}
	return strings.TrimSuffix(u, "/")
}

func suffix() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type user struct {
	sub, org string
	roles    []string
	token    string
}

func login(t testing.TB, sub, org string, roles ...string) *user {
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

func (r reply) want(t testing.TB, status int) reply {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if status >= 400 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("error status %d without a problem document: %s", r.status, r.body)
	}
	return r
}

func (r reply) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

// raw sends a request with a raw body and raw headers (the Authorization header too).
func raw(t testing.TB, method, path string, body []byte, hdr ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, base(t)+path, rd)
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
	return reply{status: res.StatusCode, header: res.Header, body: b}
}

func do(t testing.TB, u *user, method, path string, body any, hdr ...string) reply {
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
	if b != nil {
		hdr = append(hdr, "Content-Type", "application/json")
	}
	if u != nil {
		hdr = append(hdr, "Authorization", "Bearer "+u.token)
	}
	return raw(t, method, path, b, hdr...)
}

func eventually(t testing.TB, what string, ok func() bool) {
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
	Object    struct{ ID, Name, Type string }
	Documents []struct{ ID, Kind, Status string }
	Clocks    []struct {
		Step, State, DueDate string
		DueAt, RemindAt      *time.Time
	}
}

type slot struct {
	ID     string
	Status string
	Upload struct {
		Method, URL string
		Headers     map[string]string
	}
}

func slotFor(t testing.TB, u *user, appID, kind, fileName, ctype string, content []byte) slot {
	t.Helper()
	sum := sha256.Sum256(content)
	var s slot
	do(t, u, "POST", "/v1/applications/"+appID+"/documents", map[string]any{"kind": kind, "fileName": fileName,
		"contentType": ctype, "size": len(content), "sha256": hex.EncodeToString(sum[:])}).want(t, 201).decode(t, &s)
	return s
}

func put(t testing.TB, s slot, content []byte) int {
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

var kindsIS = []string{"is_description", "technical_documentation", "commissioning_document", "user_count",
	"services_or_functions_list", "deployment_counts", "security_certificate", "criteria_compliance"}

func allCriteria() map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4"} {
		m[k] = true
	}
	return m
}

// cast is one test's people: an applicant organisation of its own and the reviewers.
type cast struct {
	clerk, ab, si, op *user
}

func newCast(t testing.TB) cast {
	org := "kz-res-" + suffix()
	return cast{
		clerk: login(t, "clerk-"+org, org, "applicant"),
		ab:    login(t, "ab-res", "kz-mdai", "authorized_body"),
		si:    login(t, "si-res", "kz-si", "service_integrator"),
		op:    login(t, "op-res", "kz-op", "operator"),
	}
}

func docStatus(t testing.TB, u *user, appID, docID string) string {
	t.Helper()
	var d struct{ Status string }
	eventually(t, "the verdict on document "+docID, func() bool {
		do(t, u, "GET", "/v1/applications/"+appID+"/documents/"+docID, nil).want(t, 200).decode(t, &d)
		return d.Status != "pending_upload"
	})
	return d.Status
}

// ready creates an information-system application with every document valid.
func ready(t testing.TB, c cast) application {
	t.Helper()
	var a application
	do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Resilience IS", "type": "information_system"}, "criteria": allCriteria()}).want(t, 201).decode(t, &a)
	for _, k := range kindsIS {
		s := slotFor(t, c.clerk, a.ID, k, k+".pdf", "application/pdf", document.SamplePDF())
		if code := put(t, s, document.SamplePDF()); code != 200 {
			t.Fatalf("upload %s: S3 answered %d", k, code)
		}
		if st := docStatus(t, c.clerk, a.ID, s.ID); st != "valid" {
			t.Fatalf("document %s judged %s", k, st)
		}
	}
	return a
}

func act(t testing.TB, u *user, appID, action string, body any, status int) application {
	t.Helper()
	var a application
	r := do(t, u, "POST", "/v1/applications/"+appID+"/"+action, body).want(t, status)
	if status == 200 {
		r.decode(t, &a)
	}
	return a
}
