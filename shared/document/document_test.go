package document

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// --- fixtures -------------------------------------------------------------

// zipOf builds an archive for a test; a failure is a bug in the test itself.
func zipOf(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	b, err := buildZip(entries)
	if err != nil {
		t.Fatalf("build zip: %v", err)
	}
	return b
}

// odfWithMimetype is an ODF package of format f whose mimetype entry holds mt.
func odfWithMimetype(t testing.TB, f Format, mt string, store bool) []byte {
	t.Helper()
	entries := odfEntries(f, "<office:text/>")
	entries[0].Data = mt
	entries[0].Store = store
	return zipOf(t, entries...)
}

func hexSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// corruptLocalHeader breaks the local file header of the entry called name,
// leaving the central directory intact, as a damaged copy would.
func corruptLocalHeader(t testing.TB, content []byte, name string) []byte {
	t.Helper()
	out := bytes.Clone(content)
	i := bytes.Index(out, []byte(name)) // the local header comes before the central one
	if i < 30 || !bytes.Equal(out[i-30:i-26], zipLocalHeader) {
		t.Fatalf("no local header for %q", name)
	}
	out[i-30] = 'X'
	return out
}

// manyEntries is a DOCX with n entries in all, the required parts included.
func manyEntries(t testing.TB, n int) []byte {
	t.Helper()
	entries := []zipEntry{
		{Name: "[Content_Types].xml", Data: "<Types/>"},
		{Name: "word/document.xml", Data: "<w:document/>"},
	}
	for i := len(entries); i < n; i++ {
		entries = append(entries, zipEntry{Name: "f/" + strconv.Itoa(i), Store: true})
	}
	return zipOf(t, entries...)
}

// --- samples ----------------------------------------------------------------

// The samples are uploaded by other packages' integration tests, so they must
// be real documents: valid per Inspect, deterministic, and well-formed inside.
func TestSamples(t *testing.T) {
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			b := Sample(f)
			if got := Inspect(b, f); len(got) != 0 {
				t.Fatalf("Inspect(Sample(%s)) = %q, want no reasons", f, got)
			}
			if !bytes.Equal(b, Sample(f)) {
				t.Fatal("samples differ between calls; their SHA-256 must be stable")
			}
			b[0] ^= 0xff // a fresh slice each call: modifying one must not affect the next
			if Sample(f)[0] == b[0] {
				t.Fatal("Sample returns shared storage")
			}
			if f == PDF {
				checkPDFXref(t, Sample(f))
				return
			}
			zr, err := zip.NewReader(bytes.NewReader(Sample(f)), int64(len(Sample(f))))
			if err != nil {
				t.Fatalf("zip: %v", err)
			}
			for _, zf := range zr.File {
				if zf.Name == "mimetype" {
					continue
				}
				rc, err := zf.Open()
				if err != nil {
					t.Fatalf("open %s: %v", zf.Name, err)
				}
				if err := checkWellFormed(rc); err != nil {
					t.Errorf("%s is not well-formed XML: %v", zf.Name, err)
				}
				rc.Close()
			}
		})
	}
	if Sample("txt") != nil {
		t.Error(`Sample("txt") != nil`)
	}
}

func checkWellFormed(r io.Reader) error {
	d := xml.NewDecoder(r)
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// checkPDFXref checks that startxref points at the xref table and every
// entry at its "n 0 obj", i.e. the sample is a PDF that readers open without
// repair.
func checkPDFXref(t *testing.T, b []byte) {
	t.Helper()
	s := string(b)
	i := strings.LastIndex(s, "startxref\n")
	var xref int
	if _, err := fmt.Sscanf(s[i+len("startxref\n"):], "%d", &xref); err != nil {
		t.Fatalf("startxref: %v", err)
	}
	if !strings.HasPrefix(s[xref:], "xref\n0 6\n") {
		t.Fatalf("startxref %d does not point at the xref table", xref)
	}
	lines := strings.Split(s[xref:], "\n")[3:8]
	for n, line := range lines {
		if len(line)+1 != 20 {
			t.Errorf("xref entry %q is not 20 bytes", line)
		}
		off, _ := strconv.Atoi(line[:10])
		if want := fmt.Sprintf("%d 0 obj", n+1); !strings.HasPrefix(s[off:], want) {
			t.Errorf("xref entry %d points at %q", n+1, s[off:off+10])
		}
	}
}

// --- Inspect ----------------------------------------------------------------

func TestInspect(t *testing.T) {
	pdf, docx, xlsx, odt, ods := SamplePDF(), SampleDOCX(), SampleXLSX(), SampleODT(), SampleODS()
	otherZip := zipOf(t, zipEntry{Name: "notes.txt", Data: "hello"})
	emptyZip := zipOf(t)

	tests := []struct {
		name    string
		content []byte
		format  Format
		want    []string
	}{
		// The five accepted formats (HTTP contract, "Accepted files").
		{"valid pdf", pdf, PDF, nil},
		{"valid docx", docx, DOCX, nil},
		{"valid xlsx", xlsx, XLSX, nil},
		{"valid odt", odt, ODT, nil},
		{"valid ods", ods, ODS, nil},

		// Judged by content, not by name or declared type.
		{"pdf that is really a docx", docx, PDF, []string{"not_pdf", "detected:docx"}},
		{"pdf that is really some zip", otherZip, PDF, []string{"not_pdf", "detected:zip"}},
		{"pdf that is really an ods", ods, PDF, []string{"not_pdf", "detected:ods"}},
		{"docx that is really an xlsx", xlsx, DOCX, []string{"missing_part:word/document.xml", "detected:xlsx"}},
		{"xlsx that is really a docx", docx, XLSX, []string{"missing_part:xl/workbook.xml", "detected:docx"}},
		{"odt that is really an ods", ods, ODT, []string{"wrong_mimetype", "detected:ods"}},
		{"ods that is really an odt", odt, ODS, []string{"wrong_mimetype", "detected:odt"}},
		{"docx that is really an odt", odt, DOCX, []string{"missing_part:[Content_Types].xml", "missing_part:word/document.xml", "detected:odt"}},
		{"odt that is really a docx", docx, ODT, []string{"missing_part:mimetype", "missing_part:content.xml", "detected:docx"}},
		{"docx that is really a pdf", pdf, DOCX, []string{"not_zip", "detected:pdf"}},
		{"odt that is really text", []byte("just text"), ODT, []string{"not_zip"}},
		{"pdf that is really text", []byte("just text"), PDF, []string{"not_pdf"}},
		{"docx that is some other zip", otherZip, DOCX, []string{"missing_part:[Content_Types].xml", "missing_part:word/document.xml"}},
		{"xlsx that is an empty zip", emptyZip, XLSX, []string{"missing_part:[Content_Types].xml", "missing_part:xl/workbook.xml"}},

		// PDF header and end marker.
		{"truncated pdf (no %%EOF)", pdf[:len(pdf)/2], PDF, []string{"pdf_no_eof"}},
		{"pdf header only", []byte("%PDF-1.7"), PDF, []string{"pdf_no_eof"}},
		{"pdf with leading junk (strict header)", append([]byte("junk\n"), pdf...), PDF, []string{"not_pdf"}},
		{"pdf with 1000 trailing bytes after %%EOF", append(bytes.Clone(pdf), bytes.Repeat([]byte{0}, 1000)...), PDF, nil},
		{"pdf with %%EOF beyond the last 1024 bytes", append(bytes.Clone(pdf), bytes.Repeat([]byte{'\n'}, 1024)...), PDF, []string{"pdf_no_eof"}},

		// Damaged archives.
		{"truncated docx", docx[:len(docx)/2], DOCX, []string{"zip_corrupt"}},
		{"truncated odt", odt[:len(odt)-10], ODT, []string{"zip_corrupt"}},
		{"zip signature only", []byte("PK\x03\x04"), XLSX, []string{"zip_corrupt"}},
		{"docx with a required part's local header damaged", corruptLocalHeader(t, docx, "word/document.xml"), DOCX, []string{"zip_corrupt"}},
		{"duplicate entry names", zipOf(t,
			zipEntry{Name: "[Content_Types].xml", Data: "<Types/>"},
			zipEntry{Name: "word/document.xml", Data: "<a/>"},
			zipEntry{Name: "word/document.xml", Data: "<b/>"}), DOCX, []string{"zip_corrupt"}},
		{"ooxml names differing only in case (OPC forbids)", zipOf(t,
			zipEntry{Name: "[Content_Types].xml", Data: "<Types/>"},
			zipEntry{Name: "word/document.xml", Data: "<a/>"},
			zipEntry{Name: "WORD/document.xml", Data: "<b/>"}), DOCX, []string{"zip_corrupt"}},

		// Part names: OPC case-insensitive, ODF exact.
		{"ooxml part names in other case", zipOf(t,
			zipEntry{Name: "[content_types].xml", Data: "<Types/>"},
			zipEntry{Name: "Word/Document.xml", Data: "<a/>"}), DOCX, nil},
		{"odf names differing only in case are fine", zipOf(t, append(odfEntries(ODT, ""),
			zipEntry{Name: "Pictures/a.png", Data: "x"}, zipEntry{Name: "Pictures/A.png", Data: "y"})...), ODT, nil},
		{"odf part names are case-sensitive", zipOf(t,
			zipEntry{Name: "mimetype", Data: ODT.ContentType(), Store: true},
			zipEntry{Name: "Content.xml", Data: "<a/>"}), ODT, []string{"missing_part:content.xml"}},

		// ODF mimetype entry (ODF 1.2 Part 3 §3.3).
		{"odt mimetype deflated is accepted", odfWithMimetype(t, ODT, ODT.ContentType(), false), ODT, nil},
		{"odt mimetype with trailing newline", odfWithMimetype(t, ODT, ODT.ContentType()+"\n", true), ODT, []string{"wrong_mimetype"}},
		{"odt mimetype of a presentation", odfWithMimetype(t, ODT, "application/vnd.oasis.opendocument.presentation", true), ODT, []string{"wrong_mimetype"}},
		{"odt mimetype empty", odfWithMimetype(t, ODT, "", true), ODT, []string{"wrong_mimetype"}},
		{"odt mimetype 1 MiB long", odfWithMimetype(t, ODT, ODT.ContentType()+strings.Repeat("x", 1<<20), false), ODT, []string{"wrong_mimetype"}},
		{"odt missing content.xml", zipOf(t, zipEntry{Name: "mimetype", Data: ODT.ContentType(), Store: true}), ODT, []string{"missing_part:content.xml"}},

		// Entry count cap (zip-bomb guard).
		{"exactly 10000 entries", manyEntries(t, MaxZipEntries), DOCX, nil},
		{"10001 entries", manyEntries(t, MaxZipEntries+1), DOCX, []string{"too_many_entries"}},

		// Empty and unsupported.
		{"empty pdf", nil, PDF, []string{"empty"}},
		{"empty docx", []byte{}, DOCX, []string{"empty"}},
		{"empty xlsx", []byte{}, XLSX, []string{"empty"}},
		{"empty odt", []byte{}, ODT, []string{"empty"}},
		{"empty ods", []byte{}, ODS, []string{"empty"}},
		{"unsupported format", pdf, Format("txt"), []string{"unsupported_format"}},
		{"zero format", pdf, Format(""), []string{"unsupported_format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Inspect(tt.content, tt.format)
			if got == nil {
				t.Fatal("Inspect returned nil; want a non-nil slice so JSON shows []")
			}
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Inspect(%s) = %q, want %q", tt.format, got, tt.want)
			}
		})
	}
}

// A zip bomb costs nothing: a 64 MiB content.xml is never decompressed, and
// a 64 MiB mimetype entry is read only up to 100 bytes.
func TestInspectZipBomb(t *testing.T) {
	huge := strings.Repeat("\x00", 64<<20)
	bombs := []struct {
		name string
		b    []byte
		want []string
	}{
		{"content.xml bomb", zipOf(t,
			zipEntry{Name: "mimetype", Data: ODS.ContentType(), Store: true},
			zipEntry{Name: "content.xml", Data: huge}), nil},
		{"mimetype bomb", zipOf(t,
			zipEntry{Name: "mimetype", Data: ODS.ContentType() + huge},
			zipEntry{Name: "content.xml", Data: "<a/>"}), []string{"wrong_mimetype"}},
	}
	for _, tt := range bombs {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.b) > 1<<20 {
				t.Fatalf("bomb fixture is %d bytes; expected a small compressed archive", len(tt.b))
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			got := Inspect(tt.b, ODS)
			runtime.ReadMemStats(&after)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Inspect = %q, want %q", got, tt.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
				t.Errorf("Inspect allocated %d bytes on a %d-byte bomb; it must not decompress", alloc, len(tt.b))
			}
		})
	}
}

// --- Verify -----------------------------------------------------------------

func TestVerify(t *testing.T) {
	pdf, docx, odt := SamplePDF(), SampleDOCX(), SampleODT()
	declared := func(f Format, b []byte) Declared {
		return Declared{Format: f, Size: int64(len(b)), SHA256: hexSHA(b)}
	}
	with := func(d Declared, edit func(*Declared)) Declared { edit(&d); return d }
	big := make([]byte, MaxSize+1)
	copy(big, pdf)

	tests := []struct {
		name     string
		content  []byte
		declared Declared
		want     []string
	}{
		{"valid pdf", pdf, declared(PDF, pdf), nil},
		{"valid docx", docx, declared(DOCX, docx), nil},
		{"valid xlsx", SampleXLSX(), declared(XLSX, SampleXLSX()), nil},
		{"valid odt", odt, declared(ODT, odt), nil},
		{"valid ods", SampleODS(), declared(ODS, SampleODS()), nil},
		{"sha256 in upper case", pdf, with(declared(PDF, pdf), func(d *Declared) { d.SHA256 = strings.ToUpper(d.SHA256) }), nil},

		{"size lie", pdf, with(declared(PDF, pdf), func(d *Declared) { d.Size++ }), []string{"size_mismatch"}},
		{"negative size", pdf, with(declared(PDF, pdf), func(d *Declared) { d.Size = -1 }), []string{"size_mismatch"}},
		{"checksum lie", pdf, with(declared(PDF, pdf), func(d *Declared) { d.SHA256 = hexSHA([]byte("other")) }), []string{"sha256_mismatch"}},
		{"checksum not hex", pdf, with(declared(PDF, pdf), func(d *Declared) { d.SHA256 = "zz" }), []string{"sha256_mismatch"}},
		{"checksum absent", pdf, with(declared(PDF, pdf), func(d *Declared) { d.SHA256 = "" }), []string{"sha256_mismatch"}},
		{"bytes replaced with the same size", docx[:len(pdf)], declared(PDF, pdf), []string{"sha256_mismatch", "not_pdf"}},
		{"empty upload", nil, declared(ODT, nil), []string{"empty"}},
		{"empty upload of a declared file", nil, declared(ODT, odt), []string{"size_mismatch", "sha256_mismatch", "empty"}},
		{"over 50 MiB declared", pdf, with(declared(PDF, pdf), func(d *Declared) { d.Size = MaxSize + 1 }), []string{"size_mismatch", "too_large"}},
		{"exactly 50 MiB declared, smaller upload", pdf, with(declared(PDF, pdf), func(d *Declared) { d.Size = MaxSize }), []string{"size_mismatch"}},
		{"over 50 MiB uploaded and declared", big, declared(PDF, big), []string{"too_large"}},
		{"over 50 MiB uploaded, small declared", big, declared(PDF, pdf), []string{"size_mismatch", "too_large"}},
		{"declared type wrong", docx, declared(XLSX, docx), []string{"missing_part:xl/workbook.xml", "detected:docx"}},
		{"unsupported declared format", pdf, declared("rtf", pdf), []string{"unsupported_format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Verify(tt.content, tt.declared)
			if got == nil {
				t.Fatal("Verify returned nil; want a non-nil slice")
			}
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Verify = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMaxSize(t *testing.T) {
	if MaxSize != 52428800 { // HTTP contract: at most 50 MiB
		t.Fatalf("MaxSize = %d", MaxSize)
	}
}

// --- request fields ---------------------------------------------------------

func TestFormatFor(t *testing.T) {
	tests := []struct {
		contentType, fileName string
		want                  Format
		field, reason         string
	}{
		{"application/pdf", "report.pdf", PDF, "", ""},
		{"application/PDF; charset=binary", "REPORT.PDF", PDF, "", ""},
		{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Сипаттама.docx", DOCX, "", ""},
		{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "users.xlsx", XLSX, "", ""},
		{"application/vnd.oasis.opendocument.text", "spec.odt", ODT, "", ""},
		{"application/vnd.oasis.opendocument.spreadsheet", "counts.Ods", ODS, "", ""},

		{"application/pdf", "report.docx", "", "fileName", "extension_mismatch"},
		{"application/pdf", "report", "", "fileName", "extension_mismatch"},
		{"application/pdf", "report.pdf.exe", "", "fileName", "extension_mismatch"},
		{"application/pdf", "report.", "", "fileName", "extension_mismatch"},
		{"application/vnd.oasis.opendocument.text", "spec.ods", "", "fileName", "extension_mismatch"},
		{"application/msword", "old.doc", "", "contentType", "unsupported_content_type"},
		{"application/zip", "x.docx", "", "contentType", "unsupported_content_type"},
		{"text/plain", "x.pdf", "", "contentType", "unsupported_content_type"},
		{"", "x.pdf", "", "contentType", "unsupported_content_type"},
		{"application/pdf;;", "x.pdf", "", "contentType", "unsupported_content_type"},
	}
	for _, tt := range tests {
		t.Run(tt.contentType+"|"+tt.fileName, func(t *testing.T) {
			got, err := FormatFor(tt.contentType, tt.fileName)
			if tt.reason == "" {
				if err != nil || got != tt.want {
					t.Fatalf("FormatFor = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field || fe.Reason != tt.reason {
				t.Fatalf("FormatFor error = %v (%#v); want field %q reason %q", err, fe, tt.field, tt.reason)
			}
			sentinel := ErrExtensionMismatch
			if tt.field == "contentType" {
				sentinel = ErrUnsupportedContentType
			}
			if !errors.Is(err, sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, sentinel)
			}
		})
	}
}

func TestFormatMethods(t *testing.T) {
	for _, f := range Formats() {
		if !f.Valid() || f.Extension() != "."+string(f) {
			t.Errorf("%q: Valid=%v Extension=%q", f, f.Valid(), f.Extension())
		}
		if got, err := FormatFor(f.ContentType(), "x"+f.Extension()); err != nil || got != f {
			t.Errorf("FormatFor(%q) = %q, %v", f.ContentType(), got, err)
		}
	}
	if Format("exe").Valid() || Format("exe").ContentType() != "" || Format("exe").Extension() != "" {
		t.Error(`Format("exe") is accepted`)
	}
}

func TestValidateFileName(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		sentinel error
	}{
		{"report.pdf", "", nil},
		{"Ақпараттық жүйенің сипаттамасы.docx", "", nil},
		{"my file (v2).xlsx", "", nil},
		{".pdf", "", nil},
		{strings.Repeat("a", 251) + ".pdf", "", nil}, // 255 bytes

		{"", "empty", ErrNameEmpty},
		{"bad\xffname.pdf", "invalid_utf8", ErrNameInvalidUTF8},
		{strings.Repeat("a", 252) + ".pdf", "too_long", ErrNameTooLong},         // 256 bytes
		{strings.Repeat("ж", 126) + ".pdf", "too_long", ErrNameTooLong},         // 252+4 bytes, 130 characters
		{"a\x00.pdf", "control_character", ErrNameControlChar},                  // NUL
		{"a\n.pdf", "control_character", ErrNameControlChar},                    // C0
		{"a\r\nSet-Cookie: x.pdf", "control_character", ErrNameControlChar},     // header splitting
		{"a\x7f.pdf", "control_character", ErrNameControlChar},                  // DEL
		{"a\u0085.pdf", "control_character", ErrNameControlChar},                // C1 (NEL)
		{"a\u009f.pdf", "control_character", ErrNameControlChar},                // C1
		{"invoice\u202efdp.exe", "control_character", ErrNameControlChar},       // RLO spoofing
		{"a\u2028b.pdf", "control_character", ErrNameControlChar},               // line separator
		{"dir/report.pdf", "path_separator", ErrNamePathSeparator},              // slash
		{`dir\report.pdf`, "path_separator", ErrNamePathSeparator},              // backslash
		{"/etc/passwd", "path_separator", ErrNamePathSeparator},                 // absolute
		{"../report.pdf", "path_separator", ErrNamePathSeparator},               // separator reported first
		{"..", "dot_dot", ErrNameDotDot},                                        // parent
		{"report..pdf", "dot_dot", ErrNameDotDot},                               // anywhere, per the contract
		{".", "only_dots_or_spaces", ErrNameOnlyDots},                           // current dir
		{" . ", "only_dots_or_spaces", ErrNameOnlyDots},                         // dots and spaces
		{"   ", "only_dots_or_spaces", ErrNameOnlyDots},                         // spaces
		{strings.Repeat("a", 300) + "\x00", "too_long", ErrNameTooLong},         // length before characters
		{"a\x00/..", "control_character", ErrNameControlChar},                   // control before separator
		{strings.Repeat("ж", 200) + "\xff", "invalid_utf8", ErrNameInvalidUTF8}, // encoding before length
	}
	for _, tt := range tests {
		t.Run(strconv.Quote(tt.name), func(t *testing.T) {
			err := ValidateFileName(tt.name)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("ValidateFileName = %v, want nil", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != "fileName" || fe.Reason != tt.reason {
				t.Fatalf("ValidateFileName = %v (%#v), want reason %q", err, fe, tt.reason)
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			if !strings.HasPrefix(err.Error(), "fileName: ") {
				t.Errorf("message %q does not name the field", err)
			}
		})
	}
}

func TestParseSHA256Hex(t *testing.T) {
	good := hexSHA([]byte("x"))
	if b, err := ParseSHA256Hex(good); err != nil || hex.EncodeToString(b) != good {
		t.Fatalf("ParseSHA256Hex(%q) = %x, %v", good, b, err)
	}
	if _, err := ParseSHA256Hex(strings.ToUpper(good)); err != nil {
		t.Fatalf("upper case refused: %v", err)
	}
	for _, bad := range []string{
		"", good[:63], good + "0", "0x" + good[2:], " " + good[1:], good[:63] + "g",
		strings.Repeat("é", 32), // 64 bytes, not hex
	} {
		_, err := ParseSHA256Hex(bad)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "sha256" || fe.Reason != "invalid_sha256" || !errors.Is(err, ErrInvalidSHA256) {
			t.Errorf("ParseSHA256Hex(%q) = %v, want invalid_sha256", bad, err)
		}
	}
}

// --- fuzzing ----------------------------------------------------------------

// knownReason reports whether r is a documented reason string.
func knownReason(r string) bool {
	switch r {
	case ReasonSizeMismatch, ReasonSHA256Mismatch, ReasonTooLarge, ReasonUnsupportedFormat,
		ReasonEmpty, ReasonNotPDF, ReasonPDFNoEOF, ReasonNotZip, ReasonZipCorrupt,
		ReasonTooManyEntries, ReasonWrongMimetype:
		return true
	}
	if p, ok := strings.CutPrefix(r, ReasonMissingPartPrefix); ok {
		for _, parts := range requiredParts {
			if slices.Contains(parts, p) {
				return true
			}
		}
		return false
	}
	if d, ok := strings.CutPrefix(r, ReasonDetectedPrefix); ok {
		return d == "zip" || Format(d).Valid()
	}
	return false
}

// FuzzInspect: Inspect never panics, for every format; it always answers
// with documented reasons, deterministically, and only accepts content that
// starts like its format.
func FuzzInspect(f *testing.F) {
	for i, ft := range Formats() {
		s := Sample(ft)
		f.Add(s, uint8(i))
		f.Add(s[:len(s)/2], uint8(i))
		f.Add(s, uint8((i+1)%len(Formats())))
	}
	f.Add([]byte("%PDF-%%EOF"), uint8(0))
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), uint8(1))
	f.Add([]byte{}, uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		all := Formats()
		format := Format("txt") // one value in six is not an accepted format
		if int(which)%(len(all)+1) < len(all) {
			format = all[int(which)%(len(all)+1)]
		}
		got := Inspect(data, format)
		if got == nil {
			t.Fatal("nil reasons")
		}
		for _, r := range got {
			if !knownReason(r) {
				t.Fatalf("undocumented reason %q", r)
			}
		}
		if again := Inspect(data, format); !slices.Equal(got, again) {
			t.Fatalf("not deterministic: %q then %q", got, again)
		}
		if len(got) == 0 {
			switch {
			case !format.Valid() || len(data) == 0:
				t.Fatalf("accepted %d bytes as %q", len(data), format)
			case format == PDF && !bytes.HasPrefix(data, pdfHeader):
				t.Fatal("accepted a PDF without header")
			case format != PDF && !hasZipMagic(data):
				t.Fatal("accepted an office file that is not a ZIP")
			}
		}
	})
}

// FuzzValidateFileName: never panics, and an accepted name satisfies every
// rule of the contract, checked here independently.
func FuzzValidateFileName(f *testing.F) {
	for _, s := range []string{"report.pdf", "", "..", "a/b", `a\b`, "a\x00", "\u202e", " . ", "ж.docx", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		err := ValidateFileName(name)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != FieldFileName || fe.Reason == "" || fe.Err == nil {
				t.Fatalf("error %v is not a complete *FieldError", err)
			}
			return
		}
		switch {
		case name == "" || len(name) > 255:
			t.Fatalf("accepted length %d", len(name))
		case strings.ContainsAny(name, `/\`):
			t.Fatal("accepted a separator")
		case strings.Contains(name, ".."):
			t.Fatal(`accepted ".."`)
		case strings.Trim(name, ". ") == "":
			t.Fatal("accepted only dots/spaces")
		}
		if !utf8.ValidString(name) {
			t.Fatal("accepted invalid UTF-8")
		}
		for _, r := range name {
			if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u202e' {
				t.Fatalf("accepted %U", r)
			}
		}
	})
}
