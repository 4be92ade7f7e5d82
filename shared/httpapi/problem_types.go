package httpapi

import (
	"net/http"

	"github.com/ictgov/ictgov/shared/fault"
)

// ProblemTypeDoc documents one problem type at GET /v1/problems/{kind}, where the
// default type URIs (relative to the API) resolve.
type ProblemTypeDoc struct {
	Type        string `json:"type"`
	Title       string `json:"title"`
	Status      int    `json:"status"`
	Description string `json:"description"`
}

var problemDescriptions = map[fault.Kind]string{
	fault.Invalid:       "The request is malformed: its body, a query parameter, a cursor or a header. `errors` names each field at fault.",
	fault.Unauthorized:  "No valid bearer token.",
	fault.Forbidden:     "The caller may know the resource exists but may not act on it in their role or organisation.",
	fault.NotFound:      "No such resource, or one the caller may not know exists.",
	fault.Conflict:      "The resource is in the wrong state for the request, a concurrent change won, or a request with the same Idempotency-Key is in progress.",
	fault.TooLarge:      "The request body is over 1 MiB.",
	fault.Unprocessable: "Well-formed, but it breaks a rule; `errors` lists every offending field with its reason and legal basis.",
	fault.Unavailable:   "A store is busy or down; retry after Retry-After seconds.",
}

func serveProblemType(w http.ResponseWriter, r *http.Request) {
	Cacheable("public, max-age=86400", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("kind")
		for k, d := range problemDescriptions {
			if k.String() == name {
				status := statusOf[k]
				WriteJSON(w, http.StatusOK, ProblemTypeDoc{Type: problemType(k), Title: http.StatusText(status), Status: status, Description: d})
				return
			}
		}
		WriteError(w, r, fault.E(fault.NotFound, "no problem type %q", name))
	})(w, r)
}
