package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ictgov/ictgov/shared/fault"
)

// OpenAPI is the contract as served at /v1/openapi.yaml, assembled once, on first use,
// from the fragments in openapi/ and the procedure declarations (see openapi.go).
var OpenAPI = sync.OnceValues(func() ([]byte, error) { return AssembleOpenAPI(true) })

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, err := OpenAPI()
	if err != nil {
		WriteError(w, r, fmt.Errorf("assemble the OpenAPI document: %w", err))
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeRaw(w, http.StatusOK, "application/yaml", b)
}

type healthReport struct {
	Type   string            `json:"type,omitempty"`
	Title  string            `json:"title,omitempty"`
	Status any               `json:"status"`
	Detail string            `json:"detail,omitempty"`
	Checks map[string]string `json:"checks"`
}

// health checks DynamoDB and S3 side by side and names the one that is down (503).
func (h *Applications) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	checks := map[string]func(context.Context) error{"dynamodb": h.Store.Ping, "s3": h.Docs.Ping}
	var mu sync.Mutex
	var wg sync.WaitGroup
	rep := healthReport{Checks: map[string]string{}}
	down := []string{}
	for name, check := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := check(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				rep.Checks[name] = "down"
				down = append(down, name)
				return
			}
			rep.Checks[name] = "ok"
		}()
	}
	wg.Wait()
	if len(down) > 0 {
		rep.Type, rep.Title, rep.Status = "https://ictgov.example/problems/unavailable", "Service Unavailable", http.StatusServiceUnavailable
		slices.Sort(down)
		rep.Detail = "unavailable: " + strings.Join(down, ", ")
		b, _ := json.Marshal(rep)
		w.Header().Set("Retry-After", "5")
		writeRaw(w, http.StatusServiceUnavailable, "application/problem+json", b)
		return
	}
	rep.Status = "ok"
	WriteJSON(w, http.StatusOK, rep)
}

// withRecovery turns a panic in a handler into a 500 problem document: the stack goes
// to the log, never to the client.
func withRecovery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				WriteError(w, r, fault.Wrap(fault.Internal, panicError{v, string(debug.Stack())}, ""))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type panicError struct {
	v     any
	stack string
}

func (p panicError) Error() string { return "panic: " + stringOf(p.v) + "\n" + p.stack }

func stringOf(v any) string {
	if e, ok := v.(error); ok {
		return e.Error()
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}
