package httpapi

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// RequestInfo is what the event needs beyond the HTTP request itself.
type RequestInfo struct {
	Route     *Route
	Params    map[string]string
	Auth      *Verified // nil for public routes
	AccountID string
	Now       time.Time
	RequestID string // empty: a random one
}

// NewRequestID returns a random id shaped like API Gateway's.
func NewRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// BuildEvent turns an HTTP request (with its body already read) into a payload format 2.0
// event, as the HTTP API would send it: headers lower-cased with repeats comma-joined,
// cookies taken out of the headers, query parameters comma-joined, a body that is not
// UTF-8 text base64-encoded.
func BuildEvent(r *http.Request, body []byte, info RequestInfo) events.APIGatewayV2HTTPRequest {
	if info.RequestID == "" {
		info.RequestID = NewRequestID()
	}
	headers := map[string]string{}
	var cookies []string
	for k, vs := range r.Header {
		lk := strings.ToLower(k)
		if lk == "cookie" {
			for _, v := range vs {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						cookies = append(cookies, c)
					}
				}
			}
			continue
		}
		headers[lk] = strings.Join(vs, ",")
	}
	if r.Host != "" {
		headers["host"] = r.Host
	}
	if len(body) > 0 {
		headers["content-length"] = strconv.Itoa(len(body))
	}
	// API Gateway adds the X-Forwarded-* headers of its own front end.
	srcIP, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		srcIP = r.RemoteAddr
	}
	if prev := headers["x-forwarded-for"]; prev != "" {
		headers["x-forwarded-for"] = prev + ", " + srcIP
	} else {
		headers["x-forwarded-for"] = srcIP
	}
	proto, port := "http", "80"
	if r.TLS != nil {
		proto, port = "https", "443"
	}
	if _, p, err := net.SplitHostPort(r.Host); err == nil {
		port = p
	}
	headers["x-forwarded-proto"] = proto
	headers["x-forwarded-port"] = port
	var query map[string]string
	if r.URL.RawQuery != "" {
		q, _ := url.ParseQuery(r.URL.RawQuery) // best effort, as API Gateway is lenient
		if len(q) > 0 {
			query = map[string]string{}
			for k, vs := range q {
				query[k] = strings.Join(vs, ",")
			}
		}
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              info.Route.Key(),
		RawPath:               r.URL.EscapedPath(),
		RawQueryString:        r.URL.RawQuery,
		Cookies:               cookies,
		Headers:               headers,
		QueryStringParameters: query,
		PathParameters:        info.Params,
	}
	if len(body) > 0 {
		if isText(r.Header.Get("Content-Type"), body) {
			ev.Body = string(body)
		} else {
			ev.Body = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	prefix, _, _ := strings.Cut(host, ".")
	now := info.Now.UTC()
	ev.RequestContext = events.APIGatewayV2HTTPRequestContext{
		RouteKey:     info.Route.Key(),
		AccountID:    info.AccountID,
		Stage:        "$default",
		RequestID:    info.RequestID,
		APIID:        strings.ToLower(info.Route.APIID),
		DomainName:   r.Host,
		DomainPrefix: prefix,
		Time:         now.Format("02/Jan/2006:15:04:05 -0700"),
		TimeEpoch:    now.UnixMilli(),
		HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
			Method:    r.Method,
			Path:      r.URL.Path,
			Protocol:  r.Proto,
			SourceIP:  srcIP,
			UserAgent: r.UserAgent(),
		},
	}
	if info.Auth != nil {
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: info.Auth.Claims, Scopes: info.Auth.Scopes},
		}
	}
	return ev
}

// isText decides whether a body can travel as a plain string: it must be valid UTF-8 and
// not declared as a binary media type.
func isText(contentType string, body []byte) bool {
	if !utf8.Valid(body) {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" {
		return true
	}
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "json"), strings.HasSuffix(mt, "xml"),
		mt == "application/x-www-form-urlencoded", mt == "application/javascript", mt == "application/yaml",
		strings.HasPrefix(mt, "multipart/"):
		return true
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"),
		mt == "application/octet-stream", mt == "application/pdf", mt == "application/zip":
		return false
	}
	return true
}

// WriteResponse maps a function's answer to HTTP as the HTTP API does for payload format
// 2.0: a JSON object with statusCode is a structured response (headers,
// multiValueHeaders, cookies, base64 body); any other valid JSON is sent as the body of
// a 200 application/json response. It returns an error (and writes nothing) if the
// answer is not valid JSON or is malformed.
func WriteResponse(w http.ResponseWriter, raw []byte) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(raw, &probe); err != nil || probe["statusCode"] == nil {
		if !json.Valid(raw) {
			return fmt.Errorf("function response is not JSON")
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(raw)
		return nil
	}
	var resp events.APIGatewayV2HTTPResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		return fmt.Errorf("malformed function response: %w", err)
	}
	if resp.StatusCode < 100 || resp.StatusCode > 599 {
		return fmt.Errorf("function response has status %d", resp.StatusCode)
	}
	body := []byte(resp.Body)
	if resp.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(resp.Body)
		if err != nil {
			return fmt.Errorf("function response body is not base64: %w", err)
		}
		body = b
	}
	h := w.Header()
	keys := make([]string, 0, len(resp.MultiValueHeaders))
	for k := range resp.MultiValueHeaders {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range resp.MultiValueHeaders[k] {
			h.Add(k, v)
		}
	}
	for k, v := range resp.Headers {
		h.Set(k, v)
	}
	for _, c := range resp.Cookies {
		h.Add("Set-Cookie", c)
	}
	if h.Get("Content-Type") == "" && len(body) > 0 {
		h.Set("Content-Type", "application/json")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(body)
	return nil
}
