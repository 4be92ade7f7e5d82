package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/infra/template"
	"github.com/ictgov/ictgov/shared/dynamo"
)

// env is what every figure uses: the gateway, the template as the gateway runs it, and
// clients for the same DynamoDB Local and S3 server the functions use.
type env struct {
	root   string
	api    string
	tmpl   *template.Template
	tables dynamo.Tables
	bucket string
	db     *dynamodb.Client // plain: setup and the bare baselines
	s3     *s3.Client
	hc     *http.Client
	res    *Results
	t0     time.Time
}

// Callers: an applicant organisation and the three reviewing roles.
var (
	clerk = who{"bench-clerk", "kz-bench", []string{"applicant"}}
	ab    = who{"bench-ab", "kz-mdai", []string{"authorized_body"}}
	si    = who{"bench-si", "kz-si", []string{"service_integrator"}}
	op    = who{"bench-op", "kz-op", []string{"operator"}}
)

type who struct {
	sub, org string
	roles    []string
}

func run(ctx context.Context, outDir string) error {
	e := &env{res: newResults(), t0: time.Now()}
	if err := e.setup(ctx); err != nil {
		return err
	}
	only := map[string]bool{}
	for _, f := range strings.Split(os.Getenv("ICTGOV_BENCH_ONLY"), ",") {
		if f = strings.TrimSpace(f); f != "" {
			only[f] = true
		}
	}
	want := func(n string) bool { return len(only) == 0 || only[n] }

	var errs []error
	step := func(n, name string, f func(context.Context) error) {
		if !want(n) || ctx.Err() != nil {
			return
		}
		t := time.Now()
		e.progress("figure %s: %s ...", n, name)
		if err := f(ctx); err != nil {
			e.progress("figure %s FAILED: %v", n, err)
			e.res.note("figure %s (%s) failed: %v", n, name, err)
			errs = append(errs, fmt.Errorf("figure %s: %w", n, err))
			return
		}
		e.progress("figure %s done in %.1f s", n, time.Since(t).Seconds())
	}
	// Function cost first: its builds warm nothing the others measure, and it runs each
	// function alone, before the table is loaded by the other figures.
	step("5", "function cost (sizes, init, peak memory under aws-lambda-rie)", e.functionCost)
	var chain *chain
	step("2", "DynamoDB requests per API operation (in process, counted by SDK middleware)", func(ctx context.Context) error {
		var err error
		chain, err = e.requestsPerOperation(ctx)
		return err
	})
	if want("1") || want("3") {
		if chain == nil && ctx.Err() == nil {
			// Figures 1 and 3 replay what figure 2 recorded; record it quietly.
			var err error
			if chain, err = e.recordChain(ctx, newResults()); err != nil {
				errs = append(errs, fmt.Errorf("record a transition chain: %w", err))
			}
		}
		if chain != nil {
			step("1", "transition overhead (gateway vs bare TransactWriteItems)", func(ctx context.Context) error { return e.transitionOverhead(ctx, chain) })
			step("3", "throughput at 16 clients (gateway submits vs bare submit transactions)", func(ctx context.Context) error { return e.throughput(ctx, chain) })
		}
	}
	step("4", "sweep scaling", e.sweepScaling)
	step("6", "every action of every procedure (requests, write units item by item, p50 over the bare transaction)", e.everyAction)
	step("7", "monitoring report freeze (items read per item, time, heap at 1k/10k/30k assessments)", e.reportFreeze)
	step("8", "Latvia: the §6.2 gate over 200 organisations, the public plan of 1,000 measures", e.latvia)
	step("9", "objects: requests per operation; list reads at 1k/10k/100k objects (issue 9)", e.objectsFigure)

	if ctx.Err() != nil {
		// A partial run must not replace the last complete results.
		return errors.Join(append(errs, fmt.Errorf("interrupted; %s left as it was", outDir))...)
	}
	table, err := e.res.write(filepath.Join(e.root, outDir), e.t0)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	fmt.Println()
	fmt.Print(table)
	fmt.Printf("\nwritten: %s, %s (%.0f s)\n", filepath.Join(outDir, "results.json"), filepath.Join(outDir, "results.md"), time.Since(e.t0).Seconds())
	return errors.Join(errs...)
}

func (e *env) progress(format string, args ...any) {
	fmt.Printf("[%6.1fs] %s\n", time.Since(e.t0).Seconds(), fmt.Sprintf(format, args...))
}

func (e *env) setup(ctx context.Context) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "template.yaml")); err != nil {
		return fmt.Errorf("run from the repository root (no template.yaml in %s)", root)
	}
	e.root = root
	e.api = strings.TrimSuffix(os.Getenv("ICTGOV_API_URL"), "/")
	if e.api == "" || os.Getenv("AWS_ENDPOINT_URL_DYNAMODB") == "" || os.Getenv("AWS_ENDPOINT_URL_S3") == "" {
		return errors.New("ICTGOV_API_URL and AWS_ENDPOINT_URL_DYNAMODB/_S3 are not set: run `make bench`, which starts the local stack")
	}
	// The template as the gateway resolves it (stage "local", local account and region).
	e.tmpl, err = template.LoadLocal(filepath.Join(root, "template.yaml"))
	if err != nil {
		return err
	}
	reg, ok1 := e.tmpl.TableName("RegistryTable")
	idem, ok2 := e.tmpl.TableName("IdempotencyTable")
	if !ok1 || !ok2 {
		return errors.New("template.yaml has no RegistryTable/IdempotencyTable")
	}
	e.tables = dynamo.Tables{Registry: reg, Idempotency: idem}
	if f := e.tmpl.Function("Applications"); f != nil {
		e.bucket = f.Environment["BUCKET_NAME"]
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return err
	}
	e.db = dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.DisableValidateResponseChecksum = true })
	e.s3 = s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	e.hc = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64,
		IdleConnTimeout: time.Minute}}
	if _, err := e.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &reg}); err != nil {
		return fmt.Errorf("the registry table %s is not there (is the gateway up?): %w", reg, err)
	}
	e.progress("stack: gateway %s, DynamoDB %s, tables %s/%s; %s", e.api, os.Getenv("AWS_ENDPOINT_URL_DYNAMODB"), reg, idem, hostLine())
	return nil
}

// token asks the gateway's development identity provider for a caller's token.
func (e *env) token(ctx context.Context, c who) (string, error) {
	raw, _ := json.Marshal(map[string]any{"sub": c.sub, "org": c.org, "roles": c.roles})
	st, body, err := e.do(ctx, "", "POST", "/dev/token", raw, nil)
	if err != nil {
		return "", err
	}
	if st != 200 {
		return "", fmt.Errorf("/dev/token: %d %s", st, body)
	}
	var out struct{ Token string }
	if err := json.Unmarshal(body, &out); err != nil {
		return "", err
	}
	return out.Token, nil
}

// do sends one request to the gateway.
func (e *env) do(ctx context.Context, token, method, path string, body []byte, hdr map[string]string) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, e.api+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := e.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func numCPU() int { return runtime.NumCPU() }

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	i = max(0, min(len(sorted)-1, i))
	return sorted[i]
}

func sortDur(d []time.Duration) []time.Duration {
	out := append([]time.Duration(nil), d...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
