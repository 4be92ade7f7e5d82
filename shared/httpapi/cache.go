package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// Cacheable makes a public GET answer cacheable: a 200 gets a strong ETag (a digest of
// the body) and cacheControl, and a request whose If-None-Match names that ETag gets 304
// without the body. The answer is buffered to digest it; an HTTP API's Lambda
// integration buffers every answer anyway (API Gateway takes the function's whole
// response, at most 6 MB). Errors pass as they are, never cached.
func Cacheable(cacheControl string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		bw := &bufferedWriter{header: w.Header(), status: http.StatusOK}
		h(bw, r)
		if bw.status != http.StatusOK {
			w.WriteHeader(bw.status)
			_, _ = w.Write(bw.body.Bytes())
			return
		}
		sum := sha256.Sum256(bw.body.Bytes())
		etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", cacheControl)
		// The Lambda adapter may split a list header at its commas into several values.
		if r.Method == http.MethodGet && matchesETag(strings.Join(r.Header.Values("If-None-Match"), ","), etag) {
			// RFC 9110 §15.4.5: a 304 repeats the validators and caching fields, no content.
			w.Header().Del("Content-Type")
			w.Header().Del("Content-Disposition")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(bw.body.Bytes())
	}
}

// matchesETag applies If-None-Match's weak comparison (RFC 9110 §13.1.2): "*" or any
// listed tag equal to etag once W/ is set aside.
func matchesETag(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// bufferedWriter holds an answer until it is complete; headers go to the real writer's
// map, which is only sent when the real writer's WriteHeader is called.
type bufferedWriter struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if !b.wroteHeader {
		b.status, b.wroteHeader = status, true
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.wroteHeader = true
	return b.body.Write(p)
}

// holder is a writer that still holds what a handler wrote: what failed part way can be
// dropped and answered as a problem instead.
type holder interface{ discard() }

func (b *bufferedWriter) discard() {
	b.body.Reset()
	b.status, b.wroteHeader = http.StatusOK, false
}
