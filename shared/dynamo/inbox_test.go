package dynamo_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
)

type inboxFixture struct {
	t      *testing.T
	ctx    context.Context
	db     *dynamodb.Client
	tables dynamo.Tables
	st     *dynamo.Store
}

func newInboxFixture(t *testing.T) *inboxFixture {
	t.Helper()
	db := testenv.DynamoDB(t)
	tb := testenv.Tables(t, db)
	return &inboxFixture{t: t, ctx: context.Background(), db: db, tables: tb, st: dynamo.New(db, tb)}
}

var inboxT0 = time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)

func inboxNotice(id string, at time.Time, to ...notify.Recipient) notify.Notice {
	return notify.Notice{ID: id, Type: notify.StatusChanged, At: at, ApplicationID: "app-" + id,
		Procedure: "kz-operator-list", Step: "ab_check", DueDate: "2026-03-23", Basis: "002 ¶5", To: to,
		Subject: "Өтінім " + id, Body: "Body of " + id}
}

func (f *inboxFixture) deliver(n notify.Notice) {
	f.t.Helper()
	if err := f.st.DeliverInbox(f.ctx, n); err != nil {
		f.t.Fatalf("deliver %s: %v", n.ID, err)
	}
}

// countInbox counts the items of one inbox partition directly, past the store's own logic.
func (f *inboxFixture) countInbox(key string) int {
	f.t.Helper()
	out, err := f.db.Query(f.ctx, &dynamodb.QueryInput{TableName: &f.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "INBOX#" + key}}})
	if err != nil {
		f.t.Fatal(err)
	}
	return int(out.Count)
}

func (f *inboxFixture) list(keys []string, limit int, cursor string) ([]dynamo.InboxEntry, string) {
	f.t.Helper()
	es, next, err := f.st.ListInbox(f.ctx, keys, limit, cursor)
	if err != nil {
		f.t.Fatalf("list %v: %v", keys, err)
	}
	return es, next
}

func TestDeliverInboxTwiceWritesOnce(t *testing.T) {
	f := newInboxFixture(t)
	n := inboxNotice("n1", inboxT0, notify.Recipient{Org: "kz-minjust"}, notify.Recipient{Role: actor.AuthorizedBody},
		notify.Recipient{Org: "kz-minjust"})
	f.deliver(n)
	f.deliver(n) // the stream repeats the record
	for _, key := range []string{"org:kz-minjust", "role:authorized_body"} {
		if got := f.countInbox(key); got != 1 {
			t.Errorf("%s: %d inbox items, want 1", key, got)
		}
	}
	es, next := f.list([]string{"org:kz-minjust", "role:authorized_body"}, 10, "")
	if len(es) != 1 || next != "" {
		t.Fatalf("caller holding both inboxes sees %d entries (next %q), want the notice once", len(es), next)
	}
	want := dynamo.InboxEntry{ID: "n1", At: inboxT0, Type: "status_changed", ApplicationID: "app-n1", Procedure: "kz-operator-list",
		Step: "ab_check", DueDate: "2026-03-23", Basis: "002 ¶5", Subject: "Өтінім n1", Body: "Body of n1"}
	if !reflect.DeepEqual(es[0], want) {
		t.Errorf("entry\n got %+v\nwant %+v", es[0], want)
	}
	b, _ := json.Marshal(es[0])
	var keys map[string]any
	_ = json.Unmarshal(b, &keys)
	for _, k := range []string{"id", "at", "type", "applicationId", "subject", "body", "read", "step", "dueDate", "basis"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("entry JSON lacks %q: %s", k, b)
		}
	}
}

func TestListInboxMergesNewestFirst(t *testing.T) {
	f := newInboxFixture(t)
	org, ab := notify.Recipient{Org: "kz-minjust"}, notify.Recipient{Role: actor.AuthorizedBody}
	other := notify.Recipient{Org: "kz-other"}
	var want []string
	for i := range 9 {
		id := fmt.Sprintf("n%02d", i)
		var to []notify.Recipient
		switch i % 3 {
		case 0:
			to = []notify.Recipient{org}
		case 1:
			to = []notify.Recipient{ab}
		case 2:
			to = []notify.Recipient{org, ab} // in both of the caller's inboxes: listed once
		}
		f.deliver(inboxNotice(id, inboxT0.Add(time.Duration(i)*time.Minute), to...))
		want = append([]string{id}, want...)
	}
	// Same instant as n04: order falls back to the notice id.
	f.deliver(inboxNotice("n04b", inboxT0.Add(4*time.Minute), org))
	want = []string{"n08", "n07", "n06", "n05", "n04b", "n04", "n03", "n02", "n01", "n00"}
	// Another organisation's notices, newer than all: never listed.
	f.deliver(inboxNotice("x1", inboxT0.Add(time.Hour), other))
	f.deliver(inboxNotice("x2", inboxT0.Add(-time.Hour), other))

	keys := []string{"org:kz-minjust", "role:authorized_body"}
	var got []string
	cursor, pages := "", 0
	for {
		es, next := f.list(keys, 3, cursor)
		pages++
		for _, e := range es {
			got = append(got, e.ID)
		}
		if next == "" {
			break
		}
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		cursor = next
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("merged pages\n got %v\nwant %v", got, want)
	}
	if pages != 4 {
		t.Errorf("%d pages of 3 for 10 entries, want 4 (no empty trailing page)", pages)
	}
	// One inbox alone, and a page that ends exactly at the last entry.
	es, next := f.list([]string{"role:authorized_body"}, 6, "")
	if len(es) != 6 || next != "" {
		t.Errorf("role inbox: %d entries, next %q; want 6 and no next page", len(es), next)
	}
	if es, _ := f.list(nil, 10, ""); len(es) != 0 {
		t.Errorf("no keys: %d entries", len(es))
	}
}

func TestListInboxRefusesForgedCursor(t *testing.T) {
	f := newInboxFixture(t)
	f.deliver(inboxNotice("mine", inboxT0, notify.Recipient{Org: "kz-minjust"}))
	f.deliver(inboxNotice("theirs", inboxT0.Add(-time.Minute), notify.Recipient{Org: "kz-other"}))
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	stamp := "2026-03-16T05:00:00.000000000Z"
	for name, c := range map[string]string{
		"not base64":           "%%%",
		"not json":             enc("hello"),
		"another list's":       enc(`{"SK":"EVT#x"}`),
		"extra field":          enc(`{"b":"N#` + stamp + `#mine","PK":"INBOX#org:kz-other"}`),
		"other partition key":  enc(`{"b":"INBOX#org:kz-other"}`),
		"not an inbox key":     enc(`{"b":"EVT#` + stamp + `#x"}`),
		"bad stamp":            enc(`{"b":"N#2026-13-99T99:00:00.000000000Z#x"}`),
		"two values":           enc(`{"b":"N#` + stamp + `#a"}{"b":"x"}`),
		"too long":             enc(`{"b":"N#` + stamp + `#` + string(make([]byte, 3000)) + `"}`),
		"control character":    enc(`{"b":"N#` + stamp + `#a\n"}`),
		"empty sort key value": enc(`{"b":""}`),
	} {
		_, _, err := f.st.ListInbox(f.ctx, []string{"org:kz-minjust"}, 10, c)
		if !fault.Is(err, fault.Invalid) {
			t.Errorf("%s cursor: err %v, want a refusal (invalid)", name, err)
		}
	}
	// A well-formed cursor only moves within the caller's own inboxes.
	es, _ := f.list([]string{"org:kz-minjust"}, 10, enc(`{"b":"N#2027-01-01T00:00:00.000000000Z#zzz"}`))
	if len(es) != 1 || es[0].ID != "mine" {
		t.Errorf("forged position listed %v, want only the caller's own entry", es)
	}
}

func (f *inboxFixture) outbox(n notify.Notice) {
	f.t.Helper()
	m, err := dynamo.InboxEventItem("APP#"+n.ApplicationID, sampleEvent(n))
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.db.PutItem(f.ctx, &dynamodb.PutItemInput{TableName: &f.tables.Registry, Item: m}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *inboxFixture) mailState(id string) string {
	f.t.Helper()
	out, err := f.db.GetItem(f.ctx, &dynamodb.GetItemInput{TableName: &f.tables.Registry, ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "MAIL#" + id}, "SK": &types.AttributeValueMemberS{Value: "N"}}})
	if err != nil {
		f.t.Fatal(err)
	}
	v, _ := out.Item["MailState"].(*types.AttributeValueMemberS)
	if v == nil {
		return ""
	}
	return v.Value
}

func TestClaimMailOnce(t *testing.T) {
	f := newInboxFixture(t)
	n := inboxNotice("m1", inboxT0, notify.Recipient{Org: "kz-minjust"})
	f.outbox(n)
	now := inboxT0.Add(time.Minute)
	ok, err := f.st.ClaimMail(f.ctx, n.ID, now, time.Minute)
	if !ok || err != nil {
		t.Fatalf("first claim: %v, %v", ok, err)
	}
	ok, err = f.st.ClaimMail(f.ctx, n.ID, now.Add(time.Second), time.Minute)
	if ok || !errors.Is(err, dynamo.ErrMailLeased) {
		t.Fatalf("second claim while leased: %v, %v; want false, ErrMailLeased", ok, err)
	}
	if err := f.st.MarkMailed(f.ctx, n.ID, now.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if s := f.mailState(n.ID); s != dynamo.MailSent {
		t.Errorf("state %q after MarkMailed", s)
	}
	// Long after, even with the lease long gone: sent stays sent.
	ok, err = f.st.ClaimMail(f.ctx, n.ID, now.Add(time.Hour), time.Minute)
	if ok || err != nil {
		t.Fatalf("claim after sent: %v, %v; want false, nil", ok, err)
	}
	if err := f.st.MarkMailed(f.ctx, n.ID, now); !errors.Is(err, dynamo.ErrRace) {
		t.Errorf("MarkMailed without a claim: %v, want ErrRace", err)
	}
}

func TestClaimMailExpiredLeaseAndRelease(t *testing.T) {
	f := newInboxFixture(t)
	n := inboxNotice("m2", inboxT0, notify.Recipient{Org: "kz-minjust"})
	f.outbox(n)
	now := inboxT0
	if ok, err := f.st.ClaimMail(f.ctx, n.ID, now, time.Minute); !ok || err != nil {
		t.Fatalf("claim: %v, %v", ok, err)
	}
	// The claimant died; after its lease another invocation takes over.
	if ok, err := f.st.ClaimMail(f.ctx, n.ID, now.Add(2*time.Minute), time.Minute); !ok || err != nil {
		t.Fatalf("reclaim after the lease expired: %v, %v", ok, err)
	}
	// A failed send gives the claim back at once.
	if err := f.st.ReleaseMail(f.ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	if s := f.mailState(n.ID); s != dynamo.MailPending {
		t.Errorf("state %q after release", s)
	}
	if ok, err := f.st.ClaimMail(f.ctx, n.ID, now.Add(3*time.Minute), time.Minute); !ok || err != nil {
		t.Fatalf("claim after release: %v, %v", ok, err)
	}
	if err := f.st.FailMail(f.ctx, n.ID, now.Add(4*time.Minute), "smtp RCPT TO: 550"); err != nil {
		t.Fatal(err)
	}
	if ok, err := f.st.ClaimMail(f.ctx, n.ID, now.Add(time.Hour), time.Minute); ok || err != nil {
		t.Errorf("claim after failed for good: %v, %v; want false, nil", ok, err)
	}
	// A notice seen for the first time: the claim creates its mail state.
	if ok, err := f.st.ClaimMail(f.ctx, "first-seen", now, time.Minute); !ok || err != nil {
		t.Errorf("first claim of a notice: %v, %v; want true, nil", ok, err)
	}
	if s := f.mailState("first-seen"); s != dynamo.MailSending {
		t.Errorf("state %q after the first claim", s)
	}
}

// toStream converts a table item into a stream image, as the DynamoDB stream delivers it.

// sampleEvent is a trail entry carrying n, as a change writes it.
func sampleEvent(n notify.Notice) audit.Event {
	return audit.Event{At: n.At, Actor: actor.Actor{Sub: "ab-1", Org: "kz-mdai", Role: actor.AuthorizedBody},
		Type: "forward", From: "ab_check", To: "si_review", Round: 1, Seq: "v000003", Notices: []notify.Notice{n}}
}

func TestNoticesFromImage(t *testing.T) {
	n := inboxNotice("img1", inboxT0, notify.Recipient{Role: actor.Operator}, notify.Recipient{Org: "kz-minjust"})
	item, err := dynamo.InboxEventItem("APP#x", sampleEvent(n))
	if err != nil {
		t.Fatal(err)
	}
	img := map[string]events.DynamoDBAttributeValue{}
	for k, v := range item {
		img[k] = apitest.StreamAttr(t, v)
	}
	got, err := dynamo.NoticesFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0], n) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, n)
	}
	img["SK"] = events.NewStringAttribute("#META")
	if _, err := dynamo.NoticesFromImage(img); err == nil {
		t.Error("an image that is not a trail entry was accepted")
	}
}

// The sample event for `sam local invoke Notify -e events/notify-outbox-insert.json` must
// stay decodable as the store writes trail entries that carry notices.
func TestSampleEventDecodes(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "events", "notify-outbox-insert.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ev events.DynamoDBEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	if len(ev.Records) != 1 || ev.Records[0].EventName != "INSERT" {
		t.Fatalf("want one INSERT record, got %+v", ev.Records)
	}
	ns, err := dynamo.NoticesFromImage(ev.Records[0].Change.NewImage)
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 {
		t.Fatalf("decoded %d notices, want 1", len(ns))
	}
	n := ns[0]
	if n.Type != notify.Overdue || len(n.To) != 2 || n.DueDate != "2026-03-26" || n.Basis != "002 ¶5" {
		t.Errorf("decoded %+v", n)
	}
	e := audit.Event{At: n.At, Actor: actor.SystemActor("system:deadline-check"), Type: "clock_overdue", Round: 1,
		Seq: "clk-ab_check#001-overdue", Data: map[string]any{"step": "ab_check", "round": 1, "basis": "002 ¶5", "dueDate": "2026-03-26"},
		Notices: ns}
	item, err := dynamo.InboxEventItem("APP#"+n.ApplicationID, e)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("WRITE_SAMPLE") != "" {
		img := map[string]events.DynamoDBAttributeValue{}
		for k, v := range item {
			img[k] = apitest.StreamAttr(t, v)
		}
		b, _ := json.MarshalIndent(img, "", "  ")
		t.Logf("%s", b)
	}
	for k, v := range item {
		if !reflect.DeepEqual(apitest.StreamAttr(t, v), ev.Records[0].Change.NewImage[k]) {
			t.Errorf("sample's %s differs from what the store writes", k)
		}
	}
	if len(item) != len(ev.Records[0].Change.NewImage) {
		t.Errorf("sample has %d attributes, the store writes %d", len(ev.Records[0].Change.NewImage), len(item))
	}
}
