package server

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// TestAsyncFailureReachesTheDestination: an asynchronous invocation that keeps failing is
// retried MaximumRetryAttempts times and then lands, as Lambda's invocation record with
// the original event, in the function's on-failure queue, where the SDK's SQS client
// finds it; a synchronous Invoke through the Lambda API runs the function.
func TestAsyncFailureReachesTheDestination(t *testing.T) {
	g := gw(t)
	ctx := context.Background()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""),
		BaseEndpoint: aws.String(g.AWSEndpoint())}
	lc := lambda.NewFromConfig(cfg)
	ok, err := lc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("Ticker"), Payload: []byte(`{"time":"x"}`)})
	if err != nil || ok.FunctionError != nil || string(ok.Payload) != `{"time":"x"}` {
		t.Fatalf("synchronous invoke: %v %+v", err, ok)
	}
	if _, err := lc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("Ticker"), InvocationType: ltypes.InvocationTypeEvent,
		Payload: []byte(`{"fail":true,"n":1}`)}); err != nil {
		t.Fatal(err)
	}
	qc := sqs.NewFromConfig(cfg)
	u, err := qc.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("ticker-local-failures")})
	if err != nil {
		t.Fatal(err)
	}
	var body string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && body == ""; time.Sleep(100 * time.Millisecond) {
		out, err := qc.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: u.QueueUrl, MaxNumberOfMessages: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 1 {
			body = aws.ToString(out.Messages[0].Body)
		}
	}
	if body == "" {
		t.Fatal("no invocation record reached ticker-local-failures")
	}
	var rec struct {
		RequestContext struct {
			FunctionArn            string
			Condition              string
			ApproximateInvokeCount int
		}
		RequestPayload  json.RawMessage
		ResponseContext struct{ FunctionError string }
		ResponsePayload struct{ ErrorMessage string }
	}
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.RequestContext.Condition != "RetriesExhausted" || rec.RequestContext.ApproximateInvokeCount != 2 ||
		rec.RequestContext.FunctionArn != "arn:aws:lambda:us-east-1:000000000000:function:Ticker:$LATEST" ||
		string(rec.RequestPayload) != `{"fail":true,"n":1}` || rec.ResponseContext.FunctionError != "Unhandled" ||
		rec.ResponsePayload.ErrorMessage != "echo was asked to fail" {
		t.Errorf("record %s", body)
	}
}
