package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
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
	"github.com/ictgov/ictgov/shared/mail"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *dynamodb.Client
	tables dynamo.Tables
	st     *dynamo.Store
	sfx    string
	org    string
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := testenv.DynamoDB(t)
	tb := testenv.Tables(t, db)
	testenv.MailpitURL(t)
	sfx := testenv.Suffix()
	return &fixture{t: t, ctx: context.Background(), db: db, tables: tb, st: dynamo.New(db, tb), sfx: sfx,
		org: "kz-org-" + sfx, logs: &syncBuffer{}}
}

func (f *fixture) handler(sender notify.Sender) *handler {
	cfg, err := notify.ParseRecipients(fmt.Sprintf(`{"org:%s":["clerk-%s@minjust.example","head-%s@minjust.example"],
		"role:authorized_body":["ab-%s@example.gov"],"role:operator":[]}`, f.org, f.sfx, f.sfx, f.sfx))
	if err != nil {
		f.t.Fatal(err)
	}
	static := func(context.Context) (notify.Recipients, error) { return cfg, nil }
	return &handler{store: f.st, sender: sender, recipients: static, from: "no-reply@example.gov",
		backoff: notify.Backoff{Attempts: 2, Base: 10 * time.Millisecond, Max: 20 * time.Millisecond},
		now:     time.Now, log: slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
}

// outbox writes each notice the way a state change does (Store.Apply: one transaction
// with the application and its audit event, which carries the notice) and returns the
// stream record of each event, built from the item as stored.
func (f *fixture) outbox(notices ...notify.Notice) []events.DynamoDBEventRecord {
	f.t.Helper()
	var recs []events.DynamoDBEventRecord
	for i, n := range notices {
		appID := fmt.Sprintf("%s-%d", n.ApplicationID, i)
		ch := &procedure.Change{
			App: &procedure.Application{ID: appID, Procedure: "kz-operator-list", Org: f.org, Status: "ab_check", Version: 1, Round: 1,
				CreatedAt: n.At, UpdatedAt: n.At, Object: &procedure.ObjectRef{ID: "obj-" + f.sfx, Name: "Е-лицензиялау", Type: "information_system"}},
			Event: audit.Event{At: n.At, Type: "created", To: "ab_check", Notices: []notify.Notice{n}},
		}
		if err := f.st.Apply(f.ctx, ch, dynamo.ApplyOptions{}); err != nil {
			f.t.Fatalf("apply: %v", err)
		}
		out, err := f.db.Query(f.ctx, &dynamodb.QueryInput{TableName: &f.tables.Registry,
			KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :evt)"), ConsistentRead: aws.Bool(true),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "APP#" + appID},
				":evt": &types.AttributeValueMemberS{Value: "EVT#"}}})
		if err != nil || len(out.Items) != 1 {
			f.t.Fatalf("read the event of %s: %v (%d items)", n.ID, err, len(out.Items))
		}
		recs = append(recs, f.record("INSERT", fmt.Sprintf("1000%d", i), out.Items[0]))
	}
	return recs
}

func (f *fixture) record(name, seq string, item map[string]types.AttributeValue) events.DynamoDBEventRecord {
	img := map[string]events.DynamoDBAttributeValue{}
	for k, v := range item {
		img[k] = apitest.StreamAttr(f.t, v)
	}
	return events.DynamoDBEventRecord{EventID: "e" + seq, EventName: name, EventSource: "aws:dynamodb", EventVersion: "1.1",
		Change: events.DynamoDBStreamRecord{Keys: map[string]events.DynamoDBAttributeValue{"PK": img["PK"], "SK": img["SK"]},
			NewImage: img, SequenceNumber: seq, StreamViewType: "NEW_AND_OLD_IMAGES"}}
}

func (f *fixture) notice(tag string, at time.Time, typ string, to ...notify.Recipient) notify.Notice {
	appID := "app" + f.sfx
	return notify.Notice{ID: appID + "." + tag + "." + typ, Type: typ, At: at, ApplicationID: appID,
		Procedure: "kz-operator-list", Step: "ab_check", DueDate: "2026-03-26", Basis: "002 ¶5", To: to,
		Subject: "[kz-operator-list] «Е-лицензиялау» " + tag + " " + f.sfx, Body: "Secret body text " + tag + "."}
}

// run invokes the handler as Lambda would, with the function's timeout, and wants no failures.
func (f *fixture) run(h *handler, recs ...events.DynamoDBEventRecord) events.DynamoDBEventResponse {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 60*time.Second)
	defer cancel()
	resp, err := h.handle(ctx, events.DynamoDBEvent{Records: recs})
	if err != nil {
		f.t.Fatalf("handler: %v", err)
	}
	return resp
}

func mailpitCount(t *testing.T, id string) int {
	t.Helper()
	u := testenv.MailpitURL(t) + "/api/v1/search?query=" + url.QueryEscape("message-id:"+id)
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	defer resp.Body.Close()
	var out struct {
		Messages []struct{ MessageID string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	n := 0
	for _, m := range out.Messages {
		if strings.HasPrefix(m.MessageID, id+"@") {
			n++
		}
	}
	return n
}

func (f *fixture) inbox(key string) []string {
	f.t.Helper()
	es, _, err := f.st.ListInbox(f.ctx, []string{key}, 50, "")
	if err != nil {
		f.t.Fatal(err)
	}
	var ids []string
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	return ids
}

func TestRepeatedRecordsDeliverOnce(t *testing.T) {
	f := newFixture(t)
	at := time.Date(2026, 3, 26, 19, 5, 0, 0, time.UTC)
	a := f.notice("ab_check", at, notify.Overdue, notify.Recipient{Role: actor.AuthorizedBody}, notify.Recipient{Org: f.org})
	b := f.notice("v2", at.Add(time.Second), notify.StatusChanged, notify.Recipient{Org: f.org})
	recs := f.outbox(a, b)
	recA, recB := recs[0], recs[1]
	h := f.handler(mail.SMTPSender{Addr: testenv.SMTPAddr(t), Timeout: 5 * time.Second})

	// Not ours: our own claim's MODIFY and another item's INSERT.
	modify := recA
	modify.EventName = "MODIFY"
	appInsert := f.record("INSERT", "999", map[string]types.AttributeValue{
		"PK": &types.AttributeValueMemberS{Value: "APP#x"}, "SK": &types.AttributeValueMemberS{Value: "#META"}})

	if resp := f.run(h, recA, modify, appInsert); len(resp.BatchItemFailures) != 0 {
		t.Fatalf("first batch failures: %+v", resp.BatchItemFailures)
	}
	// The stream repeats A, out of order with B, and two invocations race on it.
	var wg sync.WaitGroup
	for _, batch := range [][]events.DynamoDBEventRecord{{recB, recA}, {recA, recB, recA}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(f.ctx, 60*time.Second)
			defer cancel()
			resp, err := h.handle(ctx, events.DynamoDBEvent{Records: batch})
			// A record whose claim the racing invocation holds is reported for retry.
			if err != nil {
				t.Errorf("handler: %v", err)
			}
			for _, fl := range resp.BatchItemFailures {
				if fl.ItemIdentifier != recA.Change.SequenceNumber && fl.ItemIdentifier != recB.Change.SequenceNumber {
					t.Errorf("unknown failure %q", fl.ItemIdentifier)
				}
			}
		}()
	}
	wg.Wait()
	// Whatever the race left for retry, the stream's retry settles it.
	if resp := f.run(h, recA, recB); len(resp.BatchItemFailures) != 0 {
		t.Fatalf("retry batch failures: %+v", resp.BatchItemFailures)
	}

	time.Sleep(300 * time.Millisecond) // Mailpit indexes asynchronously
	for _, n := range []notify.Notice{a, b} {
		if got := mailpitCount(t, n.ID); got != 1 {
			t.Errorf("%s: %d e-mails in Mailpit, want exactly 1", n.ID, got)
		}
	}
	if got := f.inbox("org:" + f.org); len(got) != 2 || got[0] != b.ID || got[1] != a.ID {
		t.Errorf("org inbox %v, want [%s %s]", got, b.ID, a.ID)
	}
	if got := f.inbox("role:authorized_body"); len(got) != 1 || got[0] != a.ID {
		t.Errorf("role inbox %v, want [%s]", got, a.ID)
	}
	logs := f.logs.String()
	for _, secret := range []string{"@minjust.example", "@example.gov>", "ab-" + f.sfx, "Secret body text"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs carry %q:\n%s", secret, logs)
		}
	}
	if !strings.Contains(logs, `"noticeId":"`+a.ID+`"`) || !strings.Contains(logs, `"applicationId":"`+a.ApplicationID+`"`) {
		t.Errorf("logs lack the notice and application ids:\n%s", logs)
	}
}

func TestFailedSendIsRetriedByTheStream(t *testing.T) {
	f := newFixture(t)
	n := f.notice("v3", time.Date(2026, 3, 27, 9, 0, 0, 0, time.UTC), notify.StatusChanged, notify.Recipient{Org: f.org})
	rec := f.outbox(n)[0]

	// A mail server that is down: a port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := l.Addr().String()
	l.Close()
	resp := f.run(f.handler(mail.SMTPSender{Addr: down, Timeout: time.Second}), rec)
	if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != rec.Change.SequenceNumber {
		t.Fatalf("failures %+v, want the record reported for retry", resp.BatchItemFailures)
	}
	if got := f.inbox("org:" + f.org); len(got) != 1 {
		t.Errorf("inbox %v: the inbox entry must not wait for mail", got)
	}
	// The claim was released, so the stream's retry sends at once.
	if resp := f.run(f.handler(mail.SMTPSender{Addr: testenv.SMTPAddr(t), Timeout: 5 * time.Second}), rec, rec); len(resp.BatchItemFailures) != 0 {
		t.Fatalf("retry failures %+v", resp.BatchItemFailures)
	}
	time.Sleep(300 * time.Millisecond)
	if got := mailpitCount(t, n.ID); got != 1 {
		t.Errorf("%d e-mails in Mailpit, want exactly 1", got)
	}
	if got := f.inbox("org:" + f.org); len(got) != 1 {
		t.Errorf("inbox %v after retry, want one entry", got)
	}
}

func TestNoAddressesMeansInboxOnly(t *testing.T) {
	f := newFixture(t)
	n := f.notice("v4", time.Date(2026, 3, 27, 10, 0, 0, 0, time.UTC), notify.Included, notify.Recipient{Role: actor.Operator})
	rec := f.outbox(n)[0]
	if resp := f.run(f.handler(mail.SMTPSender{Addr: testenv.SMTPAddr(t)}), rec); len(resp.BatchItemFailures) != 0 {
		t.Fatalf("failures %+v", resp.BatchItemFailures)
	}
	if got := f.inbox("role:operator"); len(got) != 1 || got[0] != n.ID {
		t.Errorf("operator inbox %v", got)
	}
	if got := mailpitCount(t, n.ID); got != 0 {
		t.Errorf("%d e-mails for a recipient without addresses", got)
	}
}
