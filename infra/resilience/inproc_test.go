package resilience

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// who is a caller as the authorizer describes them to the function.
type who struct {
	sub, org string
	roles    []string
}

type handlerFunc func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

type resp struct {
	status  int
	headers map[string]string
	body    []byte
	err     error // the handler itself failed (no HTTP answer at all)
}

func (r resp) problem() bool {
	return strings.HasPrefix(r.headers["Content-Type"], "application/problem+json")
}

// call sends one request through the adapter Lambda uses, as shared/httpapi's harness does.
func call(ctx context.Context, h handlerFunc, c who, method, target string, body any, hdr ...string) resp {
	u, err := url.Parse(target)
	if err != nil {
		return resp{err: err}
	}
	req := events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: u.Path, RawQueryString: u.RawQuery,
		Headers: map[string]string{"content-type": "application/json"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{DomainName: "127.0.0.1", RequestID: "t",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: u.Path}}}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Headers[strings.ToLower(hdr[i])] = hdr[i+1]
	}
	if c.sub != "" {
		req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: map[string]string{
				"sub": c.sub, "org": c.org, "roles": "[" + strings.Join(c.roles, " ") + "]"}}}
	}
	switch b := body.(type) {
	case nil:
	case string:
		req.Body = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return resp{err: err}
		}
		req.Body = string(raw)
	}
	out, err := h(ctx, req)
	if err != nil {
		return resp{err: err}
	}
	return resp{status: out.StatusCode, headers: out.Headers, body: []byte(out.Body)}
}

func decodeInto(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}
