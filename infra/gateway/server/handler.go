package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/ictgov/ictgov/infra/gateway/httpapi"
	"github.com/ictgov/ictgov/infra/gateway/rie"
	"github.com/ictgov/ictgov/infra/template"
)

// maxBody is API Gateway's payload limit for HTTP APIs.
const maxBody = 10 << 20

// Handler serves the HTTP API routes of the template and the local /dev routes.
func (s *Server) Handler() http.Handler {
	dev := http.NewServeMux()
	dev.HandleFunc("POST /dev/token", s.handleToken)
	dev.HandleFunc("POST /dev/invoke/{fn}", s.handleInvoke)
	dev.HandleFunc("GET /dev/status", s.handleStatus)
	dev.HandleFunc("/dev/s3-events", s.handleS3Events)
	dev.HandleFunc("POST /dev/schedules/{fn}/{event}", s.handleFireSchedule)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == awsPrefix || strings.HasPrefix(r.URL.Path, awsPrefix+"/") {
			http.StripPrefix(awsPrefix, s.aws).ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/dev/") {
			if _, pattern := dev.Handler(r); pattern != "" {
				dev.ServeHTTP(w, r)
				return
			}
		}
		s.handleAPI(w, r)
	})
}

func (s *Server) isReady() bool {
	select {
	case <-s.ready:
		return true
	default:
		return false
	}
}

func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	route, params, pathMatched := s.router.Match(r.Method, r.URL.Path)
	cors := s.corsFor(route)
	if httpapi.IsPreflight(r) && (route == nil || route.Method == "ANY") {
		// API Gateway answers preflights itself when CORS is configured.
		if cors != nil {
			httpapi.WritePreflight(w, r, cors)
			return
		}
	}
	httpapi.AddCORSHeaders(w, r, cors)
	if route == nil {
		detail := fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path)
		if pathMatched {
			detail = fmt.Sprintf("no route for method %s on %s", r.Method, r.URL.Path)
		}
		httpapi.WriteProblem(w, http.StatusNotFound, detail)
		return
	}
	var verified *httpapi.Verified
	if !route.Public {
		v, err := s.auth[route.Authorizer].Verify(r.Header.Get("Authorization"))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			httpapi.WriteProblem(w, http.StatusUnauthorized, err.Error())
			return
		}
		if !hasScope(v.Scopes, route.Scopes) {
			httpapi.WriteProblem(w, http.StatusForbidden, "the token lacks the route's authorization scopes")
			return
		}
		verified = v
	}
	if !s.isReady() {
		httpapi.WriteProblem(w, http.StatusServiceUnavailable, "the gateway is still starting")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		httpapi.WriteProblem(w, http.StatusRequestEntityTooLarge, "request body is too large or unreadable")
		return
	}
	ev := httpapi.BuildEvent(r, body, httpapi.RequestInfo{Route: route, Params: params, Auth: verified,
		AccountID: s.tmpl.AccountID, Now: time.Now()})
	payload, err := json.Marshal(ev)
	if err != nil {
		httpapi.WriteProblem(w, http.StatusInternalServerError, "cannot encode the event")
		return
	}
	res, err := s.invoke(r.Context(), route.Function, "http", payload)
	if !s.writeFunctionFailure(w, route.Function, res, err) {
		return
	}
	if err := httpapi.WriteResponse(w, res.Body); err != nil {
		s.log.Error("bad function response", "function", route.Function, "err", err)
		httpapi.WriteProblem(w, http.StatusBadGateway, fmt.Sprintf("function %s returned a malformed response", route.Function))
	}
}

// writeFunctionFailure answers a failed invocation with a problem document and reports
// whether the result is usable. The function's error document (with its stack trace)
// stays in the log.
func (s *Server) writeFunctionFailure(w http.ResponseWriter, fn string, res rie.Result, err error) bool {
	switch {
	case errors.Is(err, errUnknownFunction):
		httpapi.WriteProblem(w, http.StatusNotFound, err.Error())
	case err != nil:
		httpapi.WriteProblem(w, http.StatusBadGateway, fmt.Sprintf("function %s could not be invoked", fn))
	case res.Outcome == rie.Timeout:
		httpapi.WriteProblem(w, http.StatusGatewayTimeout, fmt.Sprintf("function %s timed out", fn))
	case res.Outcome == rie.Error:
		s.log.Warn("function error", "function", fn, "error", errorSummary(res.Body))
		httpapi.WriteProblem(w, http.StatusBadGateway, fmt.Sprintf("function %s failed", fn))
	default:
		return true
	}
	return false
}

// errorSummary keeps errorType and errorMessage of a Lambda error document for the log.
func errorSummary(body []byte) string {
	var e struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal(body, &e) == nil && (e.ErrorType != "" || e.ErrorMessage != "") {
		return e.ErrorType + ": " + e.ErrorMessage
	}
	if len(body) > 200 {
		body = body[:200]
	}
	return string(body)
}

func hasScope(have, need []string) bool {
	if len(need) == 0 {
		return true
	}
	for _, n := range need {
		for _, h := range have {
			if n == h {
				return true
			}
		}
	}
	return false
}

// corsFor picks the CORS configuration of the route's API, or of the only API when no
// route matched (so a preflight to an unknown path is still answered).
func (s *Server) corsFor(r *httpapi.Route) *template.CORS {
	if r != nil {
		if api := s.tmpl.HTTPAPIs[r.APIID]; api != nil {
			return api.CORS
		}
	}
	for _, api := range s.tmpl.HTTPAPIs {
		if api.CORS != nil {
			return api.CORS
		}
	}
	return nil
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<16))
	if err != nil {
		httpapi.WriteProblem(w, http.StatusBadRequest, "unreadable body")
		return
	}
	tr, err := httpapi.ParseTokenRequest(body)
	if err != nil {
		httpapi.WriteProblem(w, http.StatusBadRequest, err.Error())
		return
	}
	tok, err := s.tokens.Issue(tr)
	if err != nil {
		s.log.Error("issue token", "err", err)
		httpapi.WriteProblem(w, http.StatusInternalServerError, "cannot sign the token")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": tok}, false)
}

func (s *Server) handleInvoke(w http.ResponseWriter, r *http.Request) {
	fn := r.PathValue("fn")
	if s.tmpl.Function(fn) == nil {
		httpapi.WriteProblem(w, http.StatusNotFound, fmt.Sprintf("no function %q in the template", fn))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 6<<20))
	if err != nil {
		httpapi.WriteProblem(w, http.StatusRequestEntityTooLarge, "event is too large (6 MB) or unreadable")
		return
	}
	if len(body) == 0 {
		body = []byte("{}")
	}
	if !json.Valid(body) {
		httpapi.WriteProblem(w, http.StatusBadRequest, "the event must be JSON")
		return
	}
	res, err := s.invoke(r.Context(), fn, "dev-invoke", body)
	if err != nil {
		s.writeFunctionFailure(w, fn, res, err)
		return
	}
	// Like `sam local invoke`: the raw answer, including a function's error document.
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Ictgov-Outcome", string(res.Outcome))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(res.Body)
}

func writeJSON(w http.ResponseWriter, status int, v any, indent bool) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	if indent {
		enc.SetIndent("", "  ")
	}
	_ = enc.Encode(v)
}
