// Command gateway is the local twin of API Gateway + Lambda for ictgov: it reads
// template.yaml, optionally starts the local stack, provisions tables and buckets, builds
// every function, runs each under aws-lambda-rie and serves the HTTP API, the S3 webhook,
// schedules, streams and the /dev routes. See package server.
//
//	go run ./infra/gateway -stack            # everything, on http://127.0.0.1:3000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/ictgov/ictgov/infra/gateway/server"
)

type params map[string]string

func (p params) String() string { return fmt.Sprint(map[string]string(p)) }

func (p params) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return errors.New("want Key=Value")
	}
	p[k] = val
	return nil
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gateway:", err)
		os.Exit(1)
	}
}

func run() error {
	ps, ssm := params{}, params{}
	instances, _ := strconv.Atoi(env("ICTGOV_INSTANCES", "2"))
	var (
		listen   = flag.String("listen", env("ICTGOV_LISTEN", "127.0.0.1:3000"), "listen address (env ICTGOV_LISTEN)")
		tmpl     = flag.String("template", env("ICTGOV_TEMPLATE", "template.yaml"), "SAM template (env ICTGOV_TEMPLATE)")
		stage    = flag.String("stage", env("ICTGOV_STAGE", server.LocalStage), "value of the Stage parameter (env ICTGOV_STAGE)")
		region   = flag.String("region", env("ICTGOV_REGION", "us-east-1"), "AWS::Region and the functions' AWS_REGION (env ICTGOV_REGION)")
		tools    = flag.String("tools", os.Getenv("ICTGOV_TOOLS"), "tools dir holding bin/aws-lambda-rie (env ICTGOV_TOOLS; default <repo>/.tools)")
		state    = flag.String("state", os.Getenv("ICTGOV_STATE"), "dir for gateway.url (env ICTGOV_STATE; default <repo>/.data/run)")
		stack    = flag.Bool("stack", os.Getenv("ICTGOV_STACK") == "1", "start infra/stack/stack.sh and stop it on exit (env ICTGOV_STACK=1)")
		n        = flag.Int("instances", instances, "RIE instances per function (env ICTGOV_INSTANCES)")
		logLevel = flag.String("log-level", env("ICTGOV_LOG_LEVEL", "info"), "debug, info, warn or error (env ICTGOV_LOG_LEVEL)")
		manual   = flag.Bool("manual-schedules", os.Getenv("ICTGOV_MANUAL_SCHEDULES") == "1", "fire schedules only through /dev/schedules, never on the wall clock (env ICTGOV_MANUAL_SCHEDULES=1; make test and make bench)")
	)
	flag.Var(ps, "param", "template parameter override Key=Value (repeatable)")
	flag.Var(ssm, "ssm", "a parameter of the local parameter store, /name=value (repeatable), e.g. -ssm /ictgov/local/recipients/role/admin=admin@ictgov.local")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(log)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := server.Start(ctx, server.Config{
		TemplatePath: *tmpl, Listen: *listen, Params: ps, Stage: *stage, Region: *region,
		ToolsDir: *tools, StateDir: *state, Stack: *stack, Instances: *n,
		DevJWTKey: []byte(os.Getenv("ICTGOV_DEV_JWT_KEY")), Log: log, Triggers: server.DefaultTriggers(), ManualSchedules: *manual, Parameters: ssm,
	})
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted during start-up (everything started was stopped again): %w", err)
		}
		return err
	}
	fmt.Print(srv.Summary())
	<-ctx.Done()
	log.Info("shutting down")
	return srv.Close()
}
