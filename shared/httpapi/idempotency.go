package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
)

// Response is what a POST answers; it is also what an idempotency record replays.
type Response struct {
	Status   int
	Body     any
	Location string
	ETag     string
}

// Idempotency is the store side of Idempotency-Key: the record of a key is written with
// the change it answers (Fill), and read back only when that write fails.
type Idempotency interface {
	Replay(ctx context.Context, key string, now time.Time) (*dynamo.Idem, error)
}

// Writer performs a change and returns its response; idem, when not nil, must be
// filled (Fill) and passed to the store so the key is recorded in the change's own
// transaction.
type Writer func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error)

// Fill marshals a response into the idempotency record (when there is one) and returns
// the bytes to send, so the replayed answer is byte-for-byte the first one.
func Fill(idem *dynamo.Idem, resp Response) ([]byte, error) {
	b, err := json.Marshal(resp.Body)
	if err != nil {
		return nil, err
	}
	if idem != nil {
		idem.Status, idem.Body, idem.Location, idem.ETag = resp.Status, b, resp.Location, resp.ETag
	}
	return b, nil
}

// fillAndWrite answers a change that makes a new record: the answer is filled into the
// idempotency record first, so write, the one transaction that makes the record, also
// records the key.
func fillAndWrite(idem *dynamo.Idem, resp Response, write func() error) (Response, []byte, error) {
	b, err := Fill(idem, resp)
	if err != nil {
		return Response{}, nil, err
	}
	if err := write(); err != nil {
		return Response{}, nil, err
	}
	return resp, b, nil
}

// decided is the Writer of a change decided on stored state: update (a store's
// load–decide–write loop) loads the record id names and writes what decide makes of it
// in one conditional transaction. decide makes the answer with the change, and it is
// filled into the idempotency record there, before the transaction, so the transaction
// records the key; a round lost to a race is decided, and answered, again.
func decided[S, C, R any](update func(context.Context, string, func(S) (C, error), dynamo.ApplyOptions) (R, error), id string,
	decide func(S) (C, Response, error)) Writer {
	return func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		var resp Response
		var out []byte
		_, err := update(ctx, id, func(s S) (C, error) {
			ch, answer, err := decide(s)
			if err != nil {
				return ch, err
			}
			resp = answer
			out, err = Fill(idem, resp)
			return ch, err
		}, dynamo.ApplyOptions{Idem: idem})
		if err != nil {
			return Response{}, nil, err
		}
		return resp, out, nil
	}
}

const maxKeyLen = 255

// Idempotent runs a POST under the contract's Idempotency-Key rule: the same key with
// the same body within 24 h returns the first response again and changes nothing; the
// same key with another body is refused with 422. Keys are scoped by caller and route.
func Idempotent(w http.ResponseWriter, r *http.Request, store Idempotency, c actor.Caller, body []byte, now time.Time, write Writer) {
	rec, err := idemRecord(r, c, body)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	// The change is attempted first: its transaction records the key only if the key is
	// new, so a first request costs no extra read. Only when it fails is the key looked
	// up, because a repeat fails too (the state moved on, or the key is taken) and must be
	// answered with the first response instead.
	resp, b, err := write(r.Context(), rec)
	if err == nil {
		send(w, resp, b)
		return
	}
	if rec == nil {
		WriteError(w, r, err)
		return
	}
	prev, refused := replay(r.Context(), store, rec, now, err)
	switch {
	case refused != nil:
		WriteError(w, r, refused)
	case prev == nil:
		WriteError(w, r, err)
	default:
		w.Header().Set("Idempotent-Replayed", "true")
		send(w, Response{Status: prev.Status, Location: prev.Location, ETag: prev.ETag}, prev.Body)
	}
}

// idemRecord is the idempotency record a request's Idempotency-Key asks for (nil without
// a key): scoped by caller and route, with the body's hash that tells a repeat from a
// reuse. A key the contract does not allow is 400.
func idemRecord(r *http.Request, c actor.Caller, body []byte) (*dynamo.Idem, error) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		return nil, nil
	}
	if len(key) > maxKeyLen || !printable(key) {
		return nil, fault.WithFields(fault.Invalid, "the Idempotency-Key header is not valid",
			fault.Field{Field: "Idempotency-Key", Reason: "1 to 255 printable ASCII characters"})
	}
	h := sha256.Sum256(append([]byte(r.Method+" "+r.URL.Path+"\n"), body...))
	return &dynamo.Idem{Key: c.Sub + "|" + r.Method + " " + r.URL.Path + "|" + key, BodyHash: hex.EncodeToString(h[:])}, nil
}

// replay looks the key up after its change failed with err: the first answer to send
// again; nil when the key is new (the caller answers err); or why the request is refused
// instead: the lookup failed (err stands), the key's own change is in flight (409), or
// the key was used with another body (422).
func replay(ctx context.Context, store Idempotency, rec *dynamo.Idem, now time.Time, err error) (*dynamo.Idem, error) {
	prev, rerr := store.Replay(ctx, rec.Key, now)
	switch {
	case rerr != nil:
		return nil, err
	case prev == nil && errors.Is(err, dynamo.ErrIdemRace):
		return nil, fault.E(fault.Conflict, "a request with this Idempotency-Key is in progress; retry")
	case prev == nil:
		return nil, nil
	case prev.BodyHash != rec.BodyHash:
		return nil, fault.WithFields(fault.Unprocessable, "this Idempotency-Key was used with another request body",
			fault.Field{Field: "Idempotency-Key", Reason: "reused with a different body"})
	}
	return prev, nil
}

func send(w http.ResponseWriter, resp Response, b []byte) {
	if resp.Location != "" {
		w.Header().Set("Location", resp.Location)
	}
	if resp.ETag != "" {
		w.Header().Set("ETag", resp.ETag)
	}
	writeRaw(w, resp.Status, "application/json", b)
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// contentTag is a strong entity tag of a response's bytes.
func contentTag(b []byte) string {
	h := sha256.Sum256(b)
	return `"` + hex.EncodeToString(h[:12]) + `"`
}
