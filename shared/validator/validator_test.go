package validator_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/procedure"
	"github.com/ictgov/ictgov/shared/s3store"
	"github.com/ictgov/ictgov/shared/validator"
)

type fixture struct {
	t     *testing.T
	store *dynamo.Store
	s3c   *s3.Client
	docs  *s3store.Bucket
	v     *validator.Validator
	app   *procedure.Application
}

func setup(t *testing.T) *fixture {
	db := testenv.DynamoDB(t)
	s3c := testenv.S3(t)
	f := &fixture{t: t, store: dynamo.New(db, testenv.Tables(t, db)), s3c: s3c}
	f.docs = s3store.New(s3c, testenv.Bucket(t, s3c))
	f.v = &validator.Validator{Store: f.store, Docs: f.docs, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	now := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	ch, err := procedure.Create(procedure.Draft{Procedure: "kz-operator-list",
		Object: &procedure.ObjectInput{Name: "IS", Type: "information_system"}},
		actor.Caller{Sub: "c", Org: "kz-minjust", Roles: []actor.Role{actor.Applicant}}, now, id.New(now), id.New(now), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Apply(context.Background(), ch, dynamo.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	f.app = ch.App
	return f
}

// slot records a pending document declaring the given bytes, as the upload route does.
func (f *fixture) slot(declared []byte, name, ctype string) *document.Record {
	f.t.Helper()
	sum := sha256.Sum256(declared)
	now := time.Now().UTC()
	docID := id.New(now)
	d := &document.Record{ID: docID, ApplicationID: f.app.ID, Org: f.app.Org, Kind: "technical_documentation",
		FileName: name, ContentType: ctype, Size: int64(len(declared)), SHA256: hex.EncodeToString(sum[:]),
		Status: document.Pending, Reasons: []string{}, Key: "documents/" + f.app.ID + "/" + docID, CreatedAt: now}
	if err := f.store.CreateDocument(context.Background(), d, []string{"draft"}, "status", actor.Actor{Sub: "c"}, nil); err != nil {
		f.t.Fatal(err)
	}
	return d
}

// put stores bytes straight into the bucket, as a client bypassing the slot's checksum
// could not do in AWS: it makes the validator's own checks the last line.
func (f *fixture) put(d *document.Record, content []byte) string {
	f.t.Helper()
	out, err := f.s3c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(f.docs.Name()),
		Key: aws.String(d.Key), Body: bytes.NewReader(content)})
	if err != nil {
		f.t.Fatal(err)
	}
	return aws.ToString(out.VersionId)
}

func (f *fixture) deliver(d *document.Record, versionID string) {
	f.t.Helper()
	ev := events.S3Event{Records: []events.S3EventRecord{{EventName: "ObjectCreated:Put",
		S3: events.S3Entity{Bucket: events.S3Bucket{Name: f.docs.Name()}, Object: events.S3Object{Key: d.Key, VersionID: versionID}}}}}
	if err := f.v.Handle(context.Background(), ev); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) verdict(d *document.Record) *document.Record {
	f.t.Helper()
	got, err := f.store.GetDocument(context.Background(), d.Owner(), d.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

func zipBytes(t *testing.T) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	fw, _ := w.Create("a.txt")
	_, _ = fw.Write([]byte("hello"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestVerdicts(t *testing.T) {
	f := setup(t)
	pdf := document.SamplePDF()
	cases := []struct {
		name             string
		declared, stored []byte
		file, ctype      string
		status           string
		reasons          []string
	}{
		{"a valid PDF", pdf, pdf, "a.pdf", "application/pdf", "valid", nil},
		{"a valid DOCX", document.SampleDOCX(), document.SampleDOCX(), "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "valid", nil},
		{"a PDF that is really a ZIP", zipBytes(t), zipBytes(t), "a.pdf", "application/pdf", "rejected", []string{"not_pdf"}},
		{"a truncated PDF", pdf[:len(pdf)-40], pdf[:len(pdf)-40], "a.pdf", "application/pdf", "rejected", []string{"pdf_no_eof"}},
		{"a size lie", pdf, append(slices.Clone(pdf), "trailing"...), "a.pdf", "application/pdf", "rejected", []string{"size_mismatch"}},
		{"a checksum lie", pdf, bytes.ReplaceAll(pdf, []byte("Count 1"), []byte("Count 2")), "a.pdf", "application/pdf", "rejected", []string{"sha256_mismatch"}},
		{"an empty file", []byte("x"), []byte{}, "a.pdf", "application/pdf", "rejected", []string{"empty"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := f.slot(tc.declared, tc.file, tc.ctype)
			ver := f.put(d, tc.stored)
			f.deliver(d, ver)
			got := f.verdict(d)
			if got.Status != tc.status || got.VersionID != ver {
				t.Fatalf("status %s version %q, want %s %q (reasons %v)", got.Status, got.VersionID, tc.status, ver, got.Reasons)
			}
			for _, r := range tc.reasons {
				if !slices.Contains(got.Reasons, r) {
					t.Fatalf("reasons %v lack %s", got.Reasons, r)
				}
			}
		})
	}
}

// S3 delivers at least once and in no order: the first verdict stands, a repeated event
// and a later version change nothing, and the trail records one verdict.
func TestRepeatedAndLateEvents(t *testing.T) {
	f := setup(t)
	pdf := document.SamplePDF()
	d := f.slot(pdf, "a.pdf", "application/pdf")
	first := f.put(d, pdf)
	second := f.put(d, zipBytes(t)) // a later version with other bytes
	f.deliver(d, first)
	f.deliver(d, first)
	f.deliver(d, second)
	got := f.verdict(d)
	if got.Status != "valid" || got.VersionID != first {
		t.Fatalf("verdict %s on %q, want valid on the first version %q", got.Status, got.VersionID, first)
	}
	evs, _, err := f.store.Events(context.Background(), f.app.ID, 50, "")
	if err != nil {
		t.Fatal(err)
	}
	verdicts := 0
	for _, e := range evs {
		if e.Type == "document_valid" || e.Type == "document_rejected" {
			verdicts++
		}
	}
	if verdicts != 1 {
		t.Fatalf("%d verdicts in the trail, want 1", verdicts)
	}
}

// An object outside any slot, or in another bucket, is ignored without error.
func TestForeignObjectsIgnored(t *testing.T) {
	f := setup(t)
	for _, key := range []string{"documents/../../etc/passwd", "other/key", "documents/" + f.app.ID + "/" + id.New(time.Now())} {
		ev := events.S3Event{Records: []events.S3EventRecord{{EventName: "ObjectCreated:Put",
			S3: events.S3Entity{Bucket: events.S3Bucket{Name: f.docs.Name()}, Object: events.S3Object{Key: key}}}}}
		if err := f.v.Handle(context.Background(), ev); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
	}
}
