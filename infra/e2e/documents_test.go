package e2e

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"slices"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/document"
)

func draft(t *testing.T, c cast) application {
	t.Helper()
	var a application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Documents", "type": "information_system"}}).Want(t, 201).Decode(t, &a)
	return a
}

func zipOf(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("hello.txt")
	_, _ = w.Write([]byte("not a pdf"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The store refuses bytes other than those declared; what it stores is judged by content.
func TestDocumentsJudgedByContent(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	a := draft(t, c)
	pdf := document.SamplePDF()
	cases := []struct {
		name    string
		content []byte
		status  string
		reason  string
	}{
		{"a valid PDF", pdf, "valid", ""},
		{"a PDF that is really a ZIP", zipOf(t), "rejected", "not_pdf"},
		{"a truncated PDF", pdf[:len(pdf)/2], "rejected", "pdf_no_eof"},
	}
	var validID string
	for _, tc := range cases {
		id := apitest.Upload(t, c.clerk, a.ID, "technical_documentation", "doc.pdf", "application/pdf", tc.content)
		st, reasons := apitest.DocStatus(t, c.clerk, a.ID, id)
		if st != tc.status || (tc.reason != "" && !slices.Contains(reasons, tc.reason)) {
			t.Fatalf("%s: judged %s %v", tc.name, st, reasons)
		}
		if st == "valid" {
			validID = id
		} else {
			// A rejected file is never served.
			apitest.Do(t, c.clerk, "GET", "/v1/applications/"+a.ID+"/documents/"+id+"/content", nil).Want(t, 409)
		}
	}
	// A valid one is served through a short-lived link, to those allowed to see it.
	apitest.Do(t, c.other, "GET", "/v1/applications/"+a.ID+"/documents/"+validID+"/content", nil).Want(t, 404)
	r := apitest.Do(t, c.ab, "GET", "/v1/applications/"+a.ID+"/documents/"+validID+"/content", nil).Want(t, 302)
	res, err := http.Get(r.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Equal(got, pdf) {
		t.Fatalf("download: %d, %d bytes", res.StatusCode, len(got))
	}
}

// A checksum or size lie never reaches the bucket: the signed checksum makes S3 refuse.
func TestUploadSlotRefusesOtherBytes(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	a := draft(t, c)
	declared := document.SamplePDF()
	sum := sha256.Sum256(declared)
	var slot struct {
		ID     string
		Upload struct {
			Method, URL string
			Headers     map[string]string
		}
	}
	apitest.Do(t, c.clerk, "POST", "/v1/applications/"+a.ID+"/documents", map[string]any{"kind": "user_count", "fileName": "users.pdf",
		"contentType": "application/pdf", "size": len(declared), "sha256": hex.EncodeToString(sum[:])}).Want(t, 201).Decode(t, &slot)
	for _, other := range [][]byte{append(slices.Clone(declared), ' '), bytes.Repeat([]byte("A"), len(declared))} {
		req, _ := http.NewRequest(slot.Upload.Method, slot.Upload.URL, bytes.NewReader(other))
		for k, v := range slot.Upload.Headers {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode < 400 {
			t.Fatalf("S3 stored bytes other than declared (status %d)", res.StatusCode)
		}
	}
	var d struct{ Status string }
	apitest.Do(t, c.clerk, "GET", "/v1/applications/"+a.ID+"/documents/"+slot.ID, nil).Want(t, 200).Decode(t, &d)
	if d.Status != "pending_upload" {
		t.Fatalf("a refused upload changed the document: %s", d.Status)
	}
}

func TestDocumentSlotBadInput(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	a := draft(t, c)
	good := map[string]any{"kind": "user_count", "fileName": "users.pdf", "contentType": "application/pdf",
		"size": 10, "sha256": "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}
	with := func(k string, v any) map[string]any { return apitest.With(good, k, v) }
	cases := []struct {
		body   any
		status int
	}{
		{with("fileName", "../etc/passwd.pdf"), 400},
		{with("fileName", "a/b.pdf"), 400},
		{with("fileName", "bad\x01name.pdf"), 400},
		{with("fileName", "users.docx"), 422},   // extension of another type
		{with("kind", "secret_plans"), 422},     // unknown kind
		{with("size", 60<<20), 422},             // over 50 MiB
		{with("size", 0), 422},                  // empty
		{with("sha256", "xyz"), 422},            // not hex
		{with("contentType", "text/html"), 422}, // not an accepted type
		{with("size", "ten"), 400},              // wrong type
		{with("extra", true), 400},              // unknown field
		{`{"kind":`, 400},                       // truncated JSON
	}
	for _, tc := range cases {
		apitest.Do(t, c.clerk, "POST", "/v1/applications/"+a.ID+"/documents", tc.body).Want(t, tc.status)
	}
	var got application
	apitest.Do(t, c.clerk, "GET", "/v1/applications/"+a.ID, nil).Want(t, 200).Decode(t, &got)
	if len(got.Documents) != 0 {
		t.Fatalf("refused requests created documents: %+v", got.Documents)
	}
}
