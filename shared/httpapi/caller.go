package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/awslabs/aws-lambda-go-api-proxy/core"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/fault"
)

// CallerFrom reads the caller from the JWT claims that the HTTP API's authorizer (or the
// local gateway, which mimics it) put in the request context. Claims never come from
// request headers, so a client cannot forge them.
func CallerFrom(r *http.Request) (actor.Caller, error) {
	rc, ok := core.GetAPIGatewayV2ContextFromContext(r.Context())
	if !ok || rc.Authorizer == nil || rc.Authorizer.JWT == nil {
		return actor.Caller{}, fault.E(fault.Unauthorized, "a valid bearer token is required")
	}
	claims := rc.Authorizer.JWT.Claims
	c := actor.Caller{Sub: claims["sub"], Org: claims["org"]}
	if c.Sub == "" {
		return actor.Caller{}, fault.E(fault.Unauthorized, "the token names no subject")
	}
	seen := map[actor.Role]bool{}
	for _, name := range []string{"roles", "cognito:groups"} {
		for _, r := range ParseListClaim(claims[name]) {
			if actor.Known(r) && !seen[actor.Role(r)] {
				seen[actor.Role(r)] = true
				c.Roles = append(c.Roles, actor.Role(r))
			}
		}
	}
	return c, nil
}

// ParseListClaim reads an array claim in every form it arrives in: the HTTP API
// authorizer's bracketed, space-separated string ("[applicant operator]"), a JSON array,
// or a comma-separated string.
func ParseListClaim(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	if strings.HasPrefix(v, "[") {
		var arr []string
		if json.Unmarshal([]byte(v), &arr) == nil {
			return clean(arr)
		}
		v = strings.TrimSuffix(strings.TrimPrefix(v, "["), "]")
		return clean(strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' }))
	}
	return clean(strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }))
}

func clean(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
