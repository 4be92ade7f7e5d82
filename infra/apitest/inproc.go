package apitest

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// Who is a caller as the HTTP API authorizer describes them to the function.
type Who struct {
	Sub, Org string
	Roles    []string
}

// Handler is a function's HTTP handler as Lambda runs it.
type Handler func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

// Resp is a handler's answer.
type Resp struct {
	Status  int
	Headers map[string]string
	Body    []byte
	Err     error // the handler itself failed (no HTTP answer at all)
}

// Problem tells whether the answer is a problem document.
func (r Resp) Problem() bool {
	return strings.HasPrefix(r.Headers["Content-Type"], "application/problem+json")
}

// Decode unmarshals the body into v, or fails the test.
func (r Resp) Decode(t testing.TB, v any) {
	t.Helper()
	DecodeInto(t, r.Body, v)
}

// DecodeInto unmarshals b into v, or fails the test.
func DecodeInto(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

// Call sends one request through the adapter Lambda uses, with the caller's claims in the
// form the HTTP API authorizer delivers ("[a b]"). A body that is not a string or []byte
// is sent as JSON. A target that does not parse, or a handler's error, is in Resp.Err.
func Call(ctx context.Context, h Handler, c Who, method, target string, body any, hdr ...string) Resp {
	u, err := url.Parse(target)
	if err != nil {
		return Resp{Err: err}
	}
	req := events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: u.Path, RawQueryString: u.RawQuery,
		Headers: map[string]string{"content-type": "application/json"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{DomainName: "127.0.0.1", RequestID: "t",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: u.Path}}}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Headers[strings.ToLower(hdr[i])] = hdr[i+1]
	}
	if c.Sub != "" {
		req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: map[string]string{
				"sub": c.Sub, "org": c.Org, "roles": "[" + strings.Join(c.Roles, " ") + "]"}}}
	}
	switch b := body.(type) {
	case nil:
	case string:
		req.Body = b
	case []byte:
		req.Body = string(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return Resp{Err: err}
		}
		req.Body = string(raw)
	}
	out, err := h(ctx, req)
	if err != nil {
		return Resp{Err: err}
	}
	return Resp{Status: out.StatusCode, Headers: out.Headers, Body: []byte(out.Body)}
}
