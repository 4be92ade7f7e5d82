package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ictgov/ictgov/infra/template"
)

func originAllowed(c *template.CORS, origin string) (string, bool) {
	for _, o := range c.AllowOrigins {
		if o == "*" {
			if c.AllowCredentials {
				return origin, true
			}
			return "*", true
		}
		if strings.EqualFold(o, origin) {
			return origin, true
		}
	}
	return "", false
}

// IsPreflight reports whether r is a CORS preflight request.
func IsPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}

// WritePreflight answers a preflight from the HttpApi's CorsConfiguration, as API
// Gateway does without invoking any function: 204, with the CORS headers only when the
// origin is allowed.
func WritePreflight(w http.ResponseWriter, r *http.Request, c *template.CORS) {
	h := w.Header()
	if c != nil {
		if allow, ok := originAllowed(c, r.Header.Get("Origin")); ok {
			h.Set("Access-Control-Allow-Origin", allow)
			if allow != "*" {
				h.Add("Vary", "Origin")
			}
			methods := strings.Join(c.AllowMethods, ",")
			if methods == "" || methods == "*" {
				methods = r.Header.Get("Access-Control-Request-Method")
			}
			h.Set("Access-Control-Allow-Methods", methods)
			hdrs := strings.Join(c.AllowHeaders, ",")
			if hdrs == "*" {
				hdrs = r.Header.Get("Access-Control-Request-Headers")
			}
			if hdrs != "" {
				h.Set("Access-Control-Allow-Headers", strings.ToLower(hdrs))
			}
			if c.MaxAge > 0 {
				h.Set("Access-Control-Max-Age", strconv.Itoa(c.MaxAge))
			}
			if c.AllowCredentials {
				h.Set("Access-Control-Allow-Credentials", "true")
			}
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// AddCORSHeaders adds the headers an HTTP API with CORS puts on actual responses.
func AddCORSHeaders(w http.ResponseWriter, r *http.Request, c *template.CORS) {
	origin := r.Header.Get("Origin")
	if c == nil || origin == "" {
		return
	}
	allow, ok := originAllowed(c, origin)
	if !ok {
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", allow)
	if allow != "*" {
		h.Add("Vary", "Origin")
	}
	if len(c.ExposeHeaders) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(c.ExposeHeaders, ","))
	}
	if c.AllowCredentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
}
