package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ictgov/ictgov/shared/fault"
)

// MaxBody is the largest request body accepted (contract: over 1 MiB is 413).
const MaxBody = 1 << 20

// maxDepth bounds JSON nesting; no request of the contract nests deeper than a few levels.
const maxDepth = 16

// ReadBody reads the whole body up to MaxBody.
func ReadBody(r *http.Request) ([]byte, error) {
	if r.ContentLength > MaxBody {
		return nil, fault.E(fault.TooLarge, "the request body is larger than %d bytes", MaxBody)
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, fault.Wrap(fault.Invalid, err, "the request body could not be read")
	}
	if len(b) > MaxBody {
		return nil, fault.E(fault.TooLarge, "the request body is larger than %d bytes", MaxBody)
	}
	return b, nil
}

// Decode parses body into v strictly: valid UTF-8, one JSON object, no unknown fields,
// no trailing data, bounded nesting. An empty body is accepted only when optional is set
// (the action routes take none or an object), and then leaves v untouched.
func Decode(body []byte, v any, optional bool) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		if optional {
			return nil
		}
		return fault.E(fault.Invalid, "a JSON object body is required")
	}
	if !utf8.Valid(body) {
		return fault.E(fault.Invalid, "the request body is not valid UTF-8")
	}
	if trimmed[0] != '{' {
		return fault.E(fault.Invalid, "the request body must be a JSON object")
	}
	if depth(trimmed) > maxDepth {
		return fault.E(fault.Invalid, "the request body nests deeper than %d levels", maxDepth)
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	dec.UseNumber() // a form's numbers keep their precision until the form reads them
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fault.E(fault.Invalid, "the request body has data after its JSON object")
	}
	return nil
}

// depth counts the deepest nesting of objects and arrays, outside strings.
func depth(b []byte) int {
	d, max, inStr, esc := 0, 0, false, false
	for _, c := range b {
		switch {
		case inStr:
			if esc {
				esc = false
			} else if c == '\\' {
				esc = true
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			d++
			if d > max {
				max = d
			}
		case c == '}' || c == ']':
			d--
		}
	}
	return max
}

func decodeError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fault.E(fault.Invalid, "the request body is not valid JSON (at byte %d)", se.Offset)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "(body)"
		}
		return fault.WithFields(fault.Invalid, "a field has the wrong type",
			fault.Field{Field: field, Reason: "must be " + jsonKind(te.Type.Kind().String())})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fault.E(fault.Invalid, "the request body is truncated JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return fault.WithFields(fault.Invalid, "the request body has an unknown field",
			fault.Field{Field: name, Reason: "unknown field"})
	}
	return fault.Wrap(fault.Invalid, err, "the request body could not be decoded")
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct", "ptr":
		return "an object"
	case "int", "int64", "int32", "float64", "uint64":
		return "a number"
	}
	return fmt.Sprintf("of type %s", goKind)
}

// Page reads ?limit= (default 50, at most 200) and ?cursor= (contract, "General").
func Page(r *http.Request) (limit int, cursor string, err error) {
	limit = 50
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return 0, "", fault.WithFields(fault.Invalid, "limit is out of range",
				fault.Field{Field: "limit", Reason: "must be a whole number from 1 to 200"})
		}
		limit = n
	}
	return limit, r.URL.Query().Get("cursor"), nil
}

// List is the contract's paginated list shape.
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"nextCursor,omitempty"`
}
