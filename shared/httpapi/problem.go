// Package httpapi is the HTTP face of the functions: routes on net/http, the caller taken
// from the JWT claims the authorizer passed, strict request decoding, and the one place
// where errors become RFC 9457 problem documents (principle 8).
package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"

	"github.com/ictgov/ictgov/shared/fault"
)

// Problem is an RFC 9457 problem document (contract, "General").
type Problem struct {
	Type     string        `json:"type"`
	Title    string        `json:"title"`
	Status   int           `json:"status"`
	Detail   string        `json:"detail"`
	Instance string        `json:"instance,omitempty"`
	Errors   []fault.Field `json:"errors"` // always a list, empty when no field is at fault
}

var statusOf = map[fault.Kind]int{
	fault.Internal:      http.StatusInternalServerError,
	fault.Invalid:       http.StatusBadRequest,
	fault.Unauthorized:  http.StatusUnauthorized,
	fault.Forbidden:     http.StatusForbidden,
	fault.NotFound:      http.StatusNotFound,
	fault.Conflict:      http.StatusConflict,
	fault.TooLarge:      http.StatusRequestEntityTooLarge,
	fault.Unprocessable: http.StatusUnprocessableEntity,
	fault.Unavailable:   http.StatusServiceUnavailable,
	fault.Stale:         http.StatusPreconditionFailed,
}

// DefaultProblemTypeBase is the base of problem type URIs when PROBLEM_TYPE_BASE (the
// template's ProblemTypeBase) is unset: relative to the API, which documents each type at
// GET /v1/problems/{kind}.
const DefaultProblemTypeBase = "/v1/problems/"

// problemTypeBase is read at start; a deployment sets it once, in the template.
var problemTypeBase = func() string {
	if b := os.Getenv("PROBLEM_TYPE_BASE"); b != "" {
		return b
	}
	return DefaultProblemTypeBase
}()

// problemType gives each kind a stable type URI the portal can switch on.
func problemType(k fault.Kind) string {
	if k == fault.Internal {
		return "about:blank"
	}
	return problemTypeBase + k.String()
}

// WriteError answers with the problem document for err. Internal errors are logged with
// their cause and answered with a generic detail: a 5xx never carries internal text.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var fe *fault.Error
	p := Problem{Status: 500, Title: "Internal Server Error", Type: "about:blank",
		Detail: "the request could not be completed; it has been logged", Instance: r.URL.Path}
	kind := fault.Internal
	if errors.As(err, &fe) {
		kind = fe.Kind
	}
	p.Status = statusOf[kind]
	p.Title = http.StatusText(p.Status)
	p.Type = problemType(kind)
	switch {
	case kind == fault.Internal:
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	case p.Status >= 500:
		p.Detail = fe.Detail
		slog.WarnContext(r.Context(), "dependency unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
	default:
		p.Detail = fe.Detail
		p.Errors = fe.Fields
	}
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p Problem) {
	if p.Errors == nil {
		p.Errors = []fault.Field{}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	if p.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p) // the status is sent; a failed write has no one to tell
}

// WriteJSON answers with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeProblem(w, Problem{Type: "about:blank", Title: "Internal Server Error", Status: 500,
			Detail: "the response could not be encoded"})
		slog.Error("encode response", "err", err)
		return
	}
	writeRaw(w, status, "application/json", b)
}

func writeRaw(w http.ResponseWriter, status int, ctype string, b []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
