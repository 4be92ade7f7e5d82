package dynamo_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/procedure"
)

// countingAPI passes every request to DynamoDB Local and counts the reads, keeping the
// partitions the queries read and the items of each transaction.
type countingAPI struct {
	dynamo.API
	mu      sync.Mutex
	reads   int
	queried []string
	txs     [][]types.TransactWriteItem
}

func (c *countingAPI) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads, c.queried, c.txs = 0, nil, nil
}

func (c *countingAPI) read() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
}

func (c *countingAPI) GetItem(ctx context.Context, in *dynamodb.GetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	c.read()
	return c.API.GetItem(ctx, in, o...)
}

func (c *countingAPI) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, o ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	c.read()
	return c.API.BatchGetItem(ctx, in, o...)
}

func (c *countingAPI) Query(ctx context.Context, in *dynamodb.QueryInput, o ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	c.read()
	c.mu.Lock()
	for _, v := range in.ExpressionAttributeValues {
		if sv, ok := v.(*types.AttributeValueMemberS); ok && aws.ToString(in.IndexName) == "" {
			c.queried = append(c.queried, sv.Value)
		}
	}
	c.mu.Unlock()
	return c.API.Query(ctx, in, o...)
}

func (c *countingAPI) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	c.mu.Lock()
	c.txs = append(c.txs, in.TransactItems)
	c.mu.Unlock()
	return c.API.TransactWriteItems(ctx, in, o...)
}

// txKey names a transaction item by its key, "PK SK" (the key's own prefixes, the ids cut).
func txKey(it types.TransactWriteItem) string {
	var k map[string]types.AttributeValue
	switch {
	case it.Put != nil:
		k = it.Put.Item
	case it.Update != nil:
		k = it.Update.Key
	case it.ConditionCheck != nil:
		k = it.ConditionCheck.Key
	case it.Delete != nil:
		k = it.Delete.Key
	}
	pk, sk := k["PK"].(*types.AttributeValueMemberS).Value, k["SK"].(*types.AttributeValueMemberS).Value
	pk, _, _ = strings.Cut(pk, "#")
	switch {
	case strings.HasPrefix(sk, "EVT#"):
		sk = "EVT"
	case strings.HasPrefix(sk, "CLK#"):
		sk, _, _ = strings.Cut(strings.TrimPrefix(sk, "CLK#"), ":")
	case strings.HasPrefix(sk, "#ORG#"):
		sk = "#ORG"
	}
	return pk + " " + sk
}

// Issue 8 on the seed-000 procedures: every change is one transaction that reads at most
// twice — the application's load, and one BatchGetItem of the decision's items about the
// organisation, shared by the guard and the effects — and never the decision's partition
// (which names many organisations here); it writes one trail entry, the application's,
// and no item of the decision but the organisation's own, with no condition on the
// decision's record once D is set (000 §6.1–§6.3). Before D, the change that touches the
// organisation's member item is conditioned on D being absent still.
func TestLatviaChangesReadTwice(t *testing.T) {
	f := newSweepFixture(t)
	orgs := []string{"lv-zm", "lv-km"}
	for i := range 20 {
		orgs = append(orgs, fmt.Sprintf("lv-x%02d", i))
	}
	var pairs []string
	for _, o := range orgs {
		pairs = append(pairs, o, "")
	}
	f.hierarchy(pairs...)
	decID := f.decision(orgs...)
	api := &countingAPI{API: f.db}
	st := dynamo.New(api, f.tables)

	// step runs one request the way the handlers do and checks what it sent: reads, one
	// transaction, its items by key.
	step := func(name string, want []string, run func() error) {
		t.Helper()
		api.reset()
		if err := run(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if api.reads > 2 {
			t.Errorf("%s: %d reads, want at most 2", name, api.reads)
		}
		for _, pk := range api.queried {
			if strings.HasPrefix(pk, "DEC#") {
				t.Errorf("%s: queried the decision's partition %s", name, pk)
			}
		}
		if len(api.txs) != 1 {
			t.Fatalf("%s: %d transactions, want 1", name, len(api.txs))
		}
		var got []string
		for _, it := range api.txs[0] {
			got = append(got, txKey(it))
		}
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("%s writes\n  %s\nwant\n  %s", name, strings.Join(got, ", "), strings.Join(want, ", "))
		}
	}
	create := func(proc, org string, details map[string]any, at time.Time) string {
		t.Helper()
		details["decisionId"] = decID
		draft := procedure.Draft{Procedure: proc, Sections: map[string]any{"details": details}}
		appID := id.New(at)
		step(proc+" create", []string{"APP #META", "APP EVT"}, func() error {
			if err := st.GuardCreate(f.ctx, draft, lvClerk(org), at); err != nil {
				return err
			}
			ch, err := procedure.Create(draft, lvClerk(org), at, appID, "", nil)
			if err != nil {
				return err
			}
			return st.Apply(f.ctx, ch, dynamo.ApplyOptions{})
		})
		p, _ := procedure.Lookup(proc)
		for _, k := range p.DocumentKinds("") {
			f.validDoc(appID, id.New(at), k)
		}
		return appID
	}
	act := func(name string, want []string, appID, action string, body map[string]any, c actor.Caller, at time.Time) {
		t.Helper()
		step(name, want, func() error {
			reads := new(dynamo.Reads)
			_, err := st.Update(f.ctx, appID, func(a *procedure.Application) (*procedure.Change, error) {
				if err := st.GuardAct(f.ctx, a, action, body, c, at, reads); err != nil {
					return nil, err
				}
				return procedure.Act(a, action, body, c, at, nil)
			}, dynamo.ApplyOptions{Reads: reads})
			return err
		})
	}
	agree := map[string]any{"decision": "agree"}

	// 000 §6.1: lv-zm submits in time; the gate fires over lv-zm and lv-km; VARAM agrees
	// lv-zm after it, which lifts its freeze.
	at := time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)
	zm := create("lv-shared-services", "lv-zm", map[string]any{}, at)
	act("000 §6.1 submit", []string{"APP #META", "APP EVT", "DEC submission", "DEC #ORG"}, zm, "submit", nil, lvClerk("lv-zm"), at)
	f.sweep(lvGate.Add(time.Hour))
	lift := lvGate.Add(48 * time.Hour)
	act("000 §6.1–§6.2 agreement lifting the freeze", []string{"APP #META", "APP EVT", "DEC freeze", "DEC #ORG", "ORG #META"},
		zm, "agreement", agree, lvVARAM, lift)
	if fr := f.org("lv-zm").Freeze; fr != nil {
		t.Fatalf("still frozen: %+v", fr)
	}

	// 000 §6.2: lv-km, frozen, asks for an extraordinary investment.
	xi := create("lv-extraordinary-investment", "lv-km", map[string]any{"category": "servers", "ground": "emergency", "amountEur": 18500}, lift)
	act("000 §6.2 submit", []string{"APP #META", "APP EVT"}, xi, "submit", nil, lvClerk("lv-km"), lift)
	act("000 §6.2 agreement", []string{"APP #META", "APP EVT", "ORG #META"}, xi, "agreement", agree, lvVARAM, lift)
	if inv, ok := f.org("lv-km").Investments["servers"]; !ok || inv.DecisionID != decID || inv.ApplicationID != xi {
		t.Fatalf("the agreed investment on lv-km: %+v", f.org("lv-km").Investments)
	}

	// 000 §6.3: lv-zm's action plan, version 1.
	ap := create("lv-action-plan", "lv-zm", map[string]any{"version": 1}, lift)
	act("000 §6.3 submit", []string{"APP #META", "APP EVT"}, ap, "submit", nil, lvClerk("lv-zm"), lift)
	act("000 §6.3 agreement", []string{"APP #META", "APP EVT", "DEC action_plan", "DEC #ORG", "ORG #META"}, ap, "agreement", agree, lvVARAM, lift)
	if mb := f.decisionState(decID).Members["lv-zm"]; mb.Plan == nil || mb.Plan.Version != 1 || mb.Submitted == nil || mb.Agreed == nil ||
		len(mb.FreezePeriods) != 1 || !mb.FreezePeriods[0].Until.Equal(lift) {
		t.Fatalf("what the decision holds about lv-zm: %+v", mb)
	}
	for _, e := range f.trailOf("DEC#" + decID) {
		if strings.HasPrefix(e.Type, "lv_") {
			t.Errorf("an application's change on the decision's trail: %+v", e)
		}
	}

	// Before D: a submission meets nothing yet (no clock runs) and is conditioned on D
	// still being absent, so that it cannot slip past the start of the decision.
	predecID := id.New(lvCreated.Add(time.Second))
	d, err := consolidation.NewDecision{Title: "Lēmums bez D", Orgs: []string{"lv-zm"}}.Decide(predecID, lvVARAM, lvCreated)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateDecision(f.ctx, d, lvVARAM, lvCreated, nil, noAnswer); err != nil {
		t.Fatal(err)
	}
	decID = predecID
	early := lvCreated.Add(time.Hour)
	pre := create("lv-migration", "lv-zm", map[string]any{}, early)
	act("000 §6.1 submit before D", []string{"APP #META", "APP EVT", "DEC #ORG", "DEC #META"}, pre, "submit", nil, lvClerk("lv-zm"), early)
	if tx := api.txs[0]; tx[len(tx)-1].ConditionCheck == nil ||
		aws.ToString(tx[len(tx)-1].ConditionCheck.ConditionExpression) != "attribute_not_exists(adoptedOn)" {
		t.Fatalf("the submission before D is not conditioned on D's absence: %+v", tx[len(tx)-1])
	}
}

// pausingAPI runs hook once, just before the first transaction it is asked to send: a
// concurrent change lands, every time, between that request's reads and its write.
type pausingAPI struct {
	dynamo.API
	once sync.Once
	hook func()
}

func (p *pausingAPI) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	p.once.Do(p.hook)
	return p.API.TransactWriteItems(ctx, in, o...)
}

// 000 §6.1 around D: a submission and the start of the decision (D set, the
// organisations' clocks written already stopped for what each has done) cross each
// other both ways, and the organisation's submission deadline ends met either way, never
// running beside a recorded submission: read before D, the submission is conditioned on
// D's absence and decided again; read after it, it and the start each write the clock
// only where none is.
func TestSubmissionRacesTheStart(t *testing.T) {
	f := newSweepFixture(t)
	f.hierarchy("lv-zm", "")
	for _, tc := range []struct {
		name        string
		startBefore bool // the start lands between the submission's read and its write; else the other way round
	}{{"000-6.1 D set while the submission is decided", true}, {"000-6.1 the submission lands while the start is decided", false}} {
		t.Run(tc.name, func(t *testing.T) {
			created := lvCreated.Add(time.Minute)
			decID := id.New(created)
			d, err := consolidation.NewDecision{Title: "Lēmums", Orgs: []string{"lv-zm"}}.Decide(decID, lvVARAM, created)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.st.CreateDecision(f.ctx, d, lvVARAM, created, nil, noAnswer); err != nil {
				t.Fatal(err)
			}
			draft := procedure.Draft{Procedure: "lv-migration", Sections: map[string]any{"details": map[string]any{"decisionId": decID}}}
			if err := f.st.GuardCreate(f.ctx, draft, lvClerk("lv-zm"), created); err != nil {
				t.Fatal(err)
			}
			appID := id.New(created)
			ch, err := procedure.Create(draft, lvClerk("lv-zm"), created, appID, "", nil)
			f.apply(ch, err, dynamo.ApplyOptions{})
			f.validDoc(appID, id.New(created), "transition_justification")

			submit := func(st *dynamo.Store) {
				reads := new(dynamo.Reads)
				c := lvClerk("lv-zm")
				if _, err := st.Update(f.ctx, appID, func(a *procedure.Application) (*procedure.Change, error) {
					if err := st.GuardAct(f.ctx, a, "submit", nil, c, lvAdopted, reads); err != nil {
						return nil, err
					}
					return procedure.Act(a, "submit", nil, c, lvAdopted, nil)
				}, dynamo.ApplyOptions{Reads: reads}); err != nil {
					t.Errorf("submit: %v", err)
				}
			}
			adopt := func() {
				if _, err := f.st.AdoptDecision(f.ctx, decID, lvD, lvVARAM, lvAdopted, nil, noAnswer); err != nil {
					t.Errorf("adopt: %v", err)
				}
			}
			start := func(st *dynamo.Store) {
				if err := st.StartDecision(f.ctx, decID, lvAdopted); err != nil {
					t.Errorf("start: %v", err)
				}
			}
			if tc.startBefore {
				submit(dynamo.New(&pausingAPI{API: f.db, hook: func() { adopt(); start(f.st) }}, f.tables))
			} else {
				adopt()
				start(dynamo.New(&pausingAPI{API: f.db, hook: func() { submit(f.st) }}, f.tables))
			}
			ds := f.decisionState(decID)
			cl, ok := ds.Clocks[consolidation.OrgRule(consolidation.Submission, "lv-zm")]
			if ds.Members["lv-zm"].Submitted == nil || !ok || cl.Clock.State != clock.Met || cl.Clock.CompletedAt == nil || ds.Decision.Starting {
				t.Fatalf("member %+v, submission clock %+v, starting %v", ds.Members["lv-zm"], cl.Clock, ds.Decision.Starting)
			}
		})
	}
}
