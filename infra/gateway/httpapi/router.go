// Package httpapi is the local twin of an API Gateway HTTP API: it matches requests to
// the template's HttpApi routes, checks JWTs as the HTTP API JWT authorizer does, turns
// requests into payload format 2.0 events and the functions' answers back into HTTP.
package httpapi

import (
	"fmt"
	"sort"
	"strings"
)

// Route is one HttpApi event of a function.
type Route struct {
	Function string
	Event    string
	APIID    string
	Method   string // upper case, or ANY
	Path     string // e.g. /v1/applications/{id}; {proxy+} is greedy
	// Public routes skip the authorizer (Auth: {Authorizer: NONE}).
	Public bool
	// Authorizer is the authorizer that guards the route ("" when Public).
	Authorizer string
	Scopes     []string

	segs []string
}

// Key is the routeKey API Gateway puts in the event: "GET /v1/items/{id}".
func (r *Route) Key() string {
	if r.Path == "$default" {
		return "$default"
	}
	return r.Method + " " + r.Path
}

// Router matches method and path to a route.
type Router struct {
	routes []*Route
}

// NewRouter orders routes by specificity, as API Gateway does: literal segments beat
// {param} which beats {greedy+}; a method beats ANY. Duplicates are an error.
func NewRouter(routes []*Route) (*Router, error) {
	seen := map[string]*Route{}
	for _, r := range routes {
		r.segs = split(r.Path)
		k := r.Key()
		if prev, dup := seen[k]; dup {
			return nil, fmt.Errorf("route %s is declared by both %s/%s and %s/%s", k, prev.Function, prev.Event, r.Function, r.Event)
		}
		seen[k] = r
	}
	sorted := append([]*Route(nil), routes...)
	sort.SliceStable(sorted, func(i, j int) bool { return less(sorted[i], sorted[j]) })
	return &Router{routes: sorted}, nil
}

// Routes lists the routes in match order.
func (rt *Router) Routes() []*Route { return rt.routes }

func split(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func segRank(s string) int {
	switch {
	case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "+}"):
		return 2
	case strings.HasPrefix(s, "{"):
		return 1
	}
	return 0
}

func less(a, b *Route) bool {
	if (a.Path == "$default") != (b.Path == "$default") {
		return b.Path == "$default"
	}
	for i := 0; i < len(a.segs) && i < len(b.segs); i++ {
		if ra, rb := segRank(a.segs[i]), segRank(b.segs[i]); ra != rb {
			return ra < rb
		}
	}
	if len(a.segs) != len(b.segs) {
		return len(a.segs) > len(b.segs)
	}
	return a.Method != "ANY" && b.Method == "ANY"
}

// Match finds the route for method and path and its path parameters. pathMatched
// reports whether some route has the path but not the method.
func (rt *Router) Match(method, path string) (r *Route, params map[string]string, pathMatched bool) {
	segs := split(path)
	for _, r := range rt.routes {
		var p map[string]string
		ok := false
		if r.Path == "$default" {
			ok = true
		} else {
			p, ok = matchSegs(r.segs, segs)
		}
		if !ok {
			continue
		}
		if r.Method == "ANY" || r.Method == method {
			return r, p, true
		}
		pathMatched = true
	}
	return nil, nil, pathMatched
}

func matchSegs(pattern, segs []string) (map[string]string, bool) {
	params := map[string]string{}
	for i, ps := range pattern {
		if segRank(ps) == 2 {
			if i >= len(segs) {
				return nil, false
			}
			params[strings.TrimSuffix(strings.TrimPrefix(ps, "{"), "+}")] = strings.Join(segs[i:], "/")
			return params, true
		}
		if i >= len(segs) {
			return nil, false
		}
		if segRank(ps) == 1 {
			if segs[i] == "" {
				return nil, false
			}
			params[strings.TrimSuffix(strings.TrimPrefix(ps, "{"), "}")] = segs[i]
			continue
		}
		if ps != segs[i] {
			return nil, false
		}
	}
	if len(segs) != len(pattern) {
		return nil, false
	}
	if len(params) == 0 {
		params = nil
	}
	return params, true
}
