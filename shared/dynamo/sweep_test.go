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
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/notify"
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
	sweepApplicant = actor.Caller{Sub: "u-clerk", Org: "kz-minjust", Roles: []actor.Role{actor.Applicant}}
	sweepAB        = actor.Caller{Sub: "u-ab", Roles: []actor.Role{actor.AuthorizedBody}}
	sweepOp        = actor.Caller{Sub: "u-op", Roles: []actor.Role{actor.Operator}}
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
	answers := map[string]any{}
	for _, k := range criteria.Keys() {
		answers[k] = true
	}
	ch, err := procedure.Create(procedure.Draft{Procedure: "kz-operator-list",
		Object:   &procedure.ObjectInput{Name: "Registry IS " + id, Type: "information_system"},
		Sections: map[string]any{"criteria": answers}}, sweepApplicant, at.Add(-time.Hour), id, "obj-"+id, nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	for i, kind := range procedure.KZOperatorList.DocumentKinds("information_system") {
		f.validDoc(id, fmt.Sprintf("doc-%s-%d", id, i), kind)
	}
	ch, err = procedure.Act(f.load(id), "submit", nil, sweepApplicant, at, nil)
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

func (f *sweepFixture) clock(appID, step string) clock.Clock {
	f.t.Helper()
	return f.clockOf(appID, step, 1)
}

func (f *sweepFixture) clockOf(appID, step string, round int) clock.Clock {
	f.t.Helper()
	ref, err := f.st.Clock(f.ctx, appID, step, round)
	if err != nil {
		f.t.Fatalf("clock %s/%s: %v", appID, step, err)
	}
	return ref.Clock
}

// outbox returns the ids of the notices an application's trail carries, by type: the
// trail entries are the outbox.
func (f *sweepFixture) outbox(appID string) map[string][]string {
	f.t.Helper()
	out := map[string][]string{}
	for _, n := range f.notices(appID) {
		out[n.Type] = append(out[n.Type], n.ID)
	}
	return out
}

func (f *sweepFixture) notices(appID string) []notify.Notice {
	f.t.Helper()
	res, err := f.db.Query(f.ctx, &dynamodb.QueryInput{TableName: &f.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :evt)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": sweepS("APP#" + appID), ":evt": sweepS("EVT#")},
		ConsistentRead:            aws.Bool(true)})
	if err != nil {
		f.t.Fatalf("read trail: %v", err)
	}
	var out []notify.Notice
	for _, m := range res.Items {
		ns, err := dynamo.NoticesOf(m)
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, ns...)
	}
	return out
}

// notice finds a notice of the application's trail by id, or nil.
func (f *sweepFixture) notice(appID, id string) *notify.Notice {
	f.t.Helper()
	for _, n := range f.notices(appID) {
		if n.ID == id {
			return &n
		}
	}
	return nil
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
		cl.State != clock.Running || cl.Next != clock.FireReminder || !cl.NextAt.Equal(sweepRemindAt) {
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
	n := f.notice(a.ID, "app-1.ab_check.r1.reminder")
	if n == nil || n.DueDate != "2026-03-26" {
		t.Fatalf("reminder notice: %v", n)
	}
	cl = f.clock(a.ID, "ab_check")
	if cl.State != clock.Running || cl.Next != clock.FireOverdue || !cl.NextAt.Equal(sweepDueAt) {
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
	if cl.State != clock.Overdue || cl.OverdueAt == nil || !cl.OverdueAt.Equal(now) || cl.Next != clock.FireNone {
		t.Fatalf("clock after overdue: %+v", cl)
	}
	if got := f.load(a.ID); !got.Overdue || got.Status != "ab_check" || got.Version != a.Version {
		t.Fatalf("application after overdue: overdue %v status %s version %d", got.Overdue, got.Status, got.Version)
	}
	apps, _, err := f.st.ListApplications(f.ctx, dynamo.Query{Overdue: true, Limit: 10})
	if err != nil || len(apps) != 1 || apps[0].ID != a.ID {
		t.Fatalf("overdue list: %v, %v", apps, err)
	}
	n = f.notice(a.ID, "app-1.ab_check.r1.overdue")
	if n == nil || len(n.To) != 2 {
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
	if len(got[notify.Reminder]) != 1 || len(got[notify.Overdue]) != 1 {
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
		if !slices.Equal(got[notify.Overdue], []string{id + ".ab_check.r1.overdue"}) || len(got[notify.Reminder]) != 0 {
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
	ch, err := procedure.Act(a, "forward", nil, sweepAB, sweepAt(t, "2026-03-18T06:00:00Z"), nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	if cl := f.clock(a.ID, "ab_check"); cl.State != clock.Met || cl.CompletedAt == nil {
		t.Fatalf("ab_check after forward: %+v", cl)
	}
	si := f.clock(a.ID, "si_review")
	if si.DueDate != "2026-03-30" || !si.DueAt.Equal(sweepAt(t, "2026-03-30T19:00:00Z")) || !si.RemindAt.Equal(sweepAt(t, "2026-03-27T04:00:00Z")) {
		t.Fatalf("si_review clock: %+v", si)
	}
	for _, now := range []time.Time{sweepRemindAt.Add(time.Hour), sweepDueAt.Add(time.Hour), sweepAt(t, "2026-03-27T03:05:00Z")} {
		wantSweepStats(t, "stopped clock at "+now.Format(time.RFC3339), f.sweep(now), 0, 0, 0, 0)
	}
	if cl := f.clock(a.ID, "ab_check"); cl.State != clock.Met {
		t.Fatalf("ab_check after sweeps: %+v", cl)
	}
	if got := f.outbox(a.ID); len(got[notify.Reminder])+len(got[notify.Overdue]) != 0 {
		t.Fatalf("outbox %v", got)
	}
	// The running si_review clock still fires on time.
	wantSweepStats(t, "si_review reminder", f.sweep(sweepAt(t, "2026-03-27T04:05:00Z")), 1, 1, 0, 0)
	if f.notice(a.ID, "app-s.si_review.r1.reminder") == nil {
		t.Fatal("no si_review reminder")
	}
}

func TestSweepOverdueLosesToTheEngine(t *testing.T) {
	f := newSweepFixture(t)
	a := f.submitList("app-r", sweepSubmitAt)
	ref, err := f.st.Clock(f.ctx, a.ID, "ab_check", 1)
	if err != nil {
		t.Fatal(err)
	}
	// The sweep read the clock; before it writes, the AB forwards. The firing's
	// conditions (clock still indexed as read, application still in the step) fail.
	ch, err := procedure.Act(a, "forward", nil, sweepAB, sweepDueAt.Add(-time.Hour), nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	if out, _ := clock.Fire(ref, sweepDueAt.Add(time.Minute)); out.Firing != clock.FireOverdue {
		t.Fatalf("the stale clock would fire %q", out.Firing)
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
		Object: &procedure.ObjectInput{Name: "Pilot IS", Type: "information_system"},
		Sections: map[string]any{"environment": map[string]any{"types": []any{"development_testing", "testing"},
			"agreementRef": "AG-2026-17", "agreementDate": "2026-04-10"}}},
		sweepApplicant, sweepAt(t, "2026-04-01T04:00:00Z"), id, "obj-env", nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	ch, err = procedure.Act(f.load(id), "submit", nil, sweepApplicant, sweepAt(t, "2026-04-01T05:00:00Z"), nil)
	f.apply(ch, err, dynamo.ApplyOptions{})
	ch, err = procedure.Act(f.load(id), "provide", map[string]any{"note": "done"},
		sweepOp, sweepAt(t, "2026-04-14T05:00:00Z"), nil)
	f.apply(ch, err, dynamo.ApplyOptions{})

	// 003 §12: three months from the Agreement of 10 April → 10 July 2026 (a Friday;
	// a term of free use is not moved off days off), ending at 2026-07-11 00:00 Almaty.
	end := sweepAt(t, "2026-07-10T19:00:00Z")
	term := f.clock(id, "free_term")
	if !term.Term || term.FromDate != "2026-04-10" || term.DueDate != "2026-07-10" || !term.DueAt.Equal(end) ||
		term.Next != clock.FireTermEnd || term.State != clock.Running {
		t.Fatalf("free_term clock: %+v", term)
	}
	if cl := f.clock(id, "op_provision"); cl.State != clock.Met {
		t.Fatalf("op_provision clock: %+v", cl)
	}

	wantSweepStats(t, "before the end", f.sweep(end.Add(-55*time.Minute)), 0, 0, 0, 0)
	now := end.Add(5 * time.Minute)
	wantSweepStats(t, "term end", f.sweep(now), 1, 0, 0, 1)
	term = f.clock(id, "free_term")
	if term.State != clock.Met || term.CompletedAt == nil || !term.CompletedAt.Equal(now) || term.Next != clock.FireNone {
		t.Fatalf("free_term after its end: %+v", term)
	}
	n := f.notice(id, id+".free_term.r1.term_ended")
	if n == nil || len(n.To) != 2 || n.Type != notify.TermEnded { // the org and the operator
		t.Fatalf("term_ended notice: %v", n)
	}
	if got := f.load(id); got.Overdue || got.Status != "provided" {
		t.Fatalf("application after the term: %+v", got)
	}
	wantSweepStats(t, "again at the same now", f.sweep(now), 0, 0, 0, 0)
	wantSweepStats(t, "next day", f.sweep(end.Add(24*time.Hour)), 0, 0, 0, 0)
	if got := f.outbox(id); count(got[notify.TermEnded], id+".free_term.r1.term_ended") != 1 {
		t.Fatalf("outbox %v", got)
	}
}

func TestSweepUnscheduledTellsAdminOnceADay(t *testing.T) {
	f := newSweepFixture(t)
	// Submitted Mon 2027-12-27: five working days end in 2028, a year not loaded.
	a := f.submitList("app-u", sweepAt(t, "2027-12-27T05:00:00Z"))
	if cl := f.clock(a.ID, "ab_check"); cl.State != clock.Unscheduled || cl.DueAt != nil {
		t.Fatalf("clock: %+v", cl)
	}
	for _, now := range []time.Time{sweepAt(t, "2027-12-28T03:05:00Z"), sweepAt(t, "2027-12-28T04:05:00Z"), sweepAt(t, "2027-12-29T03:05:00Z")} {
		st := f.sweep(now)
		if st.Unscheduled != 1 || st.Rescheduled != 0 || st.Fired != 0 || st.ItemsRead != 1 {
			t.Fatalf("sweep at %s: %+v", now.Format(time.RFC3339), st)
		}
	}
	want := []string{"app-u.ab_check.r1.admin.2027-12-27", "app-u.ab_check.r1.admin.2027-12-28", "app-u.ab_check.r1.admin.2027-12-29"}
	got := f.outbox(a.ID)[notify.Admin]
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("admin notices %v; want %v", got, want)
	}
}

func TestClockNotFound(t *testing.T) {
	f := newSweepFixture(t)
	if _, err := f.st.Clock(f.ctx, "nope", "ab_check", 1); err == nil || errors.Is(err, dynamo.ErrRace) {
		t.Fatalf("err %v", err)
	}
}

// A firing whose trail entry is already written (an earlier try committed and its
// acknowledgement was lost) is not written twice: the trail keeps one entry and the
// clock still moves on.
func TestSweepTrailEntryAlreadyWritten(t *testing.T) {
	f := newSweepFixture(t)
	a := f.submitList("app-d", sweepSubmitAt)
	now := sweepRemindAt.Add(time.Minute)
	ref, err := f.st.Clock(f.ctx, a.ID, "ab_check", 1)
	if err != nil {
		t.Fatal(err)
	}
	out, ok := clock.Fire(ref, now)
	if !ok {
		t.Fatal("nothing to fire")
	}
	ev, err := dynamo.InboxEventItem("APP#"+a.ID, out.Event)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.PutItem(f.ctx, &dynamodb.PutItemInput{TableName: &f.tables.Registry, Item: ev}); err != nil {
		t.Fatal(err)
	}
	wantSweepStats(t, "reminder", f.sweep(now), 1, 1, 0, 0)
	if got := f.outbox(a.ID)[notify.Reminder]; len(got) != 1 {
		t.Fatalf("reminders in the trail: %v", got)
	}
	if cl := f.clock(a.ID, "ab_check"); cl.Next != clock.FireOverdue {
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

// A sweep run as of a later moment than the real one (a rehearsal, or /dev/schedules with
// a time) leaves the watermark at the real today: a clock that a change writes afterwards,
// due before that later moment, is still read and fires.
func TestSweepAheadOfTheWallClockLeavesLaterClocksReadable(t *testing.T) {
	f := newSweepFixture(t)
	wall := sweepSubmitAt
	ahead := func(now time.Time) dynamo.SweepStats {
		t.Helper()
		st, err := f.st.Sweep(f.ctx, now, dynamo.SweepOptions{WallClock: func() time.Time { return wall }})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := ahead(wall.AddDate(0, 2, 0)); st.Watermark != "2026-03-16" {
		t.Fatalf("a sweep two months ahead moved the watermark to %s", st.Watermark)
	}
	f.submitList("app-ahead", wall)
	due := *f.clock("app-ahead", "ab_check").DueAt
	wall = due.Add(time.Minute)
	if st := ahead(wall); st.Overdue != 1 {
		t.Fatalf("the clock written after the rehearsal: %+v", st)
	}
	if c := f.clock("app-ahead", "ab_check"); c.State != clock.Overdue {
		t.Fatalf("ab_check after its due date: %s", c.State)
	}
}

// A watermark already past the real today (written before the rule above) comes back to it.
func TestSweepBringsAFutureWatermarkBack(t *testing.T) {
	f := newSweepFixture(t)
	wall := sweepSubmitAt
	opt := dynamo.SweepOptions{WallClock: func() time.Time { return wall }}
	if _, err := f.db.PutItem(f.ctx, &dynamodb.PutItemInput{TableName: &f.tables.Registry, Item: map[string]types.AttributeValue{
		"PK": sweepS("SWEEP#deadline"), "SK": sweepS("#META"), "From": sweepS("2026-06-01"), "Type": sweepS("sweep")}}); err != nil {
		t.Fatal(err)
	}
	f.submitList("app-back", wall)
	due := *f.clock("app-back", "ab_check").DueAt
	wall = due.Add(time.Minute)
	st, err := f.st.Sweep(f.ctx, wall, opt)
	if err != nil || st.Overdue != 1 || st.Watermark != dueBucketDay(wall) {
		t.Fatalf("sweep under a future watermark: %+v, %v", st, err)
	}
}

func dueBucketDay(t time.Time) string { return t.UTC().Format("2006-01-02") }
