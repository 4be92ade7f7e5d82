package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ictgov/ictgov/infra/gateway/awslocal"
	"github.com/ictgov/ictgov/infra/gateway/httpapi"
	"github.com/ictgov/ictgov/infra/gateway/rie"
	"github.com/ictgov/ictgov/infra/gateway/stream"
)

// awsPrefix is where the gateway serves its stand-ins for SQS, SSM and Lambda's Invoke
// (package awslocal); functions and infra/replay get it as AWS_ENDPOINT_URL_SQS, _SSM
// and _LAMBDA.
const awsPrefix = "/dev/aws"

// AWSEndpoint is the base URL of the emulated SQS, SSM and Lambda APIs.
func (s *Server) AWSEndpoint() string { return AWSEndpointOf(s.url) }

// AWSEndpointOf is the stand-in's endpoint of a gateway listening at url.
func AWSEndpointOf(url string) string { return url + awsPrefix }

// AWS is the gateway's SQS, SSM and Lambda stand-in, for tests that look inside.
func (s *Server) AWS() *awslocal.Service { return s.aws }

// newAWS makes the stand-in: one queue per AWS::SQS::Queue of the template, the
// parameters given in Config.Parameters, and Invoke running functions through the pools.
func (s *Server) newAWS() {
	s.aws = &awslocal.Service{AccountID: s.tmpl.AccountID, Region: s.cfg.Region,
		Invoke: func(ctx context.Context, fn string, payload []byte) ([]byte, string, error) {
			res, err := s.invoke(ctx, fn, "lambda-api", payload)
			if err != nil {
				return nil, "", err
			}
			switch res.Outcome {
			case rie.OK:
				return res.Body, "", nil
			case rie.Timeout:
				return []byte(fmt.Sprintf(`{"errorType":"Sandbox.Timedout","errorMessage":"Task timed out after %s"}`, res.Duration)), "Unhandled", nil
			}
			return res.Body, "Unhandled", nil
		},
		Async: func(fn string, payload []byte) { s.invokeAsync(fn, "lambda-api-event", payload) },
	}
	for _, q := range s.tmpl.Queues {
		s.aws.DeclareQueue(q.Name)
	}
	for name, v := range s.cfg.Parameters {
		s.aws.PutParameter(name, "String", v)
	}
}

// invokeAsync runs an event as Lambda runs an asynchronous invocation (S3 notifications,
// the scheduler, InvocationType Event): in the background, retried after a function
// error EventInvokeConfig.MaximumRetryAttempts times (2 by default) with growing delays,
// then handed to the function's on-failure destination as Lambda's invocation record.
func (s *Server) invokeAsync(fn, trigger string, payload []byte) {
	f := s.tmpl.Function(fn)
	if f == nil {
		s.log.Error("asynchronous invocation of an unknown function", "function", fn, "trigger", trigger)
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		delay := s.cfg.AsyncRetryDelay
		for attempt := 1; ; attempt++ {
			res, err := s.invoke(s.bg, fn, trigger, payload)
			if err == nil && res.Outcome == rie.OK {
				return
			}
			if s.bg.Err() != nil {
				return
			}
			reason := ""
			if err != nil {
				reason = err.Error()
			} else {
				reason = string(res.Outcome) + ": " + errorSummary(res.Body)
			}
			if attempt > f.AsyncRetries {
				s.log.Error("asynchronous invocation failed after its retries", "function", fn, "trigger", trigger,
					"attempts", attempt, "reason", reason, "destination", f.OnFailure)
				s.sendToDestination(fn, f.OnFailure, asyncRecord(s.functionARN(fn), attempt, payload, res, err))
				return
			}
			s.log.Warn("asynchronous invocation failed; retrying", "function", fn, "trigger", trigger,
				"attempt", attempt, "reason", reason, "retry_in", delay.String())
			select {
			case <-time.After(delay):
			case <-s.bg.Done():
				return
			}
			delay *= 2
		}
	}()
}

func (s *Server) functionARN(fn string) string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", s.cfg.Region, s.tmpl.AccountID, fn)
}

// sendToDestination puts an invocation record on the queue named by an SQS ARN; without
// a destination the event is lost, as in AWS, and the log says so.
func (s *Server) sendToDestination(fn, arn string, record []byte) {
	q := s.tmpl.QueueByARN(arn)
	if q == nil {
		s.log.Error("no on-failure destination: the event is dropped", "function", fn)
		return
	}
	if _, err := s.aws.Send(q.Name, string(record)); err != nil {
		s.log.Error("send to the on-failure destination", "function", fn, "queue", q.Name, "err", err)
		return
	}
	s.log.Warn("event sent to the on-failure destination", "function", fn, "queue", q.Name)
}

type destinationContext struct {
	RequestID              string `json:"requestId"`
	FunctionARN            string `json:"functionArn"`
	Condition              string `json:"condition"`
	ApproximateInvokeCount int    `json:"approximateInvokeCount"`
}

type responseContext struct {
	StatusCode      int    `json:"statusCode"`
	ExecutedVersion string `json:"executedVersion"`
	FunctionError   string `json:"functionError,omitempty"`
}

// asyncRecord is the invocation record Lambda sends an asynchronous invocation's
// on-failure destination: the original event under requestPayload.
func asyncRecord(fnARN string, attempts int, payload []byte, res rie.Result, err error) []byte {
	rec := map[string]any{
		"version":   "1.0",
		"timestamp": time.Now().UTC().Format(time.RFC3339Nano),
		"requestContext": destinationContext{RequestID: httpapi.NewRequestID(), FunctionARN: fnARN + ":$LATEST",
			Condition: "RetriesExhausted", ApproximateInvokeCount: attempts},
		"requestPayload":  json.RawMessage(payload),
		"responseContext": responseContext{StatusCode: 200, ExecutedVersion: "$LATEST", FunctionError: "Unhandled"},
	}
	switch {
	case err != nil:
		rec["responsePayload"] = map[string]string{"errorMessage": err.Error()}
	case json.Valid(res.Body):
		rec["responsePayload"] = json.RawMessage(res.Body)
	default:
		rec["responsePayload"] = strings.TrimSpace(string(res.Body))
	}
	b, _ := json.Marshal(rec) // the parts are valid JSON or plain values
	return b
}

// streamFailure sends a stream mapping's on-failure record (DDBStreamBatchInfo): the
// records' coordinates in the stream, not the records.
func (s *Server) streamFailure(fn, destination string) func(context.Context, stream.Failure) {
	return func(_ context.Context, f stream.Failure) {
		rec := map[string]any{
			"version":   "1.0",
			"timestamp": time.Now().UTC().Format(time.RFC3339Nano),
			"requestContext": destinationContext{RequestID: httpapi.NewRequestID(), FunctionARN: s.functionARN(fn),
				Condition: "RetryAttemptsExhausted", ApproximateInvokeCount: f.Attempts},
			"responseContext": responseContext{StatusCode: 200, ExecutedVersion: "$LATEST", FunctionError: "Unhandled"},
			"DDBStreamBatchInfo": map[string]any{
				"shardId": f.ShardID, "startSequenceNumber": f.StartSequenceNumber, "endSequenceNumber": f.EndSequenceNumber,
				"approximateArrivalOfFirstRecord": f.FirstArrival.UTC().Format(time.RFC3339),
				"approximateArrivalOfLastRecord":  f.LastArrival.UTC().Format(time.RFC3339),
				"batchSize":                       f.BatchSize, "streamArn": f.StreamARN,
			},
		}
		b, _ := json.Marshal(rec)
		s.sendToDestination(fn, destination, b)
	}
}
