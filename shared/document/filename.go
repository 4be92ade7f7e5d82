package document

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileNameBytes is the longest accepted file name, in bytes (HTTP contract:
// "at most 255 bytes"). 255 bytes is also the common file-system limit, so a
// reviewer can always save the file under its own name.
const MaxFileNameBytes = 255

// ValidateFileName checks that name is a plain file name (HTTP contract,
// "A fileName is a plain name"). It reports the first rule that breaks, in
// this order, as a *FieldError with Field "fileName":
//
//	empty                 the name is ""
//	invalid_utf8          the name is not valid UTF-8
//	too_long              more than 255 bytes
//	control_character     a C0 control (U+0000–U+001F), DEL (U+007F), a C1 control
//	                      (U+0080–U+009F), a bidirectional formatting character or a
//	                      line/paragraph separator
//	path_separator        "/" or "\"
//	dot_dot               ".." anywhere in the name
//	only_dots_or_spaces   nothing but dots and spaces (e.g. "." or " . ")
//
// Why these rules: the name travels into object metadata, Content-Disposition
// headers, audit events and reviewers' download folders. A separator or ".."
// could become path traversal in some consumer; a control character could
// split a header or a log line; bidirectional overrides (U+202E) let
// "report\u202Efdp.exe" display as "reportexe.pdf", hiding the real extension,
// which is why they count as control characters here too.
//
// ".." is refused anywhere, not only as a whole segment, because the contract
// says "no .." without qualification; the cost ("v1..2.pdf" is refused) is
// small and the rule is trivial to explain to a clerk.
//
// ValidateFileName does not check the extension; [FormatFor] does that.
func ValidateFileName(name string) error {
	if name == "" {
		return fieldError(FieldFileName, "empty", ErrNameEmpty, "")
	}
	if !utf8.ValidString(name) {
		return fieldError(FieldFileName, "invalid_utf8", ErrNameInvalidUTF8, "")
	}
	if len(name) > MaxFileNameBytes {
		return fieldError(FieldFileName, "too_long", ErrNameTooLong, fmt.Sprintf("%d bytes", len(name)))
	}
	for i, r := range name {
		if isControl(r) {
			return fieldError(FieldFileName, "control_character", ErrNameControlChar,
				fmt.Sprintf("%U at byte %d", r, i))
		}
	}
	if i := strings.IndexAny(name, `/\`); i >= 0 {
		return fieldError(FieldFileName, "path_separator", ErrNamePathSeparator,
			fmt.Sprintf("%q at byte %d", name[i], i))
	}
	if strings.Contains(name, "..") {
		return fieldError(FieldFileName, "dot_dot", ErrNameDotDot, "")
	}
	if strings.Trim(name, ". ") == "" {
		return fieldError(FieldFileName, "only_dots_or_spaces", ErrNameOnlyDots, "")
	}
	return nil
}

// isControl reports the characters that must not appear in a file name:
// unicode.IsControl covers exactly C0, DEL and C1; the rest are the invisible
// characters that reorder or break the displayed name (see ValidateFileName).
func isControl(r rune) bool {
	if unicode.IsControl(r) {
		return true
	}
	switch r {
	case '\u061C', // ARABIC LETTER MARK
		'\u200E', '\u200F', // LRM, RLM
		'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', // LRE, RLE, PDF, LRO, RLO
		'\u2066', '\u2067', '\u2068', '\u2069', // LRI, RLI, FSI, PDI
		'\u2028', '\u2029': // LINE SEPARATOR, PARAGRAPH SEPARATOR
		return true
	}
	return false
}
