package resilience

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ictgov/ictgov/infra/apitest"
	gwhttp "github.com/ictgov/ictgov/infra/gateway/httpapi"
	"github.com/ictgov/ictgov/infra/template"
	"github.com/ictgov/ictgov/shared/document"
)

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func claims(sub, org string, roles []string, exp time.Time) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{"sub": sub, "org": org, "roles": roles, "iss": template.LocalIssuer, "aud": template.LocalAudience,
		"iat": now.Add(-time.Minute).Unix(), "nbf": now.Add(-time.Minute).Unix(), "exp": exp.Unix(), "token_use": "id"}
}

func sign(t *testing.T, m jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// hostileTokens are Authorization headers that must never authenticate anyone: forged,
// expired, signed with another key or another algorithm, alg none, tampered.
func hostileTokens(t *testing.T, real *apitest.User) map[string]string {
	t.Helper()
	other := []byte("not-the-gateway-key-0123456789abcdef")
	admin := claims(real.Sub, real.Org, []string{"admin", "authorized_body", "operator"}, time.Now().Add(time.Hour))
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	none := func(alg string, c jwt.MapClaims) string {
		return b64(map[string]string{"alg": alg, "typ": "JWT"}) + "." + b64(c) + "."
	}
	parts := strings.Split(real.Token, ".")
	tampered := parts[0] + "." + b64(admin) + "." + parts[2]
	return map[string]string{
		"no token":               "",
		"empty bearer":           "Bearer ",
		"garbage":                "Bearer not.a.jwt",
		"one segment":            "Bearer " + strings.Repeat("A", 40),
		"alg none":               "Bearer " + none("none", admin),
		"alg None":               "Bearer " + none("None", admin),
		"alg NONE":               "Bearer " + none("NONE", admin),
		"another HS256 key":      "Bearer " + sign(t, jwt.SigningMethodHS256, other, admin),
		"another key, expired":   "Bearer " + sign(t, jwt.SigningMethodHS256, other, claims(real.Sub, real.Org, real.Roles, time.Now().Add(-time.Hour))),
		"another key, HS512":     "Bearer " + sign(t, jwt.SigningMethodHS512, other, admin),
		"RS256, another key":     "Bearer " + sign(t, jwt.SigningMethodRS256, rsaKey, admin),
		"tampered payload":       "Bearer " + tampered,
		"signature stripped":     "Bearer " + parts[0] + "." + parts[1] + ".",
		"signature of another":   "Bearer " + parts[0] + "." + parts[1] + "." + strings.Split(sign(t, jwt.SigningMethodHS256, other, admin), ".")[2],
		"header swapped to none": "Bearer " + b64(map[string]string{"alg": "none"}) + "." + parts[1] + "." + parts[2],
		"basic scheme":           "Basic " + base64.StdEncoding.EncodeToString([]byte("admin:admin")),
		"huge token":             "Bearer " + strings.Repeat("x", 7000),
		"double bearer":          "Bearer Bearer " + real.Token,
		"sql in token":           "Bearer ' OR '1'='1",
		"kid path traversal":     "Bearer " + signKid(t, other, admin, "../../../../dev/null"),
		"another key, no exp":    "Bearer " + sign(t, jwt.SigningMethodHS256, other, jwt.MapClaims{"sub": real.Sub, "org": real.Org, "roles": []string{"admin"}}),
		"another key, future nbf": "Bearer " + sign(t, jwt.SigningMethodHS256, other, func() jwt.MapClaims {
			c := claims(real.Sub, real.Org, real.Roles, time.Now().Add(time.Hour))
			c["nbf"] = time.Now().Add(time.Hour).Unix()
			return c
		}()),
	}
}

func signKid(t *testing.T, key []byte, c jwt.MapClaims, kid string) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The gateway's authorizer, with a key the test knows, so that expired and not-yet-valid
// tokens signed with the right key, other algorithms with the right key, and wrong issuer
// or audience can be made: each refused; the well-formed one accepted.
func TestAuthorizerRefusesBadTokensSignedWithTheRightKey(t *testing.T) {
	t.Parallel()
	key := []byte("the-known-test-key-0123456789abcdef")
	a := &gwhttp.Authenticator{Key: key, Issuer: template.LocalIssuer, Audience: []string{template.LocalAudience}}
	good := claims("s", "o", []string{"applicant"}, time.Now().Add(time.Hour))
	with := func(k string, v any) jwt.MapClaims {
		c := jwt.MapClaims{}
		for kk, vv := range good {
			c[kk] = vv
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	if _, err := a.Verify("Bearer " + sign(t, jwt.SigningMethodHS256, key, good)); err != nil {
		t.Fatalf("the well-formed token is refused: %v", err)
	}
	bad := map[string]string{
		"expired":         sign(t, jwt.SigningMethodHS256, key, with("exp", time.Now().Add(-time.Minute).Unix())),
		"no exp":          sign(t, jwt.SigningMethodHS256, key, with("exp", nil)),
		"nbf in future":   sign(t, jwt.SigningMethodHS256, key, with("nbf", time.Now().Add(time.Hour).Unix())),
		"iat in future":   sign(t, jwt.SigningMethodHS256, key, with("iat", time.Now().Add(time.Hour).Unix())),
		"wrong issuer":    sign(t, jwt.SigningMethodHS256, key, with("iss", "https://evil.example")),
		"no issuer":       sign(t, jwt.SigningMethodHS256, key, with("iss", nil)),
		"wrong audience":  sign(t, jwt.SigningMethodHS256, key, with("aud", "someone-else")),
		"no audience":     sign(t, jwt.SigningMethodHS256, key, with("aud", nil)),
		"HS384 right key": sign(t, jwt.SigningMethodHS384, key, good),
		"HS512 right key": sign(t, jwt.SigningMethodHS512, key, good),
		"alg none":        b64(map[string]string{"alg": "none"}) + "." + b64(good) + ".",
		"exp as string":   sign(t, jwt.SigningMethodHS256, key, with("exp", "9999999999")),
		"huge exp":        sign(t, jwt.SigningMethodHS256, key, with("exp", json.Number("1e400"))),
	}
	for name, tok := range bad {
		if v, err := a.Verify("Bearer " + tok); err == nil {
			t.Errorf("%s: accepted, claims %v", name, v.Claims)
		}
	}
}

// hostileBodies must be refused by every route that reads a body. None is a valid
// request for any route: each is malformed, or breaks a closed field, so a route that
// accepted one would be changing state on hostile input.
func hostileBodies() map[string][]byte {
	deep := strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000)
	deepArr := `{"reasons":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"
	pdf := document.SamplePDF()
	doc := func(fileName string) []byte {
		b, _ := json.Marshal(map[string]any{"kind": "is_description", "fileName": fileName, "contentType": "application/pdf",
			"size": len(pdf), "sha256": sha256hex(pdf)})
		return b
	}
	m := map[string][]byte{
		"malformed":            []byte(`{"procedure":`),
		"malformed 2":          []byte(`{"a":}`),
		"trailing data":        []byte(`{}{"decision":"include"}`),
		"top-level array":      []byte(`[{"decision":"include"}]`),
		"top-level string":     []byte(`"include"`),
		"null":                 []byte(`null`),
		"deep nesting":         []byte(deep),
		"deep arrays":          []byte(deepArr),
		"huge number":          []byte(`{"size":1e999999,"decision":1e400}`),
		"huge integer":         []byte(`{"size":123456789012345678901234567890123456789}`),
		"int64 overflow":       []byte(`{"kind":"is_description","fileName":"a.pdf","contentType":"application/pdf","size":9223372036854775808,"sha256":"` + strings.Repeat("0", 64) + `"}`),
		"negative size":        []byte(`{"kind":"is_description","fileName":"a.pdf","contentType":"application/pdf","size":-1,"sha256":"` + strings.Repeat("0", 64) + `"}`),
		"invalid UTF-8":        []byte("{\"object\":{\"name\":\"\xff\xfe\xfd\",\"type\":\"information_system\"}}"),
		"invalid UTF-8 key":    []byte("{\"\xc3\x28\":1}"),
		"NUL in body":          []byte("{\"note\":\"a\x00b\",\"decision\":\"' OR 1=1 --\"}"),
		"BOM":                  append([]byte("\xef\xbb\xbf"), []byte(`{"decision":"include"`)...),
		"SQL in enums":         []byte(`{"procedure":"kz-operator-list' OR '1'='1","object":{"name":"x","type":"information_system'; DROP TABLE registry;--"},"decision":"include' --"}`),
		"script in enums":      []byte(`{"procedure":"<script>alert(1)</script>","object":{"name":"<img src=x onerror=alert(1)>","type":"<script>"},"architecture":"<svg/onload=alert(1)>"}`),
		"NoSQL operators":      []byte(`{"procedure":{"$ne":null},"object":{"name":{"$gt":""},"type":"information_system"}}`),
		"wrong types":          []byte(`{"procedure":1,"object":"x","criteria":[],"decision":true,"reasons":"r","note":{}}`),
		"unknown fields":       []byte(`{"PK":"APP#ALL","SK":"#META","status":"included","version":999,"org":"kz-other","isAdmin":true}`),
		"duplicate keys":       []byte(`{"decision":"include","decision":"refuse","decision":{"x":1}}`),
		"prototype pollution":  []byte(`{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}`),
		"criteria injection":   []byte(`{"criteria":{"1.1' OR '1'='1":true,"__proto__":true}}`),
		"lone surrogate enum":  []byte(`{"decision":"\ud800include","architecture":"\udfff"}`),
		"path traversal name":  doc("../../../etc/passwd.pdf"),
		"backslash traversal":  doc(`..\..\windows\win.ini.pdf`),
		"absolute path":        doc("/etc/passwd.pdf"),
		"traversal mid-name":   doc("a/../../b.pdf"),
		"encoded traversal":    doc("..%2f..%2fetc%2fpasswd.pdf/"),
		"drive path":           doc(`C:\boot.pdf`),
		"NUL in file name":     doc("a\x00.pdf"),
		"newline in file name": doc("a\n.pdf"),
		"dot-dot file name":    doc(".."),
		"long file name":       doc(strings.Repeat("a", 300) + ".pdf"),
		"script file name":     doc("<script>alert(1)</script>/x.pdf"),
		"oversized body":       []byte(`{"note":"` + strings.Repeat("A", 2<<20) + `"}`),
		"SQL in kind":          []byte(`{"kind":"is_description' OR 1=1 --","fileName":"a.txt","contentType":"text/plain","size":1,"sha256":"zz"}`),
		// The object routes (issue 9): stages, dates, funding, suppliers and developments.
		"stage injection":          []byte(`{"to":"operation' OR '1'='1","on":"2026-01-01"}`),
		"stage as operator":        []byte(`{"to":{"$ne":null},"on":"2026-01-01"}`),
		"stage date overflow":      []byte(`{"to":"engineering","on":"99999-01-01"}`),
		"stage date in the future": []byte(`{"to":"engineering","on":"2999-12-31","note":"x"}`),
		"funding operator":         []byte(`{"name":"x","type":"information_system","funding":{"$ne":null}}`),
		"supplier traversal":       []byte(`{"name":"x","type":"information_system","funding":"own_funds","supplier":"../../kz-other"}`),
		"initiated in the future":  []byte(`{"name":"x","type":"information_system","funding":"own_funds","initiatedOn":"2999-01-01"}`),
		"object with stage":        []byte(`{"name":"x","type":"information_system","funding":"own_funds","stage":"operation","listed":true}`),
		"performer injection":      []byte(`{"performer":"trustee'; DROP TABLE registry;--","summary":"x"}`),
		"development of another":   []byte(`{"kind":"terms_of_reference","fileName":"a.pdf","contentType":"application/pdf","size":10,"sha256":"` + strings.Repeat("0", 64) + `","development":"../01kktg7t40xzhtqh1jr991fa5"}`),
	}
	for k, v := range latviaHostileBodies() {
		m[k] = v
	}
	return m
}

var hostileSegments = []string{"..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%00", "%ff%fe", "'%20OR%20'1'%3D'1", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
	"ALL", "%23META", "APP%23ALL", strings.Repeat("7", 27), "01kktg7t40xzhtqh1jr991fa5%2A", "00000000000000000000000000", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ",
	"%E2%80%AE", "-1", "1e999", "%7B%22%24ne%22%3Anull%7D"}

var hostileQueries = []string{"limit=-1", "limit=0", "limit=99999999999999999999999", "limit=1e9", "limit=abc", "limit=1&limit=500",
	"cursor=garbage", "cursor=%ff%fe", "cursor=" + strings.Repeat("A", 5000),
	"cursor=" + b64(map[string]string{"PK": "APP#00000000000000000000000000", "SK": "#META", "GSI1SK": "z", "GSI3SK": "z", "GSI2SK": "z"}),
	"cursor=" + b64(map[string]string{"PK": "INBOX#org:kz-other", "SK": "N#z", "GSI1PK": "ORG#kz-other", "GSI1SK": "z"}),
	"cursor=" + b64(map[string]string{"SK": "EVT#9999", "PK": "APP#other"}),
	"status='%20OR%201%3D1%20--", "status=%3Cscript%3E", "status=included&status=draft", "overdue=maybe", "overdue=1",
	"format=..%2F..%2Fetc%2Fpasswd", "format=xml", "format=csv%00", "from=2026-13-45&days=1", "from='%20OR%201=1&days=1",
	"from=2026-03-16&days=99999999999999999999", "from=2026-03-16&days=-99999999999", "from=2026-03-16&days=1e9",
	"from=9999-12-31&days=1", "from=0000-01-01&days=1", "from=2026-03-16&days=%00", "%ff=%fe",
	"stage=%27%20OR%201%3D1", "stage=operation&stage=initiated", "eligible=true", "eligible=false&stage=initiated", "eligible=%00",
	"sourceCode=yes", "integration=true&integration=false", "defects=1"}

// The hostile corpus against every route the gateway lists at GET /dev/status: no 5xx,
// every refusal a problem document, no hostile request accepted as a change, and the
// caller's state unchanged afterwards.
func TestHostileCorpusAgainstEveryRoute(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	var d application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Hostile target", "type": "information_system"}}).Want(t, 201).Decode(t, &d)
	s := apitest.SlotFor(t, c.clerk, d.ID, "is_description", "a.pdf", "application/pdf", document.SamplePDF())
	if code := apitest.Put(t, s, document.SamplePDF()); code != 200 {
		t.Fatalf("upload: %d", code)
	}
	if st, _ := apitest.DocStatus(t, c.clerk, d.ID, s.ID); st != "valid" {
		t.Fatalf("document %s", st)
	}

	var status struct {
		Routes []struct {
			Route  string
			Public bool
		}
	}
	apitest.Raw(t, "GET", "/dev/status", nil).Want(t, 200).Decode(t, &status)
	if len(status.Routes) < 10 {
		t.Fatalf("only %d routes in /dev/status", len(status.Routes))
	}

	mon := newMonitoringTarget(t, c)
	before := stateOf(t, c, d)
	fill := func(p string, seg map[string]string) string {
		for k, v := range seg {
			p = strings.ReplaceAll(p, "{"+k+"}", v)
		}
		return p
	}
	valid := map[string]string{"id": d.ID, "docId": s.ID, "objectId": d.Object.ID, "action": "submit", "country": "KZ", "fn": "Applications",
		"devId": d.ID}
	for k, v := range mon.valid {
		valid[k] = v
	}
	monBefore := mon.state(t, c)
	lvValid, lvState := latviaTargets(t)
	for k, v := range lvValid {
		valid[k] = v
	}
	lvBefore := lvState()

	type probe struct {
		what, method, path string
		reviewer           bool
		body               []byte
		hdr                []string
		public             bool
	}
	var probes []probe
	tokens := hostileTokens(t, c.clerk)
	bodies := hostileBodies()
	for _, rt := range status.Routes {
		method, pattern, _ := strings.Cut(rt.Route, " ")
		path := fill(pattern, valid)
		if strings.HasPrefix(pattern, "/v1/procedures/") {
			path = fill(pattern, map[string]string{"id": "kz-placement"}) // a procedure's id, not an application's
		}
		writes := method == "POST" || method == "PATCH" || method == "PUT" || method == "DELETE"
		// 1. Tokens: with a harmless, refused body for writes.
		for name, tok := range tokens {
			var body []byte
			if writes {
				body = bodies["unknown fields"]
			}
			hdr := []string{"Content-Type", "application/json"}
			if tok != "" {
				hdr = append(hdr, "Authorization", tok)
			}
			probes = append(probes, probe{"token " + name, method, path, false, body, hdr, rt.Public})
		}
		for _, u := range []*apitest.User{c.clerk, c.ab} {
			auth := []string{"Authorization", "Bearer " + u.Token, "Content-Type", "application/json"}
			// 2. Path segments.
			if strings.Contains(pattern, "{") {
				for _, seg := range hostileSegments {
					m := map[string]string{}
					for k, v := range valid {
						m[k] = v
					}
					for _, name := range append([]string{"id", "docId", "objectId", "action", "country", "devId", "projectId", "recommendationId", "reportId"}, latviaSegments...) {
						if strings.Contains(pattern, "{"+name+"}") {
							m2 := map[string]string{}
							for k, v := range m {
								m2[k] = v
							}
							m2[name] = seg
							var body []byte
							if writes {
								body = bodies["unknown fields"]
							}
							probes = append(probes, probe{"segment " + name + "=" + seg, method, fill(pattern, m2), u == c.ab, body, auth, rt.Public})
						}
					}
				}
			}
			// 3. Queries on reads.
			if method == "GET" {
				for _, q := range hostileQueries {
					probes = append(probes, probe{"query " + q, method, path + "?" + q, u == c.ab, nil, auth, rt.Public})
				}
			}
			// 4. Bodies on writes, and hostile Idempotency-Keys with a body that would be valid.
			if writes {
				for name, b := range bodies {
					probes = append(probes, probe{"body " + name, method, path, u == c.ab, b, auth, rt.Public})
				}
				for _, key := range []string{strings.Repeat("k", 300), "ключ", "a\tb", "' OR 1=1 --"} {
					var good []byte
					switch {
					case pattern == "/v1/applications":
						good = bodyBytes(t, map[string]any{"procedure": "kz-operator-list", "object": map[string]string{"name": "x", "type": "information_system"}})
					default:
						continue
					}
					h := append(append([]string{}, auth...), "Idempotency-Key", key)
					if key == "' OR 1=1 --" {
						continue // printable ASCII: a legitimate key; not hostile to the key check
					}
					probes = append(probes, probe{"idempotency key " + key[:min(len(key), 12)], method, path, u == c.ab, good, h, rt.Public})
				}
			}
		}
	}

	var tried, fiveXX, notProblem, accepted atomic.Int64
	var mu sync.Mutex
	var failures []string
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 40 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	t0 := time.Now()
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, p := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if _, err := url.Parse(apitest.Base(t) + p.path); err != nil {
				return
			}
			r := apitest.Raw(t, p.method, p.path, p.body, p.hdr...)
			tried.Add(1)
			switch {
			case r.Status >= 500:
				fiveXX.Add(1)
				bug := ""
				if p.reviewer && p.method == "GET" && strings.HasPrefix(p.path, "/v1/applications?") {
					bug = "(the reviewer queue: see TestReviewerQueueWithoutFilter) "
				}
				fail("%s%s %s (%s): %d %s", bug, p.method, short(p.path), p.what, r.Status, short(string(r.Body)))
			case r.Status >= 400 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json"):
				notProblem.Add(1)
				fail("%s %s (%s): %d without a problem document: %s", p.method, short(p.path), p.what, r.Status, short(string(r.Body)))
			case r.Status < 400 && p.method != "GET" && p.method != "OPTIONS" && p.method != "HEAD":
				accepted.Add(1)
				fail("%s %s (%s): hostile write accepted: %d %s", p.method, short(p.path), p.what, r.Status, short(string(r.Body)))
			case r.Status < 400 && strings.HasPrefix(p.what, "token ") && !p.public:
				accepted.Add(1)
				fail("%s %s (%s): authenticated by a hostile token: %d", p.method, short(p.path), p.what, r.Status)
			}
		}()
	}
	wg.Wait()
	sort.Strings(failures)
	for _, f := range failures {
		t.Error(f)
	}
	after := stateOf(t, c, d)
	sameState(t, lvBefore, lvState())
	unchanged := mon.unchanged(t, monBefore, mon.state(t, c))
	for k, v := range before {
		if !bytes.Equal(v, after[k]) {
			unchanged = false
			t.Errorf("state changed by the corpus: %s\n before %s\n after  %s", k, short(string(v)), short(string(after[k])))
		}
	}
	t.Logf("hostile corpus: %d requests over %d routes (%d tokens, %d bodies, %d path segments, %d queries): %d 5xx, %d without a problem document, %d accepted, state unchanged: %v; %v",
		tried.Load(), len(status.Routes), len(tokens), len(bodies), len(hostileSegments), len(hostileQueries), fiveXX.Load(), notProblem.Load(), accepted.Load(), unchanged, time.Since(t0).Round(time.Millisecond))
}

func short(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// stateOf is what the corpus must not change: the target application, its trail and
// document, the object, the applicant's queue and inbox, and the public list's entries
// of the applicant's organisation.
func stateOf(t *testing.T, c cast, d application) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range []string{"/v1/applications/" + d.ID, "/v1/applications/" + d.ID + "/events?limit=200",
		"/v1/applications?limit=200", "/v1/notifications?limit=200", "/v1/objects/" + d.Object.ID} {
		r := apitest.Do(t, c.clerk, "GET", p, nil)
		out[p] = append([]byte(fmt.Sprintf("%d ", r.Status)), r.Body...)
	}
	var list struct {
		Items []struct{ Org string }
	}
	apitest.Raw(t, "GET", "/v1/public/operator-list?limit=200", nil).Want(t, 200).Decode(t, &list)
	mine := 0
	for _, e := range list.Items {
		if e.Org == c.clerk.Org {
			mine++
		}
	}
	out["public list entries of the org"] = []byte(fmt.Sprint(mine))
	return out
}
