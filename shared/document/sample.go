package document

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Sample documents: small but real files of each accepted format, which open
// in the usual office suites and PDF readers. They live in a non-test file so
// that other packages' integration tests can upload them (e.g. to exercise
// the ValidateDocument function end to end). Each call returns a fresh slice
// with identical bytes, so a test may modify it and its SHA-256 is stable.

// SamplePDF returns a one-page PDF 1.4 with a correct cross-reference table.
func SamplePDF() []byte {
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " +
			"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		pdfStream("BT /F1 18 Tf 72 770 Td (ictgov sample document) Tj ET"),
	}
	var b bytes.Buffer
	// The second line is the customary binary comment, which tells transfer
	// tools the file is binary.
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, obj := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	xref := b.Len()
	// Each xref entry is exactly 20 bytes, ending in space + LF (ISO 32000-1 §7.5.4).
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

func pdfStream(data string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(data), data)
}

// SampleDOCX returns a minimal WordprocessingML package with one paragraph.
func SampleDOCX() []byte {
	return mustZip([]zipEntry{
		{Name: "[Content_Types].xml", Data: xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`</Types>`},
		{Name: "_rels/.rels", Data: xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`</Relationships>`},
		{Name: "word/document.xml", Data: xmlDecl + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
			`<w:body><w:p><w:r><w:t>ictgov sample document</w:t></w:r></w:p></w:body></w:document>`},
	})
}

// SampleXLSX returns a minimal SpreadsheetML package with one sheet and one cell.
func SampleXLSX() []byte {
	return mustZip([]zipEntry{
		{Name: "[Content_Types].xml", Data: xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`</Types>`},
		{Name: "_rels/.rels", Data: xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{Name: "xl/workbook.xml", Data: xmlDecl + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{Name: "xl/_rels/workbook.xml.rels", Data: xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`},
		{Name: "xl/worksheets/sheet1.xml", Data: xmlDecl + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ictgov sample</t></is></c></row></sheetData></worksheet>`},
	})
}

// SampleODT returns a minimal OpenDocument text with one paragraph.
func SampleODT() []byte {
	return mustZip(odfEntries(ODT, `<office:text><text:p>ictgov sample document</text:p></office:text>`))
}

// SampleODS returns a minimal OpenDocument spreadsheet with one cell.
func SampleODS() []byte {
	return mustZip(odfEntries(ODS, `<office:spreadsheet><table:table table:name="Sheet1"><table:table-row>`+
		`<table:table-cell office:value-type="string"><text:p>ictgov sample</text:p></table:table-cell>`+
		`</table:table-row></table:table></office:spreadsheet>`))
}

// Sample returns the sample document of format f, or nil if f is not an
// accepted format.
func Sample(f Format) []byte {
	switch f {
	case PDF:
		return SamplePDF()
	case DOCX:
		return SampleDOCX()
	case XLSX:
		return SampleXLSX()
	case ODT:
		return SampleODT()
	case ODS:
		return SampleODS()
	}
	return nil
}

const xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// odfEntries lays out an ODF package: "mimetype" first and stored, as ODF
// 1.2 Part 3 §3.3 requires, then the manifest and content.xml.
func odfEntries(f Format, body string) []zipEntry {
	mt := f.ContentType()
	return []zipEntry{
		{Name: "mimetype", Data: mt, Store: true},
		{Name: "META-INF/manifest.xml", Data: xmlDecl +
			`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
			`<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="` + mt + `"/>` +
			`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
			`</manifest:manifest>`},
		{Name: "content.xml", Data: xmlDecl + `<office:document-content ` +
			`xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
			`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
			`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
			`office:version="1.2"><office:body>` + body + `</office:body></office:document-content>`},
	}
}

// zipEntry is one file to put into a ZIP built by buildZip.
type zipEntry struct {
	Name  string
	Data  string
	Store bool // stored (no compression) rather than deflated
}

// sampleTime is the fixed modification time of sample entries, so the bytes
// (and the SHA-256) of a sample never change. It is the date of Order 343/НҚ.
var sampleTime = time.Date(2020, time.September, 22, 12, 0, 0, 0, time.UTC)

// buildZip writes entries, in order, into a ZIP archive.
func buildZip(entries []zipEntry) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.Store {
			method = zip.Store
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: e.Name, Method: method, Modified: sampleTime})
		if err != nil {
			return nil, fmt.Errorf("create zip entry %q: %w", e.Name, err)
		}
		if _, err := strings.NewReader(e.Data).WriteTo(fw); err != nil {
			return nil, fmt.Errorf("write zip entry %q: %w", e.Name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("close zip: %w", err)
	}
	return buf.Bytes(), nil
}

// mustZip builds a sample archive. Writing fixed entries to memory cannot
// fail, and the samples keep a plain []byte signature for callers' ease; if
// it ever did fail, the nil result is rejected as "empty" by Verify, which
// makes the failing test obvious without a panic.
func mustZip(entries []zipEntry) []byte {
	b, err := buildZip(entries)
	if err != nil {
		return nil
	}
	return b
}
