// Command replay replays a failure queue of the system (README, Operations): every
// message is turned back into the event its function receives, the function is invoked
// with it, and the message is deleted when the function succeeds. What fails again stays
// in the queue and is listed; the exit status is 1 then.
//
//	go run ./infra/replay -queue ictgov-prod-validate-document-failures
//	go run ./infra/replay -local http://127.0.0.1:3000 -queue ictgov-local-deadline-check-failures
//
// Against AWS it uses the standard AWS configuration (profile, region, credentials);
// with -local it talks to the local gateway's stand-ins for SQS and Lambda, and to
// DynamoDB Local's streams (AWS_ENDPOINT_URL_DYNAMODB, as `infra/stack/stack.sh env` prints).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/ictgov/ictgov/infra/failures"
)

func main() {
	kept, err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		os.Exit(2)
	}
	if kept > 0 {
		os.Exit(1)
	}
}

func run() (int, error) {
	var (
		queue    = flag.String("queue", "", "the failure queue's name or URL (stack outputs *FailuresQueue)")
		function = flag.String("function", "", "the function for messages that do not name one (the scheduler's dead letters)")
		max      = flag.Int("max", 0, "replay at most this many messages (0: all)")
		dry      = flag.Bool("dry-run", false, "list what would be replayed; invoke and delete nothing")
		local    = flag.String("local", "", "the local gateway's URL (make run prints it): use its SQS and Lambda stand-ins")
	)
	flag.Parse()
	if *queue == "" {
		return 0, errors.New("-queue is required")
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return 0, fmt.Errorf("AWS config: %w", err)
	}
	sqsOpts, lambdaOpts := func(*sqs.Options) {}, func(*lambda.Options) {}
	if *local != "" {
		ep := strings.TrimSuffix(*local, "/") + "/dev/aws"
		sqsOpts = func(o *sqs.Options) { o.BaseEndpoint = aws.String(ep) }
		lambdaOpts = func(o *lambda.Options) { o.BaseEndpoint = aws.String(ep) }
	}
	streamOpts := func(o *dynamodbstreams.Options) {
		// DynamoDB Local serves its streams on the DynamoDB endpoint.
		if ep := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB"); *local != "" && ep != "" {
			o.BaseEndpoint = aws.String(ep)
		}
	}
	r := &failures.Replayer{Queues: sqs.NewFromConfig(cfg, sqsOpts), Functions: lambda.NewFromConfig(cfg, lambdaOpts),
		Streams: dynamodbstreams.NewFromConfig(cfg, streamOpts), Region: cfg.Region, Function: *function, Max: *max, DryRun: *dry}
	sum, err := r.Run(ctx, *queue)
	for _, res := range sum.Results {
		state := "replayed"
		if !res.Replayed {
			state = "kept: " + res.Error
		}
		fmt.Printf("%s  %-17s %s  %s\n", res.MessageID, res.Kind, res.Function, state)
	}
	fmt.Printf("%s: %d seen, %d replayed, %d kept\n", sum.Queue, sum.Seen, sum.Replayed, sum.Kept)
	return sum.Kept, err
}
