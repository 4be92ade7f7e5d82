package document

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxSize is the largest accepted document, in bytes (HTTP contract: "at most
// 50 MiB"). It is untyped so it compares with int and int64 alike.
const MaxSize = 50 << 20

// MaxZipEntries is the most entries an office archive may have. Real DOCX,
// XLSX, ODT and ODS files have tens to a few hundred entries; the cap bounds
// the memory a hostile central directory can make the ZIP reader allocate.
const MaxZipEntries = 10000

// Reason strings returned by Verify and Inspect; see the package doc for
// their meaning. They are part of the HTTP contract's "reasons" and must not
// be renamed.
const (
	ReasonSizeMismatch      = "size_mismatch"
	ReasonSHA256Mismatch    = "sha256_mismatch"
	ReasonTooLarge          = "too_large"
	ReasonUnsupportedFormat = "unsupported_format"
	ReasonEmpty             = "empty"
	ReasonNotPDF            = "not_pdf"
	ReasonPDFNoEOF          = "pdf_no_eof"
	ReasonNotZip            = "not_zip"
	ReasonZipCorrupt        = "zip_corrupt"
	ReasonTooManyEntries    = "too_many_entries"
	ReasonWrongMimetype     = "wrong_mimetype"
	// ReasonMissingPartPrefix is followed by the part name, e.g. "missing_part:word/document.xml".
	ReasonMissingPartPrefix = "missing_part:"
	// ReasonDetectedPrefix is followed by what the content really is: a Format
	// value or "zip", e.g. "detected:xlsx".
	ReasonDetectedPrefix = "detected:"
)

const (
	// pdfEOFWindow: "%%EOF" must occur in the last this-many bytes. PDF
	// writers end the file with it, but some append a few bytes (newlines,
	// NULs) afterwards; 1024 bytes is the tolerance readers such as Acrobat
	// apply.
	pdfEOFWindow = 1024
	// mimetypeReadCap bounds how much of an ODF "mimetype" entry is ever
	// decompressed. The longest valid value is 46 bytes.
	mimetypeReadCap = 100
)

var (
	pdfHeader = []byte("%PDF-")
	pdfEOF    = []byte("%%EOF")
	// zipLocalHeader starts every non-empty ZIP written by office suites;
	// zipEmptyArchive (an end-of-directory record) starts an empty one.
	zipLocalHeader  = []byte("PK\x03\x04")
	zipEmptyArchive = []byte("PK\x05\x06")
	// zipCentralHeader starts every central directory entry.
	zipCentralHeader = []byte("PK\x01\x02")
)

// requiredParts are the archive entries each ZIP-based format must contain.
// DOCX and XLSX: the OPC content-types part and the main document part
// (ECMA-376 Part 2 §10.1, Part 1 §11.3.10 and §12.3.23), at the names every
// producer uses; ODT and ODS: the "mimetype" entry and content.xml (OASIS
// ODF 1.2 Part 3 §3.3 and §3.1.2). Taking the main part's name from
// _rels/.rels instead would accept exotic layouts too, but would mean parsing
// XML from untrusted archives for no practical gain.
var requiredParts = map[Format][]string{
	DOCX: {"[Content_Types].xml", "word/document.xml"},
	XLSX: {"[Content_Types].xml", "xl/workbook.xml"},
	ODT:  {"mimetype", "content.xml"},
	ODS:  {"mimetype", "content.xml"},
}

// Declared is what the applicant declared when asking for the upload slot
// (HTTP contract: POST /v1/applications/{id}/documents).
type Declared struct {
	Format Format
	Size   int64
	SHA256 string // hex, either case
}

// Verify checks uploaded bytes against the declaration and returns the
// rejection reasons, in this order: size_mismatch, sha256_mismatch,
// too_large, then whatever [Inspect] finds. An empty (non-nil) slice means
// the document is valid.
//
// When the content itself is over MaxSize it is neither hashed nor inspected:
// it is rejected anyway, and the point of the limit is to bound the work. When
// only the declared size is over MaxSize, the (smaller) content is still hashed
// so the reasons show everything that is wrong, but not inspected.
func Verify(content []byte, declared Declared) []string {
	reasons := []string{}
	n := int64(len(content))
	if n != declared.Size {
		reasons = append(reasons, ReasonSizeMismatch)
	}
	if n <= MaxSize {
		got := sha256.Sum256(content)
		want, err := ParseSHA256Hex(declared.SHA256)
		// A declared digest that does not parse can match nothing; the slot
		// request should have refused it already (ParseSHA256Hex), so one
		// reason is enough here.
		if err != nil || !bytes.Equal(want, got[:]) {
			reasons = append(reasons, ReasonSHA256Mismatch)
		}
	}
	if n > MaxSize || declared.Size > MaxSize {
		return append(reasons, ReasonTooLarge)
	}
	return append(reasons, Inspect(content, declared.Format)...)
}

// ParseSHA256Hex decodes a SHA-256 digest written as exactly 64 hexadecimal
// characters, in either case. Anything else (whitespace, a "0x" prefix,
// base64) is refused with a *FieldError (Field "sha256", Reason
// "invalid_sha256") so that a malformed digest is caught when the slot is
// asked for, not after the upload.
func ParseSHA256Hex(s string) ([]byte, error) {
	if len(s) != 2*sha256.Size {
		return nil, fieldError(FieldSHA256, "invalid_sha256", ErrInvalidSHA256,
			fmt.Sprintf("got %d characters", len(s)))
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fieldError(FieldSHA256, "invalid_sha256", ErrInvalidSHA256, err.Error())
	}
	return b, nil
}

// Inspect judges content by its bytes, never by its name (HTTP contract,
// "The type is judged by content"), and returns the reasons it does not pass
// as the declared format. An empty (non-nil) slice means it passes; a
// non-nil slice keeps the JSON rendering "reasons":[] rather than null.
//
// PDF: the content must start with "%PDF-" at byte 0 and contain "%%EOF" in
// its last 1024 bytes. Readers tolerate up to 1024 bytes of junk before the
// header, but we do not: every producer writes the header at byte 0, and
// leading junk is the usual trick for polyglot files (a ZIP or HTML page that
// is also a "PDF"), which reviewers would then open. A clerk can always
// re-export the file.
//
// DOCX, XLSX, ODT, ODS: the content must start like a ZIP archive (for the
// same polyglot reason) and be readable as one, with at most MaxZipEntries
// entries, and contain the parts its type requires. An ODF "mimetype" entry
// must hold exactly the declared type's MIME type. Only that entry is ever
// decompressed, and at most 100 bytes of it; the other parts are looked up in
// the central directory and their local headers checked to lie within the
// content, so a zip bomb costs nothing. OOXML part names are matched
// case-insensitively, as OPC requires (ECMA-376 Part 2 §9.1.1.1); ODF names
// exactly.
//
// When the content fails and is recognisably another accepted type (or some
// other ZIP while a PDF was declared), "detected:<type>" is appended, so that
// "a DOCX that is really an XLSX" reads as such.
func Inspect(content []byte, declared Format) []string {
	switch {
	case !declared.Valid():
		return []string{ReasonUnsupportedFormat}
	case len(content) == 0:
		return []string{ReasonEmpty}
	case len(content) > MaxSize:
		// Inspect may be called without Verify; keep the work bounded.
		return []string{ReasonTooLarge}
	}

	var (
		reasons []string
		a       *archive // the content opened as ZIP, when it is one
	)
	if declared == PDF {
		reasons = inspectPDF(content)
		if len(reasons) > 0 && hasZipMagic(content) {
			a, _ = openZip(content) // only for the detected: hint
		}
	} else {
		var reason string
		a, reason = openZip(content)
		if reason != "" {
			reasons = []string{reason}
		} else {
			reasons = a.check(declared)
		}
	}
	if len(reasons) == 0 {
		return []string{}
	}
	// "detected:zip" is only news when a PDF was declared; for the office
	// formats the other reasons already say it is a ZIP, just not the right one.
	if d := detect(content, a); d != "" && d != string(declared) && (d != "zip" || declared == PDF) {
		reasons = append(reasons, ReasonDetectedPrefix+d)
	}
	return reasons
}

func inspectPDF(content []byte) []string {
	if !bytes.HasPrefix(content, pdfHeader) {
		// Without a header nothing else about the PDF is meaningful.
		return []string{ReasonNotPDF}
	}
	tail := content[max(0, len(content)-pdfEOFWindow):]
	if !bytes.Contains(tail, pdfEOF) {
		return []string{ReasonPDFNoEOF}
	}
	return nil
}

// detect names what content really is, for the detected: hint: a Format
// value, "zip" for another ZIP, or "" when it cannot tell. a is the content
// already opened as a ZIP, or nil.
func detect(content []byte, a *archive) string {
	if a != nil {
		return a.kind()
	}
	if bytes.HasPrefix(content, pdfHeader) {
		return string(PDF)
	}
	return ""
}

func hasZipMagic(content []byte) bool {
	return bytes.HasPrefix(content, zipLocalHeader) || bytes.HasPrefix(content, zipEmptyArchive)
}

// archive is content opened as a ZIP, with its entries indexed by name.
type archive struct {
	size   int64
	exact  map[string]*zip.File // by name, for ODF
	folded map[string]*zip.File // by lower-cased name, for OOXML
	// foldedCollision: two names differ only in case. OPC forbids such
	// packages (ECMA-376 Part 2 §9.1.1.1.2), because which part a reader
	// takes is then undefined.
	foldedCollision bool

	mimetypeRead bool
	mimetype     string
	mimetypeErr  error
}

// openZip opens content as a ZIP archive or returns the reason it cannot.
func openZip(content []byte) (*archive, string) {
	if !hasZipMagic(content) {
		return nil, ReasonNotZip
	}
	// archive/zip reads central directory headers until a bad one, whatever
	// count the end record declares, and allocates for each. Every such header
	// starts with zipCentralHeader at a distinct offset, so counting that
	// signature over the whole content bounds the entries any reader can see,
	// before any allocation. It can only over-count (stored archives nested
	// inside), and a document nesting 10 000 entries is refused all the same.
	if bytes.Count(content, zipCentralHeader) > MaxZipEntries {
		return nil, ReasonTooManyEntries
	}
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	// ErrInsecurePath (GODEBUG zipinsecurepath=0) still returns a usable
	// reader; names do not matter because nothing is ever extracted.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, ReasonZipCorrupt
	}
	if len(zr.File) > MaxZipEntries { // cannot happen after the count above; kept as the stated rule
		return nil, ReasonTooManyEntries
	}
	a := &archive{
		size:   int64(len(content)),
		exact:  make(map[string]*zip.File, len(zr.File)),
		folded: make(map[string]*zip.File, len(zr.File)),
	}
	for _, f := range zr.File {
		// Two entries with one name are read differently by different tools
		// (first wins vs last wins), the classic way to show a reviewer other
		// content than was checked. No office suite writes them.
		if _, dup := a.exact[f.Name]; dup {
			return nil, ReasonZipCorrupt
		}
		a.exact[f.Name] = f
		folded := strings.ToLower(f.Name)
		if _, dup := a.folded[folded]; dup {
			// Legal in ODF (case-sensitive names), forbidden in OPC; check
			// decides per format.
			a.foldedCollision = true
			continue
		}
		a.folded[folded] = f
	}
	return a, ""
}

// lookup finds a required part by the naming rule of format f.
func (a *archive) lookup(f Format, name string) *zip.File {
	if f == DOCX || f == XLSX {
		return a.folded[strings.ToLower(name)]
	}
	return a.exact[name]
}

// intact reports whether an entry's local header is readable and its data
// lies within the content, without decompressing anything. It catches
// archives whose central directory survived but whose data did not.
func (a *archive) intact(f *zip.File) bool {
	off, err := f.DataOffset()
	if err != nil || off < 0 || off > a.size {
		return false
	}
	return f.CompressedSize64 <= uint64(a.size-off)
}

// check returns the reasons the archive is not a valid file of format f.
func (a *archive) check(f Format) []string {
	var reasons []string
	corrupt := (f == DOCX || f == XLSX) && a.foldedCollision
	for _, name := range requiredParts[f] {
		file := a.lookup(f, name)
		switch {
		case file == nil:
			reasons = append(reasons, ReasonMissingPartPrefix+name)
		case !a.intact(file):
			corrupt = true
		}
	}
	if (f == ODT || f == ODS) && a.exact["mimetype"] != nil && !corrupt {
		mt, err := a.readMimetype()
		switch {
		case err != nil:
			corrupt = true
		case mt != f.ContentType():
			reasons = append(reasons, ReasonWrongMimetype)
		}
	}
	if corrupt {
		reasons = append(reasons, ReasonZipCorrupt)
	}
	return reasons
}

// readMimetype returns the first mimetypeReadCap bytes of the "mimetype"
// entry, decompressing no more than that. The result is cached because both
// check and kind need it.
func (a *archive) readMimetype() (string, error) {
	if a.mimetypeRead {
		return a.mimetype, a.mimetypeErr
	}
	a.mimetypeRead = true
	f := a.exact["mimetype"]
	if f == nil {
		a.mimetypeErr = errors.New("no mimetype entry")
		return "", a.mimetypeErr
	}
	if !a.intact(f) {
		a.mimetypeErr = errors.New("mimetype entry lies outside the archive")
		return "", a.mimetypeErr
	}
	rc, err := f.Open()
	if err != nil {
		a.mimetypeErr = fmt.Errorf("open mimetype entry: %w", err)
		return "", a.mimetypeErr
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, mimetypeReadCap))
	if err != nil {
		a.mimetypeErr = fmt.Errorf("read mimetype entry: %w", err)
		return "", a.mimetypeErr
	}
	a.mimetype = string(b)
	return a.mimetype, nil
}

// kind names the office format the archive holds, or "zip".
func (a *archive) kind() string {
	if a.exact["mimetype"] != nil {
		if mt, err := a.readMimetype(); err == nil {
			switch mt {
			case ODT.ContentType():
				return string(ODT)
			case ODS.ContentType():
				return string(ODS)
			}
		}
		return "zip"
	}
	if a.lookup(DOCX, "[Content_Types].xml") != nil {
		if a.lookup(DOCX, "word/document.xml") != nil {
			return string(DOCX)
		}
		if a.lookup(XLSX, "xl/workbook.xml") != nil {
			return string(XLSX)
		}
	}
	return "zip"
}
