package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ictgov/ictgov/infra/gateway/httpapi"
	"github.com/ictgov/ictgov/infra/template"
)

// handleS3Events receives versitygw's event webhook ({"Records":[...]}, eventName like
// s3:ObjectCreated:Put) and delivers each record, in AWS's shape, to every function
// whose S3 event matches it. It answers at once and delivers in the background, like
// S3's asynchronous invocation. Anything without Records (versitygw's start-up test
// event, a readiness probe) is acknowledged.
func (s *Server) handleS3Events(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusOK)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		httpapi.WriteProblem(w, http.StatusBadRequest, "unreadable body")
		return
	}
	// Records stay generic maps: versitygw's records carry fields AWS's do not (an empty
	// glacierEventData whose time does not parse), and everything else is delivered as
	// received.
	var in struct {
		Records []map[string]any `json:"Records"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		s.log.Warn("s3 webhook: not an event document", "err", err)
		w.WriteHeader(http.StatusOK) // a retry would not make it parse
		return
	}
	for _, raw := range in.Records {
		rec := s.normaliseS3Record(raw)
		matched := false
		for _, f := range s.tmpl.Functions {
			for _, ev := range f.Events {
				if ev.S3 == nil || !matchS3(ev.S3, rec) {
					continue
				}
				matched = true
				payload, err := json.Marshal(map[string]any{"Records": []any{rec.raw}})
				if err != nil {
					s.log.Error("encode s3 event", "err", err)
					continue
				}
				s.invokeAsync(f.LogicalID, "s3", payload)
			}
		}
		if !matched {
			s.log.Debug("s3 event matches no function", "bucket", rec.bucket, "key", rec.key, "event", rec.name)
		}
	}
	w.WriteHeader(http.StatusOK)
}

type s3Record struct {
	raw               map[string]any
	bucket, key, name string
}

func child(m map[string]any, k string) map[string]any {
	c, _ := m[k].(map[string]any)
	if c == nil {
		c = map[string]any{}
		m[k] = c
	}
	return c
}

// normaliseS3Record reshapes a versitygw record into AWS's: eventName without the "s3:"
// prefix, the bucket's ARN, region, source and time filled in, no empty Glacier data.
func (s *Server) normaliseS3Record(raw map[string]any) s3Record {
	str := func(m map[string]any, k string) string { v, _ := m[k].(string); return v }
	name := strings.TrimPrefix(str(raw, "eventName"), "s3:")
	raw["eventName"] = name
	if !strings.HasPrefix(str(raw, "eventSource"), "aws:") {
		raw["eventSource"] = "aws:s3"
	}
	if str(raw, "awsRegion") == "" {
		raw["awsRegion"] = s.cfg.Region
	}
	if str(raw, "eventTime") == "" {
		raw["eventTime"] = time.Now().UTC().Format(time.RFC3339Nano)
	}
	if g, ok := raw["glacierEventData"].(map[string]any); ok {
		r, _ := g["restoreEventData"].(map[string]any)
		if str(r, "lifecycleRestorationExpiryTime") == "" {
			delete(raw, "glacierEventData")
		}
	}
	s3 := child(raw, "s3")
	b := child(s3, "bucket")
	bucket := str(b, "name")
	b["arn"] = "arn:aws:s3:::" + bucket // versitygw's looks like arn:aws:s3:::/bucket/key
	obj := child(s3, "object")
	key, delivered := awsKey(str(obj, "key"))
	obj["key"] = delivered
	return s3Record{raw: raw, bucket: bucket, key: key, name: name}
}

// awsKey returns an event key's real value and the form to deliver. AWS delivers keys
// URL-encoded (space as '+'), and handlers unescape them. versitygw v1.8.0 sends the
// decoded key, so a key that is not already in an escaped form is encoded the way AWS
// does; one that is (as other S3 emulators send it) is delivered as received.
func awsKey(k string) (key, delivered string) {
	if d, err := url.QueryUnescape(k); err == nil && (k == escapeKey(d) || k == url.QueryEscape(d)) {
		return d, k
	}
	return k, escapeKey(k)
}

func escapeKey(k string) string {
	parts := strings.Split(k, "/")
	for i, p := range parts {
		parts[i] = url.QueryEscape(p)
	}
	return strings.Join(parts, "/")
}

// matchS3 applies the template's event patterns and key filters; filters apply to the
// real (unescaped) key.
func matchS3(ev *template.S3Event, rec s3Record) bool {
	if rec.bucket != ev.Bucket {
		return false
	}
	ok := false
	for _, pat := range ev.Events {
		pat = strings.TrimPrefix(pat, "s3:")
		if strings.HasSuffix(pat, "*") {
			ok = ok || strings.HasPrefix(rec.name, strings.TrimSuffix(pat, "*"))
		} else {
			ok = ok || rec.name == pat
		}
	}
	if !ok {
		return false
	}
	return strings.HasPrefix(rec.key, ev.Prefix) && strings.HasSuffix(rec.key, ev.Suffix)
}
