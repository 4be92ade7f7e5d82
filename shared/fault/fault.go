// Package fault is the project's small error vocabulary. Every layer wraps errors with
// context; the HTTP layer maps a Kind to a status and a problem document exactly once.
// Modelled on upspin's errors: a Kind says what the caller can do about it, the wrapped
// error says what happened, and only Detail and Fields are ever shown to a client.
package fault

import (
	"errors"
	"fmt"
)

// Kind classifies an error by what the client can do about it.
type Kind int

const (
	Internal      Kind = iota // a bug or an unexpected failure: 500, detail hidden
	Invalid                   // malformed request: 400
	Unauthorized              // no valid identity: 401
	Forbidden                 // known resource, not allowed: 403
	NotFound                  // unknown, or not visible to the caller: 404
	Conflict                  // wrong state or lost race: 409
	TooLarge                  // body over the limit: 413
	Unprocessable             // well-formed but breaks a rule: 422
	Unavailable               // a dependency is down: 503
	Stale                     // the client's copy is not the current one (If-Match): 412
)

var kindNames = [...]string{"internal", "invalid", "unauthorized", "forbidden", "not_found",
	"conflict", "too_large", "unprocessable", "unavailable", "stale"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Field names one offending input and why it was refused.
type Field struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Error is an error with a Kind, a client-safe Detail and optional field reasons.
type Error struct {
	Kind   Kind
	Detail string  // shown to the client; never internal state
	Fields []Field // shown to the client
	Err    error   // the cause; logged, never shown
}

func (e *Error) Error() string {
	msg := e.Kind.String()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an Error of kind k with a client-safe detail message.
func E(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Detail: fmt.Sprintf(format, args...)}
}

// Wrap marks err as kind k with a client-safe detail; err itself stays internal.
func Wrap(k Kind, err error, detail string) *Error {
	return &Error{Kind: k, Detail: detail, Err: err}
}

// WithFields returns an Unprocessable (or the given kind) error listing field reasons.
func WithFields(k Kind, detail string, fields ...Field) *Error {
	return &Error{Kind: k, Detail: detail, Fields: fields}
}

// KindOf reports the Kind of the first *Error in err's chain, Internal if none.
func KindOf(err error) Kind {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return Internal
}

// Is reports whether err carries kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }
