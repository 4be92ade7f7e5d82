package document_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/ictgov/ictgov/shared/document"
)

// The two halves of an upload: the slot request is checked field by field,
// then the bytes that arrived are verified against what was declared.
func Example() {
	// 1. The slot request (POST /v1/applications/{id}/documents).
	fileName, contentType := "Сипаттама.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	if err := document.ValidateFileName(fileName); err != nil {
		fmt.Println(err)
		return
	}
	format, err := document.FormatFor(contentType, fileName)
	if err != nil {
		fmt.Println(err)
		return
	}

	// 2. The upload: here the clerk attached a spreadsheet by mistake.
	content := document.SampleXLSX()
	sum := sha256.Sum256(content)
	reasons := document.Verify(content, document.Declared{
		Format: format,
		Size:   int64(len(content)),
		SHA256: hex.EncodeToString(sum[:]),
	})
	fmt.Println(format, reasons)

	// A bad name says which rule broke, for {"field","reason"}.
	var fe *document.FieldError
	if err := document.ValidateFileName("../etc/passwd.pdf"); errors.As(err, &fe) {
		fmt.Println(fe.Field, fe.Reason, errors.Is(err, document.ErrNamePathSeparator))
	}
	// Output:
	// docx [missing_part:word/document.xml detected:xlsx]
	// fileName path_separator true
}
