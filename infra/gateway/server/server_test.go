package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/golang-jwt/jwt/v5"
)

var testKey = []byte("gateway-test-key-0123456789abcdef")

// repoRoot is the module root, three floors up from this package.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// riePath finds aws-lambda-rie via ICTGOV_TOOLS (default <repo>/.tools). A missing
// binary fails the tests: they are worthless without the real emulator.
func riePath(t testing.TB) string {
	t.Helper()
	tools := os.Getenv("ICTGOV_TOOLS")
	if tools == "" {
		tools = filepath.Join(repoRoot(t), ".tools")
	}
	p := filepath.Join(tools, "bin", "aws-lambda-rie")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("aws-lambda-rie is missing at %s: run `bash infra/stack/stack.sh install` or "+
			"`GOBIN=%s/bin go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d`", p, tools)
	}
	return p
}

// testEnv is the process environment without local AWS endpoints (so the echo template
// is not provisioned on whatever servers the caller runs), plus the echo directory.
func testEnv(echoDir string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_ENDPOINT_URL") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "ICTGOV_ECHO_DIR="+echoDir)
}

type gateway struct {
	*Server
	echoDir string
}

// startGateway starts a gateway whose scratch folders live under dir.
func startGateway(t testing.TB, dir, tmpl string, mod func(*Config)) (*gateway, error) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	echoDir := filepath.Join(dir, "echo")
	if err := os.MkdirAll(echoDir, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		TemplatePath:    tmpl,
		Listener:        l,
		RIEPath:         riePath(t),
		BuildDir:        filepath.Join(dir, "build"),
		StateDir:        filepath.Join(dir, "state"),
		DevJWTKey:       testKey,
		Env:             testEnv(echoDir),
		Log:             slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Output:          io.Discard,
		Triggers:        DefaultTriggers(),
		AsyncRetryDelay: 100 * time.Millisecond,
	}
	if testing.Verbose() {
		cfg.Log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if mod != nil {
		mod(&cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	s, err := Start(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &gateway{Server: s, echoDir: echoDir}, nil
}

var (
	sharedOnce sync.Once
	shared     *gateway
	sharedErr  error
	sharedDir  string
)

// gw is one gateway on the echo template shared by the tests of this file; TestMain
// closes it.
func gw(t *testing.T) *gateway {
	t.Helper()
	sharedOnce.Do(func() {
		// Not t.TempDir: the gateway outlives the test that starts it.
		if sharedDir, sharedErr = os.MkdirTemp("", "gateway-test-"); sharedErr == nil {
			shared, sharedErr = startGateway(t, sharedDir, "../testdata/template.yaml", nil)
		}
	})
	if sharedErr != nil {
		t.Fatalf("start gateway: %v", sharedErr)
	}
	return shared
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		if err := shared.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "close gateway:", err)
			code = 1
		}
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, method, url string, body []byte, header map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

func devToken(t *testing.T, g *gateway, body string) string {
	t.Helper()
	r := do(t, "POST", g.URL()+"/dev/token", []byte(body), nil)
	if r.status != 200 {
		t.Fatalf("/dev/token: %d %s", r.status, r.body)
	}
	var out struct{ Token string }
	if err := json.Unmarshal(r.body, &out); err != nil || out.Token == "" {
		t.Fatalf("/dev/token body %s: %v", r.body, err)
	}
	return out.Token
}

func decodeEvent(t *testing.T, r response) events.APIGatewayV2HTTPRequest {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(r.body, &ev); err != nil {
		t.Fatalf("echoed event %s: %v", r.body, err)
	}
	return ev
}

func wantProblem(t *testing.T, r response, status int, detail string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q", ct)
	}
	var p struct {
		Type, Title, Detail string
		Status              int
	}
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("problem %s: %v", r.body, err)
	}
	if p.Type != "about:blank" || p.Status != status || p.Title != http.StatusText(status) || !strings.Contains(p.Detail, detail) {
		t.Errorf("problem %+v, want status %d and detail containing %q", p, status, detail)
	}
	if bytes.Contains(r.body, []byte("stackTrace")) || bytes.Contains(r.body, []byte("goroutine")) {
		t.Errorf("problem leaks a stack trace: %s", r.body)
	}
}

func TestClaimsAndPathParameters(t *testing.T) {
	g := gw(t)
	tok := devToken(t, g, `{"sub":"u-1","org":"kz-minjust","roles":["applicant","operator"]}`)
	r := do(t, "GET", g.URL()+"/items/42?x=1&x=2&y=%C3%A9", nil, map[string]string{
		"Authorization": "Bearer " + tok, "X-Custom-Header": "v", "Cookie": "a=1; b=2", "User-Agent": "gw-test"})
	ev := decodeEvent(t, r)
	if ev.Version != "2.0" || ev.RouteKey != "GET /items/{id}" || ev.RawPath != "/items/42" || ev.RawQueryString != "x=1&x=2&y=%C3%A9" {
		t.Errorf("event basics: %+v", ev)
	}
	if ev.PathParameters["id"] != "42" {
		t.Errorf("path parameters %v", ev.PathParameters)
	}
	if ev.QueryStringParameters["x"] != "1,2" || ev.QueryStringParameters["y"] != "é" {
		t.Errorf("query %v", ev.QueryStringParameters)
	}
	if ev.Headers["x-custom-header"] != "v" || ev.Headers["x-forwarded-for"] != "127.0.0.1" || ev.Headers["x-forwarded-proto"] != "http" || ev.Headers["cookie"] != "" || len(ev.Cookies) != 2 || ev.Cookies[1] != "b=2" {
		t.Errorf("headers %v cookies %v", ev.Headers, ev.Cookies)
	}
	rc := ev.RequestContext
	if rc.RequestID == "" || rc.Time == "" || rc.TimeEpoch == 0 || rc.HTTP.Method != "GET" || rc.HTTP.Path != "/items/42" ||
		rc.HTTP.SourceIP != "127.0.0.1" || rc.HTTP.UserAgent != "gw-test" || rc.AccountID != "000000000000" {
		t.Errorf("request context %+v", rc)
	}
	if rc.Authorizer == nil || rc.Authorizer.JWT == nil {
		t.Fatalf("no authorizer in %s", r.body)
	}
	c := rc.Authorizer.JWT.Claims
	if c["sub"] != "u-1" || c["org"] != "kz-minjust" || c["roles"] != "[applicant operator]" ||
		c["iss"] != LocalIssuer || c["aud"] != LocalAudience {
		t.Errorf("claims %v", c)
	}
	exp, iat := c["exp"], c["iat"]
	var e, i int64
	if _, err := fmt.Sscan(exp, &e); err != nil {
		t.Errorf("exp %q is not a number string", exp)
	}
	if _, err := fmt.Sscan(iat, &i); err != nil || e-i != 12*3600 {
		t.Errorf("exp-iat = %d, want 12 h", e-i)
	}
	// Response mapping: headers, multi-value headers, cookies; environment of the function.
	if r.header.Get("X-Function") != "Echo" || r.header.Get("X-Greeting") != "hello-local" || r.header.Get("X-Timeout") != "5" {
		t.Errorf("function env via headers: %v", r.header)
	}
	if got := r.header.Values("X-Multi"); len(got) != 2 {
		t.Errorf("X-Multi %v", got)
	}
	if r.header.Get("Set-Cookie") != "echo=1; Path=/" {
		t.Errorf("Set-Cookie %q", r.header.Get("Set-Cookie"))
	}

	// Nested parameters on an ANY route.
	ev = decodeEvent(t, do(t, "DELETE", g.URL()+"/items/7/parts/p-1", nil, map[string]string{"Authorization": "Bearer " + tok}))
	if ev.RouteKey != "ANY /items/{id}/parts/{part}" || ev.PathParameters["id"] != "7" || ev.PathParameters["part"] != "p-1" {
		t.Errorf("nested route %s %v", ev.RouteKey, ev.PathParameters)
	}

	// A binary body is base64-encoded; text stays text.
	bin := []byte{0xff, 0x00, 0xfe, 'x'}
	ev = decodeEvent(t, do(t, "POST", g.URL()+"/items", bin, map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/octet-stream"}))
	if !ev.IsBase64Encoded || ev.Body != base64.StdEncoding.EncodeToString(bin) {
		t.Errorf("binary body %q base64=%v", ev.Body, ev.IsBase64Encoded)
	}
	ev = decodeEvent(t, do(t, "POST", g.URL()+"/items", []byte(`{"name":"ü"}`), map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json"}))
	if ev.IsBase64Encoded || ev.Body != `{"name":"ü"}` {
		t.Errorf("text body %q base64=%v", ev.Body, ev.IsBase64Encoded)
	}
}

func sign(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestUnauthorized(t *testing.T) {
	g := gw(t)
	now := time.Now()
	good := func() jwt.MapClaims {
		return jwt.MapClaims{"sub": "u", "org": "o", "roles": []string{"applicant"}, "iss": LocalIssuer, "aud": LocalAudience,
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	}
	with := func(k string, v any) jwt.MapClaims { c := good(); c[k] = v; return c }
	without := func(k string) jwt.MapClaims { c := good(); delete(c, k); return c }
	noneTok := sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good())
	cases := map[string]string{
		"no header":       "",
		"not a jwt":       "Bearer not.a.jwt",
		"expired":         "Bearer " + sign(t, jwt.SigningMethodHS256, testKey, with("exp", now.Add(-time.Minute).Unix())),
		"no exp":          "Bearer " + sign(t, jwt.SigningMethodHS256, testKey, without("exp")),
		"not yet valid":   "Bearer " + sign(t, jwt.SigningMethodHS256, testKey, with("nbf", now.Add(time.Hour).Unix())),
		"alg none":        "Bearer " + noneTok,
		"wrong key":       "Bearer " + sign(t, jwt.SigningMethodHS256, []byte("another-key-another-key-another!"), good()),
		"other algorithm": "Bearer " + sign(t, jwt.SigningMethodHS512, testKey, good()),
		"wrong issuer":    "Bearer " + sign(t, jwt.SigningMethodHS256, testKey, with("iss", "https://evil.example")),
		"wrong audience":  "Bearer " + sign(t, jwt.SigningMethodHS256, testKey, with("aud", "someone-else")),
	}
	for name, auth := range cases {
		t.Run(name, func(t *testing.T) {
			h := map[string]string{}
			if auth != "" {
				h["Authorization"] = auth
			}
			wantProblem(t, do(t, "GET", g.URL()+"/items/1", nil, h), 401, "")
		})
	}
	// The same claims, correctly signed, pass.
	ok := do(t, "GET", g.URL()+"/items/1", nil, map[string]string{"Authorization": "Bearer " + sign(t, jwt.SigningMethodHS256, testKey, good())})
	if ok.status != 200 {
		t.Fatalf("valid token: %d %s", ok.status, ok.body)
	}
	// Public routes need no token.
	if r := do(t, "GET", g.URL()+"/public/ping", nil, nil); r.status != 200 {
		t.Errorf("public route: %d %s", r.status, r.body)
	}
}

func TestRoutingErrors(t *testing.T) {
	g := gw(t)
	wantProblem(t, do(t, "GET", g.URL()+"/nowhere", nil, nil), 404, "no route for GET /nowhere")
	wantProblem(t, do(t, "DELETE", g.URL()+"/public/ping", nil, nil), 404, "no route")
	wantProblem(t, do(t, "GET", g.URL()+"/public/fail", nil, nil), 502, "function Echo failed")
	wantProblem(t, do(t, "GET", g.URL()+"/public/panic", nil, nil), 502, "function Echo failed")
	t0 := time.Now()
	wantProblem(t, do(t, "GET", g.URL()+"/public/sleep", nil, nil), 504, "function Slow timed out")
	if d := time.Since(t0); d > 8*time.Second {
		t.Errorf("timeout took %s for a 1 s function", d)
	}
	// The pool recovers: the function answers again after a timeout and a panic.
	wantProblem(t, do(t, "GET", g.URL()+"/public/sleep", nil, nil), 504, "timed out")
	if r := do(t, "GET", g.URL()+"/public/ping", nil, nil); r.status != 200 {
		t.Errorf("after failures: %d %s", r.status, r.body)
	}
}

func TestConcurrentRequests(t *testing.T) {
	g := gw(t)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(fmt.Sprintf("%s/public/ping?i=%d", g.URL(), i))
			if err != nil {
				errs <- err.Error()
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				errs <- resp.Status
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestCORS(t *testing.T) {
	g := gw(t)
	r := do(t, "OPTIONS", g.URL()+"/items/1", nil, map[string]string{"Origin": "http://localhost:5173",
		"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"})
	if r.status != 204 || r.header.Get("Access-Control-Allow-Origin") != "http://localhost:5173" ||
		r.header.Get("Access-Control-Allow-Methods") != "GET,POST" || r.header.Get("Access-Control-Max-Age") != "600" {
		t.Errorf("preflight: %d %v", r.status, r.header)
	}
	r = do(t, "OPTIONS", g.URL()+"/items/1", nil, map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
	if r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from a foreign origin allowed: %v", r.header)
	}
	r = do(t, "GET", g.URL()+"/public/ping", nil, map[string]string{"Origin": "http://localhost:5173"})
	if r.header.Get("Access-Control-Allow-Origin") != "http://localhost:5173" || r.header.Get("Access-Control-Expose-Headers") != "Location" {
		t.Errorf("CORS headers on a response: %v", r.header)
	}
}

func TestDevToken(t *testing.T) {
	g := gw(t)
	for _, body := range []string{``, `[]`, `{"sub":"","org":"o","roles":[]}`, `{"org":"o","roles":[]}`,
		`{"sub":"s","org":"o","roles":"admin"}`, `{"sub":"s","org":"o"}`, `{"sub":1,"org":"o","roles":[]}`, `{"sub":"s","org":"o","roles":[""]}`} {
		wantProblem(t, do(t, "POST", g.URL()+"/dev/token", []byte(body), nil), 400, "")
	}
	tok := devToken(t, g, `{"sub":"s","org":"o","roles":["admin"]}`)
	claims := jwt.MapClaims{}
	if _, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return testKey, nil }, jwt.WithValidMethods([]string{"HS256"})); err != nil {
		t.Fatal(err)
	}
	if roles, ok := claims["roles"].([]any); !ok || len(roles) != 1 || roles[0] != "admin" {
		t.Errorf("roles claim %#v: want a JSON array", claims["roles"])
	}
}

func TestDevInvoke(t *testing.T) {
	g := gw(t)
	r := do(t, "POST", g.URL()+"/dev/invoke/Echo", []byte(`{"hello":"world","n":1}`), nil)
	if r.status != 200 || string(r.body) != `{"hello":"world","n":1}` {
		t.Errorf("invoke: %d %s", r.status, r.body)
	}
	// Like sam local invoke, a function error is the raw error document.
	r = do(t, "POST", g.URL()+"/dev/invoke/Echo", []byte(`{"fail":true}`), nil)
	if r.status != 200 || !bytes.Contains(r.body, []byte("echo was asked to fail")) || r.header.Get("X-Ictgov-Outcome") != "error" {
		t.Errorf("invoke failing: %d %s", r.status, r.body)
	}
	wantProblem(t, do(t, "POST", g.URL()+"/dev/invoke/Nope", []byte(`{}`), nil), 404, "Nope")
	wantProblem(t, do(t, "POST", g.URL()+"/dev/invoke/Echo", []byte(`not json`), nil), 400, "JSON")
}

// versitygwRecord is what versitygw posts to its webhook.
func versitygwRecord(bucket, key string) string {
	return fmt.Sprintf(`{"eventVersion":"2.2","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-11-25T10:00:00Z",
	"eventName":"s3:ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","configurationId":"x",
	"bucket":{"name":%q,"arn":"arn:aws:s3:::/%s/%s"},"object":{"key":%q,"size":5,"eTag":"abc","versionId":"v1","sequencer":"1"}},
	"glacierEventData":{"restoreEventData":{"lifecycleRestorationExpiryTime":"","lifecycleRestoreStorageClass":""}}}`,
		bucket, bucket, key, key)
}

func echoed(t *testing.T, dir, fn string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, fn+"-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestS3Webhook(t *testing.T) {
	g := gw(t)
	bucket := "echo-local-000000000000"
	// versitygw's start-up test event is acknowledged.
	if r := do(t, "POST", g.URL()+"/dev/s3-events", []byte(`{"Service":"versitygw","Event":"s3:TestEvent","Time":"2026-11-25T10:00:00Z","Bucket":"x"}`), nil); r.status != 200 {
		t.Fatalf("test event: %d %s", r.status, r.body)
	}
	records := strings.Join([]string{
		versitygwRecord(bucket, "incoming/my file.csv"),   // as versitygw sends it: decoded
		versitygwRecord(bucket, "incoming%2Fmy+file.csv"), // already escaped (kumo style)
		versitygwRecord(bucket, "other%2Fa.csv"),          // wrong prefix
		versitygwRecord(bucket, "incoming%2Fa.txt"),       // wrong suffix
		versitygwRecord("another-bucket", "incoming%2Fb.csv"),
	}, ",")
	t0 := time.Now()
	r := do(t, "POST", g.URL()+"/dev/s3-events", []byte(`{"Records":[`+records+`]}`), nil)
	if r.status != 200 {
		t.Fatalf("webhook: %d %s", r.status, r.body)
	}
	if d := time.Since(t0); d > time.Second {
		t.Errorf("webhook answered after %s: it must not wait for the function", d)
	}
	var got [][]byte
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got = echoed(t, g.echoDir, "Uploads"); len(got) >= 2 {
			break
		}
	}
	time.Sleep(300 * time.Millisecond) // let a wrong extra delivery show up
	got = echoed(t, g.echoDir, "Uploads")
	if len(got) != 2 {
		t.Fatalf("Uploads received %d events, want 2", len(got))
	}
	keys := map[string]bool{}
	for _, b := range got {
		var ev events.S3Event
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatal(err)
		}
		rec := ev.Records[0]
		keys[rec.S3.Object.Key] = true
		if len(ev.Records) != 1 || rec.EventName != "ObjectCreated:Put" ||
			rec.S3.Bucket.Name != bucket || rec.S3.Bucket.Arn != "arn:aws:s3:::"+bucket || rec.EventSource != "aws:s3" ||
			rec.S3.Object.VersionID != "v1" || bytes.Contains(b, []byte("glacierEventData")) {
			t.Errorf("delivered %s", b)
		}
	}
	// AWS's encoding for the decoded key; the escaped one as received.
	if !keys["incoming/my+file.csv"] || !keys["incoming%2Fmy+file.csv"] {
		t.Errorf("delivered keys %v", keys)
	}
}

func TestScheduleDevRoute(t *testing.T) {
	g := gw(t)
	r := do(t, "POST", g.URL()+"/dev/schedules/Ticker/Hourly?time=2026-11-25T10:05:00Z", nil, nil)
	want := `{"time":"2026-11-25T10:05:00Z","arn":"arn:aws:scheduler:us-east-1:000000000000:schedule/default/TickerHourly"}`
	if r.status != 200 || string(r.body) != want {
		t.Errorf("fire: %d %s\nwant %s", r.status, r.body, want)
	}
	wantProblem(t, do(t, "POST", g.URL()+"/dev/schedules/Ticker/Nope", nil, nil), 404, "Nope")
	wantProblem(t, do(t, "POST", g.URL()+"/dev/schedules/Ticker/Hourly?time=yesterday", nil, nil), 400, "RFC 3339")
}

func TestStatus(t *testing.T) {
	g := gw(t)
	r := do(t, "GET", g.URL()+"/dev/status", nil, nil)
	var st statusDoc
	if err := json.Unmarshal(r.body, &st); err != nil || r.status != 200 {
		t.Fatalf("status %d %s: %v", r.status, r.body, err)
	}
	if !st.Ready || len(st.Functions) != 4 || len(st.Routes) != 7 || len(st.S3) != 1 || len(st.Schedules) != 1 {
		t.Errorf("status %s", r.body)
	}
	for _, f := range st.Functions {
		if f.Instances != 2 || f.BinaryBytes == 0 {
			t.Errorf("function %+v", f)
		}
	}
	if next := st.Schedules[0].Next; next == nil || next.Minute() != 5 || time.Until(*next) > time.Hour {
		t.Errorf("next firing %v", next)
	}
	if b, err := os.ReadFile(filepath.Join(g.cfg.StateDir, "gateway.url")); err != nil || strings.TrimSpace(string(b)) != g.URL() {
		t.Errorf("gateway.url: %q %v", b, err)
	}
	if s := g.Summary(); !strings.Contains(s, "ictgov is up: "+g.URL()) || !strings.Contains(s, "routes: 7 ") {
		t.Errorf("summary %q", s)
	}
}

func writeTemplate(t *testing.T, dir, body string) string {
	t.Helper()
	p := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadTemplatesFailToStart(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct{ body, want string }{
		"missing folder": {`
Resources:
  F:
    Type: AWS::Serverless::Function
    Metadata: {GoMain: functions/missing}
`, "GoMain folder functions/missing does not exist"},
		"unsupported event": {`
Resources:
  F:
    Type: AWS::Serverless::Function
    Metadata: {GoMain: echo}
    Properties:
      Events:
        Q: {Type: SQS, Properties: {Queue: arn:aws:sqs:us-east-1:000000000000:q}}
`, `event type "SQS" is not supported`},
		"unresolved api": {`
Resources:
  F:
    Type: AWS::Serverless::Function
    Metadata: {GoMain: echo}
    Properties:
      Events:
        A: {Type: HttpApi, Properties: {ApiId: NoSuchApi, Path: /a, Method: GET}}
`, `ApiId "NoSuchApi" does not resolve`},
		"build failure": {`
Resources:
  F:
    Type: AWS::Serverless::Function
    Metadata: {GoMain: broken}
`, "build F"},
	}
	if err := os.MkdirAll(filepath.Join(dir, "broken"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			// Each case runs in a folder beside a copy of echo (for the cases that use it)
			// and a main.go that does not compile.
			d := filepath.Join(repoRoot(t), "infra", "gateway", "testdata")
			tmp, err := os.MkdirTemp(d, "bad-*")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(tmp)
			if err := os.MkdirAll(filepath.Join(tmp, "broken"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(tmp, "broken", "main.go"), []byte("package main\nfunc main() { undefined() }\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(d, "echo"), filepath.Join(tmp, "echo")); err != nil {
				t.Fatal(err)
			}
			g, err := startGateway(t, t.TempDir(), writeTemplate(t, tmp, c.body), nil)
			if err == nil {
				g.Close()
				t.Fatal("started")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
		})
	}
}

func TestCloseStopsEverything(t *testing.T) {
	g, err := startGateway(t, t.TempDir(), "../testdata/template.yaml", func(c *Config) { c.Instances = 1 })
	if err != nil {
		t.Fatal(err)
	}
	if r := do(t, "GET", g.URL()+"/public/ping", nil, nil); r.status != 200 { // starts a bootstrap too
		t.Fatalf("ping %d", r.status)
	}
	var pids []int
	for _, p := range g.pools {
		pids = append(pids, p.Pids()...)
	}
	if len(pids) != 4 {
		t.Fatalf("%d RIE processes, want 4", len(pids))
	}
	addr := strings.TrimPrefix(g.URL(), "http://")
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range pids {
		// Killing the group ended RIE and the bootstrap it started.
		if err := syscall.Kill(-pid, 0); err == nil {
			t.Errorf("process group %d still alive", pid)
		}
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections", addr)
	}
	if _, err := os.Stat(filepath.Join(g.cfg.StateDir, "gateway.url")); !os.IsNotExist(err) {
		t.Errorf("gateway.url left behind: %v", err)
	}
}

// runCounted is a schedule whose wall-clock runner only counts that it was started.
type runCounted struct {
	Schedule
	runs *atomic.Int32
}

func (r runCounted) Run(ctx context.Context, fire func(context.Context, time.Time)) { r.runs.Add(1) }

// With ManualSchedules (make test, make bench) no schedule runs on the wall clock, yet
// /dev/schedules still fires it; without, the runner starts.
func TestManualSchedulesFireOnlyThroughTheDevRoute(t *testing.T) {
	for _, manual := range []bool{true, false} {
		var runs atomic.Int32
		g, err := startGateway(t, t.TempDir(), "../testdata/template.yaml", func(c *Config) {
			c.Instances, c.ManualSchedules = 1, manual
			tr := *DefaultTriggers()
			parse := tr.ParseSchedule
			tr.ParseSchedule = func(expr, tz string) (Schedule, error) {
				s, err := parse(expr, tz)
				return runCounted{s, &runs}, err
			}
			c.Triggers = &tr
		})
		if err != nil {
			t.Fatal(err)
		}
		r := do(t, "POST", g.URL()+"/dev/schedules/Ticker/Hourly?time=2026-11-25T10:05:00Z", nil, nil)
		var st statusDoc
		s := do(t, "GET", g.URL()+"/dev/status", nil, nil)
		if err := json.Unmarshal(s.body, &st); err != nil {
			t.Fatal(err)
		}
		if err := g.Close(); err != nil {
			t.Fatal(err)
		}
		if r.status != 200 {
			t.Errorf("manual=%v: /dev/schedules answered %d %s", manual, r.status, r.body)
		}
		if want := map[bool]int32{true: 0, false: 1}[manual]; runs.Load() != want {
			t.Errorf("manual=%v: %d wall-clock runners started, want %d", manual, runs.Load(), want)
		}
		if len(st.Schedules) != 1 || st.Schedules[0].Manual != manual || (st.Schedules[0].Next == nil) != manual {
			t.Errorf("manual=%v: status %s", manual, s.body)
		}
		if got := strings.Contains(g.Summary(), "schedules: manual"); got != manual {
			t.Errorf("manual=%v: summary %q", manual, g.Summary())
		}
	}
}
