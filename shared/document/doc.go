// Package document holds the rules for the technical documentation that a state
// body uploads with its application (seed 002 ¶4.1, ¶4.2; HTTP contract,
// "Accepted files"). It is pure domain code: standard library only, no I/O.
//
// Three questions are answered here:
//
//   - Is the upload slot request acceptable? [ValidateFileName], [FormatFor] and
//     [ParseSHA256Hex] check the fileName, contentType and sha256 fields and
//     return a [*FieldError] naming the field and the rule that broke.
//   - Do the uploaded bytes match what was declared? [Verify] compares size and
//     SHA-256, enforces [MaxSize] and then calls [Inspect].
//   - Is the content really of its declared type? [Inspect] judges by content,
//     never by name: a PDF has its header and end-of-file marker; DOCX, XLSX,
//     ODT and ODS are ZIP containers with the parts their type requires.
//
// # Rejection reasons
//
// [Verify] and [Inspect] return stable, machine-readable reason strings. They
// are stored with the document and shown to clients as "reasons"; clients
// may switch on them, so they are never renamed. In the order Verify reports them:
//
//	size_mismatch         the byte count differs from the declared size
//	sha256_mismatch       the SHA-256 differs from the declared one (or the declared one is not 64 hex chars)
//	too_large             the declared size or the content exceeds MaxSize (50 MiB); content checks are skipped
//	unsupported_format    the declared format is not one of PDF, DOCX, XLSX, ODT, ODS
//	empty                 there are no bytes at all; nothing else is checked
//	not_pdf               declared PDF, but the content does not start with "%PDF-"
//	pdf_no_eof            a PDF header is present but no "%%EOF" in the last 1024 bytes (truncated)
//	not_zip               declared DOCX/XLSX/ODT/ODS, but the content does not start like a ZIP archive
//	zip_corrupt           it starts like a ZIP but cannot be read: truncated or damaged, a
//	                      required part's data missing, or two entries with one name
//	too_many_entries      the archive has more than MaxZipEntries entries (zip-bomb guard)
//	missing_part:<name>   a part that the declared type requires is absent, e.g. missing_part:word/document.xml
//	wrong_mimetype        an ODF "mimetype" entry does not name the declared ODF type
//	detected:<format>     added after the reasons above when the content is recognisably
//	                      something else: detected:pdf, detected:docx, detected:xlsx,
//	                      detected:odt, detected:ods, or detected:zip (some other ZIP,
//	                      reported only when a PDF was declared)
//
// An empty (non-nil) slice means the content is accepted.
package document
