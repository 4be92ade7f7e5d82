package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/failures"
	"github.com/ictgov/ictgov/shared/document"
)

const documentsBucket = "ictgov-local-documents-000000000000-us-east-1"

// replayer talks to the gateway's SQS and Lambda stand-ins and to DynamoDB Local's
// streams, as `go run ./infra/replay -local` does.
func replayer(t *testing.T, function string) (*failures.Replayer, *sqs.Client, *lambda.Client) {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ep := apitest.Base(t) + "/dev/aws"
	qc := sqs.NewFromConfig(cfg, func(o *sqs.Options) { o.BaseEndpoint = aws.String(ep) })
	lc := lambda.NewFromConfig(cfg, func(o *lambda.Options) { o.BaseEndpoint = aws.String(ep) })
	sc := dynamodbstreams.NewFromConfig(cfg, func(o *dynamodbstreams.Options) {
		o.BaseEndpoint = aws.String(os.Getenv("AWS_ENDPOINT_URL_DYNAMODB"))
	})
	return &failures.Replayer{Queues: qc, Functions: lc, Streams: sc, Region: cfg.Region, Function: function, VisibilitySeconds: 1}, qc, lc
}

func queueDepth(t *testing.T, name string) int {
	t.Helper()
	var st struct{ Queues map[string]int }
	apitest.Do(t, nil, "GET", "/dev/status", nil).Want(t, 200).Decode(t, &st)
	n, ok := st.Queues[name]
	if !ok {
		t.Fatalf("the gateway has no queue %s: %v", name, st.Queues)
	}
	return n
}

// TestValidateDocumentFailureIsReplayed: an S3 event ValidateDocument cannot handle (the
// object is not there yet) is retried twice, then lands in its failure queue as Lambda's
// invocation record; a replay while the cause persists keeps it; once the object is
// there, the replay succeeds and removes it.
func TestValidateDocumentFailureIsReplayed(t *testing.T) {
	const queue = "ictgov-local-validate-document-failures"
	c := newCast(t)
	var a application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Replay", "type": "information_system"}}).Want(t, 201).Decode(t, &a)
	pdf := document.SamplePDF()
	slot := apitest.SlotFor(t, c.clerk, a.ID, "is_description", "d.pdf", "application/pdf", pdf)
	key := "documents/" + a.ID + "/" + slot.ID
	before := queueDepth(t, queue)
	// The event S3 would send, before the bytes are there.
	ev := fmt.Sprintf(`{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"s3:ObjectCreated:Put",`+
		`"s3":{"bucket":{"name":%q},"object":{"key":%q,"size":%d}}}]}`, documentsBucket, key, len(pdf))
	apitest.Do(t, nil, "POST", "/dev/s3-events", ev).Want(t, 200)
	t0 := time.Now()
	apitest.Eventually(t, "the failed event in "+queue, func() bool { return queueDepth(t, queue) > before })
	t.Logf("failure queued after %s (1 invocation + 2 retries)", time.Since(t0).Round(100*time.Millisecond))

	r, qc, _ := replayer(t, "")
	sum, err := r.Run(context.Background(), queue)
	if err != nil {
		t.Fatal(err)
	}
	mine := func(s failures.Summary) (failures.Result, bool) {
		for _, res := range s.Results {
			if res.Function == "arn:aws:lambda:us-east-1:000000000000:function:ValidateDocument" && res.Kind == "invocation record" {
				return res, true
			}
		}
		return failures.Result{}, false
	}
	if res, ok := mine(sum); !ok || res.Replayed || !strings.Contains(res.Error, "failed again") {
		t.Fatalf("replay while the object is missing: %+v", sum)
	}
	// The message stays; it shows again after its visibility timeout.
	if queueDepth(t, queue) <= before {
		t.Fatal("a failed replay removed the message")
	}

	if code := apitest.Put(t, slot, pdf); code != 200 {
		t.Fatalf("upload: %d", code)
	}
	if st, reasons := apitest.DocStatus(t, c.clerk, a.ID, slot.ID); st != "valid" {
		t.Fatalf("document %s: %v", st, reasons)
	}
	time.Sleep(1100 * time.Millisecond) // the kept message's visibility timeout
	sum, err = r.Run(context.Background(), queue)
	if err != nil {
		t.Fatal(err)
	}
	if res, ok := mine(sum); !ok || !res.Replayed {
		t.Fatalf("replay after the upload: %+v", sum)
	}
	t.Logf("replay: %d seen, %d replayed, %d kept", sum.Seen, sum.Replayed, sum.Kept)
	left, err := qc.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(sum.Queue)})
	if err != nil {
		t.Fatal(err)
	}
	if n := left.Attributes["ApproximateNumberOfMessages"]; n != fmt.Sprint(sum.Kept) {
		t.Errorf("%s messages left, %d kept", n, sum.Kept)
	}
}

// TestDeadlineCheckFailuresAreReplayed: a DeadlineCheck invocation that fails for good (an
// event without its scheduled time) ends in the failure queue and a replay keeps it; a
// payload the scheduler could not deliver is replayed into a sweep as of its time.
func TestDeadlineCheckFailuresAreReplayed(t *testing.T) {
	const queue = "ictgov-local-deadline-check-failures"
	r, qc, lc := replayer(t, "DeadlineCheck")
	ctx := context.Background()
	before := queueDepth(t, queue)
	if _, err := lc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("DeadlineCheck"), InvocationType: ltypes.InvocationTypeEvent,
		Payload: []byte(`{"source":"aws.scheduler"}`)}); err != nil {
		t.Fatal(err)
	}
	apitest.Eventually(t, "the failed sweep in "+queue, func() bool { return queueDepth(t, queue) > before })
	u, err := qc.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(queue)})
	if err != nil {
		t.Fatal(err)
	}
	// What the scheduler puts in its dead-letter queue: the payload itself.
	at := time.Now().UTC().Truncate(time.Hour).Add(5 * time.Minute).Format(time.RFC3339)
	if _, err := qc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: u.QueueUrl,
		MessageBody: aws.String(`{"source":"aws.scheduler","detail-type":"Scheduled Event","time":"` + at + `"}`)}); err != nil {
		t.Fatal(err)
	}
	sum, err := r.Run(ctx, queue)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]failures.Result{}
	for _, res := range sum.Results {
		kinds[res.Kind] = res
	}
	if rec := kinds["invocation record"]; rec.Replayed || !strings.Contains(rec.Error, `no \"time\"`) {
		t.Errorf("the event without a time: %+v", rec)
	}
	if p := kinds["payload"]; !p.Replayed || p.Function != "DeadlineCheck" {
		t.Errorf("the scheduler's payload: %+v", p)
	}
	t.Logf("replay: %d seen, %d replayed, %d kept", sum.Seen, sum.Replayed, sum.Kept)
}

// TestReadMarksAndMe: an inbox entry is marked read for the inbox (the organisation's
// clerks share it), marking again changes nothing, and nobody else can mark it.
func TestReadMarksAndMe(t *testing.T) {
	c := newCast(t)
	var me struct {
		Sub, Org string
		Roles    []string
		Inboxes  []string
	}
	apitest.Do(t, c.clerk, "GET", "/v1/me", nil).Want(t, 200).Decode(t, &me)
	if me.Sub != c.clerk.Sub || me.Org != c.clerk.Org || strings.Join(me.Roles, ",") != "applicant" || strings.Join(me.Inboxes, ",") != "org:"+c.clerk.Org {
		t.Errorf("me %+v", me)
	}
	var a application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Inbox", "type": "information_system"}}).Want(t, 201).Decode(t, &a)
	act(t, c.clerk, a.ID, "withdraw", nil, 200) // a status change: the organisation is told
	type entry struct {
		ID, ApplicationID string
		Read              bool
	}
	var id string
	apitest.Eventually(t, "the status notice in the inbox", func() bool {
		var in struct{ Items []entry }
		apitest.Do(t, c.clerk, "GET", "/v1/notifications", nil).Want(t, 200).Decode(t, &in)
		for _, e := range in.Items {
			if e.ApplicationID == a.ID && !e.Read {
				id = e.ID
			}
		}
		return id != ""
	})
	colleague := apitest.Login(t, "clerk-2-"+c.clerk.Org, c.clerk.Org, "applicant")
	apitest.Do(t, c.other, "POST", "/v1/notifications/"+id+"/read", nil).Want(t, 404)
	apitest.Do(t, c.clerk, "POST", "/v1/notifications/not-a-notice/read", nil).Want(t, 404)
	var got entry
	first := apitest.Do(t, c.clerk, "POST", "/v1/notifications/"+id+"/read", nil, "Idempotency-Key", "read-1").Want(t, 200)
	first.Decode(t, &got)
	if got.ID != id || !got.Read {
		t.Errorf("marked: %s", first.Body)
	}
	again := apitest.Do(t, c.clerk, "POST", "/v1/notifications/"+id+"/read", nil, "Idempotency-Key", "read-1").Want(t, 200)
	if again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(first.Body) {
		t.Errorf("repeat with the key: %s %q", again.Body, again.Header.Get("Idempotent-Replayed"))
	}
	apitest.Do(t, colleague, "POST", "/v1/notifications/"+id+"/read", nil).Want(t, 200)
	var in struct{ Items []entry }
	apitest.Do(t, colleague, "GET", "/v1/notifications", nil).Want(t, 200).Decode(t, &in)
	for _, e := range in.Items {
		if e.ID == id && !e.Read {
			t.Errorf("the colleague's view of the shared inbox: %+v", e)
		}
	}
}

// TestOperatorListIsCacheable: both forms of the public list carry an ETag that answers
// 304 while the list is unchanged, and the CSV written page by page is the whole list.
func TestOperatorListIsCacheable(t *testing.T) {
	for _, q := range []string{"", "?format=csv"} {
		r := apitest.Do(t, nil, "GET", "/v1/public/operator-list"+q, nil).Want(t, 200)
		etag := r.Header.Get("ETag")
		if etag == "" || r.Header.Get("Cache-Control") != "public, max-age=60" {
			t.Fatalf("%s: ETag %q Cache-Control %q", q, etag, r.Header.Get("Cache-Control"))
		}
		nm := apitest.Do(t, nil, "GET", "/v1/public/operator-list"+q, nil, "If-None-Match", etag)
		if nm.Status != 304 || len(nm.Body) != 0 {
			t.Errorf("%s with If-None-Match: %d, %d bytes", q, nm.Status, len(nm.Body))
		}
		if q != "" && !strings.HasPrefix(string(r.Body), "objectId,name,type,org,listedAt,applicationId\n") {
			t.Errorf("CSV %q", r.Body[:min(len(r.Body), 80)])
		}
	}
}

// TestServedOpenAPIIsTheLocalForm: under the gateway the functions serve the document
// with the /dev routes, which exist only here.
func TestServedOpenAPIIsTheLocalForm(t *testing.T) {
	r := apitest.Do(t, nil, "GET", "/v1/openapi.yaml", nil).Want(t, 200)
	if !strings.Contains(string(r.Body), "/dev/token:") {
		t.Error("the gateway's functions serve the deployed form")
	}
	var st json.RawMessage
	apitest.Do(t, nil, "GET", "/dev/status", nil).Want(t, 200).Decode(t, &st)
}
