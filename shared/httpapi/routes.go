package httpapi

import (
	"net/http"
	"strings"

	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/logging"
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
		mux.HandleFunc(r.Pattern, withApplication(r.Handle))
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

// withApplication puts the {id} of an application route into the request's context, so
// every line the handler logs names the application (shared/logging).
func withApplication(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if id := r.PathValue("id"); id != "" && strings.HasPrefix(r.URL.Path, "/v1/applications/") {
			r = r.WithContext(logging.WithApplication(r.Context(), id))
		}
		h(w, r)
	}
}
