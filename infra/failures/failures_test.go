package failures

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	stypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/ictgov/ictgov/infra/gateway/awslocal"
	"github.com/ictgov/ictgov/infra/testenv"
)

// TestStreamBatchIsReadBackAndReplayed: a Notify stream batch that failed is only its
// coordinates in the table's stream; the replay reads the records back from DynamoDB
// Local's real stream and hands the function the batch Lambda would have. The function
// here is a recorder behind the SQS and Lambda stand-ins of the local gateway.
func TestStreamBatchIsReadBackAndReplayed(t *testing.T) {
	ctx := context.Background()
	db := testenv.DynamoDB(t)
	tables := testenv.Tables(t, db)
	pk := "OUTBOX#replay-" + testenv.Suffix()
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(tables.Registry), Item: map[string]ddbtypes.AttributeValue{
		"PK": &ddbtypes.AttributeValueMemberS{Value: pk}, "SK": &ddbtypes.AttributeValueMemberS{Value: "N"}}}); err != nil {
		t.Fatal(err)
	}
	cfg := db.Options()
	streams := dynamodbstreams.New(dynamodbstreams.Options{Region: cfg.Region, Credentials: cfg.Credentials, BaseEndpoint: cfg.BaseEndpoint})
	arn, shard, seqNo := findRecord(t, db, streams, tables.Registry, pk)

	var (
		mu       sync.Mutex
		invoked  []events.DynamoDBEvent
		failNext bool
	)
	svc := &awslocal.Service{AccountID: "000000000000", Region: "us-east-1",
		Invoke: func(_ context.Context, fn string, payload []byte) ([]byte, string, error) {
			mu.Lock()
			defer mu.Unlock()
			var ev events.DynamoDBEvent
			if err := json.Unmarshal(payload, &ev); err != nil || fn != "Notify" {
				return nil, "", fmt.Errorf("function %s, payload %s: %v", fn, payload, err)
			}
			invoked = append(invoked, ev)
			if failNext {
				return []byte(`{"batchItemFailures":[{"itemIdentifier":"` + seqNo + `"}]}`), "", nil
			}
			return []byte(`{"batchItemFailures":[]}`), "", nil
		}}
	srv := httptest.NewServer(http.StripPrefix("/aws", svc))
	t.Cleanup(srv.Close)
	svc.BaseURL = srv.URL + "/aws"
	svc.DeclareQueue("notify-failures")
	info := func(shardID string) string {
		return fmt.Sprintf(`{"requestContext":{"functionArn":"arn:aws:lambda:us-east-1:000000000000:function:Notify","condition":"RetryAttemptsExhausted"},`+
			`"DDBStreamBatchInfo":{"shardId":%q,"startSequenceNumber":%q,"endSequenceNumber":%q,"streamArn":%q,"batchSize":1}}`, shardID, seqNo, seqNo, arn)
	}
	if _, err := svc.Send("notify-failures", info(shard)); err != nil {
		t.Fatal(err)
	}
	awsCfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""), BaseEndpoint: aws.String(svc.BaseURL)}
	r := &Replayer{Queues: sqs.NewFromConfig(awsCfg), Functions: lambda.NewFromConfig(awsCfg), Streams: streams, Region: "us-east-1", VisibilitySeconds: 1}

	failNext = true
	sum, err := r.Run(ctx, "notify-failures")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Seen == 0 || sum.Results[0].Replayed || !strings.Contains(sum.Results[0].Error, "reported 1 of the records failed") {
		t.Fatalf("a batch the function fails again must stay: %+v", sum)
	}
	failNext = false
	time.Sleep(1100 * time.Millisecond) // the kept message's visibility timeout
	sum, err = r.Run(ctx, "notify-failures")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Replayed != 1 || svc.Queues()["notify-failures"] != 0 {
		t.Fatalf("replay: %+v, left %v", sum, svc.Queues())
	}
	last := invoked[len(invoked)-1]
	if len(last.Records) != 1 || last.Records[0].Change.Keys["PK"].String() != pk || last.Records[0].EventName != "INSERT" ||
		last.Records[0].EventSourceArn != arn {
		t.Errorf("the replayed batch %+v", last)
	}

	// Records the stream no longer has stay in the queue, with the reason.
	if _, err := svc.Send("notify-failures", info("shardId-00000000000000000000-gone")); err != nil {
		t.Fatal(err)
	}
	sum, err = r.Run(ctx, "notify-failures")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Kept != 1 || sum.Results[0].Kind != "stream batch" || sum.Results[0].Error == "" {
		t.Errorf("a batch gone from the stream: %+v", sum)
	}
}

// findRecord finds the stream record of the item with the partition key.
func findRecord(t *testing.T, db *dynamodb.Client, streams *dynamodbstreams.Client, table, pk string) (arn, shard, seqNo string) {
	t.Helper()
	ctx := context.Background()
	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	arn = aws.ToString(d.Table.LatestStreamArn)
	ds, err := streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range ds.StreamDescription.Shards {
		it, err := streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(arn), ShardId: sh.ShardId,
			ShardIteratorType: "TRIM_HORIZON"})
		if err != nil {
			t.Fatal(err)
		}
		iter := it.ShardIterator
		for iter != nil {
			out, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range out.Records {
				if v, ok := rec.Dynamodb.Keys["PK"].(*stypes.AttributeValueMemberS); ok && v.Value == pk {
					return arn, aws.ToString(sh.ShardId), aws.ToString(rec.Dynamodb.SequenceNumber)
				}
			}
			if len(out.Records) == 0 {
				break
			}
			iter = out.NextShardIterator
		}
	}
	t.Fatalf("no stream record of %s", pk)
	return
}
