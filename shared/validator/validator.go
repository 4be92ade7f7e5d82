// Package validator judges uploaded technical documentation by its bytes and records one
// verdict per document, whatever S3 delivers twice or out of order.
package validator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/s3store"
)

// Validator judges uploaded files by their bytes and records one verdict per document.
type Validator struct {
	Store *dynamo.Store
	Docs  *s3store.Bucket
	Now   func() time.Time
	Log   *slog.Logger
}

// Handle processes an S3 ObjectCreated event. S3 delivers at least once and in no
// particular order, so every record is judged against the document's declared type,
// size and SHA-256 and recorded only while the document is pending: the first verdict
// stands and repeats change nothing. Only failures worth retrying return an error.
func (v *Validator) Handle(ctx context.Context, ev events.S3Event) error {
	var errs []error
	for _, rec := range ev.Records {
		if err := v.record(ctx, rec); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// parseKey reads the key an upload slot names (document.Owner.Key):
// documents/<applicationId>/<documentId> or documents/objects/<objectId>/<documentId>.
func parseKey(key string) (owner document.Owner, docID string, ok bool) {
	parts := strings.Split(key, "/")
	switch {
	case len(parts) == 3 && parts[0] == "documents" && id.Valid(parts[1]) && id.Valid(parts[2]):
		return document.Owner{Kind: document.OfApplication, ID: parts[1]}, parts[2], true
	case len(parts) == 4 && parts[0] == "documents" && parts[1] == "objects" && id.Valid(parts[2]) && id.Valid(parts[3]):
		return document.Owner{Kind: document.OfObject, ID: parts[2]}, parts[3], true
	}
	return document.Owner{}, "", false
}

func (v *Validator) record(ctx context.Context, rec events.S3EventRecord) error {
	if rec.S3.Bucket.Name != v.Docs.Name() || !strings.HasPrefix(rec.EventName, "ObjectCreated:") {
		v.Log.InfoContext(ctx, "ignored event", "event", rec.EventName, "bucket", rec.S3.Bucket.Name)
		return nil
	}
	// Keys arrive URL-encoded in S3 events, as on AWS.
	key, err := url.QueryUnescape(rec.S3.Object.Key)
	if err != nil {
		v.Log.WarnContext(ctx, "ignored object with a malformed key", "key", rec.S3.Object.Key)
		return nil
	}
	owner, docID, ok := parseKey(key)
	if !ok {
		v.Log.WarnContext(ctx, "ignored object outside any upload slot", "key", key)
		return nil
	}
	appID := owner.ID
	log := v.Log.With(owner.Kind+"Id", owner.ID, "documentId", docID)
	d, err := v.Store.GetDocument(ctx, owner, docID)
	if fault.Is(err, fault.NotFound) {
		log.WarnContext(ctx, "ignored object without a document record")
		return nil
	}
	if err != nil {
		return fmt.Errorf("document %s/%s: %w", appID, docID, err)
	}
	if d.Status != document.Pending {
		log.InfoContext(ctx, "document already judged; repeated or late event ignored", "status", d.Status)
		return nil
	}
	verdict, err := v.judge(ctx, d, key, rec.S3.Object.VersionID)
	if err != nil {
		return fmt.Errorf("document %s/%s: %w", appID, docID, err)
	}
	verdict.Kind = d.Kind // an object's valid technical documentation opens its budget gate
	err = v.Store.RecordVerdict(ctx, owner, docID, verdict)
	if errors.Is(err, dynamo.ErrDecided) {
		log.InfoContext(ctx, "a concurrent delivery recorded the verdict first")
		return nil
	}
	if err != nil {
		return fmt.Errorf("document %s/%s: %w", appID, docID, err)
	}
	log.InfoContext(ctx, "document judged", "status", verdict.Status, "reasons", verdict.Reasons, "versionId", verdict.VersionID)
	return nil
}

func (v *Validator) judge(ctx context.Context, d *document.Record, key, versionID string) (dynamo.Verdict, error) {
	now := time.Now().UTC()
	if v.Now != nil {
		now = v.Now().UTC()
	}
	obj, err := v.Docs.Get(ctx, key, versionID, document.MaxSize)
	if errors.Is(err, s3store.ErrTooLarge) {
		return dynamo.Verdict{Status: document.Rejected, Reasons: []string{document.ReasonTooLarge}, VersionID: obj.VersionID, At: now}, nil
	}
	if err != nil {
		return dynamo.Verdict{}, err
	}
	format, err := document.FormatFor(d.ContentType, d.FileName)
	if err != nil {
		// The slot was only issued for an accepted format; a record that no longer maps
		// to one is judged rejected rather than left pending forever.
		return dynamo.Verdict{Status: document.Rejected, Reasons: []string{document.ReasonUnsupportedFormat}, VersionID: obj.VersionID, At: now}, nil
	}
	reasons := document.Verify(obj.Body, document.Declared{Format: format, Size: d.Size, SHA256: d.SHA256})
	status := document.Valid
	if len(reasons) > 0 {
		status = document.Rejected
	}
	return dynamo.Verdict{Status: status, Reasons: reasons, VersionID: obj.VersionID, At: now}, nil
}
