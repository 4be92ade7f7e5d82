package dynamo_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/procedure"
)

// gated is a test-only procedure whose step clock carries a gate: when the review is
// overdue the application lapses, in the firing's own transaction.
var gated = procedure.Register(&procedure.Procedure{
	ID: "test-gated", Country: "KZ", Title: "A gated test procedure", Basis: "test ¶1",
	Subject: procedure.Subject{Kind: procedure.NoSubject, Basis: "test ¶1"},
	Opening: procedure.Opening{Role: actor.Applicant, Via: procedure.ViaApplication, Basis: "test ¶1"},
	Initial: "draft",
	Steps: []procedure.Step{{Status: "review", Owner: actor.AuthorizedBody, Basis: "test ¶2", Title: "review",
		Clock: &clock.Rule{Count: clock.Count{Anchor: clock.FromEntry, Limit: clock.Limit{Kind: clock.WorkingDays, N: 1}},
			Gate: &clock.GateRule{Kind: clock.GateTransition, Name: "lapsed", Basis: "test ¶3: lapses when not reviewed in time"}}}},
	Actions: []procedure.Action{
		{Name: "submit", Role: actor.Applicant, From: "draft", To: "review", Basis: "test ¶2"},
		{Name: "approve", Role: actor.AuthorizedBody, From: "review", To: "approved", Basis: "test ¶2"},
	},
	Outcomes: []procedure.Outcome{{Status: "approved", Basis: "test ¶2"}, {Status: "lapsed", Basis: "test ¶3"}},
})

// A gate applies its consequence in the same conditional transaction as the firing,
// once, however many sweeps run at once.
func TestGateAppliesOnceUnderConcurrentSweeps(t *testing.T) {
	f := newSweepFixture(t)
	const apps, sweeps = 5, 4
	for i := range apps {
		id := fmt.Sprintf("gate-%d", i)
		ch, err := procedure.Create(procedure.Draft{Procedure: gated.ID}, sweepApplicant, sweepSubmitAt.Add(-time.Hour), id, "", nil)
		f.apply(ch, err, dynamo.ApplyOptions{})
		ch, err = procedure.Act(f.load(id), "submit", nil, sweepApplicant, sweepSubmitAt, nil)
		f.apply(ch, err, dynamo.ApplyOptions{})
	}
	due := *f.clock("gate-0", "review").DueAt
	now := due.Add(3 * 24 * time.Hour) // a sweep that runs days late
	var wg sync.WaitGroup
	start := make(chan struct{})
	var mu sync.Mutex
	fired := 0
	for range sweeps {
		wg.Go(func() {
			<-start
			st, err := f.st.Sweep(f.ctx, now, dynamo.SweepOptions{Concurrency: 3})
			if err != nil {
				t.Errorf("sweep: %v", err)
			}
			mu.Lock()
			fired += st.Overdue
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	if fired != apps {
		t.Fatalf("%d overdue firings over %d applications", fired, apps)
	}
	for i := range apps {
		id := fmt.Sprintf("gate-%d", i)
		a := f.load(id)
		if a.Status != "lapsed" || a.Version != 3 {
			t.Errorf("%s: status %s version %d, want lapsed at version 3 (one transition)", id, a.Status, a.Version)
		}
		n := 0
		for _, e := range f.eventTypes(id) {
			if e == "clock_overdue" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d firings in the trail", id, n)
		}
	}
	// An application approved in time is not touched by the gate.
	ch, err := procedure.Create(procedure.Draft{Procedure: gated.ID}, sweepApplicant, now, "gate-ok", "", nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	ch, err = procedure.Act(f.load("gate-ok"), "submit", nil, sweepApplicant, now, nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	ch, err = procedure.Act(f.load("gate-ok"), "approve", nil, sweepAB, now.Add(time.Hour), nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	f.sweep(now.Add(10 * 24 * time.Hour))
	if a := f.load("gate-ok"); a.Status != "approved" {
		t.Fatalf("the gate moved an approved application: %s", a.Status)
	}
}

// A flag gate on a subject (000 §6.2: an organisation under freeze) is set once, at the
// due moment, whatever the number of sweeps and however late they run.
func TestFlagGateSetsOnce(t *testing.T) {
	f := newSweepFixture(t)
	r := clock.Rule{Name: "freeze", Kind: clock.Deadline, Owes: actor.Applicant, Basis: "000 §6.2",
		Count: clock.Count{Anchor: clock.FromDate, Field: "adoptedOn", Limit: clock.Limit{Kind: clock.Months, N: 3}},
		Gate:  &clock.GateRule{Kind: clock.GateFlag, Name: "freeze", Basis: "000 §6.2"}}
	cl, err := r.Start("LV", 1, sweepSubmitAt, "2026-01-15")
	if err != nil {
		t.Fatal(err)
	}
	cl.Gate.Target = clock.Owner{Kind: clock.OwnerOrg, ID: "lv-zm"}
	item, err := dynamo.SeedClockItem(clock.Ref{Owner: clock.Owner{Kind: "decision", ID: "dec-1#lv-zm"}, Org: "lv-zm", Label: "decision dec-1", Clock: cl})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.PutItem(f.ctx, &dynamodb.PutItemInput{TableName: &f.tables.Registry, Item: item}); err != nil {
		t.Fatal(err)
	}
	late := cl.DueAt.Add(5 * 24 * time.Hour)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := f.st.Sweep(f.ctx, late, dynamo.SweepOptions{}); err != nil {
				t.Errorf("sweep: %v", err)
			}
		})
	}
	wg.Wait()
	out, err := f.db.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: &f.tables.Registry, ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"PK": sweepS("ORG#lv-zm"), "SK": sweepS("#META")}})
	if err != nil || out.Item == nil {
		t.Fatalf("org item: %v", err)
	}
	fr := out.Item["freeze"].(*types.AttributeValueMemberM).Value
	if since := fr["since"].(*types.AttributeValueMemberS).Value; since != cl.DueAt.UTC().Format(time.RFC3339) {
		t.Errorf("freeze since %s, want the due moment %s (not the late sweep's)", since, cl.DueAt.UTC().Format(time.RFC3339))
	}
	res, err := f.db.Query(f.ctx, &dynamodb.QueryInput{TableName: &f.tables.Registry, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :e)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": sweepS("DEC#dec-1#lv-zm"), ":e": sweepS("EVT#")}})
	if err != nil || len(res.Items) != 1 {
		t.Fatalf("firings in the trail: %d (%v)", len(res.Items), err)
	}
}
