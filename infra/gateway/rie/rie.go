// Package rie runs a Go Lambda bootstrap under the AWS Lambda Runtime Interface Emulator
// (aws-lambda-rie), as a small pool of emulator processes per function.
//
// One RIE instance serves one invocation at a time: two concurrent invokes crash it
// (ReserveFailed: AlreadyReserved, then a nil-pointer panic), so the pool hands each call
// an idle instance and restarts an instance that died or whose call was abandoned.
package rie

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// Config describes one function's pool.
type Config struct {
	Name      string   // function name, for logs
	RIE       string   // path of the aws-lambda-rie binary
	Bootstrap string   // path of the function's bootstrap binary
	Env       []string // the complete environment of the emulator and the function
	Instances int      // pool size; < 1 means 1
	// Timeout is the function's timeout; RIE enforces it (AWS_LAMBDA_FUNCTION_TIMEOUT in
	// Env). The pool waits a little longer before it gives up on an instance.
	Timeout time.Duration
	Log     *slog.Logger
	// Output receives the emulator's and the function's stdout and stderr; nil: os.Stderr.
	Output io.Writer
}

// Outcome classifies an invocation.
type Outcome string

// Outcomes of an invocation.
const (
	OK      Outcome = "ok"
	Error   Outcome = "error"   // the function returned an error or panicked
	Timeout Outcome = "timeout" // the function ran past its timeout
)

// Result is a completed invocation.
type Result struct {
	Body     []byte // the function's response (or error document) as RIE returned it
	Outcome  Outcome
	Instance int // which instance of the pool served the call
	Duration time.Duration
}

// Pool is a set of RIE processes for one function.
type Pool struct {
	cfg  Config
	idle chan *instance
	all  []*instance

	mu     sync.Mutex
	closed bool
}

type instance struct {
	id      int
	addr    string // emulator address host:port
	cmd     *exec.Cmd
	exited  chan struct{}
	runtime string // runtime API address
}

// Start launches the pool's instances and waits until each accepts connections.
func Start(ctx context.Context, cfg Config) (*Pool, error) {
	if cfg.Instances < 1 {
		cfg.Instances = 1
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Output == nil {
		cfg.Output = os.Stderr
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 3 * time.Second
	}
	if _, err := os.Stat(cfg.RIE); err != nil {
		return nil, fmt.Errorf("aws-lambda-rie: %w", err)
	}
	boot, err := filepath.Abs(cfg.Bootstrap)
	if err != nil {
		return nil, fmt.Errorf("bootstrap path: %w", err)
	}
	cfg.Bootstrap = boot // RIE needs an absolute path
	p := &Pool{cfg: cfg, idle: make(chan *instance, cfg.Instances)}
	for i := range cfg.Instances {
		in, err := p.launch(ctx, i)
		if err != nil {
			p.Close()
			return nil, err
		}
		p.all = append(p.all, in)
		p.idle <- in
	}
	return p, nil
}

// Instances is the pool size.
func (p *Pool) Instances() int { return len(p.all) }

// launch starts one RIE process on fresh ports; it retries when a port picked as free
// was taken in the meantime.
func (p *Pool) launch(ctx context.Context, id int) (*instance, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		in, err := p.launchOnce(ctx, id)
		if err == nil {
			return in, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, fmt.Errorf("start RIE instance %d of %s: %w", id, p.cfg.Name, lastErr)
}

func (p *Pool) launchOnce(ctx context.Context, id int) (*instance, error) {
	ports, err := FreePorts(2)
	if err != nil {
		return nil, err
	}
	in := &instance{id: id, addr: ports[0], runtime: ports[1], exited: make(chan struct{})}
	// Not exec.CommandContext: the process must outlive the start-up context; Close ends it.
	cmd := exec.Command(p.cfg.RIE,
		"--runtime-interface-emulator-address", in.addr,
		"--runtime-api-address", in.runtime,
		p.cfg.Bootstrap)
	cmd.Env = p.cfg.Env
	cmd.Dir = filepath.Dir(p.cfg.Bootstrap)
	cmd.Stdout = p.cfg.Output
	cmd.Stderr = p.cfg.Output
	// Own process group, so Close can end RIE and the bootstrap it started together.
	// Its own process group, so stopping it also stops the bootstrap it runs; and killed
	// with the gateway, so a gateway that is itself killed (SIGKILL after a stop timed
	// out) leaves no emulator behind. The bootstrap exits when its Runtime API goes away.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("exec %s: %w", p.cfg.RIE, err)
	}
	in.cmd = cmd
	go func() {
		_ = cmd.Wait() // the exit is observed through in.exited
		close(in.exited)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-in.exited:
			return nil, fmt.Errorf("aws-lambda-rie exited at start-up (%s)", cmd.ProcessState)
		case <-ctx.Done():
			in.kill()
			return nil, ctx.Err()
		default:
		}
		c, err := net.DialTimeout("tcp", in.addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			p.cfg.Log.Debug("rie instance up", "function", p.cfg.Name, "instance", id, "addr", in.addr, "pid", cmd.Process.Pid)
			return in, nil
		}
		if time.Now().After(deadline) {
			in.kill()
			return nil, fmt.Errorf("aws-lambda-rie did not listen on %s within 10 s", in.addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (in *instance) kill() {
	if in.cmd == nil || in.cmd.Process == nil {
		return
	}
	select {
	case <-in.exited:
		return
	default:
	}
	// Negative pid: the whole process group (RIE and the function's bootstrap).
	_ = syscall.Kill(-in.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-in.exited:
	case <-time.After(2 * time.Second):
		_ = syscall.Kill(-in.cmd.Process.Pid, syscall.SIGKILL)
		<-in.exited
	}
}

func (in *instance) alive() bool {
	select {
	case <-in.exited:
		return false
	default:
		return true
	}
}

// ErrClosed is returned by Invoke after Close.
var ErrClosed = errors.New("rie pool is closed")

// Invoke sends payload to an idle instance and returns the function's answer. An error
// means the call could not be made or completed (no instance, emulator crash, ctx done);
// a function error or timeout is a Result with that Outcome.
func (p *Pool) Invoke(ctx context.Context, payload []byte) (Result, error) {
	var in *instance
	select {
	case in = <-p.idle:
	case <-ctx.Done():
		return Result{}, fmt.Errorf("wait for an idle instance of %s: %w", p.cfg.Name, ctx.Err())
	}
	if in == nil {
		return Result{}, ErrClosed
	}
	healthy := false
	defer func() { p.release(in, healthy) }()
	if !in.alive() {
		p.cfg.Log.Warn("rie instance had exited; restarting", "function", p.cfg.Name, "instance", in.id)
		fresh, err := p.launch(ctx, in.id)
		if err != nil {
			return Result{}, err
		}
		p.replace(in, fresh)
		in = fresh
	}
	res, err := p.call(ctx, in, payload)
	healthy = err == nil
	return res, err
}

func (p *Pool) call(ctx context.Context, in *instance, payload []byte) (Result, error) {
	start := time.Now()
	// RIE answers a timed-out call itself; the extra margin covers its re-init.
	cctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout+10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(cctx, http.MethodPost,
		"http://"+in.addr+"/2015-03-31/functions/function/invocations", bytes.NewReader(payload))
	if err != nil {
		return Result{}, fmt.Errorf("build invoke request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Result{}, fmt.Errorf("invoke %s (instance %d): %w", p.cfg.Name, in.id, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return Result{}, fmt.Errorf("read response of %s (instance %d): %w", p.cfg.Name, in.id, err)
	}
	return Result{Body: body, Outcome: classify(resp.StatusCode, body), Instance: in.id, Duration: time.Since(start)}, nil
}

// classify reads RIE's answer: a timeout is a plain-text "Task timed out" with HTTP 200;
// a function error or panic is HTTP 502 or a JSON document with errorMessage/errorType.
func classify(status int, body []byte) Outcome {
	trimmed := bytes.TrimSpace(body)
	if bytes.HasPrefix(trimmed, []byte("Task timed out")) {
		return Timeout
	}
	if status >= 400 {
		return Error
	}
	if bytes.HasPrefix(trimmed, []byte("{")) && bytes.Contains(trimmed, []byte(`"errorMessage"`)) &&
		(bytes.Contains(trimmed, []byte(`"errorType"`)) || bytes.Contains(trimmed, []byte(`"stackTrace"`))) {
		return Error
	}
	return OK
}

// release returns an instance to the pool; one whose call failed is replaced, because
// an abandoned RIE call leaves the instance reserved and a second call would crash it.
func (p *Pool) release(in *instance, healthy bool) {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		in.kill()
		return
	}
	if !healthy {
		in.kill()
		fresh, err := p.launch(context.Background(), in.id)
		if err != nil {
			p.cfg.Log.Error("restart rie instance", "function", p.cfg.Name, "instance", in.id, "err", err)
			// Put the dead one back: the next Invoke tries to restart it again.
		} else {
			p.replace(in, fresh)
			in = fresh
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		in.kill()
		return
	}
	p.idle <- in
}

func (p *Pool) replace(old, fresh *instance) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, in := range p.all {
		if in == old {
			p.all[i] = fresh
		}
	}
}

// Close stops every instance (process group) of the pool and waits for them to exit.
func (p *Pool) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	all := append([]*instance(nil), p.all...)
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, in := range all {
		wg.Add(1)
		go func() { defer wg.Done(); in.kill() }()
	}
	wg.Wait()
	// Wake callers waiting for an instance.
	close(p.idle)
}

// Pids lists the process ids of the running instances (for tests and status).
func (p *Pool) Pids() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []int
	for _, in := range p.all {
		if in.cmd != nil && in.cmd.Process != nil && in.alive() {
			out = append(out, in.cmd.Process.Pid)
		}
	}
	return out
}

// FreePorts finds n distinct free TCP ports on 127.0.0.1, as addresses for an RIE's two
// listeners (the pool's, and the bench's cold starts). Listeners are held open until all
// are chosen so the same port is not handed out twice.
func FreePorts(n int) ([]string, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var out []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		ls = append(ls, l)
		out = append(out, l.Addr().String())
	}
	return out, nil
}
