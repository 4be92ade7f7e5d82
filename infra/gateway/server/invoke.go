package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ictgov/ictgov/infra/gateway/rie"
)

// errUnknownFunction is returned by invoke for a logical id the template lacks.
var errUnknownFunction = errors.New("unknown function")

// invoke runs one event through a function's pool and logs the outcome. It waits for
// start-up to finish, so an S3 event that arrives early is delivered once ready.
func (s *Server) invoke(ctx context.Context, fn, trigger string, payload []byte) (rie.Result, error) {
	select {
	case <-s.ready:
	case <-ctx.Done():
		return rie.Result{}, ctx.Err()
	}
	s.mu.Lock()
	p := s.pools[fn]
	s.mu.Unlock()
	if p == nil {
		return rie.Result{}, fmt.Errorf("%w %q", errUnknownFunction, fn)
	}
	t0 := time.Now()
	res, err := p.Invoke(ctx, payload)
	attrs := []any{"function", fn, "trigger", trigger, "duration_ms", time.Since(t0).Milliseconds()}
	if err != nil {
		s.log.Error("invoke", append(attrs, "outcome", "error", "err", err)...)
		return res, err
	}
	attrs = append(attrs, "outcome", string(res.Outcome), "instance", res.Instance)
	if res.Outcome == rie.OK {
		s.log.Info("invoke", attrs...)
	} else {
		s.log.Warn("invoke", attrs...)
	}
	return res, nil
}
