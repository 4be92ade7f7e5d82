package awslocal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// The SDK clients the functions and infra/replay use talk to the service unchanged; the
// service is mounted under a path, as the gateway mounts it at /dev/aws.
func start(t *testing.T) (*Service, aws.Config) {
	t.Helper()
	s := &Service{AccountID: "000000000000", Region: "us-east-1"}
	s.Invoke = func(_ context.Context, fn string, payload []byte) ([]byte, string, error) {
		switch fn {
		case "Echo":
			return payload, "", nil
		case "Fails":
			return []byte(`{"errorMessage":"boom","errorType":"errorString"}`), "Unhandled", nil
		}
		return nil, "", fmt.Errorf("function not found: %s", fn)
	}
	mux := http.NewServeMux()
	mux.Handle("/dev/aws/", http.StripPrefix("/dev/aws", s))
	mux.Handle("/dev/aws", http.StripPrefix("/dev/aws", s))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.BaseURL = srv.URL + "/dev/aws"
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""),
		BaseEndpoint: aws.String(s.BaseURL)}
	return s, cfg
}

func TestSQSWithTheSDK(t *testing.T) {
	s, cfg := start(t)
	ctx := context.Background()
	s.DeclareQueue("ictgov-local-failures")
	c := sqs.NewFromConfig(cfg)
	u, err := c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("ictgov-local-failures")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("nope")}); !errors.As(err, new(*sqstypes.QueueDoesNotExist)) {
		t.Errorf("unknown queue: %v, want QueueDoesNotExist", err)
	}
	if _, err := s.Send("ictgov-local-failures", `{"a":1}`); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: u.QueueUrl, MessageBody: aws.String(`{"b":"ü"}`)}); err != nil {
		t.Fatal(err)
	}
	got, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: u.QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Messages) != 2 || aws.ToString(got.Messages[1].Body) != `{"b":"ü"}` {
		t.Fatalf("received %+v", got.Messages)
	}
	again, _ := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: u.QueueUrl, MaxNumberOfMessages: 10})
	if len(again.Messages) != 0 {
		t.Errorf("received messages are invisible for their visibility timeout, got %d", len(again.Messages))
	}
	if _, err := c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: u.QueueUrl, ReceiptHandle: got.Messages[0].ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: u.QueueUrl,
		ReceiptHandle: got.Messages[1].ReceiptHandle, VisibilityTimeout: 0}); err != nil {
		t.Fatal(err)
	}
	attrs, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: u.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages}})
	if err != nil {
		t.Fatal(err)
	}
	if n := attrs.Attributes["ApproximateNumberOfMessages"]; n != "1" {
		t.Errorf("ApproximateNumberOfMessages %s, want 1", n)
	}
	if s.Queues()["ictgov-local-failures"] != 1 {
		t.Errorf("queues %v", s.Queues())
	}
}

func TestSSMWithTheSDK(t *testing.T) {
	s, cfg := start(t)
	ctx := context.Background()
	c := ssm.NewFromConfig(cfg)
	for i := range 12 {
		s.PutParameter(fmt.Sprintf("/ictgov/local/recipients/org/kz-%02d", i), "StringList", fmt.Sprintf("a%d@x.test", i))
	}
	s.PutParameter("/ictgov/other/x", "String", "no")
	if _, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/ictgov/local/recipients/role/admin"),
		Type: ssmtypes.ParameterTypeString, Value: aws.String("admin@x.test")}); err != nil {
		t.Fatal(err)
	}
	var names []string
	p := ssm.NewGetParametersByPathPaginator(c, &ssm.GetParametersByPathInput{Path: aws.String("/ictgov/local/recipients"), Recursive: aws.Bool(true)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, prm := range out.Parameters {
			names = append(names, aws.ToString(prm.Name))
		}
	}
	if len(names) != 13 || pages != 2 || strings.Contains(strings.Join(names, ","), "other") {
		t.Errorf("%d pages: %v", pages, names)
	}
	if _, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/nope")}); !errors.As(err, new(*ssmtypes.ParameterNotFound)) {
		t.Errorf("missing parameter: %v", err)
	}
}

func TestLambdaInvokeWithTheSDK(t *testing.T) {
	_, cfg := start(t)
	ctx := context.Background()
	c := lambda.NewFromConfig(cfg)
	out, err := c.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("arn:aws:lambda:us-east-1:000000000000:function:Echo:$LATEST"),
		Payload: []byte(`{"x":1}`)})
	if err != nil {
		t.Fatal(err)
	}
	if string(out.Payload) != `{"x":1}` || out.FunctionError != nil {
		t.Errorf("payload %s error %v", out.Payload, out.FunctionError)
	}
	out, err = c.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("Fails")})
	if err != nil || aws.ToString(out.FunctionError) != "Unhandled" {
		t.Errorf("failing function: %v %v", err, out)
	}
	if _, err := c.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("Nope")}); !errors.As(err, new(*ltypes.ResourceNotFoundException)) {
		t.Errorf("unknown function: %v", err)
	}
}
