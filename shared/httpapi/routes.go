package httpapi

import (
	"net/http"

	"github.com/ictgov/ictgov/shared/fault"
)

// Route is one method and path the function serves, in net/http pattern form.
type Route struct {
	Pattern string // "GET /v1/applications/{id}"
	Handle  http.HandlerFunc
}

// Serve builds a router from routes. Unknown paths and methods get problem documents
// (404, 405) rather than net/http's plain text.
func Serve(routes []Route) http.Handler {
	mux := http.NewServeMux()
	for _, r := range routes {
		mux.HandleFunc(r.Pattern, r.Handle)
	}
	return withRecovery(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			WriteError(w, r, fault.E(fault.NotFound, "no route for %s %s", r.Method, r.URL.Path))
			return
		}
		mux.ServeHTTP(w, r)
	}))
}

// Patterns lists the routes' patterns, for the test that holds template.yaml, the
// OpenAPI document and the handlers equal.
func Patterns(routes []Route) []string {
	out := make([]string, len(routes))
	for i, r := range routes {
		out[i] = r.Pattern
	}
	return out
}
