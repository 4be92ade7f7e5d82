package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ictgov/ictgov/infra/gateway/rie"
	"github.com/ictgov/ictgov/infra/gateway/server"
	"github.com/ictgov/ictgov/infra/template"
)

const (
	maxBinaryMB = 15
	maxInitMS   = 100
	maxPeakMB   = 64
)

// functionCost is figure 5: each function's arm64 Lambda binary size, built as `make
// build` builds it, and its first invocation under a fresh aws-lambda-rie (host build,
// same flags): init time and the bootstrap's peak resident memory (VmHWM).
func (e *env) functionCost(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "ictgov-bench-fn-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	rie := filepath.Join(toolsDir(e.root), "bin", "aws-lambda-rie")
	if _, err := os.Stat(rie); err != nil {
		return fmt.Errorf("aws-lambda-rie: %w (run `make install`)", err)
	}
	for _, f := range e.tmpl.Functions {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		arm := filepath.Join(dir, "arm64", f.LogicalID, "bootstrap")
		host := filepath.Join(dir, "host", f.LogicalID, "bootstrap")
		t := time.Now()
		if err := goBuild(ctx, e.root, f.GoMain, arm, "arm64"); err != nil {
			return err
		}
		if err := goBuild(ctx, e.root, f.GoMain, host, runtime.GOARCH); err != nil {
			return err
		}
		fi, err := os.Stat(arm)
		if err != nil {
			return err
		}
		size := float64(fi.Size()) / (1 << 20)
		e.res.check("lambda."+f.LogicalID+".binary_size", size, "MiB", fmt.Sprintf("≤ %d MB", maxBinaryMB), size <= maxBinaryMB,
			fmt.Sprintf("%d bytes, linux/arm64, -tags lambda.norpc -trimpath -s -w", fi.Size()))

		evs, err := f.SampleEvents(e.root)
		if err == nil && len(evs) == 0 {
			err = fmt.Errorf("no events/%s*.json", f.EventPrefix())
		}
		if err != nil {
			return fmt.Errorf("%s: sample event: %w", f.LogicalID, err)
		}
		evPath := evs[0]
		ev := filepath.Base(evPath)
		payload, err := os.ReadFile(evPath)
		if err != nil {
			return fmt.Errorf("%s: sample event: %w", f.LogicalID, err)
		}
		r, err := firstInvoke(ctx, rie, host, e.functionEnv(f), payload)
		if err != nil {
			return fmt.Errorf("%s under aws-lambda-rie: %w", f.LogicalID, err)
		}
		initMS, src := r.startToResponse, "RIE start → first answer (RIE reported no init duration)"
		if r.rieInit > 0 {
			initMS, src = r.rieInit, "RIE's INIT REPORT (bootstrap start → its first call for work)"
		}
		e.res.check("lambda."+f.LogicalID+".init", initMS, "ms", fmt.Sprintf("≤ %d ms", maxInitMS), initMS <= maxInitMS,
			fmt.Sprintf("%s; first invocation answered %.1f ms after the process started (%s, %s)", src, r.startToResponse, ev, r.outcome))
		e.res.check("lambda."+f.LogicalID+".peak_rss", r.peakMB, "MiB", fmt.Sprintf("≤ %d MB", maxPeakMB), r.peakMB <= maxPeakMB,
			"VmHWM of the bootstrap process after its first invocation")
		e.progress("  %-16s %5.1f MiB arm64 | init %.1f ms | first answer %.1f ms after start | peak RSS %.1f MiB | %s (%.1f s)",
			f.LogicalID, size, initMS, r.startToResponse, r.peakMB, r.outcome, time.Since(t).Seconds())
	}
	return nil
}

func toolsDir(root string) string {
	if v := os.Getenv("ICTGOV_TOOLS"); v != "" {
		return v
	}
	return filepath.Join(root, ".tools")
}

func goBuild(ctx context.Context, root, pkg, out, arch string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", out,
		"./"+strings.TrimPrefix(filepath.ToSlash(filepath.Clean(pkg)), "./"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build %s for %s: %w\n%s", pkg, arch, err, b)
	}
	return nil
}

// functionEnv is the function's environment as the gateway gives it, with the running
// gateway's SQS, SSM and Lambda stand-in (Notify reads its recipients from SSM at start).
func (e *env) functionEnv(f *template.Function) []string {
	vars := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	return server.FunctionEnv(vars, server.AWSEndpointOf(e.api), e.tmpl.Region, f)
}

type invokeResult struct {
	rieInit         float64 // ms, RIE's INIT REPORT duration when it logs one
	startToResponse float64 // ms, RIE process start → the first invocation's answer
	peakMB          float64 // VmHWM of the bootstrap, MiB
	outcome         string
}

// RIE starts the bootstrap on the first invoke and logs the init phase (runtime start →
// its first call for work) as "INIT REPORT(durationMs: …)", which is Lambda's Init
// Duration; its REPORT line's own "Init Duration" times only its bookkeeping.
var initRe = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)

// firstInvoke starts a fresh aws-lambda-rie with the bootstrap, invokes it once as soon
// as it listens, and reads the bootstrap's peak memory before stopping both.
func firstInvoke(ctx context.Context, riePath, bootstrap string, env []string, payload []byte) (invokeResult, error) {
	var r invokeResult
	ports, err := rie.FreePorts(2)
	if err != nil {
		return r, err
	}
	cmd := exec.Command(riePath, "--runtime-interface-emulator-address", ports[0], "--runtime-api-address", ports[1], bootstrap)
	cmd.Env = env
	cmd.Dir = filepath.Dir(bootstrap)
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}()
	for {
		c, err := net.DialTimeout("tcp", ports[0], 50*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		if time.Since(start) > 10*time.Second {
			return r, fmt.Errorf("aws-lambda-rie did not listen within 10 s: %s", out.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(cctx, "POST", "http://"+ports[0]+"/2015-03-31/functions/function/invocations", bytes.NewReader(payload))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return r, fmt.Errorf("invoke: %w; output: %s", err, out.String())
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	r.startToResponse = ms(time.Since(start))
	r.outcome = "ok"
	if res.StatusCode >= 400 || bytes.Contains(body, []byte(`"errorMessage"`)) {
		r.outcome = fmt.Sprintf("function error: %.120s", bytes.TrimSpace(body))
	} else if bytes.Contains(body, []byte(`"statusCode"`)) {
		var sc struct {
			StatusCode int `json:"statusCode"`
		}
		_ = json.Unmarshal(body, &sc)
		r.outcome = fmt.Sprintf("HTTP %d", sc.StatusCode)
	}
	// The bootstrap is RIE's child: its peak resident set so far.
	pid := childOf(cmd.Process.Pid, filepath.Base(bootstrap))
	if pid == 0 {
		return r, fmt.Errorf("no bootstrap process under RIE (pid %d); output: %s", cmd.Process.Pid, out.String())
	}
	kb, err := vmHWM(pid)
	if err != nil {
		return r, err
	}
	r.peakMB = float64(kb) / 1024
	// RIE prints its REPORT line after answering; give it a moment.
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		if m := initRe.FindStringSubmatch(out.String()); m != nil {
			r.rieInit, _ = strconv.ParseFloat(m[1], 64)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return r, nil
}

// childOf finds a descendant process of pid whose command is name.
func childOf(pid int, name string) int {
	ents, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	comm := map[int]string{}
	for _, d := range ents {
		p, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(raw)
		i, j := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if i < 0 || j < 0 || j+2 >= len(s) {
			continue
		}
		f := strings.Fields(s[j+2:])
		if len(f) < 2 {
			continue
		}
		pp, _ := strconv.Atoi(f[1])
		parent[p], comm[p] = pp, s[i+1:j]
	}
	for p, c := range comm {
		if c != name {
			continue
		}
		for q := parent[p]; q > 1; q = parent[q] {
			if q == pid {
				return p
			}
		}
	}
	return 0
}

func vmHWM(pid int) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
