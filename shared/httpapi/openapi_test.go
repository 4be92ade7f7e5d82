package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/monitoring"
	"github.com/ictgov/ictgov/shared/procedure"
	"github.com/ictgov/ictgov/shared/registry"
	"github.com/ictgov/ictgov/shared/s3store"
)

// The tests in this file hold three descriptions of the HTTP API equal: the OpenAPI
// document served at GET /v1/openapi.yaml, the handlers' route tables, and the HttpApi
// events of template.yaml (the contract: "The project's own OpenAPI 3.1 document must
// describe all of it"). They need no local servers.

const (
	oaOpenAPIPath  = "openapi/*.yaml (assembled)"
	oaTemplatePath = "../../template.yaml"
)

// oaPendingRoutes are routed to a function in template.yaml whose handler does not serve
// them yet (the inbox, until the Applications RouteTable has it). A route here that a
// RouteTable already has is counted once, so this list may lag behind the handlers.
var oaPendingRoutes = []string{}

var oaHttpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// oaRoute is a method and a path with its placeholders normalised to "{}", so that
// "/v1/objects/{objectId}" and "/v1/objects/{id}" name the same route.
type oaRoute struct{ method, path string }

func (r oaRoute) String() string { return r.method + " " + r.path }

var oaPlaceholder = regexp.MustCompile(`\{[^}]*\}`)

func oaRouteOf(method, path string) oaRoute {
	return oaRoute{strings.ToUpper(strings.TrimSpace(method)), oaPlaceholder.ReplaceAllString(strings.TrimSpace(path), "{}")}
}

func oaRouteOfPattern(t *testing.T, pattern string) oaRoute {
	t.Helper()
	method, p, ok := strings.Cut(pattern, " ")
	if !ok {
		t.Fatalf("route pattern %q has no method", pattern)
	}
	return oaRouteOf(method, p)
}

// --- yaml.Node helpers --------------------------------------------------------------

func oaDeref(n *yaml.Node) *yaml.Node {
	for n != nil && (n.Kind == yaml.DocumentNode || n.Kind == yaml.AliasNode) {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		} else if len(n.Content) > 0 {
			n = n.Content[0]
		} else {
			return nil
		}
	}
	return n
}

// get returns the value of key in mapping n, or nil.
func oaGet(n *yaml.Node, key string) *yaml.Node {
	n = oaDeref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return oaDeref(n.Content[i+1])
		}
	}
	return nil
}

// path follows keys through nested mappings.
func oaPath(n *yaml.Node, ks ...string) *yaml.Node {
	for _, k := range ks {
		n = oaGet(n, k)
	}
	return n
}

type oaPair struct {
	key   string
	value *yaml.Node
}

// pairs lists a mapping's entries in document order.
func oaPairs(n *yaml.Node) []oaPair {
	n = oaDeref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]oaPair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, oaPair{n.Content[i].Value, oaDeref(n.Content[i+1])})
	}
	return out
}

func oaKeys(n *yaml.Node) []string {
	var out []string
	for _, p := range oaPairs(n) {
		out = append(out, p.key)
	}
	return out
}

func oaScalar(n *yaml.Node) string {
	n = oaDeref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

func oaScalars(n *yaml.Node) []string {
	n = oaDeref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, oaScalar(c))
	}
	return out
}

func oaLoadYAML(t *testing.T, file string) *yaml.Node {
	t.Helper()
	var b []byte
	var err error
	if file == oaOpenAPIPath {
		b, err = httpapi.AssembleOpenAPI(true)
	} else {
		b, err = os.ReadFile(file)
	}
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	return &doc
}

// --- the three sides ---------------------------------------------------------------

type oaOperation struct {
	oaRoute
	rawPath string
	node    *yaml.Node
	local   bool
}

// name is the operation as the document writes it, e.g. "GET /v1/objects/{objectId}".
func (o oaOperation) name() string { return o.method + " " + o.rawPath }

func (o oaOperation) id() string { return oaScalar(oaGet(o.node, "operationId")) }

// documentOps lists every operation of the OpenAPI document.
func oaDocumentOps(t *testing.T, doc *yaml.Node) []oaOperation {
	t.Helper()
	ps := oaGet(doc, "paths")
	if ps == nil {
		t.Fatal("openapi.yaml has no paths")
	}
	var out []oaOperation
	for _, p := range oaPairs(ps) {
		for _, m := range oaPairs(p.value) {
			if !slices.Contains(oaHttpMethods, m.key) {
				continue // parameters, summary, ...
			}
			local := oaScalar(oaGet(m.value, "x-local-only")) == "true"
			out = append(out, oaOperation{oaRoute: oaRouteOf(m.key, p.key), rawPath: p.key, node: m.value, local: local})
		}
	}
	return out
}

// apiOps is the document's operations minus the local-only ones, by route.
func oaApiOps(t *testing.T, doc *yaml.Node) map[oaRoute]oaOperation {
	t.Helper()
	out := map[oaRoute]oaOperation{}
	for _, op := range oaDocumentOps(t, doc) {
		if op.local {
			continue
		}
		if prev, dup := out[op.oaRoute]; dup {
			t.Errorf("openapi.yaml describes %s twice (as %s and %s)", op.oaRoute, prev.rawPath, op.rawPath)
		}
		out[op.oaRoute] = op
	}
	return out
}

// servedRoutes is the union of the functions' route tables plus the pending routes,
// mapped to the exact pattern (for messages and parameter names).
func oaServedRoutes(t *testing.T) map[oaRoute]string {
	t.Helper()
	out := map[oaRoute]string{}
	tables := map[string][]httpapi.Route{
		"Applications": (&httpapi.Applications{}).RouteTable(),
		"Registry":     (&httpapi.Registry{}).RouteTable(),
		"Calendars":    httpapi.Calendars{}.RouteTable(),
		"Portal":       httpapi.Portal{}.RouteTable(),
		"Monitoring":   (&httpapi.Monitoring{}).RouteTable(),
		"Latvia":       (&httpapi.Latvia{}).RouteTable(),
	}
	for _, fn := range []string{"Applications", "Registry", "Calendars", "Portal", "Monitoring", "Latvia"} {
		for _, p := range httpapi.Patterns(tables[fn]) {
			r := oaRouteOfPattern(t, p)
			if prev, dup := out[r]; dup {
				t.Errorf("route %s is served twice (%q and %q in %s)", r, prev, p, fn)
			}
			out[r] = p
		}
	}
	for _, p := range oaPendingRoutes {
		r := oaRouteOfPattern(t, p)
		if _, served := out[r]; served {
			t.Logf("%s is now in a RouteTable; it can leave pendingRoutes", p)
			continue
		}
		out[r] = p
	}
	return out
}

type oaTemplateRoute struct {
	oaRoute
	function, event, rawPath string
	public                   bool
}

// templateRoutes reads every HttpApi event of every function in template.yaml. The
// template is decoded as yaml.Node so CloudFormation tags (!Ref, !Sub) do not matter.
func oaTemplateRoutes(t *testing.T) map[oaRoute]oaTemplateRoute {
	t.Helper()
	doc := oaLoadYAML(t, oaTemplatePath)
	out := map[oaRoute]oaTemplateRoute{}
	for _, res := range oaPairs(oaGet(doc, "Resources")) {
		if oaScalar(oaGet(res.value, "Type")) != "AWS::Serverless::Function" {
			continue
		}
		for _, ev := range oaPairs(oaPath(res.value, "Properties", "Events")) {
			if oaScalar(oaGet(ev.value, "Type")) != "HttpApi" {
				continue
			}
			props := oaGet(ev.value, "Properties")
			p, m := oaScalar(oaGet(props, "Path")), oaScalar(oaGet(props, "Method"))
			if p == "" || m == "" {
				t.Errorf("template.yaml %s.%s: an HttpApi event without Path or Method", res.key, ev.key)
				continue
			}
			tr := oaTemplateRoute{oaRoute: oaRouteOf(m, p), function: res.key, event: ev.key, rawPath: p,
				public: oaScalar(oaPath(props, "Auth", "Authorizer")) == "NONE"}
			if prev, dup := out[tr.oaRoute]; dup {
				t.Errorf("template.yaml routes %s twice (%s.%s and %s.%s)", tr.oaRoute, prev.function, prev.event, res.key, ev.key)
			}
			out[tr.oaRoute] = tr
		}
	}
	if len(out) == 0 {
		t.Fatal("template.yaml has no HttpApi events")
	}
	return out
}

// compareSets reports routes in one set and not the other, each by its name on its
// own side (the raw path, not the normalised one).
func oaCompareSets(t *testing.T, aName string, a map[oaRoute]string, bName string, b map[oaRoute]string) {
	t.Helper()
	var missing, extra []string
	for r, name := range a {
		if _, ok := b[r]; !ok {
			missing = append(missing, name)
		}
	}
	for r, name := range b {
		if _, ok := a[r]; !ok {
			extra = append(extra, name)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, r := range missing {
		t.Errorf("%s has %s, %s does not", aName, r, bName)
	}
	for _, r := range extra {
		t.Errorf("%s has %s, %s does not", bName, r, aName)
	}
}

func oaOpNames(ops map[oaRoute]oaOperation) map[oaRoute]string {
	out := map[oaRoute]string{}
	for r, op := range ops {
		out[r] = op.method + " " + op.rawPath + " (operationId " + op.id() + ")"
	}
	return out
}

func oaTemplateNames(trs map[oaRoute]oaTemplateRoute) map[oaRoute]string {
	out := map[oaRoute]string{}
	for r, tr := range trs {
		out[r] = tr.method + " " + tr.rawPath + " (" + tr.function + "." + tr.event + ")"
	}
	return out
}

// --- the tests -----------------------------------------------------------------------

// TestOpenAPIMatchesHandlers: (a) the document's operations, less x-local-only, are
// exactly the routes the handlers serve (plus those pending a handler).
func TestOpenAPIMatchesHandlers(t *testing.T) {
	doc := oaLoadYAML(t, oaOpenAPIPath)
	ops := oaApiOps(t, doc)
	served := oaServedRoutes(t)
	oaCompareSets(t, "the handlers' RouteTables", served, "openapi.yaml", oaOpNames(ops))

	// The handlers read path values by name (r.PathValue("docId")); the document must
	// use the same names.
	for r, pattern := range served {
		op, ok := ops[r]
		if !ok {
			continue
		}
		_, want, _ := strings.Cut(pattern, " ")
		if op.rawPath != want {
			t.Errorf("%s: openapi.yaml names it %s, the handler %s (path parameter names differ)", pattern, op.rawPath, want)
		}
	}
}

// TestOpenAPIMatchesTemplate: (b) the same set equals template.yaml's HttpApi events.
func TestOpenAPIMatchesTemplate(t *testing.T) {
	doc := oaLoadYAML(t, oaOpenAPIPath)
	oaCompareSets(t, "template.yaml", oaTemplateNames(oaTemplateRoutes(t)), "openapi.yaml", oaOpNames(oaApiOps(t, doc)))
}

// TestOpenAPITemplateMatchesHandlers closes the triangle, so a failure says which side
// moved.
func TestOpenAPITemplateMatchesHandlers(t *testing.T) {
	oaCompareSets(t, "template.yaml", oaTemplateNames(oaTemplateRoutes(t)), "the handlers' RouteTables", oaServedRoutes(t))
}

// TestOpenAPISecurityMatchesTemplate: (c) a route with `Auth: {Authorizer: NONE}` in
// the template has `security: []` in the document; every other route does not.
func TestOpenAPISecurityMatchesTemplate(t *testing.T) {
	doc := oaLoadYAML(t, oaOpenAPIPath)
	global := oaDeref(oaGet(doc, "security"))
	if global == nil || global.Kind != yaml.SequenceNode || len(global.Content) == 0 {
		t.Fatal("openapi.yaml has no global security requirement")
	}
	if oaGet(oaDeref(global.Content[0]), "bearerJwt") == nil {
		t.Error("the global security requirement is not bearerJwt")
	}
	ops := oaApiOps(t, doc)
	for r, tr := range oaTemplateRoutes(t) {
		op, ok := ops[r]
		if !ok {
			continue // reported by TestOpenAPIMatchesTemplate
		}
		sec := oaGet(op.node, "security")
		public := sec != nil && sec.Kind == yaml.SequenceNode && len(sec.Content) == 0
		switch {
		case tr.public && !public:
			t.Errorf("%s (%s.%s) is public in template.yaml (Authorizer: NONE) but openapi.yaml does not say security: []", tr.method+" "+tr.rawPath, tr.function, tr.event)
		case !tr.public && public:
			t.Errorf("%s (%s.%s) needs the JWT authorizer in template.yaml but openapi.yaml says security: []", tr.method+" "+tr.rawPath, tr.function, tr.event)
		case !tr.public && sec != nil && oaGet(oaDeref(sec.Content[0]), "bearerJwt") == nil:
			t.Errorf("%s: openapi.yaml overrides security without bearerJwt", op.name())
		}
		_, has401 := oaResponseCodes(op)["401"]
		if !tr.public && !has401 {
			t.Errorf("%s needs a token but openapi.yaml lists no 401", op.name())
		}
	}
}

func oaResponseCodes(op oaOperation) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for _, p := range oaPairs(oaGet(op.node, "responses")) {
		out[p.key] = p.value
	}
	return out
}

// TestOpenAPIDocumentIsWellFormed: (d) version 3.1.0, unique operationIds, every $ref
// resolves, and the conventions the issue asks of every operation.
func TestOpenAPIDocumentIsWellFormed(t *testing.T) {
	doc := oaLoadYAML(t, oaOpenAPIPath)
	if v := oaScalar(oaGet(doc, "openapi")); v != "3.1.0" {
		t.Errorf("openapi is %q, want 3.1.0", v)
	}
	if v := oaScalar(oaPath(doc, "info", "version")); v != "1.0.0" {
		t.Errorf("info.version is %q, want 1.0.0", v)
	}
	if oaScalar(oaPath(doc, "info", "title")) == "" {
		t.Error("info.title is empty")
	}

	ids := map[string]string{}
	for _, op := range oaDocumentOps(t, doc) {
		id := op.id()
		if id == "" {
			t.Errorf("%s has no operationId", op.name())
			continue
		}
		if prev, dup := ids[id]; dup {
			t.Errorf("operationId %s is used by %s and %s", id, prev, op.name())
		}
		ids[id] = op.name()
	}

	refs := 0
	oaWalkRefs(doc, "", func(at, ref string) {
		refs++
		if !strings.HasPrefix(ref, "#/") {
			t.Errorf("%s: $ref %q is not local to the document", at, ref)
			return
		}
		if oaResolve(doc, ref) == nil {
			t.Errorf("%s: $ref %q does not resolve", at, ref)
		}
	})
	if refs == 0 {
		t.Error("no $ref found: the walk is broken")
	}

	for _, op := range oaDocumentOps(t, doc) {
		oaCheckPathParameters(t, doc, op)
		if op.local {
			if !slices.Contains(oaScalars(oaGet(op.node, "tags")), "local") {
				t.Errorf("%s is x-local-only but not tagged local", op.name())
			}
			continue
		}
		if strings.HasPrefix(op.rawPath, "/dev/") {
			t.Errorf("%s is a /dev route without x-local-only: true", op.name())
		}
		if oaGet(op.node, "x-legal-basis") == nil {
			t.Errorf("%s has no x-legal-basis", op.name())
		}
		codes := oaResponseCodes(op)
		if op.method == http.MethodPost && !oaHasParameterRef(op, "#/components/parameters/IdempotencyKey") {
			t.Errorf("%s does not take the Idempotency-Key header", op.name())
		}
		if oaGet(op.node, "requestBody") != nil {
			for _, c := range []string{"400", "413"} {
				if _, ok := codes[c]; !ok {
					t.Errorf("%s takes a body but lists no %s", op.name(), c)
				}
			}
		}
		for code, resp := range codes {
			if code < "400" {
				continue
			}
			if oaScalar(oaGet(resp, "$ref")) == "#/components/responses/TooManyRequests" {
				continue // API Gateway's throttle answers itself, with its own body
			}
			resp = oaResolveNode(doc, resp)
			if oaGet(oaGet(resp, "content"), "application/problem+json") == nil {
				t.Errorf("%s: response %s is not a problem document", op.name(), code)
			}
		}
	}
}

func oaHasParameterRef(op oaOperation, ref string) bool {
	ps := oaDeref(oaGet(op.node, "parameters"))
	if ps == nil {
		return false
	}
	for _, p := range ps.Content {
		if oaScalar(oaGet(p, "$ref")) == ref {
			return true
		}
	}
	return false
}

// checkPathParameters: every {name} of the path is declared as an in: path parameter,
// on the path or on the operation, and nothing else is.
func oaCheckPathParameters(t *testing.T, doc *yaml.Node, op oaOperation) {
	t.Helper()
	var want []string
	for _, m := range oaPlaceholder.FindAllString(op.rawPath, -1) {
		want = append(want, strings.Trim(m, "{}"))
	}
	var got []string
	for _, list := range []*yaml.Node{oaPath(doc, "paths", op.rawPath, "parameters"), oaGet(op.node, "parameters")} {
		list = oaDeref(list)
		if list == nil {
			continue
		}
		for _, p := range list.Content {
			p = oaResolveNode(doc, p)
			if oaScalar(oaGet(p, "in")) == "path" {
				got = append(got, oaScalar(oaGet(p, "name")))
				if oaScalar(oaGet(p, "required")) != "true" {
					t.Errorf("%s: path parameter %s is not required", op.name(), oaScalar(oaGet(p, "name")))
				}
			}
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if !slices.Equal(want, got) {
		t.Errorf("%s %s: path parameters declared %v, the path has %v", op.method, op.rawPath, got, want)
	}
}

// walkRefs calls fn for every $ref in the document with its location.
func oaWalkRefs(n *yaml.Node, at string, fn func(at, ref string)) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			oaWalkRefs(c, at, fn)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if k == "$ref" && v.Kind == yaml.ScalarNode {
				fn(at, v.Value)
				continue
			}
			oaWalkRefs(v, at+"/"+k, fn)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			oaWalkRefs(c, fmt.Sprintf("%s/%d", at, i), fn)
		}
	}
}

// resolve follows a local JSON pointer ("#/components/schemas/Id").
func oaResolve(doc *yaml.Node, ref string) *yaml.Node {
	n := oaDeref(doc)
	for _, tok := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		n = oaGet(n, tok)
		if n == nil {
			return nil
		}
	}
	return n
}

// resolveNode returns n, or what its $ref names.
func oaResolveNode(doc, n *yaml.Node) *yaml.Node {
	for i := 0; i < 10; i++ {
		ref := oaScalar(oaGet(n, "$ref"))
		if ref == "" {
			return oaDeref(n)
		}
		n = oaResolve(doc, ref)
	}
	return n
}

// TestOpenAPIServedByApplications: GET /v1/openapi.yaml answers with the document
// assembled from the fragments: in AWS without the /dev routes (which do not exist
// there), under the local gateway (ICTGOV_LOCAL_GATEWAY=1) with them.
func TestOpenAPIServedByApplications(t *testing.T) {
	for _, local := range []bool{false, true} {
		if local {
			t.Setenv("ICTGOV_LOCAL_GATEWAY", "1")
		}
		file, err := httpapi.AssembleOpenAPI(local)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		(&httpapi.Applications{}).Routes().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/openapi.yaml", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /v1/openapi.yaml: %d %s", rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/yaml" {
			t.Errorf("Content-Type %q, want application/yaml", ct)
		}
		if !bytes.Equal(rec.Body.Bytes(), file) {
			t.Errorf("local %v: the served document (%d bytes) differs from %s (%d bytes)", local, rec.Body.Len(), oaOpenAPIPath, len(file))
		}
		if has := bytes.Contains(rec.Body.Bytes(), []byte("/dev/token:")); has != local {
			t.Errorf("local %v: the served document has /dev/token: %v", local, has)
		}
		// Revalidation: the ETag given back answers 304 without the document.
		etag := rec.Header().Get("ETag")
		req := httptest.NewRequest(http.MethodGet, "/v1/openapi.yaml", nil)
		req.Header.Set("If-None-Match", etag)
		rec = httptest.NewRecorder()
		(&httpapi.Applications{}).Routes().ServeHTTP(rec, req)
		if etag == "" || rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: %d with %d bytes", etag, rec.Code, rec.Body.Len())
		}
	}
}

// TestDeployedOpenAPIIsSelfContained: the document served in AWS, without the /dev
// routes and the components only they use, has every $ref resolving and no trace of /dev.
func TestDeployedOpenAPIIsSelfContained(t *testing.T) {
	b, err := httpapi.AssembleOpenAPI(false)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	oaWalkRefs(&doc, "", func(at, ref string) {
		if oaResolve(&doc, ref) == nil {
			t.Errorf("%s: $ref %q does not resolve in the deployed document", at, ref)
		}
	})
	for _, bad := range []string{"\n  /dev/", "x-local-only: true", "DevStatus:"} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("the deployed document mentions %q", bad)
		}
	}
}

// TestOpenAPIDeclarations checks what the document says of the procedures: the parts
// generated from the declarations are there and complete, and every schema generated from
// a form is a valid JSON Schema that a validator compiles (the portal builds its forms
// from them).
func TestOpenAPIDeclarations(t *testing.T) {
	doc := oaLoadYAML(t, oaOpenAPIPath)
	schema := func(name string) *yaml.Node { return oaPath(doc, "components", "schemas", name) }
	enum := func(n *yaml.Node) []string { return oaScalars(oaGet(n, "enum")) }

	var statuses, kinds, procs, created, actions, clockRules []string
	for _, p := range procedure.All() {
		procs = append(procs, p.ID)
		if p.Opening.Via == procedure.ViaApplication {
			created = append(created, p.ID)
			if schema("Create_"+strings.ReplaceAll(p.ID, "-", "_")) == nil {
				t.Errorf("no create schema for %s", p.ID)
			}
		}
		for _, s := range p.Statuses() {
			statuses = append(statuses, string(s))
		}
		for _, d := range p.Documents {
			kinds = append(kinds, d.Kind)
		}
		for _, st := range p.Steps {
			if r, ok := p.StepRule(st); ok {
				clockRules = append(clockRules, r.Name)
			}
		}
		for _, tm := range p.Terms {
			clockRules = append(clockRules, tm.Rule.Name)
		}
		for _, a := range p.Actions {
			actions = append(actions, a.Name)
			if a.Input != nil && schema("ActionBody_"+strings.ReplaceAll(p.ID, "-", "_")+"_"+a.Name) == nil {
				t.Errorf("no body schema for %s %s", p.ID, a.Name)
			}
		}
	}
	oaSameSet(t, "components.schemas.ApplicationStatus enum", enum(schema("ApplicationStatus")), "the procedures' statuses", statuses)
	oaSameSet(t, "components.schemas.DocumentKind enum", enum(schema("DocumentKind")), "the procedures' document kinds", kinds)
	oaSameSet(t, "components.schemas.ProcedureId enum", enum(schema("ProcedureId")), "the declared procedures", procs)
	oaSameSet(t, "CreateApplicationRequest discriminator mapping", oaKeys(oaPath(schema("CreateApplicationRequest"), "discriminator", "mapping")),
		"the procedures opened by POST /v1/applications", created)
	oaSameSet(t, "components.parameters.Action enum", enum(oaPath(doc, "components", "parameters", "Action", "schema")),
		"the declared actions", actions)
	oaSameSet(t, "components.schemas.Clock step enum", enum(oaPath(schema("Clock"), "properties", "step")),
		"the declared clock rules", clockRules)
	roles := enum(schema("Role"))
	for _, r := range actor.Roles {
		if !slices.Contains(roles, string(r)) {
			t.Errorf("components.schemas.Role lacks %q", r)
		}
	}
	op := oaPath(doc, "paths", "/v1/applications/{id}/{action}", "post")
	rows := oaDeref(oaGet(op, "x-procedure-actions"))
	if rows == nil || len(rows.Content) != len(actions) {
		t.Errorf("x-procedure-actions has %v rows, the declarations %d actions", rows, len(actions))
	}
	desc := oaScalar(oaGet(op, "description"))
	for _, p := range procedure.All() {
		for _, a := range p.Actions {
			if !strings.Contains(desc, fmt.Sprintf("| `%s` | `%s` |", a.Name, p.ID)) {
				t.Errorf("the action table has no row for %s %s", p.ID, a.Name)
			}
		}
	}
	// Every generated schema compiles as JSON Schema 2020-12.
	for _, p := range procedure.All() {
		compileSchema(t, p.ID+" create", p.CreateSchema())
		for _, a := range p.Actions {
			if a.Input != nil {
				compileSchema(t, p.ID+" "+a.Name, a.Input.Schema(true))
			}
		}
	}
}

func compileSchema(t *testing.T, name string, s map[string]any) {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	url := "mem://schema/" + strings.NewReplacer(" ", "/").Replace(name)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if _, err := c.Compile(url); err != nil {
		t.Errorf("%s: the schema does not compile: %v", name, err)
	}
}

func oaSameSet(t *testing.T, aName string, a []string, bName string, b []string) {
	t.Helper()
	as, bs := map[string]bool{}, map[string]bool{}
	for _, v := range a {
		as[v] = true
	}
	for _, v := range b {
		bs[v] = true
	}
	if len(as) == 0 {
		t.Errorf("%s is empty", aName)
	}
	for v := range as {
		if !bs[v] {
			t.Errorf("%s has %q, %s does not", aName, v, bName)
		}
	}
	for v := range bs {
		if !as[v] {
			t.Errorf("%s has %q, %s does not", bName, v, aName)
		}
	}
}

// TestOpenAPISchemasMatchGoTypes holds each response schema's properties equal to the
// JSON fields of the Go type the handlers encode, so a field added to a type cannot go
// undocumented (and a documented field cannot silently disappear).
func TestOpenAPISchemasMatchGoTypes(t *testing.T) {
	oaSchemasMatch(t, oaLoadYAML(t, oaOpenAPIPath), map[string]any{
		"ObjectRef":          procedure.ObjectRef{},
		"DocumentSummary":    procedure.DocumentSummary{},
		"Clock":              clock.Clock{},
		"Actor":              actor.Actor{},
		"AuditEvent":         audit.Event{},
		"ObjectRecord":       registry.Object{},
		"ListEntry":          registry.ListEntry{},
		"Document":           document.Record{},
		"Score":              criteria.Score{},
		"UploadInstructions": s3store.Slot{},
		"CalendarDay":        calendar.Day{},
		"Explanation":        calendar.Explanation{},
		"FieldError":         fault.Field{},
		"Problem":            httpapi.Problem{},
		"Notification":       dynamo.InboxEntry{},
		"Procedure":          procedure.Served{},
		"Me":                 httpapi.Me{},
		"ProblemTypeDoc":     httpapi.ProblemTypeDoc{},

		// Compliance monitoring (004 ¶19–¶29).
		"Project":               monitoring.Project{},
		"ProjectStageEntry":     monitoring.StageEntry{},
		"Assessment":            monitoring.Assessment{},
		"Recommendation":        monitoring.Recommendation{},
		"RecommendationClock":   clock.Clock{},
		"RecommendationRow":     monitoring.RecommendationRow{},
		"Risk":                  monitoring.Risk{},
		"Finding":               monitoring.Finding{},
		"Budget":                monitoring.Budget{},
		"MonitoringReport":      monitoring.Report{},
		"SnapshotInfo":          monitoring.SnapshotInfo{},
		"ReportTotals":          monitoring.Totals{},
		"MonitoringCheck":       monitoring.Check{},
		"MonitoringSummary":     monitoring.Summary{},
		"MonitoringDeclaration": monitoring.Declaration{},
		"CreateProjectRequest":  monitoring.ProjectInput{},
		"ProjectStageRequest":   monitoring.StageInput{},
		"AssessmentRequest":     monitoring.AssessmentInput{},
		"RiskRequest":           monitoring.RiskInput{},
		"FindingRequest":        monitoring.FindingInput{},
		"NoteRequest":           monitoring.NoteInput{},
	})
}

// oaSchemasMatch holds each named schema's properties to the JSON fields of the Go value
// it is paired with.
func oaSchemasMatch(t *testing.T, doc *yaml.Node, schemas map[string]any) {
	t.Helper()
	for name, v := range schemas {
		s := oaPath(doc, "components", "schemas", name)
		if s == nil {
			t.Errorf("components.schemas.%s is missing", name)
			continue
		}
		oaSameSet(t, "components.schemas."+name+" properties", oaKeys(oaGet(s, "properties")),
			fmt.Sprintf("the JSON fields of %T", v), oaJsonFields(reflect.TypeOf(v)))
	}
}

func oaJsonFields(rt reflect.Type) []string {
	var out []string
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		out = append(out, name)
	}
	return out
}
