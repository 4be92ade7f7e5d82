package dynamo

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

// Two attributes carry JSON that is mostly the same words every time: an idempotency
// record's answer (the application, 2–4 KB) and a trail entry's notices (1–2 KB of
// rendered text). Plain, either alone pushes its item past 1 KB, and a transaction pays
// 2 write units per started KB of every item. Deflated against a preset dictionary of
// those words (RFC 1951 §3.2.1, Go's flate.NewWriterDict), they take a quarter to a third
// of their size, which keeps every state change within 12 write units (issue 8; make
// bench, figure 6).
//
// The dictionary is frozen: an item written with it can be read only with the same
// bytes, so codec_test pins its digest. A better dictionary is a new encoding name beside
// this one, never an edit of this file.

// encD1 names "deflate with the d1 dictionary".
const encD1 = "d1"

//go:embed codec_d1.dict
var dictD1 []byte

const maxUnpacked = 4 << 20

// writers keeps deflaters set up with the dictionary: a new one costs about a millisecond
// and 800 KB, a reset one a few tens of microseconds (go test -bench Pack).
var writers = sync.Pool{New: func() any {
	w, err := flate.NewWriterDict(io.Discard, flate.BestCompression, dictD1)
	if err != nil {
		panic(fmt.Sprintf("flate: %v", err)) // a valid level never errs
	}
	return w
}}

// pack deflates b with the d1 dictionary.
func pack(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := writers.Get().(*flate.Writer)
	defer writers.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	return buf.Bytes(), nil
}

// unpack reverses pack, and reads the encodings written before it ("gzip": the first
// release's idempotency records; "" or "json": stored as is).
func unpack(enc string, b []byte) ([]byte, error) {
	var r io.ReadCloser
	switch enc {
	case encD1:
		r = flate.NewReaderDict(bytes.NewReader(b), dictD1)
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("unpack gzip: %w", err)
		}
		r = zr
	case "", "json":
		return b, nil
	default:
		return nil, fmt.Errorf("unpack: unknown encoding %q", enc)
	}
	defer r.Close()
	// An item holds at most 400 KB; what unpacks past 4 MB is not something this wrote.
	out, err := io.ReadAll(io.LimitReader(r, maxUnpacked+1))
	if err != nil {
		return nil, fmt.Errorf("unpack %s: %w", enc, err)
	}
	if len(out) > maxUnpacked {
		return nil, fmt.Errorf("unpack %s: more than %d bytes", enc, maxUnpacked)
	}
	return out, nil
}
