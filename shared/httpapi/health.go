package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ictgov/ictgov/shared/fault"
)

// The contract as served at /v1/openapi.yaml, assembled once per form from the
// fragments in openapi/ (see openapi.go). A fragment that does not merge is a
// programming error that the package's tests catch; served, it is a 500 like any other.
var (
	deployedOpenAPI = sync.OnceValues(func() ([]byte, error) { return AssembleOpenAPI(false) })
	localOpenAPI    = sync.OnceValues(func() ([]byte, error) { return AssembleOpenAPI(true) })
)

// LocalGateway reports whether the function runs under the local gateway, which sets
// ICTGOV_LOCAL_GATEWAY=1 (never set in AWS): only there do the /dev routes exist.
func LocalGateway() bool { return os.Getenv("ICTGOV_LOCAL_GATEWAY") == "1" }

// ServedOpenAPI is the document this process serves: with the /dev routes under the
// local gateway, without them in AWS.
func ServedOpenAPI() ([]byte, error) {
	if LocalGateway() {
		return localOpenAPI()
	}
	return deployedOpenAPI()
}

var serveOpenAPI = Cacheable("public, max-age=300", func(w http.ResponseWriter, r *http.Request) {
	doc, err := ServedOpenAPI()
	if err != nil {
		WriteError(w, r, fmt.Errorf("assemble the OpenAPI document: %w", err))
		return
	}
	writeRaw(w, http.StatusOK, "application/yaml", doc)
})

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
		rep.Type, rep.Title, rep.Status = problemType(fault.Unavailable), "Service Unavailable", http.StatusServiceUnavailable
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
