// Command echo is a tiny Lambda for the gateway's tests: it returns the event it
// received. For an HTTP API event it answers with a payload 2.0 response whose body is
// the received request. Paths ending in /fail, /panic and /sleep make it fail, panic or
// outlast its timeout. With ICTGOV_ECHO_DIR set it also writes each event to a file
// there, so tests can see asynchronous deliveries.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func record(raw json.RawMessage) error {
	dir := os.Getenv("ICTGOV_ECHO_DIR")
	if dir == "" {
		return nil
	}
	name := fmt.Sprintf("%s-%d.json", os.Getenv("AWS_LAMBDA_FUNCTION_NAME"), time.Now().UnixNano())
	tmp := filepath.Join(dir, "."+name)
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, name)) // readers never see half a file
}

func handle(ctx context.Context, raw json.RawMessage) (any, error) {
	var probe struct {
		RouteKey string `json:"routeKey"`
		RawPath  string `json:"rawPath"`
		Fail     bool   `json:"fail"`
	}
	_ = json.Unmarshal(raw, &probe)
	switch {
	case probe.Fail, strings.HasSuffix(probe.RawPath, "/fail"):
		return nil, errors.New("echo was asked to fail")
	case strings.HasSuffix(probe.RawPath, "/panic"):
		panic("echo was asked to panic")
	case strings.HasSuffix(probe.RawPath, "/sleep"):
		<-ctx.Done()
		time.Sleep(time.Second)
		return nil, ctx.Err()
	}
	if err := record(raw); err != nil {
		return nil, fmt.Errorf("record event: %w", err)
	}
	if probe.RouteKey == "" {
		return raw, nil
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: 200,
		Headers: map[string]string{
			"Content-Type": "application/json",
			"X-Function":   os.Getenv("AWS_LAMBDA_FUNCTION_NAME"),
			"X-Greeting":   os.Getenv("GREETING"),
			"X-Timeout":    os.Getenv("AWS_LAMBDA_FUNCTION_TIMEOUT"),
		},
		MultiValueHeaders: map[string][]string{"X-Multi": {"a", "b"}},
		Cookies:           []string{"echo=1; Path=/"},
		Body:              string(raw),
	}, nil
}

func main() { lambda.Start(handle) }
