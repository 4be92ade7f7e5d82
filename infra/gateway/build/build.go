// Package build compiles the template's functions into bootstrap binaries for the host,
// the way the Makefile builds them for Lambda but for the local architecture, since the
// gateway runs them natively under aws-lambda-rie.
package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Target is one function to build.
type Target struct {
	Name   string // logical id; the output is <OutDir>/<Name>/bootstrap
	GoMain string // main package folder, relative to Root
}

// Options control a build.
type Options struct {
	Root     string // module folder the GoMain paths are relative to
	OutDir   string // e.g. <repo>/.build
	Parallel int    // concurrent builds; < 1 means 2
	Env      []string
}

// Functions builds every target and returns the absolute bootstrap path by name. All
// failures are reported, each with the compiler's output.
func Functions(ctx context.Context, opts Options, targets []Target) (map[string]string, error) {
	if opts.Parallel < 1 {
		opts.Parallel = 2
	}
	if opts.Env == nil {
		opts.Env = os.Environ()
	}
	out, err := filepath.Abs(opts.OutDir)
	if err != nil {
		return nil, fmt.Errorf("build dir: %w", err)
	}
	var (
		mu    sync.Mutex
		paths = map[string]string{}
		errs  []error
		wg    sync.WaitGroup
		sem   = make(chan struct{}, opts.Parallel)
	)
	for _, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			bin := filepath.Join(out, t.Name, "bootstrap")
			err := one(ctx, opts, t, bin)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			paths[t.Name] = bin
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return paths, nil
}

func one(ctx context.Context, opts Options, t Target, bin string) error {
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return fmt.Errorf("build %s: %w", t.Name, err)
	}
	pkg := "./" + strings.TrimPrefix(filepath.ToSlash(filepath.Clean(t.GoMain)), "./")
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "lambda.norpc", "-trimpath",
		"-ldflags=-s -w", "-o", bin, pkg)
	cmd.Dir = opts.Root
	// The host's OS and architecture, whatever GOOS/GOARCH the caller's shell exports.
	cmd.Env = append(append([]string{}, opts.Env...), "CGO_ENABLED=0", "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	var output bytes.Buffer
	cmd.Stdout = &output
	cmd.Stderr = &output
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build %s (%s): %w\n%s", t.Name, pkg, err, strings.TrimSpace(output.String()))
	}
	return nil
}
