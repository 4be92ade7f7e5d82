package stream

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
)

// These tests run against a real DynamoDB Local; `make test` starts one and
// sets AWS_ENDPOINT_URL_DYNAMODB. They fail rather than skip without it, so
// a CI run cannot silently pass without exercising the stream.
func clients(t *testing.T) (*dynamodb.Client, *dynamodbstreams.Client) {
	t.Helper()
	endpoint := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB")
	if endpoint == "" {
		t.Fatal("AWS_ENDPOINT_URL_DYNAMODB is not set: these tests need DynamoDB Local " +
			"(run `make test`, or start it and export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:PORT)")
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "us-east-1"
	}
	key, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if key == "" || secret == "" {
		key, secret = "local", "local" // DynamoDB Local accepts any static credentials
	}
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion(region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(key, secret, "")))
	if err != nil {
		t.Fatalf("load AWS config: %v", err)
	}
	ddb := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		// DynamoDB Local's responses fail the SDK's CRC32 check and spam warnings.
		o.DisableValidateResponseChecksum = true
	})
	streams := dynamodbstreams.NewFromConfig(cfg, func(o *dynamodbstreams.Options) {
		o.BaseEndpoint = aws.String(endpoint)
	})
	return ddb, streams
}

// newTable creates a uniquely named PK/SK table with a NEW_AND_OLD_IMAGES
// stream and deletes it when the test ends.
func newTable(t *testing.T, ddb *dynamodb.Client) string {
	t.Helper()
	name := fmt.Sprintf("stream-%s-%d", strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()), time.Now().UnixNano())
	ctx := context.Background()
	_, err := ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String(name),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{
			{AttributeName: aws.String("PK"), AttributeType: ddbtypes.ScalarAttributeTypeS},
			{AttributeName: aws.String("SK"), AttributeType: ddbtypes.ScalarAttributeTypeS},
		},
		KeySchema: []ddbtypes.KeySchemaElement{
			{AttributeName: aws.String("PK"), KeyType: ddbtypes.KeyTypeHash},
			{AttributeName: aws.String("SK"), KeyType: ddbtypes.KeyTypeRange},
		},
		BillingMode: ddbtypes.BillingModePayPerRequest,
		StreamSpecification: &ddbtypes.StreamSpecification{
			StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewTypeNewAndOldImages,
		},
	})
	if err != nil {
		t.Fatalf("create table %s: %v", name, err)
	}
	if err := dynamodb.NewTableExistsWaiter(ddb).Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 30*time.Second); err != nil {
		t.Fatalf("wait for table %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)}); err != nil {
			t.Logf("delete table %s: %v", name, err)
		}
	})
	return name
}

func item(pk, sk string, extra ...string) map[string]ddbtypes.AttributeValue {
	m := map[string]ddbtypes.AttributeValue{
		"PK": &ddbtypes.AttributeValueMemberS{Value: pk},
		"SK": &ddbtypes.AttributeValueMemberS{Value: sk},
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = &ddbtypes.AttributeValueMemberS{Value: extra[i+1]}
	}
	return m
}

func put(t *testing.T, ddb *dynamodb.Client, table string, it map[string]ddbtypes.AttributeValue) {
	t.Helper()
	if _, err := ddb.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
		t.Fatalf("put: %v", err)
	}
}

// recorder is a Deliver that records every invocation; respond decides the
// answer for the n-th call (0-based).
type recorder struct {
	mu      sync.Mutex
	calls   [][]events.DynamoDBEventRecord
	respond func(call int, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error)
	notify  chan struct{}
}

func newRecorder(respond func(int, events.DynamoDBEvent) (events.DynamoDBEventResponse, error)) *recorder {
	return &recorder{respond: respond, notify: make(chan struct{}, 1)}
}

func (r *recorder) deliver(_ context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	r.mu.Lock()
	n := len(r.calls)
	r.calls = append(r.calls, ev.Records)
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
	if r.respond == nil {
		return events.DynamoDBEventResponse{}, nil
	}
	return r.respond(n, ev)
}

func (r *recorder) snapshot() [][]events.DynamoDBEventRecord {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]events.DynamoDBEventRecord(nil), r.calls...)
}

// waitFor polls cond until it holds or the deadline passes.
func (r *recorder) waitFor(t *testing.T, what string, cond func(calls [][]events.DynamoDBEventRecord) bool) [][]events.DynamoDBEventRecord {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		calls := r.snapshot()
		if cond(calls) {
			return calls
		}
		select {
		case <-r.notify:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s; calls so far: %s", what, describe(calls))
		}
	}
}

func describe(calls [][]events.DynamoDBEventRecord) string {
	var b strings.Builder
	for i, c := range calls {
		fmt.Fprintf(&b, "\n  call %d:", i)
		for _, rec := range c {
			fmt.Fprintf(&b, " %s", label(rec))
		}
	}
	return b.String()
}

// label is "EVENT PK/SK" for a record.
func label(rec events.DynamoDBEventRecord) string {
	k := rec.Change.Keys
	return rec.EventName + " " + k["PK"].String() + "/" + k["SK"].String()
}

func flatten(calls [][]events.DynamoDBEventRecord) []events.DynamoDBEventRecord {
	var out []events.DynamoDBEventRecord
	for _, c := range calls {
		out = append(out, c...)
	}
	return out
}

func labels(recs []events.DynamoDBEventRecord) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = label(r)
	}
	return out
}

// start runs the poller until the test ends and checks that Run returned nil.
func start(t *testing.T, p *Poller) {
	t.Helper()
	if p.Log == nil {
		p.Log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if p.PollInterval == 0 {
		p.PollInterval = 50 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v after cancel; want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("Run did not return after cancel")
		}
	})
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

func TestPollerDeliversAllWritesInOrder(t *testing.T) {
	ddb, streams := clients(t)
	table := newTable(t, ddb)
	ctx := context.Background()

	put(t, ddb, table, item("APP#1", "A", "status", "new"))
	if _, err := ddb.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(table), Key: item("APP#1", "A"),
		UpdateExpression:          aws.String("SET #s = :s"),
		ExpressionAttributeNames:  map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":s": &ddbtypes.AttributeValueMemberS{Value: "done"}},
	}); err != nil {
		t.Fatalf("update: %v", err)
	}
	if _, err := ddb.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: item("APP#1", "A")}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	var tx []ddbtypes.TransactWriteItem
	for _, sk := range []string{"T1", "T2", "T3"} {
		tx = append(tx, ddbtypes.TransactWriteItem{Put: &ddbtypes.Put{TableName: aws.String(table), Item: item("TX#1", sk)}})
	}
	if _, err := ddb.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: tx}); err != nil {
		t.Fatalf("transact: %v", err)
	}

	rec := newRecorder(nil)
	start(t, &Poller{Streams: streams, DDB: ddb, Table: table, StartingPosition: TrimHorizon, Deliver: rec.deliver})
	// A write after the poller started arrives too.
	put(t, ddb, table, item("APP#2", "B"))

	want := []string{"INSERT APP#1/A", "MODIFY APP#1/A", "REMOVE APP#1/A", "INSERT TX#1/T1", "INSERT TX#1/T2", "INSERT TX#1/T3", "INSERT APP#2/B"}
	calls := rec.waitFor(t, "7 records", func(c [][]events.DynamoDBEventRecord) bool { return len(flatten(c)) >= len(want) })
	recs := flatten(calls)
	if got := labels(recs); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("records:\n got %v\nwant %v", got, want)
	}

	desc, err := ddb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(desc.Table.LatestStreamArn)
	prevSeq := ""
	for i, r := range recs {
		if r.EventSource != "aws:dynamodb" || r.EventSourceArn != arn || r.AWSRegion == "" || r.EventID == "" {
			t.Errorf("record %d envelope: source %q arn %q region %q id %q", i, r.EventSource, r.EventSourceArn, r.AWSRegion, r.EventID)
		}
		c := r.Change
		if c.StreamViewType != "NEW_AND_OLD_IMAGES" || c.SizeBytes <= 0 || c.ApproximateCreationDateTime.IsZero() {
			t.Errorf("record %d: view %q size %d created %v", i, c.StreamViewType, c.SizeBytes, c.ApproximateCreationDateTime)
		}
		if c.SequenceNumber <= prevSeq && len(c.SequenceNumber) == len(prevSeq) {
			t.Errorf("record %d: sequence %s not after %s", i, c.SequenceNumber, prevSeq)
		}
		prevSeq = c.SequenceNumber
	}
	if got := recs[0].Change.NewImage["status"].String(); got != "new" || recs[0].Change.OldImage != nil {
		t.Errorf("INSERT images: new status %q, old %v", got, recs[0].Change.OldImage)
	}
	if o, n := recs[1].Change.OldImage["status"].String(), recs[1].Change.NewImage["status"].String(); o != "new" || n != "done" {
		t.Errorf("MODIFY images: old %q new %q", o, n)
	}
	if got := recs[2].Change.OldImage["status"].String(); got != "done" || recs[2].Change.NewImage != nil {
		t.Errorf("REMOVE images: old status %q, new %v", got, recs[2].Change.NewImage)
	}
}

func TestPollerFilterPassesOnlyOutboxInserts(t *testing.T) {
	ddb, streams := clients(t)
	table := newTable(t, ddb)
	ctx := context.Background()

	put(t, ddb, table, item("OUTBOX#1", "N#1"))
	put(t, ddb, table, item("APP#1", "A"))
	put(t, ddb, table, item("OUTBOX#1", "N#1", "sent", "yes")) // MODIFY: filtered out
	put(t, ddb, table, item("XOUTBOX#1", "N#1"))               // prefix must anchor
	put(t, ddb, table, item("OUTBOX#2", "N#2"))
	if _, err := ddb.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: item("OUTBOX#1", "N#1")}); err != nil {
		t.Fatal(err)
	}
	put(t, ddb, table, item("OUTBOX#END", "N#9")) // sentinel: everything before it was read

	rec := newRecorder(nil)
	p := &Poller{Streams: streams, DDB: ddb, Table: table, StartingPosition: TrimHorizon, Deliver: rec.deliver,
		Filters: []string{outboxFilter}}
	start(t, p)
	calls := rec.waitFor(t, "the sentinel", func(c [][]events.DynamoDBEventRecord) bool {
		recs := flatten(c)
		return len(recs) > 0 && label(recs[len(recs)-1]) == "INSERT OUTBOX#END/N#9"
	})
	want := []string{"INSERT OUTBOX#1/N#1", "INSERT OUTBOX#2/N#2", "INSERT OUTBOX#END/N#9"}
	if got := labels(flatten(calls)); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("delivered %v; want %v", got, want)
	}
	if s := p.Stats(); s.Filtered != 4 || s.Records != 7 {
		t.Errorf("stats %+v; want 7 records, 4 filtered", s)
	}
}

func TestPollerBatchItemFailuresRedeliverFromFailedRecord(t *testing.T) {
	ddb, streams := clients(t)
	table := newTable(t, ddb)
	for i := range 5 {
		put(t, ddb, table, item("OUTBOX#1", fmt.Sprintf("N#%d", i)))
	}
	rec := newRecorder(func(call int, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		for _, r := range ev.Records {
			if call == 0 && r.Change.Keys["SK"].String() == "N#2" {
				return events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{
					{ItemIdentifier: r.Change.SequenceNumber},
				}}, nil
			}
		}
		return events.DynamoDBEventResponse{}, nil
	})
	p := &Poller{Streams: streams, DDB: ddb, Table: table, Deliver: rec.deliver, BatchSize: 10, RetryBackoff: 10 * time.Millisecond}
	start(t, p)
	calls := rec.waitFor(t, "the retry", func(c [][]events.DynamoDBEventRecord) bool { return len(c) >= 2 })
	time.Sleep(300 * time.Millisecond) // nothing else may arrive
	calls = rec.snapshot()
	if len(calls) != 2 {
		t.Fatalf("want 2 invocations, got %s", describe(calls))
	}
	if got := strings.Join(labels(calls[0]), ","); got != "INSERT OUTBOX#1/N#0,INSERT OUTBOX#1/N#1,INSERT OUTBOX#1/N#2,INSERT OUTBOX#1/N#3,INSERT OUTBOX#1/N#4" {
		t.Fatalf("first batch %s", got)
	}
	if got := strings.Join(labels(calls[1]), ","); got != "INSERT OUTBOX#1/N#2,INSERT OUTBOX#1/N#3,INSERT OUTBOX#1/N#4" {
		t.Fatalf("retry batch %s; want it to start at the failed record N#2", got)
	}
	if s := p.Stats(); s.Retries != 1 || s.Batches != 1 || s.Dropped != 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestPollerDeliverErrorRetriesWholeBatch(t *testing.T) {
	ddb, streams := clients(t)
	table := newTable(t, ddb)
	put(t, ddb, table, item("A", "1"))
	put(t, ddb, table, item("A", "2"))
	rec := newRecorder(func(call int, _ events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		if call < 2 {
			return events.DynamoDBEventResponse{}, fmt.Errorf("function crashed (call %d)", call)
		}
		return events.DynamoDBEventResponse{}, nil
	})
	p := &Poller{Streams: streams, DDB: ddb, Table: table, Deliver: rec.deliver, RetryBackoff: 20 * time.Millisecond}
	start(t, p)
	rec.waitFor(t, "3 invocations", func(c [][]events.DynamoDBEventRecord) bool { return len(c) >= 3 })
	time.Sleep(200 * time.Millisecond)
	calls := rec.snapshot()
	if len(calls) != 3 {
		t.Fatalf("want 3 invocations (2 failures, 1 success), got %s", describe(calls))
	}
	for i, c := range calls {
		if got := strings.Join(labels(c), ","); got != "INSERT A/1,INSERT A/2" {
			t.Errorf("call %d: %s; want the whole batch again", i, got)
		}
	}
	if s := p.Stats(); s.Retries != 2 || s.Batches != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestPollerSkipsRecordAfterRetriesExhausted(t *testing.T) {
	ddb, streams := clients(t)
	table := newTable(t, ddb)
	for _, sk := range []string{"1", "2", "3"} {
		put(t, ddb, table, item("A", sk))
	}
	// Record A/2 always fails.
	rec := newRecorder(func(_ int, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		for _, r := range ev.Records {
			if r.Change.Keys["SK"].String() == "2" {
				return events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{{ItemIdentifier: r.Change.SequenceNumber}}}, nil
			}
		}
		return events.DynamoDBEventResponse{}, nil
	})
	var (
		failMu   sync.Mutex
		failures []Failure
	)
	p := &Poller{Streams: streams, DDB: ddb, Table: table, Deliver: rec.deliver, MaxRetryAttempts: 2, RetryBackoff: 10 * time.Millisecond,
		OnFailure: func(_ context.Context, f Failure) { failMu.Lock(); failures = append(failures, f); failMu.Unlock() }}
	start(t, p)
	calls := rec.waitFor(t, "A/3 delivered alone", func(c [][]events.DynamoDBEventRecord) bool {
		return len(c) > 0 && strings.Join(labels(c[len(c)-1]), ",") == "INSERT A/3"
	})
	// 1 first attempt + 2 retries for A/2, then A/3 on its own.
	want := []string{"INSERT A/1,INSERT A/2,INSERT A/3", "INSERT A/2,INSERT A/3", "INSERT A/2,INSERT A/3", "INSERT A/3"}
	var got []string
	for _, c := range calls {
		got = append(got, strings.Join(labels(c), ","))
	}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Fatalf("invocations:\n got %v\nwant %v", got, want)
	}
	if s := p.Stats(); s.Dropped != 1 || s.Retries != 2 {
		t.Errorf("stats %+v; want 1 dropped, 2 retries", s)
	}
	// The on-failure destination learns where the skipped record is in the stream.
	failMu.Lock()
	defer failMu.Unlock()
	a2 := calls[1][0].Change.SequenceNumber
	if len(failures) != 1 || failures[0].StartSequenceNumber != a2 || failures[0].EndSequenceNumber != a2 ||
		failures[0].BatchSize != 1 || failures[0].Attempts != 3 || failures[0].ShardID == "" || !strings.Contains(failures[0].StreamARN, table) {
		t.Errorf("on-failure %+v; want A/2 (%s) after 3 attempts", failures, a2)
	}
}

func TestPollerRespectsBatchSize(t *testing.T) {
	ddb, streams := clients(t)
	table := newTable(t, ddb)
	for i := range 5 {
		put(t, ddb, table, item("B", fmt.Sprintf("%d", i)))
	}
	rec := newRecorder(nil)
	start(t, &Poller{Streams: streams, DDB: ddb, Table: table, Deliver: rec.deliver, BatchSize: 2})
	calls := rec.waitFor(t, "5 records", func(c [][]events.DynamoDBEventRecord) bool { return len(flatten(c)) >= 5 })
	for i, c := range calls {
		if len(c) > 2 {
			t.Errorf("call %d has %d records; BatchSize is 2", i, len(c))
		}
	}
	if got := strings.Join(labels(flatten(calls)), ","); got != "INSERT B/0,INSERT B/1,INSERT B/2,INSERT B/3,INSERT B/4" {
		t.Errorf("records %s", got)
	}
	if len(calls) != 3 {
		t.Errorf("want 3 invocations (2+2+1), got %d", len(calls))
	}
}

func TestPollerLatestSkipsHistory(t *testing.T) {
	ddb, streams := clients(t)
	table := newTable(t, ddb)
	put(t, ddb, table, item("OLD", "1"))
	rec := newRecorder(nil)
	p := &Poller{Streams: streams, DDB: ddb, Table: table, Deliver: rec.deliver, StartingPosition: Latest}
	start(t, p)
	// LATEST is positioned when the poller first reads the shard; give it a
	// few poll cycles before writing.
	time.Sleep(500 * time.Millisecond)
	put(t, ddb, table, item("NEW", "1"))
	calls := rec.waitFor(t, "the new record", func(c [][]events.DynamoDBEventRecord) bool { return len(flatten(c)) >= 1 })
	if got := strings.Join(labels(flatten(calls)), ","); got != "INSERT NEW/1" {
		t.Errorf("records %s; want only the write made after start", got)
	}
}

func TestPollerStartErrors(t *testing.T) {
	ddb, streams := clients(t)
	noop := func(context.Context, events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		return events.DynamoDBEventResponse{}, nil
	}
	ctx := context.Background()
	tests := []struct {
		name string
		p    *Poller
		want string
	}{
		{"missing table", &Poller{Streams: streams, DDB: ddb, Table: "no-such-table-" + fmt.Sprint(time.Now().UnixNano()), Deliver: noop}, "describe table"},
		{"bad filter", &Poller{Streams: streams, DDB: ddb, Table: "x", Deliver: noop, Filters: []string{`{"a":"b"}`}}, "filter pattern 0"},
		{"bad starting position", &Poller{Streams: streams, DDB: ddb, Table: "x", Deliver: noop, StartingPosition: "AT_TIMESTAMP"}, "StartingPosition"},
		{"bad batch size", &Poller{Streams: streams, DDB: ddb, Table: "x", Deliver: noop, BatchSize: 10001}, "BatchSize"},
		{"no deliver", &Poller{Streams: streams, DDB: ddb, Table: "x"}, "must be set"},
	}
	for _, tc := range tests {
		err := tc.p.Run(ctx)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Run = %v; want an error containing %q", tc.name, err, tc.want)
		}
	}
	// A table without a stream.
	name := fmt.Sprintf("nostream-%d", time.Now().UnixNano())
	if _, err := ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("PK"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("PK"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	})
	p := Poller{Streams: streams, DDB: ddb, Table: name, Deliver: noop}
	if err := p.Run(ctx); err == nil || !strings.Contains(err.Error(), "has no stream") {
		t.Errorf("table without stream: Run = %v", err)
	}
}

func TestPollerFollowsRecreatedTable(t *testing.T) {
	ddb, streams := clients(t)
	table := newTable(t, ddb)
	put(t, ddb, table, item("FIRST", "1"))
	rec := newRecorder(nil)
	start(t, &Poller{Streams: streams, DDB: ddb, Table: table, Deliver: rec.deliver})
	rec.waitFor(t, "the first record", func(c [][]events.DynamoDBEventRecord) bool { return len(flatten(c)) >= 1 })

	ctx := context.Background()
	if _, err := ddb.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(table)}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String(table),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{
			{AttributeName: aws.String("PK"), AttributeType: ddbtypes.ScalarAttributeTypeS},
			{AttributeName: aws.String("SK"), AttributeType: ddbtypes.ScalarAttributeTypeS},
		},
		KeySchema: []ddbtypes.KeySchemaElement{
			{AttributeName: aws.String("PK"), KeyType: ddbtypes.KeyTypeHash},
			{AttributeName: aws.String("SK"), KeyType: ddbtypes.KeyTypeRange},
		},
		BillingMode: ddbtypes.BillingModePayPerRequest,
		StreamSpecification: &ddbtypes.StreamSpecification{
			StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewTypeNewAndOldImages,
		},
	}); err != nil {
		t.Fatal(err)
	}
	put(t, ddb, table, item("SECOND", "1"))
	calls := rec.waitFor(t, "the record in the new stream", func(c [][]events.DynamoDBEventRecord) bool { return len(flatten(c)) >= 2 })
	if got := strings.Join(labels(flatten(calls)), ","); got != "INSERT FIRST/1,INSERT SECOND/1" {
		t.Errorf("records %s", got)
	}
}
