// Package failures replays what the system's failure queues hold: the events Lambda gave
// up on (the on-failure destinations of ValidateDocument and DeadlineCheck), what the
// scheduler could not deliver, and the stream batches Notify failed (their coordinates in
// the table's stream). Each message is turned back into the event the function receives,
// the function is invoked with it synchronously, and the message is deleted only when
// the function succeeded; a failure stays in the queue, so a replay can be run again.
// The same code runs against AWS and against the local gateway's stand-ins.
package failures

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	stypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/ictgov/ictgov/infra/gateway/stream"
)

// QueueAPI is the part of the SQS client a replay uses.
type QueueAPI interface {
	GetQueueUrl(context.Context, *sqs.GetQueueUrlInput, ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error)
	ReceiveMessage(context.Context, *sqs.ReceiveMessageInput, ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(context.Context, *sqs.DeleteMessageInput, ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
}

// FunctionAPI is the part of the Lambda client a replay uses.
type FunctionAPI interface {
	Invoke(context.Context, *lambda.InvokeInput, ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// StreamAPI is the part of the DynamoDB Streams client a replay of stream batches uses.
type StreamAPI interface {
	GetShardIterator(context.Context, *dynamodbstreams.GetShardIteratorInput, ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetShardIteratorOutput, error)
	GetRecords(context.Context, *dynamodbstreams.GetRecordsInput, ...func(*dynamodbstreams.Options)) (*dynamodbstreams.GetRecordsOutput, error)
}

// Replayer replays one queue.
type Replayer struct {
	Queues    QueueAPI
	Functions FunctionAPI
	Streams   StreamAPI // only for stream batches; nil: such messages fail
	Region    string
	// Function names the function for messages that do not (the scheduler's dead
	// letters carry only the payload and, as an attribute, the target's ARN).
	Function string
	// Max bounds how many messages one run looks at; 0 means no bound.
	Max int
	// DryRun reports what would be replayed and changes nothing.
	DryRun bool
	// VisibilitySeconds hides each received message while it is replayed, and a failed
	// one until the run is over, so one run sees each message once; default 300.
	VisibilitySeconds int32
}

// Result is one message's outcome.
type Result struct {
	MessageID string
	Kind      string // "invocation record", "stream batch" or "payload"
	Function  string
	Replayed  bool   // the function succeeded and the message was deleted
	Error     string // why it stays in the queue
}

// Summary counts a run.
type Summary struct {
	Queue                string
	Seen, Replayed, Kept int
	Results              []Result
}

// Run replays the queue named by its name or URL until it has no visible message left
// (or Max messages were seen).
func (r *Replayer) Run(ctx context.Context, queue string) (Summary, error) {
	url := queue
	if !strings.Contains(queue, "/") {
		out, err := r.Queues.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(queue)})
		if err != nil {
			return Summary{}, fmt.Errorf("find queue %s: %w", queue, err)
		}
		url = aws.ToString(out.QueueUrl)
	}
	vis := r.VisibilitySeconds
	if vis == 0 {
		vis = 300
	}
	sum := Summary{Queue: url}
	for r.Max == 0 || sum.Seen < r.Max {
		n := int32(10)
		if r.Max > 0 {
			n = int32(min(10, r.Max-sum.Seen))
		}
		out, err := r.Queues.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: n,
			VisibilityTimeout: vis, MessageAttributeNames: []string{"All"}})
		if err != nil {
			return sum, fmt.Errorf("receive from %s: %w", url, err)
		}
		if len(out.Messages) == 0 {
			break
		}
		for _, m := range out.Messages {
			sum.Seen++
			res := r.one(ctx, url, m)
			if res.Replayed {
				sum.Replayed++
			} else {
				sum.Kept++
			}
			sum.Results = append(sum.Results, res)
		}
	}
	return sum, nil
}

func (r *Replayer) one(ctx context.Context, url string, m sqstypes.Message) Result {
	res := Result{MessageID: aws.ToString(m.MessageId)}
	fn, payload, kind, err := r.event(ctx, m)
	res.Kind, res.Function = kind, fn
	if err != nil {
		res.Error = err.Error()
		return res
	}
	if r.DryRun {
		res.Error = "dry run: not invoked"
		return res
	}
	out, err := r.Functions.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(fn), Payload: payload})
	switch {
	case err != nil:
		res.Error = "invoke: " + err.Error()
		return res
	case out.FunctionError != nil:
		res.Error = fmt.Sprintf("%s failed again: %s", fn, truncate(string(out.Payload), 300))
		return res
	case kind == "stream batch":
		var br events.DynamoDBEventResponse
		if json.Unmarshal(out.Payload, &br) == nil && len(br.BatchItemFailures) > 0 {
			res.Error = fmt.Sprintf("%s reported %d of the records failed", fn, len(br.BatchItemFailures))
			return res
		}
	}
	if _, err := r.Queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
		res.Error = "replayed, but the message could not be deleted (a second replay is harmless: every function is idempotent): " + err.Error()
		return res
	}
	res.Replayed = true
	return res
}

// record is what Lambda puts on an on-failure destination.
type record struct {
	RequestContext struct {
		FunctionARN string `json:"functionArn"`
		Condition   string `json:"condition"`
	} `json:"requestContext"`
	RequestPayload     json.RawMessage `json:"requestPayload"`
	DDBStreamBatchInfo *struct {
		ShardID             string `json:"shardId"`
		StartSequenceNumber string `json:"startSequenceNumber"`
		EndSequenceNumber   string `json:"endSequenceNumber"`
		StreamARN           string `json:"streamArn"`
	} `json:"DDBStreamBatchInfo"`
}

// event turns a message back into the function and the event it receives.
func (r *Replayer) event(ctx context.Context, m sqstypes.Message) (fn string, payload []byte, kind string, err error) {
	body := []byte(aws.ToString(m.Body))
	var rec record
	if json.Unmarshal(body, &rec) == nil && rec.RequestContext.FunctionARN != "" {
		fn = unqualified(rec.RequestContext.FunctionARN)
		if r.Function != "" {
			fn = r.Function
		}
		switch {
		case rec.DDBStreamBatchInfo != nil:
			p, err := r.streamBatch(ctx, rec)
			return fn, p, "stream batch", err
		case len(rec.RequestPayload) > 0:
			return fn, rec.RequestPayload, "invocation record", nil
		}
		return fn, nil, "invocation record", errors.New("an invocation record without requestPayload")
	}
	// The scheduler's dead letters: the payload itself, the target in an attribute.
	fn = r.Function
	if a, ok := m.MessageAttributes["TARGET_ARN"]; ok && fn == "" {
		fn = unqualified(aws.ToString(a.StringValue))
	}
	if fn == "" {
		return "", nil, "payload", errors.New("a bare payload without TARGET_ARN: name the function (-function)")
	}
	if !json.Valid(body) {
		return fn, nil, "payload", errors.New("the message is not JSON")
	}
	return fn, body, "payload", nil
}

// unqualified drops a version or alias from a function ARN ("...:function:Name:$LATEST").
func unqualified(arn string) string {
	i := strings.Index(arn, ":function:")
	if i < 0 {
		return arn
	}
	name, _, _ := strings.Cut(arn[i+len(":function:"):], ":")
	return arn[:i+len(":function:")] + name
}

// streamBatch reads the batch's records back from the stream, which keeps them 24 hours.
func (r *Replayer) streamBatch(ctx context.Context, rec record) ([]byte, error) {
	b := rec.DDBStreamBatchInfo
	if r.Streams == nil {
		return nil, errors.New("a stream batch, and no DynamoDB Streams client")
	}
	it, err := r.Streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(b.StreamARN),
		ShardId: aws.String(b.ShardID), ShardIteratorType: stypes.ShardIteratorTypeAtSequenceNumber,
		SequenceNumber: aws.String(b.StartSequenceNumber)})
	if err != nil {
		var trimmed *stypes.TrimmedDataAccessException
		var gone *stypes.ResourceNotFoundException
		if errors.As(err, &trimmed) || errors.As(err, &gone) {
			return nil, fmt.Errorf("the records are no longer in the stream (it keeps them 24 hours); README, Operations, says what to do: %w", err)
		}
		return nil, fmt.Errorf("read the stream: %w", err)
	}
	var out []events.DynamoDBEventRecord
	iter := it.ShardIterator
	end := seq(b.EndSequenceNumber)
	for iter != nil {
		page, err := r.Streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(1000)})
		if err != nil {
			return nil, fmt.Errorf("read the stream: %w", err)
		}
		for _, sr := range page.Records {
			if sr.Dynamodb == nil || seqGreater(aws.ToString(sr.Dynamodb.SequenceNumber), end) {
				iter = nil
				break
			}
			ev, err := stream.ConvertRecord(sr, b.StreamARN, r.Region)
			if err != nil {
				return nil, fmt.Errorf("convert stream record: %w", err)
			}
			out = append(out, ev)
		}
		if iter == nil || len(page.Records) == 0 {
			break
		}
		iter = page.NextShardIterator
	}
	if len(out) == 0 {
		return nil, errors.New("the stream has no records in the batch's range")
	}
	return json.Marshal(events.DynamoDBEvent{Records: out})
}

// Sequence numbers are decimal strings of up to 40 digits: compare by length, then text.
func seq(s string) string { return strings.TrimLeft(s, "0") }

func seqGreater(a, b string) bool {
	a = seq(a)
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
