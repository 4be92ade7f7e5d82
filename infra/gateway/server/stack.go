package server

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// stackEnv is the environment the stack script runs with: the gateway's, plus the
// webhook target for versitygw.
func (s *Server) stackEnv() []string {
	m := map[string]string{}
	for k, v := range envMap(s.cfg.Env) {
		m[k] = v
	}
	m["ICTGOV_S3_WEBHOOK"] = s.url + "/dev/s3-events"
	return envList(m)
}

func (s *Server) runStack(ctx context.Context, sub string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "bash", s.cfg.StackScript, sub)
	// SIGTERM, not SIGKILL, on cancellation: the script's trap then stops what it began.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	cmd.Dir = s.root
	cmd.Env = s.stackEnv()
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = s.cfg.Output // the script's progress lines
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %w", s.cfg.StackScript, sub, err)
	}
	return out.Bytes(), nil
}

// startStack starts the local servers and adopts the credentials and endpoints that
// `stack.sh env` prints.
func (s *Server) startStack(ctx context.Context) error {
	t0 := time.Now()
	st, err := s.runStack(ctx, "status")
	if err != nil {
		return err
	}
	if up := runningServices(st); len(up) > 0 {
		// Someone else's stack: use it, leave it running on exit. Its versitygw may not
		// post to this gateway, so S3 events might not arrive.
		s.log.Warn("stack already running; it will not be stopped on exit, and S3 events reach this gateway only if its versitygw was started with ICTGOV_S3_WEBHOOK="+s.url+"/dev/s3-events",
			"services", strings.Join(up, ","))
	} else {
		// Marked before start so that an interrupted start is still stopped.
		s.stackStarted = true
	}
	if _, err := s.runStack(ctx, "start"); err != nil {
		return err
	}
	out, err := s.runStack(ctx, "env")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "export "))
		if k, v, ok := strings.Cut(line, "="); ok && k != "" {
			s.env[k] = strings.Trim(v, `"'`)
		}
	}
	s.log.Info("stack started", "ms", time.Since(t0).Milliseconds(), "dynamodb", s.env["AWS_ENDPOINT_URL_DYNAMODB"], "s3", s.env["AWS_ENDPOINT_URL_S3"])
	return nil
}

// runningServices reads `stack.sh status` lines ("dynamodb  up  pid=..").
func runningServices(status []byte) []string {
	var up []string
	for _, line := range strings.Split(string(status), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && strings.HasPrefix(f[1], "up") {
			up = append(up, f[0])
		}
	}
	return up
}

func (s *Server) stopStack() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := s.runStack(ctx, "stop"); err != nil {
		return err
	}
	return nil
}

type clients struct {
	ddb     *dynamodb.Client
	streams *dynamodbstreams.Client
	s3      *s3.Client
}

// newClients builds SDK clients for the local endpoints named in env; a service without
// an endpoint gets no client, so nothing is ever sent to real AWS.
func newClients(ctx context.Context, env map[string]string, region string) (clients, error) {
	var c clients
	ddbURL, s3URL := env["AWS_ENDPOINT_URL_DYNAMODB"], env["AWS_ENDPOINT_URL_S3"]
	if ddbURL == "" && s3URL == "" {
		return c, nil
	}
	opts := []func(*config.LoadOptions) error{config.WithRegion(region)}
	if ak := env["AWS_ACCESS_KEY_ID"]; ak != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(ak, env["AWS_SECRET_ACCESS_KEY"], env["AWS_SESSION_TOKEN"])))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return c, fmt.Errorf("AWS config: %w", err)
	}
	if ddbURL != "" {
		c.ddb = dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
			o.BaseEndpoint = aws.String(ddbURL)
			o.DisableValidateResponseChecksum = true // DynamoDB Local's errors fail it
		})
		c.streams = dynamodbstreams.NewFromConfig(cfg, func(o *dynamodbstreams.Options) { o.BaseEndpoint = aws.String(ddbURL) })
	}
	if s3URL != "" {
		c.s3 = s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(s3URL); o.UsePathStyle = true })
	}
	return c, nil
}
