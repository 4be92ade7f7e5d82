package httpapi

import (
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/ictgov/ictgov/shared/fault"
)

// Portal serves the portal, the web page clerks, reviewers and the public use (portal/
// builds it), from the same HTTP API as the API itself: one origin, so the browser sends
// the API's requests without CORS and the deployment is one stack. Site holds the built
// files (index.html and assets/); the function embeds them (functions/portal).
type Portal struct {
	Site   fs.FS
	Config PortalConfig
}

// PortalConfig is what the page needs to know of its deployment, served as
// /portal.json so that one build runs locally and in any stack.
type PortalConfig struct {
	// SignIn is "dev" (the local gateway mints tokens at POST /dev/token) or "oidc"
	// (OpenID Connect authorization code with PKCE against Issuer).
	SignIn   string `json:"signIn"`
	Issuer   string `json:"issuer,omitempty"`
	ClientID string `json:"clientId,omitempty"`
	Scopes   string `json:"scopes,omitempty"`
	// Stage names the deployment on the page (e.g. "prod"), so nobody mistakes a test
	// stack for the real one.
	Stage string `json:"stage,omitempty"`
}

// PortalConfigFromEnv reads the configuration template.yaml sets (PORTAL_OIDC_ISSUER,
// PORTAL_OIDC_CLIENT_ID, PORTAL_OIDC_SCOPES, STAGE); under the local gateway
// (ICTGOV_LOCAL_GATEWAY=1) sign-in is through the development tokens.
func PortalConfigFromEnv() PortalConfig {
	c := PortalConfig{SignIn: "oidc", Issuer: os.Getenv("PORTAL_OIDC_ISSUER"), ClientID: os.Getenv("PORTAL_OIDC_CLIENT_ID"),
		Scopes: os.Getenv("PORTAL_OIDC_SCOPES"), Stage: os.Getenv("STAGE")}
	if c.Scopes == "" {
		c.Scopes = "openid"
	}
	if os.Getenv("ICTGOV_LOCAL_GATEWAY") == "1" {
		c.SignIn, c.Issuer, c.ClientID = "dev", "", ""
	}
	return c
}

// Routes returns the function's router.
func (p Portal) Routes() http.Handler { return Serve(p.RouteTable()) }

// RouteTable mirrors template.yaml's HttpApi events for the Portal function. The page
// routes inside itself after a '#', so these three routes are all it needs and the API's
// unknown paths still answer 404 from the HTTP API.
func (p Portal) RouteTable() []Route {
	return []Route{
		// index.html names the hashed assets of its build: revalidate it every time.
		// (net/http's "/" matches every path; index answers only "/" itself.)
		{"GET /", Cacheable("no-cache", p.index)},
		// An asset's name is the digest of its content: it never changes.
		{"GET /assets/{file}", Cacheable("public, max-age=31536000, immutable", p.asset)},
		{"GET /portal.json", Cacheable("no-cache", p.config)},
	}
}

func (p Portal) index(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		WriteError(w, r, fault.E(fault.NotFound, "no route for %s %s", r.Method, r.URL.Path))
		return
	}
	b, err := fs.ReadFile(p.Site, "app/index.html")
	if err != nil {
		// The function was compiled before the portal was built (a fresh clone's
		// `go build ./...` embeds only site/README.md): say how to build it.
		WriteError(w, r, fault.E(fault.Unavailable, "the portal has not been built: run `make portal` (make run and make test build it) and start again"))
		return
	}
	securityHeaders(w.Header(), p.Config)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func (p Portal) asset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	// fs.ValidPath refuses "..", absolute and empty names; one segment only.
	if !fs.ValidPath(name) || strings.Contains(name, "/") {
		WriteError(w, r, fault.E(fault.NotFound, "no asset %q", name))
		return
	}
	b, err := fs.ReadFile(p.Site, path.Join("app/assets", name))
	if err != nil {
		WriteError(w, r, fault.E(fault.NotFound, "no asset %q", name))
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func (p Portal) config(w http.ResponseWriter, r *http.Request) {
	WriteJSON(w, http.StatusOK, p.Config)
}

// securityHeaders: the page runs only its own script and style, is framed by nobody,
// and talks to its own origin, the documents bucket (presigned uploads and downloads)
// and the identity provider; locally the bucket is on another port of the loopback.
func securityHeaders(h http.Header, c PortalConfig) {
	connect := "'self' https:"
	if c.SignIn == "dev" {
		connect += " http://127.0.0.1:* http://localhost:*"
	}
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src "+connect+"; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}
