package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ictgov/ictgov/infra/gateway/awslocal"
	"github.com/ictgov/ictgov/infra/gateway/build"
	"github.com/ictgov/ictgov/infra/gateway/httpapi"
	"github.com/ictgov/ictgov/infra/gateway/rie"
	"github.com/ictgov/ictgov/infra/template"
)

// Server is a running gateway.
type Server struct {
	cfg    Config
	root   string
	log    *slog.Logger
	tmpl   *template.Template
	router *httpapi.Router
	auth   map[string]*httpapi.Authenticator // by "<ApiId>/<authorizer>"
	tokens *httpapi.Authenticator            // issues /dev/token tokens
	env    map[string]string                 // the gateway's environment (plus the stack's)
	http   *http.Server
	url    string
	aws    *awslocal.Service // SQS, SSM and Lambda's Invoke, under /dev/aws

	mu        sync.Mutex // guards the fields below, which start-up fills while /dev/status may run
	pools     map[string]*rie.Pool
	binaries  map[string]string
	schedules map[string]Schedule // by "<Function>/<Event>"
	streams   []*streamState

	ready     chan struct{} // closed when functions can be invoked
	readyOnce sync.Once
	bg        context.Context // background work: deliveries, schedules, pollers
	stopBg    context.CancelFunc
	wg        sync.WaitGroup

	stackStarted bool
	closeOnce    sync.Once
	closeErr     error
}

type streamState struct {
	spec    StreamSpec
	running atomic.Bool
}

// Start brings the gateway up: it validates the template, listens, starts the stack
// (with Config.Stack), provisions tables and buckets (when DynamoDB/S3 endpoints are
// configured), builds the functions, starts the RIE pools, schedules and stream
// pollers. On error everything already started is stopped again.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	s, err := prepare(cfg)
	if err != nil {
		if cfg.Listener != nil {
			cfg.Listener.Close()
		}
		return nil, err
	}
	if err := s.start(ctx); err != nil {
		if cerr := s.Close(); cerr != nil {
			s.log.Error("clean-up after failed start", "err", cerr)
		}
		return nil, err
	}
	return s, nil
}

func prepare(cfg Config) (*Server, error) {
	if cfg.TemplatePath == "" {
		cfg.TemplatePath = "template.yaml"
	}
	tp, err := filepath.Abs(cfg.TemplatePath)
	if err != nil {
		return nil, fmt.Errorf("template path: %w", err)
	}
	cfg.TemplatePath = tp
	root := filepath.Dir(tp)
	// Tools, build output, the stack script and state live at the repository (module)
	// root, which for a test template is above the template's folder.
	repo := moduleRoot(root)
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:3000"
	}
	if cfg.Stage == "" {
		cfg.Stage = LocalStage
	}
	if cfg.Region == "" {
		cfg.Region = template.LocalRegion
	}
	if cfg.ToolsDir == "" {
		cfg.ToolsDir = filepath.Join(repo, ".tools")
	}
	if cfg.RIEPath == "" {
		cfg.RIEPath = filepath.Join(cfg.ToolsDir, "bin", "aws-lambda-rie")
	}
	if cfg.Instances < 1 {
		cfg.Instances = 2
	}
	if cfg.BuildDir == "" {
		cfg.BuildDir = filepath.Join(repo, ".build")
	}
	if cfg.Parallel < 1 {
		cfg.Parallel = 2
	}
	if cfg.StackScript == "" {
		cfg.StackScript = filepath.Join(repo, "infra", "stack", "stack.sh")
	}
	if cfg.StateDir == "" {
		cfg.StateDir = filepath.Join(repo, ".data", "run")
	}
	if cfg.Env == nil {
		cfg.Env = os.Environ()
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Output == nil {
		cfg.Output = os.Stderr
	}
	if cfg.AsyncRetryDelay <= 0 {
		cfg.AsyncRetryDelay = time.Second
	}
	if len(cfg.DevJWTKey) == 0 {
		cfg.DevJWTKey = make([]byte, 32)
		if _, err := rand.Read(cfg.DevJWTKey); err != nil {
			return nil, fmt.Errorf("development JWT key: %w", err)
		}
	}
	bg, stop := context.WithCancel(context.Background())
	s := &Server{cfg: cfg, root: root, log: cfg.Log, env: envMap(cfg.Env), pools: map[string]*rie.Pool{},
		binaries: map[string]string{}, schedules: map[string]Schedule{}, ready: make(chan struct{}),
		bg: bg, stopBg: stop, auth: map[string]*httpapi.Authenticator{}}
	if err := s.loadTemplate(); err != nil {
		stop()
		return nil, err
	}
	if _, err := os.Stat(cfg.RIEPath); err != nil {
		stop()
		return nil, fmt.Errorf("aws-lambda-rie not found at %s (set ICTGOV_TOOLS or run infra/stack/stack.sh install): %w", cfg.RIEPath, err)
	}
	return s, nil
}

// loadTemplate reads, resolves and checks the template and derives routes and
// authorizers, so that every template problem is reported before anything starts.
func (s *Server) loadTemplate() error {
	local := template.LocalParameterDefaults()
	local["Stage"] = s.cfg.Stage
	t, err := template.Load(s.cfg.TemplatePath, template.Options{Region: s.cfg.Region, Parameters: s.cfg.Params, LocalDefaults: local})
	if err != nil {
		return err
	}
	if err := t.Validate(s.root); err != nil {
		return fmt.Errorf("template %s cannot run locally:\n%w", s.cfg.TemplatePath, err)
	}
	s.tmpl = t
	var routes []*httpapi.Route
	for _, f := range t.Functions {
		for _, ev := range f.Events {
			if ev.HTTP == nil {
				continue
			}
			api := t.HTTPAPIs[ev.HTTP.APIID]
			r := &httpapi.Route{Function: f.LogicalID, Event: ev.Name, APIID: ev.HTTP.APIID, Method: ev.HTTP.Method,
				Path: ev.HTTP.Path, Scopes: ev.HTTP.Scopes}
			name := ev.HTTP.Authorizer
			if name == "" {
				name = api.DefaultAuthorizer
			}
			if name == "" || name == "NONE" {
				r.Public = true
			} else {
				key := ev.HTTP.APIID + "/" + name
				if s.auth[key] == nil {
					az := api.Authorizers[name]
					a := &httpapi.Authenticator{Key: s.cfg.DevJWTKey, Issuer: az.Issuer, Audience: az.Audience}
					s.auth[key] = a
					if s.tokens == nil || name == api.DefaultAuthorizer {
						s.tokens = a
					}
				}
				r.Authorizer = key
			}
			routes = append(routes, r)
		}
	}
	if s.tokens == nil {
		s.tokens = &httpapi.Authenticator{Key: s.cfg.DevJWTKey, Issuer: LocalIssuer, Audience: []string{LocalAudience}}
	}
	s.router, err = httpapi.NewRouter(routes)
	if err != nil {
		return fmt.Errorf("template %s: %w", s.cfg.TemplatePath, err)
	}
	return nil
}

func (s *Server) start(ctx context.Context) error {
	l := s.cfg.Listener
	if l == nil {
		var err error
		if l, err = net.Listen("tcp", s.cfg.Listen); err != nil {
			return fmt.Errorf("listen on %s: %w", s.cfg.Listen, err)
		}
	}
	s.url = "http://" + l.Addr().String()
	s.newAWS()
	s.aws.BaseURL = s.AWSEndpoint()
	// Listen first: versitygw sends its webhook a test event at start and exits if the
	// receiver is down.
	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", "err", err)
		}
	}()
	if s.cfg.Stack {
		if err := s.startStack(ctx); err != nil {
			return err
		}
	}
	clients, err := newClients(ctx, s.env, s.cfg.Region)
	if err != nil {
		return err
	}
	if clients.ddb != nil || clients.s3 != nil {
		t0 := time.Now()
		if err := template.Provision(ctx, clients.ddb, clients.s3, s.tmpl); err != nil {
			return err
		}
		s.log.Info("provisioned", "tables", len(s.tmpl.Tables), "buckets", len(s.tmpl.Buckets), "ms", time.Since(t0).Milliseconds())
	} else {
		s.log.Warn("no AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL_S3: tables and buckets are not provisioned")
	}
	if err := s.buildAll(ctx); err != nil {
		return err
	}
	if err := s.startPools(ctx); err != nil {
		return err
	}
	if err := s.startTriggers(clients); err != nil {
		return err
	}
	s.readyOnce.Do(func() { close(s.ready) })
	if err := s.writeURLFile(); err != nil {
		return err
	}
	return nil
}

func (s *Server) buildAll(ctx context.Context) error {
	var targets []build.Target
	for _, f := range s.tmpl.Functions {
		targets = append(targets, build.Target{Name: f.LogicalID, GoMain: f.GoMain})
	}
	t0 := time.Now()
	bins, err := build.Functions(ctx, build.Options{Root: s.root, OutDir: s.cfg.BuildDir, Parallel: s.cfg.Parallel, Env: s.cfg.Env}, targets)
	if err != nil {
		return fmt.Errorf("build functions: %w", err)
	}
	s.mu.Lock()
	s.binaries = bins
	s.mu.Unlock()
	s.log.Info("built functions", "count", len(bins), "ms", time.Since(t0).Milliseconds())
	return nil
}

func (s *Server) startPools(ctx context.Context) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, f := range s.tmpl.Functions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := rie.Start(ctx, rie.Config{
				Name: f.LogicalID, RIE: s.cfg.RIEPath, Bootstrap: s.binaries[f.LogicalID],
				Env: s.functionEnv(f), Instances: s.cfg.Instances,
				Timeout: time.Duration(f.Timeout) * time.Second, Log: s.log, Output: s.cfg.Output,
			})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			s.pools[f.LogicalID] = p
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// functionEnv is the function's environment as Lambda would give it (FunctionEnv).
func (s *Server) functionEnv(f *template.Function) []string {
	return FunctionEnv(s.env, s.AWSEndpoint(), s.cfg.Region, f)
}

// FunctionEnv is a function's environment as Lambda would give it: from vars (the
// gateway's own environment) the credentials, local endpoints and ICTGOV_* variables;
// awsEndpoint (the gateway's SQS, SSM and Lambda stand-in, AWSEndpointOf) for those
// services; the template's merged Environment.Variables; then what Lambda itself sets.
// make bench runs functions alone with the same environment.
func FunctionEnv(vars map[string]string, awsEndpoint, region string, f *template.Function) []string {
	env := map[string]string{}
	for k, v := range vars {
		// The signing key stays in the gateway: functions only ever see verified claims.
		if strings.HasPrefix(k, "ICTGOV_") && k != "ICTGOV_DEV_JWT_KEY" {
			env[k] = v
		}
	}
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SESV2"} {
		if v, ok := vars[k]; ok {
			env[k] = v
		}
	}
	// SQS, SSM and Lambda are the gateway's own stand-ins, so nothing reaches real AWS.
	for _, svc := range []string{"SQS", "SSM", "LAMBDA"} {
		env["AWS_ENDPOINT_URL_"+svc] = awsEndpoint
	}
	// The functions serve the local form of what differs from AWS (the OpenAPI document
	// with the /dev routes); in AWS this is never set.
	env["ICTGOV_LOCAL_GATEWAY"] = "1"
	for k, v := range f.Environment {
		env[k] = v
	}
	env["AWS_LAMBDA_FUNCTION_NAME"] = f.LogicalID
	env["AWS_LAMBDA_FUNCTION_TIMEOUT"] = strconv.Itoa(f.Timeout)
	env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = strconv.Itoa(f.MemorySize)
	env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
	env["AWS_REGION"] = region
	env["AWS_DEFAULT_REGION"] = region
	env["_HANDLER"] = f.Handler
	env["TZ"] = ":UTC"
	if f.LogFormat == "JSON" {
		env["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
		if f.LogLevel != "" {
			env["AWS_LAMBDA_LOG_LEVEL"] = f.LogLevel
		}
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

func (s *Server) writeURLFile() error {
	if err := os.MkdirAll(s.cfg.StateDir, 0o755); err != nil {
		return fmt.Errorf("state dir: %w", err)
	}
	p := filepath.Join(s.cfg.StateDir, "gateway.url")
	if err := os.WriteFile(p, []byte(s.url+"\n"), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}

// URL is the gateway's base URL, e.g. http://127.0.0.1:3000.
func (s *Server) URL() string { return s.url }

// Template is the resolved template the gateway runs.
func (s *Server) Template() *template.Template { return s.tmpl }

// Summary is the start-up text printed by the gateway's main.
func (s *Server) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ictgov is up: %s\n", s.url)
	for _, f := range s.tmpl.Functions {
		fmt.Fprintf(&b, "  function %-18s %d instance(s), %d event(s)\n", f.LogicalID, s.cfg.Instances, len(f.Events))
	}
	fmt.Fprintf(&b, "  routes: %d  (POST %s/dev/token for a token; GET %s/dev/status)\n", len(s.router.Routes()), s.url, s.url)
	if s.cfg.ManualSchedules {
		fmt.Fprintf(&b, "  schedules: manual (POST %s/dev/schedules/<Function>/<Event>?time=...)\n", s.url)
	}
	if m := s.env["ICTGOV_MAILPIT_URL"]; m != "" {
		fmt.Fprintf(&b, "  mail: %s\n", m)
	}
	return b.String()
}

// Close stops pollers, schedules and deliveries, the HTTP server, every RIE process and
// the stack if the gateway started it. It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		s.stopBg()
		if s.http != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := s.http.Shutdown(ctx); err != nil {
				s.http.Close()
			}
			cancel()
		}
		s.mu.Lock()
		pools := s.pools
		s.mu.Unlock()
		for _, p := range pools {
			p.Close()
		}
		s.wg.Wait()
		if s.stackStarted {
			if err := s.stopStack(); err != nil {
				errs = append(errs, err)
			}
		}
		if s.url != "" {
			p := filepath.Join(s.cfg.StateDir, "gateway.url")
			if b, err := os.ReadFile(p); err == nil && strings.TrimSpace(string(b)) == s.url {
				_ = os.Remove(p)
			}
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// moduleRoot is the nearest folder at or above dir holding go.mod, else dir.
func moduleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

func envMap(env []string) map[string]string {
	m := make(map[string]string, len(env))
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

func envList(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	return out
}
