package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/procedure"
)

// Figure 6: every action of every declared procedure, walked in process through the
// real handlers as a portal would drive them (each with an Idempotency-Key), and for
// each: the DynamoDB requests it sent, the write units its transaction costs a deployed
// table item by item (capacity.go), what DynamoDB Local reports, and its p50 time
// against the bare transaction of the same items. A declared action no walk reaches
// fails the figure: a new procedure brings its walk.

// maxTableWCU is the target per state change (issue 8): the first release spent 23 on a
// submit and 25 on a forward.
const maxTableWCU = 12

// imager reads the items a transaction writes, with an unmetered client.
type imager struct {
	db   *dynamodb.Client
	defs map[string]tableDef
}

type txImage struct {
	in            *dynamodb.TransactWriteItemsInput
	before, after []map[string]types.AttributeValue
}

func (im *imager) read(ctx context.Context, in *dynamodb.TransactWriteItemsInput) []map[string]types.AttributeValue {
	tables, keys := txKeys(in, im.defs)
	out := make([]map[string]types.AttributeValue, len(keys))
	for i := range keys {
		got, err := im.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &tables[i], Key: keys[i], ConsistentRead: aws.Bool(true)})
		if err == nil {
			out[i] = got.Item
		}
	}
	return out
}

// takeTx returns the images recorded since begin.
func (m *meter) takeTx() []txImage {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.txs
	m.txs = nil
	return t
}

// actionStat is one action's figures over its samples.
type actionStat struct {
	proc, label string
	u           usage // of the first sample
	costs       []itemCost
	localCU     float64
	writesTx    int // transactions per call, worst sample
	maxReads    int
	inproc      []time.Duration
	bare        []time.Duration
}

type walker struct {
	e       *env
	p       *inproc
	defs    map[string]tableDef
	scratch map[string]string // table → its bare twin
	images  *imager
	mu      sync.Mutex
	stats   map[string]*actionStat
	order   []string
	ctx     context.Context
	err     error // the first error of a walk; it stops the walk
}

// walk is one path through a procedure; each run uses fresh applications and objects.
type walk struct {
	name string
	run  func(w *walker)
}

func (e *env) everyAction(ctx context.Context) error {
	n := envInt("ICTGOV_BENCH_ACTION_SAMPLES", 25)
	const warm = 3
	w := &walker{e: e, ctx: ctx, stats: map[string]*actionStat{}, defs: map[string]tableDef{}, scratch: map[string]string{}}
	for _, t := range []string{e.tables.Registry, e.tables.Idempotency} {
		d, err := e.describe(ctx, t)
		if err != nil {
			return err
		}
		w.defs[t] = d
		if w.scratch[t], err = e.scratchTable(ctx, t); err != nil {
			return err
		}
	}
	w.p = e.newInproc()
	w.images = &imager{db: e.db, defs: w.defs}
	for i := 0; i < n+warm; i++ {
		for _, wk := range walks {
			if wk.run(w); w.err != nil {
				return fmt.Errorf("walk %s (run %d): %w", wk.name, i+1, w.err)
			}
		}
		if i == warm-1 {
			for _, s := range w.stats { // the warm-up runs are not timed
				s.inproc, s.bare = nil, nil
			}
		}
	}
	w.report()
	return nil
}

// scratchTable creates (once) an empty table with the same keys and indexes, for the
// bare transactions: DynamoDB Local does the same index work for them.
func (e *env) scratchTable(ctx context.Context, name string) (string, error) {
	twin := "BenchBare" + name
	if _, err := e.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &twin}); err == nil {
		return twin, nil
	}
	out, err := e.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &name})
	if err != nil {
		return "", err
	}
	in := &dynamodb.CreateTableInput{TableName: &twin, AttributeDefinitions: out.Table.AttributeDefinitions,
		KeySchema: out.Table.KeySchema, BillingMode: types.BillingModePayPerRequest}
	for _, g := range out.Table.GlobalSecondaryIndexes {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection})
	}
	if _, err := e.db.CreateTable(ctx, in); err != nil {
		return "", fmt.Errorf("create the bare twin of %s: %w", name, err)
	}
	return twin, nil
}

// bareOf is a recorded transaction moved to the twin tables with its conditions
// removed, so that it can be sent again and again: the same items, the same sizes.
func (w *walker) bareOf(in *dynamodb.TransactWriteItemsInput) *dynamodb.TransactWriteItemsInput {
	out := &dynamodb.TransactWriteItemsInput{}
	for _, it := range in.TransactItems {
		switch {
		case it.Put != nil:
			p := *it.Put
			p.TableName = aws.String(w.scratch[aws.ToString(p.TableName)])
			p.ConditionExpression, p.ExpressionAttributeNames, p.ExpressionAttributeValues = nil, nil, nil
			out.TransactItems = append(out.TransactItems, types.TransactWriteItem{Put: &p})
		case it.Update != nil:
			u := *it.Update
			u.TableName = aws.String(w.scratch[aws.ToString(u.TableName)])
			u.ConditionExpression = nil
			u.ExpressionAttributeNames, u.ExpressionAttributeValues = usedOnly(aws.ToString(u.UpdateExpression), u.ExpressionAttributeNames, u.ExpressionAttributeValues)
			out.TransactItems = append(out.TransactItems, types.TransactWriteItem{Update: &u})
		case it.Delete != nil:
			d := *it.Delete
			d.TableName = aws.String(w.scratch[aws.ToString(d.TableName)])
			d.ConditionExpression, d.ExpressionAttributeNames, d.ExpressionAttributeValues = nil, nil, nil
			out.TransactItems = append(out.TransactItems, types.TransactWriteItem{Delete: &d})
		}
		// A ConditionCheck writes nothing: without its condition it has no work left.
	}
	return out
}

// seedTwin copies into the twin tables, untimed, the items a transaction updates, as they
// are now: an update's paths into maps and lists (a decision's members, an object's
// history) must exist for the bare replay, as they did for the real one.
func (w *walker) seedTwin(in *dynamodb.TransactWriteItemsInput) error {
	for _, it := range in.TransactItems {
		if it.Update == nil {
			continue
		}
		table := aws.ToString(it.Update.TableName)
		got, err := w.e.db.GetItem(w.ctx, &dynamodb.GetItemInput{TableName: &table, Key: it.Update.Key, ConsistentRead: aws.Bool(true)})
		if err != nil {
			return err
		}
		if got.Item == nil {
			continue
		}
		if _, err := w.e.db.PutItem(w.ctx, &dynamodb.PutItemInput{TableName: aws.String(w.scratch[table]), Item: got.Item}); err != nil {
			return err
		}
	}
	return nil
}

var placeholder = regexp.MustCompile(`[#:][A-Za-z0-9_]+`)

// usedOnly keeps the expression names and values an update expression still uses.
func usedOnly(expr string, names map[string]string, values map[string]types.AttributeValue) (map[string]string, map[string]types.AttributeValue) {
	used := map[string]bool{}
	for _, p := range placeholder.FindAllString(expr, -1) {
		used[p] = true
	}
	var n map[string]string
	for k, v := range names {
		if used[k] {
			if n == nil {
				n = map[string]string{}
			}
			n[k] = v
		}
	}
	var vs map[string]types.AttributeValue
	for k, v := range values {
		if used[k] {
			if vs == nil {
				vs = map[string]types.AttributeValue{}
			}
			vs[k] = v
		}
	}
	return n, vs
}

// measure sends one request in process, with an Idempotency-Key, and records what it cost
// under proc/label; then it sends the same items as a bare transaction and times that.
// The walker's first error stops the walk: every later call does nothing.
func (w *walker) measure(proc, label string, h lambdaHandler, c who, method, target string, body any, want int) answer {
	if w.err != nil {
		return answer{}
	}
	p := w.p
	key := proc + " · " + label
	s, seen := w.stats[key]
	// The item images cost reads of their own: they are taken on an action's first call
	// only, which is a warm-up call and not timed.
	p.m.images = nil
	if !seen {
		p.m.images = w.images
	}
	p.m.begin()
	t := time.Now()
	a, err := p.call(w.ctx, h, c, method, target, body, id.New(time.Now()))
	d := time.Since(t)
	txs := p.m.takeTx()
	u, writes := p.m.end()
	if err == nil && a.status != want {
		err = fmt.Errorf("status %d, want %d: %.400s", a.status, want, a.body)
	}
	if err != nil {
		w.err = fmt.Errorf("%s %s: %w", proc, label, err)
		return a
	}
	var bd time.Duration
	for _, tx := range writes {
		in := w.bareOf(tx)
		if err := w.seedTwin(tx); err != nil {
			w.err = fmt.Errorf("%s %s: seed the bare tables: %w", proc, label, err)
			return a
		}
		t := time.Now()
		if _, err := w.e.db.TransactWriteItems(w.ctx, in); err != nil {
			w.err = fmt.Errorf("%s %s: the bare transaction: %w", proc, label, err)
			return a
		}
		bd += time.Since(t)
	}
	if !seen {
		s = &actionStat{proc: proc, label: label, u: u, localCU: u.cu}
		for _, tx := range txs {
			tables, keys := txKeys(tx.in, w.defs)
			for i := range keys {
				s.costs = append(s.costs, w.defs[tables[i]].cost(tx.before[i], tx.after[i]))
			}
		}
		w.stats[key] = s
		w.order = append(w.order, key)
	}
	s.writesTx = max(s.writesTx, len(writes))
	s.maxReads = max(s.maxReads, u.reads())
	s.inproc = append(s.inproc, d)
	if len(writes) > 0 {
		s.bare = append(s.bare, bd)
	}
	return a
}

// Helpers of the walks.

type created struct {
	ID     string
	Object *struct{ ID string }
}

func (w *walker) decode(a answer) created {
	var c created
	if w.err == nil {
		if err := a.decode(&c); err != nil {
			w.err = err
		}
	}
	return c
}

// create opens an application and measures it as the procedure's opening.
func (w *walker) create(proc string, c who, body map[string]any) created {
	body["procedure"] = proc
	return w.decode(w.measure(proc, "create", w.p.apps, c, "POST", "/v1/applications", body, 201))
}

func (w *walker) act(proc, label string, c who, appID, action string, body any) {
	if body == nil {
		body = map[string]any{}
	}
	w.measure(proc, label, w.p.apps, c, "POST", "/v1/applications/"+appID+"/"+action, body, 200)
}

// untimed sends a request that is a walk's set-up, not one of its measured actions.
func (w *walker) untimed(c who, method, target string, body any, want int) answer {
	if w.err != nil {
		return answer{}
	}
	a, err := w.p.call(w.ctx, w.p.apps, c, method, target, body, "")
	if err == nil && a.status != want {
		err = fmt.Errorf("%s %s: status %d, want %d: %.300s", method, target, a.status, want, a.body)
	}
	if err != nil {
		w.err = err
	}
	return a
}

// open creates an application as set-up (untimed).
func (w *walker) open(proc string, c who, body map[string]any) created {
	body["procedure"] = proc
	return w.decode(w.untimed(c, "POST", "/v1/applications", body, 201))
}

// upload adds a valid document of kind to an application (not measured here: figure 2
// counts the upload slot, and the verdict is the validator's write).
func (w *walker) upload(c who, appID, kind string) {
	content := []byte("%PDF-1.7 bench " + kind)
	sum := sha256.Sum256(content)
	a := w.untimed(c, "POST", "/v1/applications/"+appID+"/documents", map[string]any{
		"kind": kind, "fileName": kind + ".pdf", "contentType": "application/pdf", "size": len(content),
		"sha256": hex.EncodeToString(sum[:])}, 201)
	slot := w.decode(a)
	if w.err != nil {
		return
	}
	w.err = dynamo.New(w.e.db, w.e.tables).RecordVerdict(w.ctx, document.Owner{Kind: document.OfApplication, ID: appID}, slot.ID,
		dynamo.Verdict{Status: "valid", Reasons: []string{}, VersionID: "bench", At: time.Now().UTC()})
}

// existingObject registers an object of the clerk's organisation (by a draft), untimed.
func (w *walker) existingObject() string {
	c := w.open("kz-operator-list", clerk, map[string]any{"object": newObject("Е-нотариат")})
	if w.err == nil && c.Object == nil {
		w.err = fmt.Errorf("the draft %s registered no object", c.ID)
	}
	if c.Object == nil {
		return ""
	}
	return c.Object.ID
}

// newObject names an object as a ministry would (Cyrillic, about fifty letters): names
// recur in the items and the notices, so ASCII stand-ins would flatter the sizes.
func newObject(name string) map[string]any {
	return map[string]any{"name": "Информационная система «" + name + "» " + id.New(time.Now())[18:], "type": "information_system"}
}

func envBody() map[string]any {
	return map[string]any{"object": newObject("Электронное правительство"), "environment": map[string]any{
		"types": []string{"development_testing"}, "agreementDate": "2026-11-02"}}
}

func archBody() map[string]any {
	return map[string]any{"details": map[string]any{"title": "Bench architecture", "domain": "Bench"}}
}

func placementBody() map[string]any {
	return map[string]any{"object": newObject("Реестр государственных услуг"), "details": map[string]any{"class": 1, "services": []string{"platform"}}}
}

func donationBody() map[string]any {
	return map[string]any{"object": newObject("Сыйға тартылған жүйе"), "details": map[string]any{"acquisition": "donation", "from": "Bench donor"}}
}

func torBody(objID string) map[string]any {
	return map[string]any{"object": map[string]any{"id": objID}, "details": map[string]any{"trustee": "Bench trustee"}}
}

// objectInOperation registers an object of the clerk's organisation with a supplier and
// takes it to operation (003 §6–§9, §15), untimed: a warranty claim needs one.
func (w *walker) objectInOperation(supplierOrg string) string {
	start := time.Now().AddDate(0, -1, -10)
	day := func(n int) string { return start.AddDate(0, 0, n).Format("2006-01-02") }
	var o struct{ ID string }
	if a := w.regCall(clerk, "POST", "/v1/objects", map[string]any{"name": "Е-шарт " + id.New(time.Now())[18:], "type": "information_system",
		"funding": "own_funds", "supplier": supplierOrg, "initiatedOn": day(0)}, 201); w.err == nil {
		w.err = a.decode(&o)
	}
	doc := func(kind string) {
		content := []byte("%PDF-1.7 bench " + kind)
		sum := sha256.Sum256(content)
		var slot struct{ ID string }
		if a := w.regCall(clerk, "POST", "/v1/objects/"+o.ID+"/documents", map[string]any{"kind": kind, "fileName": kind + ".pdf",
			"contentType": "application/pdf", "size": len(content), "sha256": hex.EncodeToString(sum[:])}, 201); w.err == nil {
			w.err = a.decode(&slot)
		}
		if w.err == nil {
			w.err = dynamo.New(w.e.db, w.e.tables).RecordVerdict(w.ctx, document.Owner{Kind: document.OfObject, ID: o.ID}, slot.ID,
				dynamo.Verdict{Status: "valid", Reasons: []string{}, VersionID: "bench", At: time.Now().UTC(), Kind: kind})
		}
	}
	stage := func(to, on string) {
		w.regCall(clerk, "POST", "/v1/objects/"+o.ID+"/stage", map[string]any{"to": to, "on": on}, 200)
	}
	doc("terms_of_reference")
	doc("cost_calculation")
	stage("engineering", day(1))
	stage("trial_operation", day(2))
	doc("trial_operation_act")
	stage("is_testing", day(3))
	doc("is_test_result")
	stage("implementation", day(4))
	doc("commissioning_act")
	stage("operation", day(5))
	return o.ID
}

func (w *walker) regCall(c who, method, target string, body any, want int) answer {
	if w.err != nil {
		return answer{}
	}
	a, err := w.p.call(w.ctx, w.p.reg, c, method, target, body, "")
	if err == nil && a.status != want {
		err = fmt.Errorf("%s %s: status %d, want %d: %.300s", method, target, a.status, want, a.body)
	}
	w.err = err
	return a
}

// varam is the coordinator of seed 000 (VARAM).
var varam = who{"bench-varam", "lv-varam", []string{"coordinator"}}

// lvDecision records organisations and a decision naming them, adopted three months and
// three days ago in Riga, and sweeps: the §6.2 gate has frozen every one of them (000 §6).
func (w *walker) lvDecision(orgs ...string) string {
	for _, o := range orgs {
		w.lvCall("POST", "/v1/orgs/"+o, map[string]any{"parent": nil, "name": "Bench ministrija " + o}, 201)
	}
	var d struct{ ID string }
	if a := w.lvCall("POST", "/v1/decisions", map[string]any{"title": "Par IKT konsolidāciju (bench)", "adoptedOn": nil, "orgs": orgs}, 201); w.err == nil {
		w.err = a.decode(&d)
	}
	riga, _ := time.LoadLocation("Europe/Riga")
	adopted := time.Now().In(riga).AddDate(0, -3, -3).Format("2006-01-02")
	w.lvCall("PATCH", "/v1/decisions/"+d.ID, map[string]any{"adoptedOn": adopted}, 200)
	if w.err == nil {
		_, w.err = w.p.store.Sweep(w.ctx, time.Now(), dynamo.SweepOptions{})
	}
	return d.ID
}

func (w *walker) lvCall(method, target string, body any, want int) answer {
	if w.err != nil {
		return answer{}
	}
	a, err := w.p.call(w.ctx, w.p.lv, varam, method, target, body, "")
	if err == nil && a.status != want {
		err = fmt.Errorf("%s %s: status %d, want %d: %.300s", method, target, a.status, want, a.body)
	}
	w.err = err
	return a
}

// walks reach every declared action (and every opening) at least once.
var walks = []walk{
	{"kz-operator-list: inclusion, then the object's cessation and exclusion", func(w *walker) {
		const p = "kz-operator-list"
		a := w.create(p, clerk, map[string]any{"object": newObject("Единый нотариальный реестр")})
		w.measure(p, "PATCH the draft (criteria)", w.p.apps, clerk, "PATCH", "/v1/applications/"+a.ID, map[string]any{"criteria": allCriteria()}, 200)
		for _, k := range isDocKinds {
			w.upload(clerk, a.ID, k)
		}
		for _, step := range transitions {
			label := step
			if step == "decision" {
				label = "decision (include)"
			}
			w.act(p, label, actorOf(step), a.ID, step, actionBody(step))
		}
		const x = "kz-operator-exclusion"
		if a.Object == nil {
			return
		}
		obj := "/v1/objects/" + a.Object.ID
		w.measure(x, "cessation (opens it)", w.p.reg, clerk, "POST", obj+"/cessation", map[string]any{"ceasedOn": "2026-11-20"}, 200)
		w.measure(x, "exclusion", w.p.reg, ab, "POST", obj+"/exclusion", map[string]any{}, 200)
	}},
	{"kz-operator-list: refusal", func(w *walker) {
		const p = "kz-operator-list"
		a := w.create(p, clerk, map[string]any{"object": newObject("Единый нотариальный реестр"), "criteria": allCriteria()})
		for _, k := range isDocKinds {
			w.upload(clerk, a.ID, k)
		}
		w.act(p, "submit", clerk, a.ID, "submit", nil)
		w.act(p, "forward", ab, a.ID, "forward", nil)
		// A ground of 002 ¶7 must hold for a refusal: ¶7.2, the architecture.
		w.act(p, "recommendation", si, a.ID, "recommendation", map[string]any{"architecture": "does_not_comply", "note": "bench"})
		w.act(p, "decision (refuse)", ab, a.ID, "decision", map[string]any{"decision": "refuse", "reasons": []string{"bench: refused"}})
	}},
	{"every procedure: a draft withdrawn", func(w *walker) {
		for _, d := range []struct {
			proc string
			c    who
			body map[string]any
		}{
			{"kz-operator-list", clerk, map[string]any{"object": newObject("Единый нотариальный реестр")}},
			{"kz-environment", clerk, envBody()},
			{"kz-architecture-agreement", si, archBody()},
			{"kz-placement", clerk, placementBody()},
			{"kz-donation-conclusion", clerk, donationBody()},
			// kz-tor-agreement opens on an existing object of the organisation.
			{"kz-tor-agreement", clerk, torBody(w.existingObject())},
		} {
			w.act(d.proc, "withdraw", d.c, w.open(d.proc, d.c, d.body).ID, "withdraw", nil)
		}
	}},
	{"kz-environment: provided", func(w *walker) {
		const p = "kz-environment"
		a := w.create(p, clerk, envBody())
		w.act(p, "submit", clerk, a.ID, "submit", nil)
		w.act(p, "provide", op, a.ID, "provide", map[string]any{"note": "bench"})
	}},
	{"kz-architecture-agreement: refused, resubmitted, agreed, published", func(w *walker) {
		const p = "kz-architecture-agreement"
		a := w.create(p, si, archBody())
		w.upload(si, a.ID, "architecture_draft")
		w.act(p, "submit", si, a.ID, "submit", nil)
		w.act(p, "agreement (refuse)", ab, a.ID, "agreement", map[string]any{"decision": "refuse", "comments": "bench: revise"})
		w.upload(si, a.ID, "architecture_draft")
		w.act(p, "resubmit (round 2)", si, a.ID, "resubmit", nil)
		w.act(p, "agreement (agree)", ab, a.ID, "agreement", map[string]any{"decision": "agree"})
		w.act(p, "publish", si, a.ID, "publish", nil)
	}},
	{"kz-placement: placed", func(w *walker) {
		const p = "kz-placement"
		a := w.create(p, clerk, placementBody())
		w.act(p, "submit", clerk, a.ID, "submit", nil)
		w.act(p, "placement", op, a.ID, "placement", map[string]any{"outcome": "placed"})
	}},
	{"kz-tor-agreement: refused, and agreed", func(w *walker) {
		const p = "kz-tor-agreement"
		objID := w.existingObject()
		for _, body := range []map[string]any{
			{"decision": "refuse", "comments": "bench: incomplete"},
			{"decision": "agree"},
		} {
			a := w.create(p, clerk, torBody(objID))
			w.upload(clerk, a.ID, "terms_of_reference")
			w.act(p, "submit", clerk, a.ID, "submit", nil)
			w.act(p, "agreement ("+body["decision"].(string)+")", ab, a.ID, "agreement", body)
		}
	}},
	{"kz-donation-conclusion: assessed, concluded", func(w *walker) {
		const p = "kz-donation-conclusion"
		a := w.create(p, clerk, donationBody())
		w.upload(clerk, a.ID, "terms_of_reference")
		w.act(p, "submit", clerk, a.ID, "submit", nil)
		w.act(p, "assessment", si, a.ID, "assessment", map[string]any{"checks": map[string]bool{
			"I2a": true, "I2b": true, "I2c": true, "I2d": true, "I2e": true}})
		w.act(p, "conclusion", ab, a.ID, "conclusion", map[string]any{"I1": true, "conclusion": "positive"})
	}},
	{"kz-warranty-claim: accepted and fixed, rejected, withdrawn", func(w *walker) {
		const p = "kz-warranty-claim"
		supplierOrg := "kz-bench-soft-" + strings.ToLower(id.New(time.Now())[18:])
		sup := who{"bench-sup-" + supplierOrg, supplierOrg, []string{"supplier"}}
		objID := w.objectInOperation(supplierOrg)
		all := map[string]bool{"W1": true, "W2": true, "W3": true, "W4": true, "W5": true}
		body := func() map[string]any {
			return map[string]any{"object": map[string]any{"id": objID}, "details": map[string]any{"description": "отчёты не формируются",
				"failureOn": time.Now().AddDate(0, 0, -7).Format("2006-01-02"), "conditions": all}}
		}
		a := w.create(p, clerk, body())
		w.act(p, "submit", clerk, a.ID, "submit", nil)
		w.act(p, "claim (accept)", sup, a.ID, "claim", map[string]any{"decision": "accept", "fixBy": time.Now().AddDate(0, 0, 14).Format("2006-01-02")})
		w.act(p, "fixed", sup, a.ID, "fixed", map[string]any{"note": "исправлено в 1.2.1"})
		b := w.create(p, clerk, body())
		w.act(p, "submit", clerk, b.ID, "submit", nil)
		w.act(p, "claim (reject)", sup, b.ID, "claim", map[string]any{"decision": "reject", "reasons": []string{"ошибка в сети заказчика"}})
		w.act(p, "withdraw", clerk, w.open(p, clerk, body()).ID, "withdraw", nil)
	}},
	{"seed 000: the four lv- procedures under a decision whose gate has frozen their organisations", func(w *walker) {
		sfx := strings.ToLower(id.New(time.Now())[18:])
		share, move, plan := "lv-bench-a-"+sfx, "lv-bench-b-"+sfx, "lv-bench-c-"+sfx
		dec := w.lvDecision(share, move, plan)
		clerkOf := func(org string) who { return who{"bench-clerk-" + org, org, []string{"applicant"}} }
		details := func(extra map[string]any) map[string]any {
			d := map[string]any{"decisionId": dec}
			for k, v := range extra {
				d[k] = v
			}
			return map[string]any{"details": d}
		}
		// 000 §6.1: shared services agreed (which lifts the freeze), a migration refused.
		const ss, mg = "lv-shared-services", "lv-migration"
		a := w.create(ss, clerkOf(share), details(nil))
		w.upload(clerkOf(share), a.ID, "precondition_evidence")
		w.act(ss, "submit", clerkOf(share), a.ID, "submit", nil)
		w.act(ss, "agreement (agree)", varam, a.ID, "agreement", map[string]any{"decision": "agree"})
		b := w.create(mg, clerkOf(move), details(map[string]any{"summary": "Pakāpeniska pāreja"}))
		w.upload(clerkOf(move), b.ID, "transition_justification")
		w.act(mg, "submit", clerkOf(move), b.ID, "submit", nil)
		w.act(mg, "agreement (refuse)", varam, b.ID, "agreement", map[string]any{"decision": "refuse", "comments": "bench: nepietiek pamatojuma"})
		// 000 §6.2: the frozen organisation asks for an extraordinary investment.
		const xi = "lv-extraordinary-investment"
		c := w.create(xi, clerkOf(plan), details(map[string]any{"category": "servers", "ground": "emergency", "amountEur": 18500,
			"description": "Serveru avārijas nomaiņa"}))
		w.act(xi, "submit", clerkOf(plan), c.ID, "submit", nil)
		w.act(xi, "agreement (agree)", varam, c.ID, "agreement", map[string]any{"decision": "agree"})
		// 000 §6.3: the agreed organisation's action plan.
		const ap = "lv-action-plan"
		pl := w.create(ap, clerkOf(share), details(map[string]any{"version": 1, "summary": "Rīcības plāns"}))
		w.act(ap, "submit", clerkOf(share), pl.ID, "submit", nil)
		w.act(ap, "agreement (agree)", varam, pl.ID, "agreement", map[string]any{"decision": "agree"})
		// A draft of each, withdrawn.
		for _, d := range []struct {
			proc, org string
			extra     map[string]any
		}{
			{ss, move, nil}, {mg, move, nil},
			{xi, plan, map[string]any{"category": "storage", "ground": "exception", "amountEur": 1000}},
			{ap, share, map[string]any{"version": 2}},
		} {
			w.act(d.proc, "withdraw", clerkOf(d.org), w.open(d.proc, clerkOf(d.org), details(d.extra)).ID, "withdraw", nil)
		}
	}},
}

// report writes figure 6.
func (w *walker) report() {
	res := w.e.res
	// Every declared action (and every opening) must have been walked.
	reached := map[string]bool{}
	for _, s := range w.stats {
		name, _, _ := strings.Cut(s.label, " ")
		reached[s.proc+"."+name] = true
	}
	var missing []string
	declared := 0
	for _, p := range procedure.All() {
		names := []string{}
		if p.Opening.Via == procedure.ViaApplication {
			names = append(names, "create")
		} else {
			names = append(names, p.Opening.Via)
		}
		for _, a := range p.Actions {
			names = append(names, a.Name)
		}
		for _, a := range names {
			declared++
			if !reached[p.ID+"."+a] {
				missing = append(missing, p.ID+"."+a)
			}
		}
	}
	sort.Strings(missing)
	note := fmt.Sprintf("%d declared actions and openings over %d procedures, %d measured variants", declared, len(procedure.All()), len(w.stats))
	if len(missing) > 0 {
		note += "; not walked: " + strings.Join(missing, ", ")
	}
	res.check("actions.coverage", float64(declared-len(missing)), "actions", fmt.Sprintf("all %d", declared), len(missing) == 0, note)

	worst := 0
	for _, key := range w.order {
		s := w.stats[key]
		k := "actions." + s.proc + "." + s.label
		reads, writes := s.maxReads, s.u.writes()
		res.check(k+".requests", float64(s.u.total()), "requests", "1 TransactWriteItems, ≤ 2 reads",
			writes == 1 && s.writesTx == 1 && reads <= 2 && s.u.ops["Scan"] == 0,
			fmt.Sprintf("%d read(s), %d write(s); DynamoDB Local reports %.0f capacity units for the transaction, %.1f for the reads",
				reads, writes, s.u.cuByOp["TransactWriteItems"], s.localCU-s.u.cuByOp["TransactWriteItems"]))
		table, index := 0, 0
		var items, idx []string
		for _, c := range s.costs {
			table += c.wcu
			index += c.indexWCU()
			items = append(items, fmt.Sprintf("%s %s→%d", c.kind, sizes(c), c.wcu))
			for _, name := range sortedKeys(c.index) {
				idx = append(idx, fmt.Sprintf("%s %s %d", c.kind, name, c.index[name]))
			}
		}
		worst = max(worst, table)
		res.check(k+".table_wcu", float64(table), "write units", fmt.Sprintf("≤ %d", maxTableWCU), table <= maxTableWCU && table > 0,
			strings.Join(items, ", "))
		if len(idx) == 0 {
			idx = []string{"no index entry changes"}
		}
		res.add(k+".index_wcu", float64(index), "write units", strings.Join(idx, ", "))
		ip, bp := percentile(sortDur(s.inproc), .5), percentile(sortDur(s.bare), .5)
		res.add(k+".p50", ms(ip), "ms", fmt.Sprintf("in process, %d samples; the bare transaction of the same items: p50 %.2f ms", len(s.inproc), ms(bp)))
		if bp > 0 {
			res.add(k+".ratio_p50", float64(ip)/float64(bp), "×", "in-process p50 / bare p50 (the load, the decision and the write over the write alone)")
		}
	}
	res.check("actions.table_wcu (worst)", float64(worst), "write units", fmt.Sprintf("≤ %d", maxTableWCU), worst <= maxTableWCU && worst > 0,
		"2 per KB of the larger image of each item (transactional); indexes are reported apart")
}

// sizes says an item's before and after sizes.
func sizes(c itemCost) string {
	switch {
	case c.before == 0:
		return fmt.Sprintf("new %d B", c.after)
	case c.after == 0:
		return fmt.Sprintf("deleted %d B", c.before)
	case c.before == c.after:
		return fmt.Sprintf("%d B", c.after)
	}
	return fmt.Sprintf("%d→%d B", c.before, c.after)
}

func sortedKeys(m map[string]int) []string {
	k := make([]string, 0, len(m))
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}
