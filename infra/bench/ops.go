package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/s3store"
)

type lambdaHandler = func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// inproc runs the real handlers through the adapter Lambda uses, over a store whose
// client carries the meter, with the claims the authorizer would deliver.
type inproc struct {
	e     *env
	m     *meter
	store *dynamo.Store
	apps  lambdaHandler
	reg   lambdaHandler
	cal   lambdaHandler
	lv    lambdaHandler
}

func (e *env) newInproc() *inproc {
	m := &meter{}
	db := dynamodb.New(e.db.Options(), m.options)
	st := dynamo.New(db, e.tables)
	return &inproc{e: e, m: m, store: st,
		apps: lambdaapp.HTTP((&httpapi.Applications{Store: st, Docs: s3store.New(e.s3, e.bucket), Guard: st}).Routes()),
		lv:   lambdaapp.HTTP((&httpapi.Latvia{Store: st, Reports: s3store.New(e.s3, e.bucket)}).Routes()),
		reg:  lambdaapp.HTTP((&httpapi.Registry{Store: st, Docs: s3store.New(e.s3, e.bucket)}).Routes()),
		cal:  lambdaapp.HTTP(httpapi.Calendars{}.Routes())}
}

type answer struct {
	status int
	body   []byte
}

func (a answer) decode(v any) error { return json.Unmarshal(a.body, v) }

// call sends one request in process; idemKey, when set, goes in Idempotency-Key.
func (p *inproc) call(ctx context.Context, h lambdaHandler, c who, method, target string, body any, idemKey string) (answer, error) {
	u, err := url.Parse(target)
	if err != nil {
		return answer{}, err
	}
	req := events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: u.Path, RawQueryString: u.RawQuery,
		Headers: map[string]string{"content-type": "application/json"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{DomainName: "127.0.0.1", RequestID: "bench",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: u.Path}}}
	if idemKey != "" {
		req.Headers["idempotency-key"] = idemKey
	}
	if c.sub != "" {
		req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: map[string]string{
				"sub": c.sub, "org": c.org, "roles": "[" + strings.Join(c.roles, " ") + "]"}}}
	}
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return answer{}, err
		}
		req.Body = string(raw)
	}
	out, err := h(ctx, req)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: %w", method, target, err)
	}
	return answer{status: out.StatusCode, body: []byte(out.Body)}, nil
}

// opKind says which target an operation is held to.
type opKind int

const (
	change opKind = iota // a state change: one write round trip, at most two reads
	read                 // a GET: one or two reads, no write
	replay               // a POST repeated with its Idempotency-Key: reads only
)

// measured is one operation's cost.
type measured struct {
	name string
	kind opKind
	u    usage
	note string
}

// metered runs one operation and records what it cost; want is the expected status.
func (p *inproc) metered(ctx context.Context, list *[]measured, name string, kind opKind, want int,
	h lambdaHandler, c who, method, target string, body any, idemKey string) (answer, []*dynamodb.TransactWriteItemsInput, error) {
	p.m.begin()
	a, err := p.call(ctx, h, c, method, target, body, idemKey)
	u, w := p.m.end()
	if err != nil {
		return a, nil, err
	}
	if a.status != want {
		return a, nil, fmt.Errorf("%s: status %d, want %d: %s", name, a.status, want, a.body)
	}
	*list = append(*list, measured{name: name, kind: kind, u: u})
	return a, w, nil
}

// chain is one application's life as the store wrote it, recorded in process: the items
// of its complete draft (8 valid documents) and the exact TransactWriteItems input of each
// transition. Figures 1 and 3 clone the draft and replay the transitions on fresh ids.
type chain struct {
	appID, objID string
	docIDs       []string
	draft        []map[string]types.AttributeValue // META, DOC#*, and the object's record
	steps        map[string]*dynamodb.TransactWriteItemsInput
	idemKeys     map[string]string // step → the Idempotency-Key it was sent with
}

// tokens are the ids of the draft: a clone gets fresh ones of the same length.
func (c *chain) tokens() []string { return append([]string{c.appID, c.objID}, c.docIDs...) }

var transitions = []string{"submit", "forward", "recommendation", "decision"}

// actionBody is what each transition sends: an inclusion that passes every criterion.
func actionBody(step string) any {
	switch step {
	case "recommendation":
		return map[string]any{"architecture": "complies", "note": "bench"}
	case "decision":
		return map[string]any{"decision": "include"}
	}
	return map[string]any{}
}

func actorOf(step string) who {
	switch step {
	case "submit":
		return clerk
	case "recommendation":
		return si
	}
	return ab
}

func allCriteria() map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4"} {
		m[k] = true
	}
	return m
}

var isDocKinds = []string{"is_description", "technical_documentation", "commissioning_document", "user_count",
	"services_or_functions_list", "deployment_counts", "security_certificate", "criteria_compliance"}

// requestsPerOperation is figure 2.
func (e *env) requestsPerOperation(ctx context.Context) (*chain, error) {
	return e.recordChain(ctx, e.res)
}

// recordChain walks every API operation once in process, counting what each costs, and
// records one application's chain on the way. Results go to res (figure 2).
func (e *env) recordChain(ctx context.Context, res *Results) (*chain, error) {
	p := e.newInproc()
	var list []measured
	key := func() string { return id.New(time.Now()) }
	ch := &chain{steps: map[string]*dynamodb.TransactWriteItemsInput{}, idemKeys: map[string]string{}}

	// Intake and the draft.
	var app struct {
		ID     string
		Object struct{ ID string }
	}
	a, _, err := p.metered(ctx, &list, "POST /v1/applications (create)", change, 201, p.apps, clerk, "POST", "/v1/applications",
		map[string]any{"procedure": "kz-operator-list", "object": map[string]string{"name": "Bench IS", "type": "information_system"}}, key())
	if err != nil {
		return nil, err
	}
	if err := a.decode(&app); err != nil {
		return nil, err
	}
	ch.appID, ch.objID = app.ID, app.Object.ID
	appPath := "/v1/applications/" + app.ID
	if _, _, err := p.metered(ctx, &list, "PATCH /v1/applications/{id}", change, 200, p.apps, clerk, "PATCH", appPath,
		map[string]any{"criteria": allCriteria()}, ""); err != nil {
		return nil, err
	}
	for i, kind := range isDocKinds {
		content := []byte("%PDF-1.7 bench " + kind)
		sum := sha256.Sum256(content)
		name := "POST /v1/applications/{id}/documents (upload slot)"
		sink := &list
		if i > 0 {
			sink = &[]measured{} // the first one is reported; the others are the same path
		}
		a, _, err := p.metered(ctx, sink, name, change, 201, p.apps, clerk, "POST", appPath+"/documents", map[string]any{
			"kind": kind, "fileName": kind + ".pdf", "contentType": "application/pdf", "size": len(content),
			"sha256": hex.EncodeToString(sum[:])}, key())
		if err != nil {
			return nil, err
		}
		var slot struct{ ID string }
		if err := a.decode(&slot); err != nil {
			return nil, err
		}
		ch.docIDs = append(ch.docIDs, slot.ID)
		// The verdict is ValidateDocument's write (S3-triggered, not an API operation).
		if err := dynamo.New(e.db, e.tables).RecordVerdict(ctx, document.Owner{Kind: document.OfApplication, ID: app.ID}, slot.ID, dynamo.Verdict{Status: "valid",
			Reasons: []string{}, VersionID: "bench", At: time.Now().UTC()}); err != nil {
			return nil, err
		}
	}
	docPath := appPath + "/documents/" + ch.docIDs[0]
	if _, _, err := p.metered(ctx, &list, "GET /v1/applications/{id}/documents/{docId}", read, 200, p.apps, clerk, "GET", docPath, nil, ""); err != nil {
		return nil, err
	}
	if _, _, err := p.metered(ctx, &list, "GET /v1/applications/{id}/documents/{docId}/content", read, 302, p.apps, clerk, "GET", docPath+"/content", nil, ""); err != nil {
		return nil, err
	}
	// The complete draft, as a clone's template.
	if ch.draft, err = e.draftItems(ctx, ch); err != nil {
		return nil, err
	}

	// The four transitions, with the exact transaction each wrote.
	for _, step := range transitions {
		k := key()
		_, w, err := p.metered(ctx, &list, "POST /v1/applications/{id}/"+step, change, 200, p.apps, actorOf(step), "POST", appPath+"/"+step, actionBody(step), k)
		if err != nil {
			return nil, err
		}
		if len(w) != 1 {
			return nil, fmt.Errorf("%s wrote %d transactions, want 1", step, len(w))
		}
		ch.steps[step], ch.idemKeys[step] = w[0], k
		if step == "submit" {
			// The same request again: answered from the idempotency record.
			if _, _, err := p.metered(ctx, &list, "POST /v1/applications/{id}/submit (Idempotency-Key replay)", replay, 200, p.apps, clerk, "POST", appPath+"/submit", actionBody(step), k); err != nil {
				return nil, err
			}
		}
	}

	// Reads.
	gets := []struct {
		name   string
		h      lambdaHandler
		c      who
		target string
		status int
	}{
		{"GET /v1/applications/{id}", p.apps, clerk, appPath, 200},
		{"GET /v1/applications/{id}/events", p.apps, ab, appPath + "/events", 200},
		{"GET /v1/applications (applicant's queue)", p.apps, clerk, "/v1/applications?limit=20", 200},
		{"GET /v1/applications?status= (reviewer's queue)", p.apps, ab, "/v1/applications?status=ab_check&limit=20", 200},
		{"GET /v1/applications (reviewer, all)", p.apps, ab, "/v1/applications?limit=20", 200},
		{"GET /v1/applications?overdue=true", p.apps, ab, "/v1/applications?overdue=true&limit=20", 200},
		{"GET /v1/notifications", p.apps, ab, "/v1/notifications?limit=20", 200},
		{"GET /v1/health", p.apps, who{}, "/v1/health", 200},
		{"GET /v1/openapi.yaml", p.apps, who{}, "/v1/openapi.yaml", 200},
		{"GET /v1/public/operator-list", p.reg, who{}, "/v1/public/operator-list?limit=20", 200},
		{"GET /v1/public/operator-list?format=csv", p.reg, who{}, "/v1/public/operator-list?format=csv", 200},
		{"GET /v1/objects/{objectId}", p.reg, clerk, "/v1/objects/" + ch.objID, 200},
		{"GET /v1/calendars/{country}/add-working-days", p.cal, who{}, "/v1/calendars/KZ/add-working-days?from=2026-03-19&days=5", 200},
		{"GET /v1/calendars/{country}/explain", p.cal, who{}, "/v1/calendars/KZ/explain?from=2026-03-19&days=5", 200},
	}
	for _, g := range gets {
		if _, _, err := p.metered(ctx, &list, g.name, read, g.status, g.h, g.c, "GET", g.target, nil, ""); err != nil {
			return nil, err
		}
	}

	// The registry's changes: cessation opens the exclusion, which the AB then decides.
	objPath := "/v1/objects/" + ch.objID
	if _, _, err := p.metered(ctx, &list, "POST /v1/objects/{objectId}/cessation", change, 200, p.reg, clerk, "POST", objPath+"/cessation",
		map[string]any{"ceasedOn": "2026-11-20"}, key()); err != nil {
		return nil, err
	}
	if _, _, err := p.metered(ctx, &list, "POST /v1/objects/{objectId}/exclusion", change, 200, p.reg, ab, "POST", objPath+"/exclusion",
		map[string]any{}, key()); err != nil {
		return nil, err
	}
	// A draft abandoned.
	var other struct{ ID string }
	a, err = p.call(ctx, p.apps, clerk, "POST", "/v1/applications",
		map[string]any{"procedure": "kz-operator-list", "object": map[string]string{"name": "Bench IS 2", "type": "information_system"}}, "")
	if err != nil {
		return nil, err
	}
	if err := a.decode(&other); err != nil {
		return nil, err
	}
	if _, _, err := p.metered(ctx, &list, "POST /v1/applications/{id}/withdraw", change, 200, p.apps, clerk, "POST", "/v1/applications/"+other.ID+"/withdraw", map[string]any{}, key()); err != nil {
		return nil, err
	}

	scans := 0
	allCU := true
	for _, m := range list {
		scans += m.u.ops["Scan"]
		if m.u.reads()+m.u.writes() > 0 && !m.u.cuSeen { // DescribeTable reports none
			allCU = false
		}
		reads, writes := m.u.reads(), m.u.writes()
		other := m.u.total() - reads - writes
		var target string
		var pass bool
		switch m.kind {
		case change:
			target = "1 write round trip, ≤ 2 reads, no Scan"
			pass = writes == 1 && reads <= 2 && m.u.ops["Scan"] == 0 && m.u.attempts == m.u.total()
		case replay:
			target = "no write, ≤ 2 reads"
			pass = writes == 0 && reads <= 2 && m.u.ops["Scan"] == 0
		case read:
			target = "1–2 requests (none if the route needs no table), 0 writes, no Scan"
			pass = writes == 0 && m.u.total() <= 2 && m.u.ops["Scan"] == 0
		}
		note := fmt.Sprintf("%d read(s), %d write(s)", reads, writes)
		if other > 0 {
			note += fmt.Sprintf(", %d other (%s)", other, otherOps(m.u))
		}
		if m.u.attempts != m.u.total() {
			note += fmt.Sprintf(", %d HTTP attempts", m.u.attempts)
		}
		if m.u.total() == 0 {
			note = "no DynamoDB request"
		}
		res.check("requests."+m.name, float64(m.u.total()), "requests", target, pass, note)
		if m.u.cuSeen {
			res.add("capacity."+m.name, m.u.cu, "capacity units", "as DynamoDB Local reports them (ReturnConsumedCapacity=TOTAL)")
		}
	}
	res.check("requests.Scan (all operations)", float64(scans), "requests", "0", scans == 0, "every request the handlers sent, by operation name")
	if !allCU {
		res.note("figure 2: DynamoDB Local did not return ConsumedCapacity for every data request; capacity rows are listed where it did")
	}
	return ch, nil
}

func otherOps(u usage) string {
	var out []string
	for k, v := range u.ops {
		switch k {
		case "GetItem", "Query", "BatchGetItem", "TransactGetItems", "Scan", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem":
		default:
			out = append(out, fmt.Sprintf("%s×%d", k, v))
		}
	}
	return strings.Join(out, ", ")
}

// draftItems reads the complete draft's items: the application (META and its documents,
// not its trail) and its object's record.
func (e *env) draftItems(ctx context.Context, ch *chain) ([]map[string]types.AttributeValue, error) {
	out, err := e.db.Query(ctx, &dynamodb.QueryInput{TableName: &e.tables.Registry,
		KeyConditionExpression: aws.String("PK = :pk AND SK < :evt"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "APP#" + ch.appID},
			":evt": &types.AttributeValueMemberS{Value: "EVT#"}}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	obj, err := e.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &e.tables.Registry, ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "OBJ#" + ch.objID},
			"SK": &types.AttributeValueMemberS{Value: "#META"}}})
	if err != nil {
		return nil, err
	}
	if len(out.Items) != 1+len(isDocKinds) || obj.Item == nil {
		return nil, fmt.Errorf("draft %s: %d items and object %v, want META + %d documents and the object", ch.appID, len(out.Items), obj.Item != nil, len(isDocKinds))
	}
	return append(out.Items, obj.Item), nil
}
