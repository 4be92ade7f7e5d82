package document

import (
	"fmt"
	"mime"
	"strings"
)

// Format is an accepted file type (HTTP contract, "Accepted files: PDF, DOCX,
// XLSX, ODT, ODS"). Its value is the lower-case file extension without the dot,
// so it is readable in stored records and logs.
type Format string

// The accepted formats.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
	XLSX Format = "xlsx"
	ODT  Format = "odt"
	ODS  Format = "ods"
)

// formats lists the accepted formats in a fixed order with their MIME types.
// The MIME types are the registered IANA ones (RFC 8118 for PDF; ECMA-376 and
// OASIS ODF 1.2 for the office formats).
var formats = []struct {
	f           Format
	contentType string
}{
	{PDF, "application/pdf"},
	{DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{ODT, "application/vnd.oasis.opendocument.text"},
	{ODS, "application/vnd.oasis.opendocument.spreadsheet"},
}

// Formats returns the accepted formats in a fixed order (PDF, DOCX, XLSX, ODT, ODS).
func Formats() []Format {
	out := make([]Format, len(formats))
	for i, e := range formats {
		out[i] = e.f
	}
	return out
}

// Valid reports whether f is one of the accepted formats.
func (f Format) Valid() bool { return f.ContentType() != "" }

// ContentType returns the MIME type of f, or "" if f is not an accepted format.
func (f Format) ContentType() string {
	for _, e := range formats {
		if e.f == f {
			return e.contentType
		}
	}
	return ""
}

// Extension returns the file name extension of f with its dot (".pdf"), or ""
// if f is not an accepted format.
func (f Format) Extension() string {
	if !f.Valid() {
		return ""
	}
	return "." + string(f)
}

// FormatFor maps a declared MIME type to its Format and requires fileName to
// carry that format's extension (HTTP contract: a fileName has "the extension
// of its type"). The content type is parsed as a media type, so case and
// parameters ("application/PDF; charset=binary") do not matter; the extension
// is compared case-insensitively ("Report.PDF" is fine), because Windows
// clients often upper-case it.
//
// Errors are *FieldError: Field "contentType" with Reason
// "unsupported_content_type", or Field "fileName" with Reason
// "extension_mismatch". FormatFor does not apply the other file name rules;
// call [ValidateFileName] as well.
func FormatFor(contentType, fileName string) (Format, error) {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", fieldError(FieldContentType, "unsupported_content_type", ErrUnsupportedContentType,
			fmt.Sprintf("%q: %v", contentType, err))
	}
	var f Format
	for _, e := range formats {
		if e.contentType == mediaType {
			f = e.f
			break
		}
	}
	if f == "" {
		return "", fieldError(FieldContentType, "unsupported_content_type", ErrUnsupportedContentType,
			fmt.Sprintf("%q", mediaType))
	}
	ext := ""
	if i := strings.LastIndexByte(fileName, '.'); i >= 0 {
		ext = strings.ToLower(fileName[i:])
	}
	if ext != f.Extension() {
		return "", fieldError(FieldFileName, "extension_mismatch", ErrExtensionMismatch,
			fmt.Sprintf("%s needs %q, got %q", mediaType, f.Extension(), ext))
	}
	return f, nil
}
