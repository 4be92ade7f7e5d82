package dynamo_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/monitoring"
	"github.com/ictgov/ictgov/shared/notify"
)

var (
	monClerk = actor.Caller{Sub: "clerk-mon", Org: "kz-mon", Roles: []actor.Role{actor.Applicant}}
	monSI    = actor.Caller{Sub: "si-mon", Org: "kz-si", Roles: []actor.Role{actor.ServiceIntegrator}}
	monAB    = actor.Caller{Sub: "ab-mon", Org: "kz-mdai", Roles: []actor.Role{actor.AuthorizedBody}}
	// Monday 7 December 2026, 10:00 in Almaty.
	monNow = time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
)

type monFixture struct {
	t      *testing.T
	ctx    context.Context
	db     *dynamodb.Client
	tables dynamo.Tables
	st     *dynamo.Store
}

func newMonFixture(t *testing.T) *monFixture {
	t.Helper()
	db := testenv.DynamoDB(t)
	tb := testenv.Tables(t, db)
	return &monFixture{t: t, ctx: context.Background(), db: db, tables: tb, st: dynamo.New(db, tb)}
}

func (f *monFixture) project() *monitoring.Project {
	f.t.Helper()
	ch, err := monitoring.Create(monitoring.ProjectInput{Name: "Бірыңғай нотариаттық ақпараттық жүйе"}, nil, monClerk, monNow, id.New(monNow))
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.st.ApplyProject(f.ctx, ch, dynamo.ApplyOptions{}); err != nil {
		f.t.Fatal(err)
	}
	return ch.Project
}

func (f *monFixture) assess(pid string, in monitoring.AssessmentInput, at time.Time) *monitoring.Project {
	f.t.Helper()
	p, err := f.st.UpdateProject(f.ctx, pid, func(p *monitoring.Project) (*monitoring.Change, error) {
		return monitoring.Assess(p, in, monSI, at, func() string { return id.New(at) })
	}, dynamo.ApplyOptions{})
	if err != nil {
		f.t.Fatalf("assess: %v", err)
	}
	return p
}

func (f *monFixture) trail(pk string) []audit.Event {
	f.t.Helper()
	out, err := f.db.Query(f.ctx, &dynamodb.QueryInput{TableName: &f.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :e)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": sweepS(pk), ":e": sweepS("EVT#")}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		f.t.Fatal(err)
	}
	var evs []audit.Event
	for _, m := range out.Items {
		var e audit.Event
		e.Type = m["type"].(*types.AttributeValueMemberS).Value
		if _, ok := m["Outbox"]; ok {
			e.Seq = "outbox"
		}
		evs = append(evs, e)
	}
	return evs
}

func types_(evs []audit.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Type)
	}
	return out
}

// An assessment is one transaction: the project's new version, the assessment and its
// period copy, each recommendation with its clock in the Due index, the trail entry that
// carries the notices, and the ¶29 counters; the project loads whole with its
// recommendations and their clocks.
func TestAssessmentIsOneTransactionAndLoadsWhole(t *testing.T) {
	f := newMonFixture(t)
	p := f.project()
	p = f.assess(p.ID, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": false}, Level: 2,
		Recommendations: []monitoring.RecommendationInput{{Text: "Смета", DueOn: "2026-12-21"}, {Text: "TOR", DueOn: "2027-01-15"}}}, monNow)
	got, err := f.st.LoadProject(f.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || *got.Level != 2 || len(got.Assessments) != 1 || len(got.Recommendations) != 2 ||
		got.Recommendations[0].Clock == nil || got.Recommendations[0].Clock.DueDate != "2026-12-21" || got.Recommendations[1].State != "open" ||
		got.Assessments[0].Checks["P2"] || got.Assessments[0].On != "2026-12-07" {
		t.Fatalf("loaded %+v", got)
	}
	if tr := types_(f.trail("PRJ#" + p.ID)); !slices.Equal(tr, []string{"project_created", "assessment"}) {
		t.Fatalf("trail %v", tr)
	}
	// The period index holds the assessment's copy; the Due index the two clocks.
	out, _ := f.db.Query(f.ctx, &dynamodb.QueryInput{TableName: &f.tables.Registry, KeyConditionExpression: aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": sweepS("MON#2026")}})
	if len(out.Items) != 1 {
		t.Fatalf("period index: %d items", len(out.Items))
	}
	sum, err := f.st.Summary(f.ctx, 2026, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Orgs) != 1 || sum.Orgs[0].Org != monClerk.Org || sum.Orgs[0].Projects != 1 || sum.Orgs[0].Assessments != 1 ||
		sum.Orgs[0].Levels["2"] != 1 || sum.Orgs[0].Recommendations.Given != 2 {
		t.Fatalf("summary %+v", sum)
	}
	// 004 ¶21: an assessment of another stage is 409, and nothing is written.
	_, err = f.st.UpdateProject(f.ctx, p.ID, func(p *monitoring.Project) (*monitoring.Change, error) {
		return monitoring.Assess(p, monitoring.AssessmentInput{Stage: "investment", Checks: map[string]bool{"I1": true, "I2": true, "I3": true}, Level: 3},
			monSI, monNow, func() string { return id.New(monNow) })
	}, dynamo.ApplyOptions{})
	if !fault.Is(err, fault.Conflict) {
		t.Fatalf("another stage: %v", err)
	}
}

// 004 ¶28.2 and contract: an open recommendation past the end of its due date becomes
// overdue once, however many sweeps run at once; one implemented before is never marked;
// one implemented while the sweep runs is either implemented in time (no overdue firing)
// or overdue first and then implemented late — never both, never half.
func TestRecommendationOverdueOnceAndNeverWhenImplemented(t *testing.T) {
	f := newMonFixture(t)
	p := f.project()
	p = f.assess(p.ID, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": false, "P2": false}, Level: 1,
		Recommendations: []monitoring.RecommendationInput{{Text: "A", DueOn: "2026-12-21"}, {Text: "B", DueOn: "2026-12-21"}, {Text: "C", DueOn: "2026-12-21"}}}, monNow)
	recA, recB, recC := p.RecommendationIDs[0], p.RecommendationIDs[1], p.RecommendationIDs[2]
	implement := func(rid string, at time.Time) error {
		_, err := f.st.UpdateRecommendation(f.ctx, rid, func(r *monitoring.Recommendation) (*monitoring.RecChange, error) {
			return monitoring.Implement(r, monitoring.NoteInput{Note: "done"}, monClerk, at)
		}, dynamo.ApplyOptions{})
		return err
	}
	if err := implement(recB, monNow.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := implement(recB, monNow.Add(25*time.Hour)); !fault.Is(err, fault.Conflict) {
		t.Fatalf("twice: %v", err)
	}
	r, _ := f.st.GetRecommendation(f.ctx, recA)
	due := *r.Clock.DueAt
	// The reminder first (three working days before), for A and C only.
	st, err := f.st.Sweep(f.ctx, r.Clock.RemindAt.Add(time.Minute), dynamo.SweepOptions{})
	if err != nil || st.Reminders != 2 {
		t.Fatalf("reminders: %+v %v", st, err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	overdue := 0
	var implErr error
	for i := range 4 {
		wg.Go(func() {
			s, err := f.st.Sweep(f.ctx, due.Add(time.Duration(5+i)*time.Minute), dynamo.SweepOptions{Concurrency: 2})
			if err != nil {
				t.Errorf("sweep: %v", err)
			}
			mu.Lock()
			overdue += s.Overdue
			mu.Unlock()
		})
	}
	wg.Go(func() { implErr = implement(recC, due.Add(6*time.Minute)) })
	wg.Wait()
	if implErr != nil {
		t.Fatalf("implement C during the sweeps: %v", implErr)
	}
	for range 2 {
		if s, err := f.st.Sweep(f.ctx, due.Add(2*time.Hour), dynamo.SweepOptions{}); err != nil || s.Overdue != 0 {
			t.Fatalf("a later sweep: %+v %v", s, err)
		}
	}
	a, _ := f.st.GetRecommendation(f.ctx, recA)
	b, _ := f.st.GetRecommendation(f.ctx, recB)
	c, _ := f.st.GetRecommendation(f.ctx, recC)
	if a.State != monitoring.RecOverdue || a.OverdueAt == nil || !a.OverdueAt.Equal(due) || a.Clock.State != clock.Overdue {
		t.Fatalf("A: %+v %+v", a, a.Clock)
	}
	if tr := types_(f.trail("REC#" + recA)); !slices.Equal(tr, []string{"clock_reminder", "clock_overdue"}) {
		t.Fatalf("A's trail %v", tr)
	}
	if b.State != monitoring.RecImplemented || b.Clock.State != clock.Met || b.OverdueAt != nil {
		t.Fatalf("B: %+v %+v", b, b.Clock)
	}
	if tr := types_(f.trail("REC#" + recB)); !slices.Equal(tr, []string{"implemented"}) {
		t.Fatalf("B was fired: %v", tr)
	}
	trC := types_(f.trail("REC#" + recC))
	switch {
	case slices.Equal(trC, []string{"clock_reminder", "implemented"}):
		if c.Clock.State != clock.Met || c.OverdueAt != nil || overdue != 1 {
			t.Fatalf("C implemented in time but %+v, %d overdue firings", c, overdue)
		}
	case slices.Equal(trC, []string{"clock_reminder", "clock_overdue", "implemented"}):
		if c.Clock.State != clock.Overdue || c.OverdueAt == nil || overdue != 2 {
			t.Fatalf("C implemented late but %+v, %d overdue firings", c, overdue)
		}
	default:
		t.Fatalf("C's trail %v", trC)
	}
	if c.State != monitoring.RecImplemented {
		t.Fatalf("C: %+v", c)
	}
	t.Logf("C's trail: %v", trC)
	// Each overdue firing carried its notice to the owner org and the authorized body.
	var firing map[string]types.AttributeValue
	out, _ := f.db.Query(f.ctx, &dynamodb.QueryInput{TableName: &f.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :e)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": sweepS("REC#" + recA), ":e": sweepS("EVT#")}})
	for _, m := range out.Items {
		if m["type"].(*types.AttributeValueMemberS).Value == "clock_overdue" {
			firing = m
		}
	}
	notices, err := dynamo.NoticesOf(firing)
	if err != nil {
		t.Fatal(err)
	}
	if firing["Outbox"] == nil || len(notices) != 1 || notices[0].Type != notify.Overdue ||
		!slices.Equal(notices[0].To, []notify.Recipient{{Role: actor.AuthorizedBody}, {Org: monClerk.Org}}) ||
		notices[0].Ref == nil || notices[0].Ref.Kind != "recommendation" || notices[0].Ref.ID != recA {
		t.Fatalf("the overdue firing's outbox: %+v", notices)
	}
	sum, _ := f.st.Summary(f.ctx, 2026, monClerk.Org)
	if r := sum.Orgs[0].Recommendations; r.Given != 3 || r.Overdue != 1 || r.Implemented != 2 || r.ImplementedLate != overdue-1 {
		t.Fatalf("summary %+v", r)
	}
}

// Two concurrent changes of one project: a stage move and an assessment of the stage it
// leaves. Either the assessment lands first and the move after it, or the move wins and
// the assessment is 409 (004 ¶21) — never an assessment of a stage the project had left.
func TestAssessmentRacesStageMove(t *testing.T) {
	f := newMonFixture(t)
	outcomes := map[string]int{}
	for range 6 {
		p := f.project()
		start := make(chan struct{})
		var wg sync.WaitGroup
		var aErr, mErr error
		wg.Go(func() {
			<-start
			_, aErr = f.st.UpdateProject(f.ctx, p.ID, func(p *monitoring.Project) (*monitoring.Change, error) {
				return monitoring.Assess(p, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": true}, Level: 3},
					monSI, monNow, func() string { return id.New(monNow) })
			}, dynamo.ApplyOptions{})
		})
		wg.Go(func() {
			<-start
			_, mErr = f.st.UpdateProject(f.ctx, p.ID, func(p *monitoring.Project) (*monitoring.Change, error) {
				return monitoring.MoveStage(p, monitoring.StageInput{To: "investment"}, monClerk, monNow)
			}, dynamo.ApplyOptions{})
		})
		close(start)
		wg.Wait()
		got, _ := f.st.LoadProject(f.ctx, p.ID)
		if mErr != nil || got.Stage != monitoring.Investment {
			t.Fatalf("the move: %v, %s", mErr, got.Stage)
		}
		switch {
		case aErr == nil && len(got.Assessments) == 1 && got.Version == 3:
			outcomes["assessed, then moved"]++
		case fault.Is(aErr, fault.Conflict) && len(got.Assessments) == 0 && got.Version == 2:
			outcomes["moved; the assessment 409"]++
		default:
			t.Fatalf("assessment %v, project %+v", aErr, got)
		}
	}
	t.Logf("outcomes: %v", outcomes)
}

// A lost race inside ApplyProject is ErrRace, never a partial write.
func TestApplyProjectOnAStaleVersionWritesNothing(t *testing.T) {
	f := newMonFixture(t)
	p := f.project()
	ch, err := monitoring.RecordRisk(p, monitoring.RiskInput{Factor: "R1", Evidence: "late"}, monitoring.DefaultConfig(), monAB, monNow, id.New(monNow))
	if err != nil {
		t.Fatal(err)
	}
	ch2, _ := monitoring.RecordRisk(p, monitoring.RiskInput{Factor: "R4", Evidence: "indicators"}, monitoring.DefaultConfig(), monAB, monNow, id.New(monNow))
	if err := f.st.ApplyProject(f.ctx, ch, dynamo.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.ApplyProject(f.ctx, ch2, dynamo.ApplyOptions{}); !errors.Is(err, dynamo.ErrRace) {
		t.Fatalf("stale: %v", err)
	}
	got, _ := f.st.LoadProject(f.ctx, p.ID)
	sum, _ := f.st.Summary(f.ctx, 2026, p.Org)
	if len(got.Risks) != 1 || got.Risks[0].Factor != "R1" || sum.Orgs[0].Risks["R4"] != 0 || sum.Orgs[0].Risks["R1"] != 1 {
		t.Fatalf("risks %+v, summary %+v", got.Risks, sum.Orgs)
	}
}
