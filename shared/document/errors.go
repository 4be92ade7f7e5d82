package document

import (
	"errors"
	"fmt"
)

// FieldError reports which request field broke which rule, so that the HTTP
// layer can render it as a problem document entry {"field","reason"} without
// parsing messages. Err is a sentinel (possibly wrapped with detail) for
// errors.Is.
type FieldError struct {
	Field  string // request body field: "fileName", "contentType" or "sha256"
	Reason string // stable machine-readable reason, e.g. "path_separator"
	Err    error  // one of the Err* sentinels below, possibly wrapped with detail
}

func (e *FieldError) Error() string {
	if e.Err == nil {
		return e.Field + ": " + e.Reason
	}
	return e.Field + ": " + e.Err.Error()
}

// Unwrap lets errors.Is see the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// Sentinels for the request-field rules. Each has a fixed FieldError.Reason,
// given in the comment.
var (
	// fileName rules (HTTP contract, "A fileName is a plain name").
	ErrNameEmpty         = errors.New("file name is empty")                                  // "empty"
	ErrNameInvalidUTF8   = errors.New("file name is not valid UTF-8")                        // "invalid_utf8"
	ErrNameTooLong       = fmt.Errorf("file name is longer than %d bytes", MaxFileNameBytes) // "too_long"
	ErrNameControlChar   = errors.New("file name contains a control character")              // "control_character"
	ErrNamePathSeparator = errors.New("file name contains a path separator")                 // "path_separator"
	ErrNameDotDot        = errors.New(`file name contains ".."`)                             // "dot_dot"
	ErrNameOnlyDots      = errors.New("file name consists only of dots and spaces")          // "only_dots_or_spaces"

	// contentType / extension rules (HTTP contract, "Accepted files").
	ErrUnsupportedContentType = errors.New("content type is not one of PDF, DOCX, XLSX, ODT, ODS") // "unsupported_content_type"
	ErrExtensionMismatch      = errors.New("file name extension does not match the content type")  // "extension_mismatch"

	// sha256 rule.
	ErrInvalidSHA256 = errors.New("sha256 must be exactly 64 hexadecimal characters") // "invalid_sha256"
)

// Field names used in FieldError.
const (
	FieldFileName    = "fileName"
	FieldContentType = "contentType"
	FieldSHA256      = "sha256"
)

// fieldError builds a FieldError; detail, when not empty, is appended to the
// sentinel's message while keeping errors.Is working.
func fieldError(field, reason string, sentinel error, detail string) *FieldError {
	err := sentinel
	if detail != "" {
		err = fmt.Errorf("%w: %s", sentinel, detail)
	}
	return &FieldError{Field: field, Reason: reason, Err: err}
}
