package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/procedure"
)

// The instants below are fixed in 2026 and 2027; every expected due date is computed by
// hand from the KZ calendar (shared/calendar/data/KZ-2026.json), Asia/Almaty = UTC+5:
//
//	submitted Mon 2026-03-16 10:00 Almaty (day 0); working days 17, 18, 19, 20 March,
//	then Nauryz: 21–23 March holidays, 24–25 March days off in lieu (weekend rule),
//	so the 5th working day is Thu 2026-03-26. sweepDueAt = 2026-03-27 00:00 Almaty =
//	2026-03-26T19:00Z. The reminder is at 09:00 Almaty on the working day before
//	(Fri 2026-03-20) = 2026-03-20T04:00Z.
var (
	sweepSubmitAt = time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)
	sweepRemindAt = time.Date(2026, 3, 20, 4, 0, 0, 0, time.UTC)
	sweepDueAt    = time.Date(2026, 3, 26, 19, 0, 0, 0, time.UTC)
)

var (
	sweepApplicant = procedure.Caller{Sub: "u-clerk", Org: "kz-minjust", Roles: []procedure.Role{procedure.Applicant}}
	sweepAB        = procedure.Caller{Sub: "u-ab", Roles: []procedure.Role{procedure.AuthorizedBody}}
	sweepOp        = procedure.Caller{Sub: "u-op", Roles: []procedure.Role{procedure.Operator}}
)

type sweepFixture struct {
	t      *testing.T
	ctx    context.Context
	db     *dynamodb.Client
	tables dynamo.Tables
	st     *dynamo.Store
}

func newSweepFixture(t *testing.T) *sweepFixture {
	t.Helper()
	db := testenv.DynamoDB(t)
	tb := testenv.Tables(t, db)
	return &sweepFixture{t: t, ctx: context.Background(), db: db, tables: tb, st: dynamo.New(db, tb)}
}

func (f *sweepFixture) apply(ch *procedure.Change, err error, o dynamo.ApplyOptions) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("engine: %v", err)
	}
	if err := f.st.Apply(f.ctx, ch, o); err != nil {
		f.t.Fatalf("apply %s: %v", ch.Event.Type, err)
	}
}

func (f *sweepFixture) load(id string) *procedure.Application {
	f.t.Helper()
	a, err := f.st.LoadApplication(f.ctx, id)
	if err != nil {
		f.t.Fatalf("load %s: %v", id, err)
	}
	return a
}

// validDoc writes a document item as the validator leaves it (item layout of doc.go):
// the tests need documents that passed, not the upload path.
func (f *sweepFixture) validDoc(appID, docID, kind string) {
	f.t.Helper()
	_, err := f.db.PutItem(f.ctx, &dynamodb.PutItemInput{TableName: &f.tables.Registry, Item: map[string]types.AttributeValue{
		"PK": sweepS("APP#" + appID), "SK": sweepS("DOC#" + docID), "Type": sweepS("document"),
		"id": sweepS(docID), "applicationId": sweepS(appID), "kind": sweepS(kind), "status": sweepS(procedure.DocValid),
		"Org": sweepS(sweepApplicant.Org)}})
	if err != nil {
		f.t.Fatalf("put document: %v", err)
	}
}

func sweepS(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// submitList opens a kz-operator-list application, gives it valid documents and full
// answers, and submits it at `at`: the ab_check clock runs from then.
func (f *sweepFixture) submitList(id string, at time.Time) *procedure.Application {
	f.t.Helper()
	answers := criteria.Answers{}
	for _, k := range criteria.Keys() {
		answers[k] = true
	}
	ch, err := procedure.Create(procedure.Draft{Procedure: "kz-operator-list",
		Object:   &procedure.Object{Name: "Registry IS " + id, Type: "information_system"},
		Criteria: answers}, sweepApplicant, at.Add(-time.Hour), id, "obj-"+id)
	f.apply(ch, err, dynamo.ApplyOptions{NewObject: true})
	for i, kind := range procedure.KZOperatorList.DocumentKinds("information_system") {
		f.validDoc(id, fmt.Sprintf("doc-%s-%d", id, i), kind)
	}
	ch, err = procedure.Transition(f.load(id), "submit", procedure.Input{}, sweepApplicant, at)
	f.apply(ch, err, dynamo.ApplyOptions{})
	return f.load(id)
}

func (f *sweepFixture) sweep(now time.Time) dynamo.SweepStats {
	f.t.Helper()
	stats, err := f.st.Sweep(f.ctx, now, dynamo.SweepOptions{})
	if err != nil {
		f.t.Fatalf("sweep at %s: %v", now.Format(time.RFC3339), err)
	}
	return stats
}

func (f *sweepFixture) clock(appID, step string) procedure.Clock {
	f.t.Helper()
	ref, err := f.st.Clock(f.ctx, appID, step)
	if err != nil {
		f.t.Fatalf("clock %s/%s: %v", appID, step, err)
	}
	return ref.Clock
}

// outbox returns the ids of the outbox notices of one application, by type. A Scan is
// fine here: it is a test's look at the whole table, not a request path.
func (f *sweepFixture) outbox(appID string) map[string][]string {
	f.t.Helper()
	out := map[string][]string{}
	in := &dynamodb.ScanInput{TableName: &f.tables.Registry,
		FilterExpression:          aws.String("begins_with(PK, :o) AND applicationId = :a"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":o": sweepS("OUTBOX#"), ":a": sweepS(appID)}}
	for {
		page, err := f.db.Scan(f.ctx, in)
		if err != nil {
			f.t.Fatalf("scan outbox: %v", err)
		}
		for _, m := range page.Items {
			typ := m["type"].(*types.AttributeValueMemberS).Value
			out[typ] = append(out[typ], m["id"].(*types.AttributeValueMemberS).Value)
		}
		if len(page.LastEvaluatedKey) == 0 {
			return out
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}

func (f *sweepFixture) notice(id string) map[string]types.AttributeValue {
	f.t.Helper()
	out, err := f.db.GetItem(f.ctx, &dynamodb.GetItemInput{TableName: &f.tables.Registry,
		Key: map[string]types.AttributeValue{"PK": sweepS("OUTBOX#" + id), "SK": sweepS("N")}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		f.t.Fatalf("get notice: %v", err)
	}
	return out.Item
}

// eventTypes reads the trail's raw items: Store.Events decodes the item's "Type"
// discriminator ("event") into AuditEvent.Type (the decoder matches names without case),
// so the raw "type" attribute is what tells the events apart.
func (f *sweepFixture) eventTypes(appID string) []string {
	f.t.Helper()
	out, err := f.db.Query(f.ctx, &dynamodb.QueryInput{TableName: &f.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :evt)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": sweepS("APP#" + appID), ":evt": sweepS("EVT#")},
		ConsistentRead:            aws.Bool(true)})
	if err != nil {
		f.t.Fatalf("read trail: %v", err)
	}
	var kinds []string
	for _, m := range out.Items {
		kinds = append(kinds, m["type"].(*types.AttributeValueMemberS).Value)
	}
	return kinds
}

func (f *sweepFixture) watermark() string {
	f.t.Helper()
	out, err := f.db.GetItem(f.ctx, &dynamodb.GetItemInput{TableName: &f.tables.Registry,
		Key: map[string]types.AttributeValue{"PK": sweepS("SWEEP#deadline"), "SK": sweepS("#META")}, ConsistentRead: aws.Bool(true)})
	if err != nil || out.Item == nil {
		f.t.Fatalf("watermark: %v (found %v)", err, out != nil && out.Item != nil)
	}
	return out.Item["From"].(*types.AttributeValueMemberS).Value
}

func wantSweepStats(t *testing.T, label string, got dynamo.SweepStats, fired, reminders, overdue, terms int) {
	t.Helper()
	if got.Fired != fired || got.Reminders != reminders || got.Overdue != overdue || got.TermsEnded != terms || got.Failed != 0 {
		t.Fatalf("%s: stats %+v; want fired %d (reminders %d, overdue %d, terms %d), no failures",
			label, got, fired, reminders, overdue, terms)
	}
}

func sweepAt(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("test instant %q: %v", s, err)
	}
	return v
}

func TestSweepReminderThenOverdueOnce(t *testing.T) {
	f := newSweepFixture(t)
	a := f.submitList("app-1", sweepSubmitAt)

	cl := f.clock(a.ID, "ab_check")
	if cl.DueDate != "2026-03-26" || !cl.DueAt.Equal(sweepDueAt) || cl.RemindAt == nil || !cl.RemindAt.Equal(sweepRemindAt) ||
		cl.State != procedure.Running || cl.Next != procedure.FireReminder || !cl.NextAt.Equal(sweepRemindAt) {
		t.Fatalf("ab_check clock after submit: %+v", cl)
	}

	// Before the reminder moment: nothing. The first sweep of a table reads a month back.
	st := f.sweep(sweepRemindAt.Add(-55 * time.Minute))
	wantSweepStats(t, "before reminder", st, 0, 0, 0, 0)
	if st.ItemsRead != 0 || st.Buckets != dynamo.DefaultFirstRunDays+1 || st.From != "2026-02-17" || st.To != "2026-03-20" {
		t.Fatalf("before reminder: %+v", st)
	}
	if f.watermark() != "2026-03-20" {
		t.Fatalf("watermark %s", f.watermark())
	}

	// After it: one reminder, to the authorized body.
	now := sweepRemindAt.Add(5 * time.Minute)
	wantSweepStats(t, "reminder", f.sweep(now), 1, 1, 0, 0)
	n := f.notice("app-1.ab_check.reminder")
	if n == nil || n["dueDate"].(*types.AttributeValueMemberS).Value != "2026-03-26" {
		t.Fatalf("reminder notice: %v", n)
	}
	cl = f.clock(a.ID, "ab_check")
	if cl.State != procedure.Running || cl.Next != procedure.FireOverdue || !cl.NextAt.Equal(sweepDueAt) {
		t.Fatalf("clock after reminder: %+v", cl)
	}
	// Again at the same moment: nothing is due any more, nothing is read.
	if st := f.sweep(now); st.Fired != 0 || st.ItemsRead != 0 || st.Lost != 0 || st.Buckets != 1 {
		t.Fatalf("repeat at the same now: %+v", st)
	}

	// Just before the due moment: nothing; the clock sits in the 26 March bucket.
	st = f.sweep(sweepDueAt.Add(-55 * time.Minute))
	wantSweepStats(t, "before due", st, 0, 0, 0, 0)
	if st.Buckets != 7 || st.ItemsRead != 0 { // 20..26 March
		t.Fatalf("before due: %+v", st)
	}

	// After the due moment: overdue, once.
	now = sweepDueAt.Add(5 * time.Minute)
	st = f.sweep(now)
	wantSweepStats(t, "overdue", st, 1, 0, 1, 0)
	if st.Buckets != 1 || st.ItemsRead != 1 {
		t.Fatalf("overdue sweep read %d buckets, %d items; want 1 and 1", st.Buckets, st.ItemsRead)
	}
	cl = f.clock(a.ID, "ab_check")
	if cl.State != procedure.Overdue || cl.OverdueAt == nil || !cl.OverdueAt.Equal(now) || cl.Next != procedure.FireNone {
		t.Fatalf("clock after overdue: %+v", cl)
	}
	if got := f.load(a.ID); !got.Overdue || got.Status != "ab_check" || got.Version != a.Version {
		t.Fatalf("application after overdue: overdue %v status %s version %d", got.Overdue, got.Status, got.Version)
	}
	apps, _, err := f.st.ListApplications(f.ctx, dynamo.Query{Overdue: true, Limit: 10})
	if err != nil || len(apps) != 1 || apps[0].ID != a.ID {
		t.Fatalf("overdue list: %v, %v", apps, err)
	}
	n = f.notice("app-1.ab_check.overdue")
	if n == nil || len(n["to"].(*types.AttributeValueMemberL).Value) != 2 {
		t.Fatalf("overdue notice: %v", n)
	}
	if evs := f.eventTypes(a.ID); evs[len(evs)-1] != "clock_overdue" {
		t.Fatalf("trail %v", evs)
	}

	// Never again, and later sweeps read only from the watermark on.
	if f.watermark() != "2026-03-26" {
		t.Fatalf("watermark %s", f.watermark())
	}
	st = f.sweep(sweepAt(t, "2026-03-30T04:05:00Z"))
	wantSweepStats(t, "later", st, 0, 0, 0, 0)
	if st.Buckets != 5 || st.ItemsRead != 0 || st.From != "2026-03-26" || f.watermark() != "2026-03-30" {
		t.Fatalf("later sweep: %+v, watermark %s", st, f.watermark())
	}
	got := f.outbox(a.ID)
	if len(got[procedure.NoticeReminder]) != 1 || len(got[procedure.NoticeOverdue]) != 1 {
		t.Fatalf("outbox %v", got)
	}
}

func TestSweepConcurrentFiresOnce(t *testing.T) {
	f := newSweepFixture(t)
	const apps, sweeps = 6, 4
	for i := range apps {
		f.submitList(fmt.Sprintf("app-c%d", i), sweepSubmitAt)
	}
	// After the due moment, with no sweep in between: the reminder is skipped for the
	// overdue notice (a late reminder is noise).
	now := sweepDueAt.Add(5 * time.Hour)
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		mu    sync.Mutex
		total dynamo.SweepStats
	)
	for range sweeps {
		wg.Go(func() {
			<-start
			st, err := f.st.Sweep(f.ctx, now, dynamo.SweepOptions{Concurrency: 2})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("concurrent sweep: %v", err)
			}
			total.Fired += st.Fired
			total.Overdue += st.Overdue
			total.Reminders += st.Reminders
			total.Lost += st.Lost
		})
	}
	close(start)
	wg.Wait()
	if total.Fired != apps || total.Overdue != apps || total.Reminders != 0 || total.Lost < 0 {
		t.Fatalf("%d concurrent sweeps: %+v; want %d overdue firings in all", sweeps, total, apps)
	}
	t.Logf("%d sweeps over %d due clocks: fired %d, lost %d", sweeps, apps, total.Fired, total.Lost)
	for i := range apps {
		id := fmt.Sprintf("app-c%d", i)
		got := f.outbox(id)
		if !slices.Equal(got[procedure.NoticeOverdue], []string{id + ".ab_check.overdue"}) || len(got[procedure.NoticeReminder]) != 0 {
			t.Fatalf("%s outbox %v", id, got)
		}
		n := 0
		for _, e := range f.eventTypes(id) {
			if e == "clock_overdue" {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%s: %d overdue events", id, n)
		}
	}
	if st := f.sweep(now); st.Fired != 0 || st.ItemsRead != 0 {
		t.Fatalf("after the concurrent sweeps: %+v", st)
	}
}

func TestSweepStoppedClockNeverFires(t *testing.T) {
	f := newSweepFixture(t)
	a := f.submitList("app-s", sweepSubmitAt)
	// Forwarded on Wed 18 March, before the reminder: ab_check is met. si_review counts
	// from 18 March: 19, 20, (21–25 off), 26, 27, 30 → due Mon 2026-03-30, reminder on
	// Fri 27 March at 09:00 Almaty.
	ch, err := procedure.Transition(a, "forward", procedure.Input{}, sweepAB, sweepAt(t, "2026-03-18T06:00:00Z"))
	f.apply(ch, err, dynamo.ApplyOptions{})
	if cl := f.clock(a.ID, "ab_check"); cl.State != procedure.Met || cl.CompletedAt == nil {
		t.Fatalf("ab_check after forward: %+v", cl)
	}
	si := f.clock(a.ID, "si_review")
	if si.DueDate != "2026-03-30" || !si.DueAt.Equal(sweepAt(t, "2026-03-30T19:00:00Z")) || !si.RemindAt.Equal(sweepAt(t, "2026-03-27T04:00:00Z")) {
		t.Fatalf("si_review clock: %+v", si)
	}
	for _, now := range []time.Time{sweepRemindAt.Add(time.Hour), sweepDueAt.Add(time.Hour), sweepAt(t, "2026-03-27T03:05:00Z")} {
		wantSweepStats(t, "stopped clock at "+now.Format(time.RFC3339), f.sweep(now), 0, 0, 0, 0)
	}
	if cl := f.clock(a.ID, "ab_check"); cl.State != procedure.Met {
		t.Fatalf("ab_check after sweeps: %+v", cl)
	}
	if got := f.outbox(a.ID); len(got[procedure.NoticeReminder])+len(got[procedure.NoticeOverdue]) != 0 {
		t.Fatalf("outbox %v", got)
	}
	// The running si_review clock still fires on time.
	wantSweepStats(t, "si_review reminder", f.sweep(sweepAt(t, "2026-03-27T04:05:00Z")), 1, 1, 0, 0)
	if f.notice("app-s.si_review.reminder") == nil {
		t.Fatal("no si_review reminder")
	}
}

func TestSweepOverdueLosesToTheEngine(t *testing.T) {
	f := newSweepFixture(t)
	a := f.submitList("app-r", sweepSubmitAt)
	ref, err := f.st.Clock(f.ctx, a.ID, "ab_check")
	if err != nil {
		t.Fatal(err)
	}
	// The sweep read the clock; before it writes, the AB forwards. The firing's
	// conditions (clock still indexed as read, application still in the step) fail.
	ch, err := procedure.Transition(a, "forward", procedure.Input{}, sweepAB, sweepDueAt.Add(-time.Hour))
	f.apply(ch, err, dynamo.ApplyOptions{})
	if _, _, kind := procedure.Fire(ref, sweepDueAt.Add(time.Minute)); kind != procedure.FireOverdue {
		t.Fatalf("the stale clock would fire %q", kind)
	}
	wantSweepStats(t, "after forward", f.sweep(sweepDueAt.Add(time.Minute)), 0, 0, 0, 0)
	if got := f.load(a.ID); got.Overdue {
		t.Fatal("application marked overdue after it left the step")
	}
}

func TestSweepEnvironmentFreeTerm(t *testing.T) {
	f := newSweepFixture(t)
	id := "app-env"
	ch, err := procedure.Create(procedure.Draft{Procedure: "kz-environment",
		Object: &procedure.Object{Name: "Pilot IS", Type: "information_system"},
		Environment: &procedure.Environment{Types: []string{"development_testing", "testing"},
			AgreementRef: "AG-2026-17", AgreementDate: "2026-04-10"}},
		sweepApplicant, sweepAt(t, "2026-04-01T04:00:00Z"), id, "obj-env")
	f.apply(ch, err, dynamo.ApplyOptions{NewObject: true})
	ch, err = procedure.Transition(f.load(id), "submit", procedure.Input{}, sweepApplicant, sweepAt(t, "2026-04-01T05:00:00Z"))
	f.apply(ch, err, dynamo.ApplyOptions{})
	ch, err = procedure.Transition(f.load(id), "provide", procedure.Input{Provision: &procedure.ProvisionInput{Note: "done"}},
		sweepOp, sweepAt(t, "2026-04-14T05:00:00Z"))
	f.apply(ch, err, dynamo.ApplyOptions{})

	// 003 §12: three months from the Agreement of 10 April → 10 July 2026 (a Friday;
	// a term of free use is not moved off days off), ending at 2026-07-11 00:00 Almaty.
	end := sweepAt(t, "2026-07-10T19:00:00Z")
	term := f.clock(id, "free_term")
	if !term.Term || term.FromDate != "2026-04-10" || term.DueDate != "2026-07-10" || !term.DueAt.Equal(end) ||
		term.Next != procedure.FireTermEnd || term.State != procedure.Running {
		t.Fatalf("free_term clock: %+v", term)
	}
	if cl := f.clock(id, "op_provision"); cl.State != procedure.Met {
		t.Fatalf("op_provision clock: %+v", cl)
	}

	wantSweepStats(t, "before the end", f.sweep(end.Add(-55*time.Minute)), 0, 0, 0, 0)
	now := end.Add(5 * time.Minute)
	wantSweepStats(t, "term end", f.sweep(now), 1, 0, 0, 1)
	term = f.clock(id, "free_term")
	if term.State != procedure.Met || term.CompletedAt == nil || !term.CompletedAt.Equal(now) || term.Next != procedure.FireNone {
		t.Fatalf("free_term after its end: %+v", term)
	}
	n := f.notice(id + ".free_term.term_ended")
	if n == nil || len(n["to"].(*types.AttributeValueMemberL).Value) != 2 { // the org and the operator
		t.Fatalf("term_ended notice: %v", n)
	}
	if got := f.load(id); got.Overdue || got.Status != "provided" {
		t.Fatalf("application after the term: %+v", got)
	}
	wantSweepStats(t, "again at the same now", f.sweep(now), 0, 0, 0, 0)
	wantSweepStats(t, "next day", f.sweep(end.Add(24*time.Hour)), 0, 0, 0, 0)
	if got := f.outbox(id); count(got[procedure.NoticeReminder], id+".free_term.term_ended") != 1 {
		t.Fatalf("outbox %v", got)
	}
}

func TestSweepUnscheduledTellsAdminOnceADay(t *testing.T) {
	f := newSweepFixture(t)
	// Submitted Mon 2027-12-27: five working days end in 2028, a year not loaded.
	a := f.submitList("app-u", sweepAt(t, "2027-12-27T05:00:00Z"))
	if cl := f.clock(a.ID, "ab_check"); cl.State != procedure.Unscheduled || cl.DueAt != nil {
		t.Fatalf("clock: %+v", cl)
	}
	for _, now := range []time.Time{sweepAt(t, "2027-12-28T03:05:00Z"), sweepAt(t, "2027-12-28T04:05:00Z"), sweepAt(t, "2027-12-29T03:05:00Z")} {
		st := f.sweep(now)
		if st.Unscheduled != 1 || st.Rescheduled != 0 || st.Fired != 0 || st.ItemsRead != 1 {
			t.Fatalf("sweep at %s: %+v", now.Format(time.RFC3339), st)
		}
	}
	want := []string{"app-u.ab_check.admin.2027-12-27", "app-u.ab_check.admin.2027-12-28", "app-u.ab_check.admin.2027-12-29"}
	got := f.outbox(a.ID)[procedure.NoticeAdmin]
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("admin notices %v; want %v", got, want)
	}
}

func TestClockNotFound(t *testing.T) {
	f := newSweepFixture(t)
	if _, err := f.st.Clock(f.ctx, "nope", "ab_check"); err == nil || errors.Is(err, dynamo.ErrRace) {
		t.Fatalf("err %v", err)
	}
}

func TestSweepNoticeAlreadyInOutbox(t *testing.T) {
	f := newSweepFixture(t)
	a := f.submitList("app-d", sweepSubmitAt)
	// A notice with the firing's id is already in the outbox (written before, e.g. by a
	// restore): the firing still happens, and the outbox keeps the first copy.
	_, err := f.db.PutItem(f.ctx, &dynamodb.PutItemInput{TableName: &f.tables.Registry, Item: map[string]types.AttributeValue{
		"PK": sweepS("OUTBOX#app-d.ab_check.reminder"), "SK": sweepS("N"), "Type": sweepS("outbox"),
		"id": sweepS("app-d.ab_check.reminder"), "type": sweepS(procedure.NoticeReminder), "applicationId": sweepS(a.ID), "subject": sweepS("first")}})
	if err != nil {
		t.Fatal(err)
	}
	wantSweepStats(t, "reminder", f.sweep(sweepRemindAt.Add(time.Minute)), 1, 1, 0, 0)
	if n := f.notice("app-d.ab_check.reminder"); n["subject"].(*types.AttributeValueMemberS).Value != "first" {
		t.Fatalf("notice overwritten: %v", n)
	}
	if cl := f.clock(a.ID, "ab_check"); cl.Next != procedure.FireOverdue {
		t.Fatalf("clock %+v", cl)
	}
}

func TestSweepFromOption(t *testing.T) {
	f := newSweepFixture(t)
	f.sweep(sweepAt(t, "2026-03-10T00:05:00Z"))
	if f.watermark() != "2026-03-10" {
		t.Fatalf("watermark %s", f.watermark())
	}
	// A backfill that starts after the watermark has not read 10..14 March: the
	// watermark stays.
	st, err := f.st.Sweep(f.ctx, sweepAt(t, "2026-03-20T00:05:00Z"), dynamo.SweepOptions{From: sweepAt(t, "2026-03-15T00:00:00Z")})
	if err != nil || st.Buckets != 6 || st.From != "2026-03-15" || st.Watermark != "2026-03-10" || f.watermark() != "2026-03-10" {
		t.Fatalf("late backfill: %+v, %v, watermark %s", st, err, f.watermark())
	}
	// One that starts before it reads everything and moves it forward.
	st, err = f.st.Sweep(f.ctx, sweepAt(t, "2026-03-20T00:05:00Z"), dynamo.SweepOptions{From: sweepAt(t, "2026-03-01T12:00:00Z")})
	if err != nil || st.Buckets != 20 || f.watermark() != "2026-03-20" {
		t.Fatalf("early backfill: %+v, %v, watermark %s", st, err, f.watermark())
	}
	// A replay as of an earlier moment never moves it back.
	if st := f.sweep(sweepAt(t, "2026-03-12T00:05:00Z")); st.Buckets != 0 || f.watermark() != "2026-03-20" {
		t.Fatalf("replay: %+v, watermark %s", st, f.watermark())
	}
}

func count(ids []string, id string) int {
	n := 0
	for _, v := range ids {
		if v == id {
			n++
		}
	}
	return n
}
