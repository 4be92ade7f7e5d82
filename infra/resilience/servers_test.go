// Package resilience is the resilience suite: faults injected into dedicated servers
// under load (DynamoDB Local and versitygw stopped and killed mid-load, then restarted on
// their own data), duplicate and out-of-order deliveries of every asynchronous event,
// races, idempotent replays and a corpus of hostile inputs against every route.
//
// Quick cases run in `make test`; the long versions (TestSoak...) only in `make soak`,
// which sets ICTGOV_SOAK=1.
package resilience

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/infra/testenv"
)

// soak reports whether the long runs were asked for. The soak tests t.Skip without it:
// that is the suite's one allowed skip (`make soak` sets ICTGOV_SOAK=1).
func soak() bool { return os.Getenv("ICTGOV_SOAK") == "1" }

// freePort asks the kernel for a port that is free now.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// server is one dedicated, file-backed service of infra/stack/stack.sh (dynamodb or s3)
// on its own port, data dir and state dir, so stopping it leaves the shared stack alone.
type server struct {
	t       testing.TB
	service string // dynamodb | s3
	port    int
	data    string
	state   string
	env     []string
	starts  int
	faults  int // kills and stops injected
}

func startServer(t testing.TB, service string) *server {
	t.Helper()
	tools := os.Getenv("ICTGOV_TOOLS")
	if tools == "" {
		tools = filepath.Join(testenv.RepoRoot(), ".tools")
	}
	if _, err := os.Stat(filepath.Join(tools, ".installed")); err != nil {
		t.Fatalf("the local tools are not installed (%v): run `make test`, which installs them", err)
	}
	dir := t.TempDir()
	s := &server{t: t, service: service, port: freePort(t), data: filepath.Join(dir, "data"), state: filepath.Join(dir, "state")}
	var env []string
	for _, kv := range os.Environ() {
		// The shared stack's settings must not leak into this one.
		if !strings.HasPrefix(kv, "ICTGOV_") {
			env = append(env, kv)
		}
	}
	portVar := map[string]string{"dynamodb": "ICTGOV_DDB_PORT", "s3": "ICTGOV_S3_PORT"}[service]
	// The tools are the one setting shared with the stack: a work tree may use another's.
	s.env = append(env, "ICTGOV_TOOLS="+tools, "ICTGOV_SERVICES="+service, "ICTGOV_EPHEMERAL=0", "ICTGOV_DATA="+s.data,
		"ICTGOV_STATE="+s.state, portVar+"="+strconv.Itoa(s.port), "ICTGOV_START_TIMEOUT=60")
	t.Cleanup(func() {
		if pid := s.pid(); pid > 0 && alive(pid, s.marker()) {
			_ = syscall.Kill(pid, syscall.SIGCONT) // a frozen server cannot handle the stop
		}
		if out, err := s.stack("stop"); err != nil {
			t.Logf("stop dedicated %s: %v\n%s", service, err, out)
		}
		if pid := s.pid(); pid > 0 && alive(pid, s.marker()) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	s.start()
	return s
}

func (s *server) marker() string {
	if s.service == "dynamodb" {
		return "DynamoDBLocal.jar"
	}
	return "versitygw"
}

func (s *server) stack(cmd string) (string, error) {
	c := exec.Command("bash", filepath.Join(testenv.RepoRoot(), "infra", "stack", "stack.sh"), cmd)
	c.Env = s.env
	out, err := c.CombinedOutput()
	return string(out), err
}

func (s *server) start() {
	s.t.Helper()
	t0 := time.Now()
	if out, err := s.stack("start"); err != nil {
		s.t.Fatalf("start dedicated %s on port %d: %v\n%s", s.service, s.port, err, out)
	}
	s.starts++
	s.t.Logf("dedicated %s up on port %d (pid %d) in %v", s.service, s.port, s.pid(), time.Since(t0).Round(time.Millisecond))
}

func (s *server) pid() int {
	b, err := os.ReadFile(filepath.Join(s.state, "pids", s.service+".pid"))
	if err != nil {
		return 0
	}
	p, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return p
}

func alive(pid int, marker string) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return err == nil && strings.Contains(string(b), marker)
}

// kill sends sig to the server's own PID and waits until it is gone.
func (s *server) kill(sig syscall.Signal) {
	s.t.Helper()
	pid := s.pid()
	if pid <= 0 || !alive(pid, s.marker()) {
		s.t.Fatalf("dedicated %s is not running", s.service)
	}
	if err := syscall.Kill(pid, sig); err != nil {
		s.t.Fatalf("kill %d: %v", pid, err)
	}
	s.faults++
	deadline := time.Now().Add(15 * time.Second)
	for alive(pid, s.marker()) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Logf("dedicated %s (pid %d) stopped by %v", s.service, pid, sig)
}

// freeze stops the server's process (SIGSTOP): it keeps its port and accepts
// connections but answers nothing, the way a wedged server does, until thaw.
func (s *server) freeze() {
	s.t.Helper()
	pid := s.pid()
	if pid <= 0 || !alive(pid, s.marker()) {
		s.t.Fatalf("dedicated %s is not running", s.service)
	}
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		s.t.Fatalf("SIGSTOP %d: %v", pid, err)
	}
	s.faults++
	s.t.Logf("dedicated %s (pid %d) frozen (SIGSTOP)", s.service, pid)
}

func (s *server) thaw() {
	s.t.Helper()
	if pid := s.pid(); pid > 0 && alive(pid, s.marker()) {
		_ = syscall.Kill(pid, syscall.SIGCONT)
		s.t.Logf("dedicated %s (pid %d) thawed (SIGCONT)", s.service, pid)
	}
}

func (s *server) endpoint() string { return "http://127.0.0.1:" + strconv.Itoa(s.port) }

// awsCfg is a configuration for a dedicated server: short timeouts and few retries, so a
// dead server costs a caller seconds, not minutes.
func (s *server) awsCfg() aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("ictgovdev", "ictgovdevsecret", ""),
		HTTPClient:       awshttp.NewBuildableClient().WithTimeout(3 * time.Second),
		RetryMaxAttempts: 2,
		BaseEndpoint:     aws.String(s.endpoint()),
	}
}

func (s *server) dynamo() *dynamodb.Client {
	return dynamodb.NewFromConfig(s.awsCfg(), func(o *dynamodb.Options) { o.DisableValidateResponseChecksum = true })
}

func (s *server) s3() *s3.Client {
	return s3.NewFromConfig(s.awsCfg(), func(o *s3.Options) { o.UsePathStyle = true })
}

// waitHTTP waits until the server answers HTTP at all.
func (s *server) waitHTTP(d time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req, _ := http.NewRequestWithContext(ctx, "GET", s.endpoint(), nil)
		res, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			res.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("dedicated %s does not answer", s.service)
}
