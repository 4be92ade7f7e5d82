package resilience

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/template"
	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/s3store"
)

// localTemplate is template.yaml as the gateway of `make test` runs it: its table names.
func registryTable(t *testing.T) string {
	t.Helper()
	tp, err := template.LoadLocal(filepath.Join(testenv.RepoRoot(), "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	name, ok := tp.TableName("RegistryTable")
	if !ok {
		t.Fatal("template.yaml has no RegistryTable")
	}
	return name
}

// s3Record is an S3 event record as versitygw posts it to the gateway's webhook.
func s3Record(bucket, key string) map[string]any {
	return map[string]any{"eventVersion": "2.2", "eventSource": "aws:s3", "eventName": "s3:ObjectCreated:Put",
		"s3": map[string]any{"bucket": map[string]any{"name": bucket}, "object": map[string]any{"key": key}}}
}

func postS3Events(t *testing.T, recs ...map[string]any) {
	t.Helper()
	apitest.Raw(t, "POST", "/dev/s3-events", bodyBytes(t, map[string]any{"Records": recs}), "Content-Type", "application/json").Want(t, 200)
}

func verdicts(t *testing.T, u *apitest.User, appID string) map[string]int {
	t.Helper()
	var trail struct {
		Items []struct {
			Type string
			Data map[string]any
		}
	}
	apitest.Do(t, u, "GET", "/v1/applications/"+appID+"/events?limit=200", nil).Want(t, 200).Decode(t, &trail)
	n := map[string]int{}
	for _, e := range trail.Items {
		if strings.HasPrefix(e.Type, "document_") && e.Type != "document_requested" {
			id, _ := e.Data["documentId"].(string)
			n[id]++
		}
	}
	return n
}

// Every S3 event delivered twice, in bursts, and out of order (an event before its
// object exists, a later upload's event before an earlier one's): one verdict each.
func TestS3EventsTwiceAndOutOfOrder(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	var a application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Deliveries", "type": "information_system"}}).Want(t, 201).Decode(t, &a)
	pdf := document.SamplePDF()
	var slots []apitest.Slot
	for i := 0; i < 4; i++ {
		slots = append(slots, apitest.SlotFor(t, c.clerk, a.ID, "technical_documentation", fmt.Sprintf("d%d.pdf", i), "application/pdf", pdf))
	}
	u, err := url.Parse(slots[0].Upload.URL)
	if err != nil {
		t.Fatal(err)
	}
	bucket := strings.Split(strings.TrimPrefix(u.Path, "/"), "/")[0]
	rec := func(s apitest.Slot) map[string]any { return s3Record(bucket, "documents/"+a.ID+"/"+s.ID) }

	// Before any bytes exist: events for every slot, twice, newest first.
	postS3Events(t, rec(slots[3]), rec(slots[2]), rec(slots[1]), rec(slots[0]), rec(slots[3]), rec(slots[0]))
	time.Sleep(500 * time.Millisecond)
	for _, s := range slots {
		var d struct{ Status string }
		apitest.Do(t, c.clerk, "GET", "/v1/applications/"+a.ID+"/documents/"+s.ID, nil).Want(t, 200).Decode(t, &d)
		if d.Status != "pending_upload" {
			t.Fatalf("document %s judged %s before its bytes exist", s.ID, d.Status)
		}
	}
	// The uploads, last first; versitygw's own events arrive too.
	for i := len(slots) - 1; i >= 0; i-- {
		if code := apitest.Put(t, slots[i], pdf); code != 200 {
			t.Fatalf("upload: %d", code)
		}
	}
	// Duplicates, out of order, and concurrently with the real deliveries.
	var wg sync.WaitGroup
	for k := 0; k < 4; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			order := rand.Perm(len(slots))
			var recs []map[string]any
			for _, i := range order {
				recs = append(recs, rec(slots[i]), rec(slots[i]))
			}
			postS3Events(t, recs...)
		}()
	}
	wg.Wait()
	for _, s := range slots {
		if st, _ := apitest.DocStatus(t, c.clerk, a.ID, s.ID); st != "valid" {
			t.Fatalf("document %s judged %s", s.ID, st)
		}
	}
	postS3Events(t, rec(slots[0]), rec(slots[0])) // late repeats after the verdict
	time.Sleep(time.Second)                       // a second verdict would be written by now
	n := verdicts(t, c.clerk, a.ID)
	for _, s := range slots {
		if n[s.ID] != 1 {
			t.Errorf("document %s has %d verdicts, want 1: %v", s.ID, n[s.ID], n)
		}
	}
	t.Logf("%d slots, %d S3 event records delivered (plus versitygw's own)", len(slots), 6+4*2*len(slots)+2)
}

// toStream converts a table item into the stream's attribute values.
func toStream(av types.AttributeValue) map[string]any {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return map[string]any{"S": v.Value}
	case *types.AttributeValueMemberN:
		return map[string]any{"N": v.Value}
	case *types.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": v.Value}
	case *types.AttributeValueMemberNULL:
		return map[string]any{"NULL": true}
	case *types.AttributeValueMemberB:
		return map[string]any{"B": v.Value}
	case *types.AttributeValueMemberSS:
		return map[string]any{"SS": v.Value}
	case *types.AttributeValueMemberL:
		l := []any{}
		for _, e := range v.Value {
			l = append(l, toStream(e))
		}
		return map[string]any{"L": l}
	case *types.AttributeValueMemberM:
		m := map[string]any{}
		for k, e := range v.Value {
			m[k] = toStream(e)
		}
		return map[string]any{"M": m}
	}
	panic(fmt.Sprintf("attribute %T", av))
}

// outboxRecord reads the trail entry of an application that carries a notice (the
// change's outbox) from the shared table and makes the stream's INSERT record of it.
func outboxRecord(t *testing.T, db *dynamodb.Client, table, appID, noticeID string, seq int) map[string]any {
	t.Helper()
	out, err := db.Query(context.Background(), &dynamodb.QueryInput{TableName: &table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :evt)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "APP#" + appID},
			":evt": &types.AttributeValueMemberS{Value: "EVT#"}}})
	if err != nil {
		t.Fatalf("trail of %s: %v", appID, err)
	}
	var found map[string]types.AttributeValue
	for _, m := range out.Items {
		ns, err := dynamo.NoticesOf(m)
		if err != nil {
			t.Fatalf("trail of %s: %v", appID, err)
		}
		for _, nt := range ns {
			if nt.ID == noticeID {
				found = m
			}
		}
	}
	if found == nil {
		t.Fatalf("no trail entry of %s carries notice %s", appID, noticeID)
	}
	img := map[string]any{}
	for k, v := range found {
		img[k] = toStream(v)
	}
	return map[string]any{"eventID": fmt.Sprint("res-", seq), "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
		"awsRegion": "us-east-1", "dynamodb": map[string]any{"Keys": map[string]any{"PK": img["PK"], "SK": img["SK"]},
			"NewImage": img, "SequenceNumber": fmt.Sprintf("%021d", seq), "SizeBytes": 100, "StreamViewType": "NEW_AND_OLD_IMAGES"}}
}

type inboxEntry struct{ ID, Type, ApplicationID string }

func inboxOf(t *testing.T, u *apitest.User, appID string) []inboxEntry {
	t.Helper()
	var in struct{ Items []inboxEntry }
	apitest.Do(t, u, "GET", "/v1/notifications?limit=200", nil).Want(t, 200).Decode(t, &in)
	var out []inboxEntry
	for _, e := range in.Items {
		if e.ApplicationID == appID {
			out = append(out, e)
		}
	}
	return out
}

// Every outbox stream record delivered again, twice, concurrently and out of order, on
// top of the stream's own delivery: one inbox entry and one e-mail per notice.
func TestStreamRecordsTwiceAndOutOfOrder(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	db := testenv.DynamoDB(t)
	table := registryTable(t)
	var a application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", envBody).Want(t, 201).Decode(t, &a)
	act(t, c.clerk, a.ID, "submit", nil, 200)
	// The operator's step_started notice (mailed to noc@operator.test by test.sh's
	// recipients), and the applicant's status_changed one.
	var opNotice, orgNotice inboxEntry
	apitest.Eventually(t, "the stream's delivery of the submit's notices", func() bool {
		for _, e := range inboxOf(t, c.op, a.ID) {
			if e.Type == "step_started" {
				opNotice = e
			}
		}
		for _, e := range inboxOf(t, c.clerk, a.ID) {
			if e.Type == "status_changed" {
				orgNotice = e
			}
		}
		return opNotice.ID != "" && orgNotice.ID != "" && apitest.Mails(t, "noc@operator.test", a.ID, "step_started") == 1
	})
	r1 := outboxRecord(t, db, table, a.ID, opNotice.ID, 1)
	r2 := outboxRecord(t, db, table, a.ID, orgNotice.ID, 2)
	invoke := func(recs ...map[string]any) {
		r := apitest.Raw(t, "POST", "/dev/invoke/Notify", bodyBytes(t, map[string]any{"Records": recs}), "Content-Type", "application/json")
		if r.Status != 200 || r.Header.Get("X-Ictgov-Outcome") != "ok" {
			t.Errorf("invoke Notify: %d %s %s", r.Status, r.Header.Get("X-Ictgov-Outcome"), r.Body)
		}
	}
	invoke(r1)
	invoke(r1)
	invoke(r2, r1, r2, r1) // out of order, repeated within a batch
	var wg sync.WaitGroup
	for k := 0; k < 4; k++ {
		wg.Add(1)
		go func() { defer wg.Done(); invoke(r1, r2) }()
	}
	wg.Wait()
	time.Sleep(time.Second) // a duplicate would have landed by now
	count := func(es []inboxEntry, id string) int {
		n := 0
		for _, e := range es {
			if e.ID == id {
				n++
			}
		}
		return n
	}
	if n := count(inboxOf(t, c.op, a.ID), opNotice.ID); n != 1 {
		t.Errorf("operator inbox has notice %s %d times", opNotice.ID, n)
	}
	if n := count(inboxOf(t, c.clerk, a.ID), orgNotice.ID); n != 1 {
		t.Errorf("applicant inbox has notice %s %d times", orgNotice.ID, n)
	}
	if n := apitest.Mails(t, "noc@operator.test", a.ID, "step_started"); n != 1 {
		t.Errorf("%d e-mails for one step_started notice, want 1", n)
	}
	t.Logf("2 notices, %d stream records re-delivered (plus the stream's own)", 2+4+4*2)
}

// Scheduled DeadlineCheck firings repeated and concurrent through the gateway, as of
// past moments only (a sweep as of a future moment would judge every running clock of
// the shared system): all answer, and a repeat of a moment already swept fires nothing.
func TestScheduleFiredTwiceThroughGateway(t *testing.T) {
	t.Parallel()
	fire := func(at time.Time) dynamo.SweepStats {
		t.Helper()
		r := apitest.Raw(t, "POST", "/dev/schedules/DeadlineCheck/Hourly?time="+at.UTC().Format(time.RFC3339), nil)
		if r.Status != 200 {
			t.Fatalf("firing DeadlineCheck: %d %s", r.Status, r.Body)
		}
		var st dynamo.SweepStats
		if err := json.Unmarshal(r.Body, &st); err != nil {
			t.Fatalf("sweep answer %s: %v", r.Body, err)
		}
		if st.Failed != 0 {
			t.Errorf("sweep as of %v failed %d firings", at, st.Failed)
		}
		return st
	}
	at := time.Now().Add(-2 * time.Hour).Truncate(time.Hour)
	var wg sync.WaitGroup
	for k := 0; k < 4; k++ {
		wg.Add(1)
		go func() { defer wg.Done(); fire(at) }()
	}
	wg.Wait()
	fire(at.Add(-time.Hour)) // out of order: an earlier moment after a later one
	for k := 0; k < 2; k++ {
		if st := fire(at); st.Fired != 0 {
			t.Errorf("a repeat of the sweep as of %v fired %d: %+v", at, st.Fired, st)
		}
	}
}

// The same, with moments past the reminder, the due moment and the end of a term: on
// tables of the test's own (so the sweep judges only its clocks), run by the store's
// Sweep as the DeadlineCheck function runs it, repeated, concurrent and out of order:
// one reminder, one overdue marking, one term end, each once in the trail and outbox.
func TestScheduledFiringsOnce(t *testing.T) {
	t.Parallel()
	db := testenv.DynamoDB(t)
	tables := testenv.Tables(t, db)
	store := dynamo.New(db, tables)
	s3c := testenv.S3(t)
	now := time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)
	apps := lambdaapp.HTTP((&httpapi.Applications{Store: store, Docs: s3store.New(s3c, testenv.Bucket(t, s3c)),
		Now: func() time.Time { return now }}).Routes())
	ctx := context.Background()
	r := apitest.Call(ctx, apps, envClerk, "POST", "/v1/applications", envBody)
	var a struct {
		ID     string
		Clocks []struct {
			Step            string
			DueAt, RemindAt *time.Time
		}
	}
	apitest.DecodeInto(t, r.Body, &a)
	r = apitest.Call(ctx, apps, envClerk, "POST", "/v1/applications/"+a.ID+"/submit", nil)
	if r.Status != 200 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	apitest.DecodeInto(t, r.Body, &a)
	if len(a.Clocks) != 1 || a.Clocks[0].DueAt == nil || a.Clocks[0].RemindAt == nil {
		t.Fatalf("clocks: %s", r.Body)
	}
	remind, due := *a.Clocks[0].RemindAt, *a.Clocks[0].DueAt
	var mu sync.Mutex
	var total dynamo.SweepStats
	sweeps := 0
	sweep := func(at time.Time) {
		mu.Lock()
		sweeps++
		mu.Unlock()
		st, err := store.Sweep(ctx, at, dynamo.SweepOptions{})
		if err != nil {
			t.Errorf("sweep as of %v: %v", at, err)
		}
		mu.Lock()
		total.Fired += st.Fired
		total.Reminders += st.Reminders
		total.Overdue += st.Overdue
		total.TermsEnded += st.TermsEnded
		mu.Unlock()
	}
	burst := func(ats ...time.Time) {
		var wg sync.WaitGroup
		for _, at := range ats {
			wg.Add(1)
			go func() { defer wg.Done(); sweep(at) }()
		}
		wg.Wait()
	}
	sweep(remind.Add(5 * time.Minute))
	sweep(remind.Add(5 * time.Minute))
	burst(remind.Add(6*time.Minute), remind.Add(7*time.Minute), remind.Add(-time.Hour), remind.Add(8*time.Minute))
	burst(due.Add(5*time.Minute), due.Add(5*time.Minute), remind.Add(10*time.Minute), due.Add(65*time.Minute), due.Add(5*time.Minute))
	sweep(remind.Add(20 * time.Minute)) // out of order: before the due moment, after it was swept
	r = apitest.Call(ctx, apps, envOp, "POST", "/v1/applications/"+a.ID+"/provide", map[string]string{"note": "late"})
	if r.Status != 200 {
		t.Fatalf("provide: %d %s", r.Status, r.Body)
	}
	term := time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC) // free term: three months from 13 March
	burst(term.Add(6*time.Hour), term.Add(6*time.Hour), term.Add(7*time.Hour), due.Add(2*time.Hour))
	sweep(term.Add(30 * 24 * time.Hour))
	if total.Reminders != 1 || total.Overdue != 1 || total.TermsEnded != 1 {
		t.Errorf("firings over every sweep: %+v, want one reminder, one overdue, one term end", total)
	}
	// The trail and the outbox agree: each firing once.
	evs, _, err := store.Events(ctx, a.ID, 200, "")
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, e := range evs {
		n[e.Type]++
	}
	if n["clock_overdue"] != 1 || n["clock_term_ended"] != 1 {
		t.Errorf("trail: %v", n)
	}
	out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: &tables.Registry, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, m := range out.Items {
		ns, err := dynamo.NoticesOf(m)
		if err != nil {
			t.Fatal(err)
		}
		for _, nt := range ns {
			if nt.Step != "" {
				kinds[nt.Type+" "+nt.Step]++
			}
		}
	}
	if kinds["reminder op_provision"] != 1 || kinds["overdue op_provision"] != 1 || kinds["term_ended free_term"] != 1 {
		t.Errorf("outbox notices by type: %v", kinds)
	}
	t.Logf("%d sweeps: %d reminder, %d overdue, %d term end fired; trail %v; outbox %v", sweeps, total.Reminders, total.Overdue, total.TermsEnded, n, kinds)
}
