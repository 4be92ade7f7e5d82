package s3store

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/monitoring"
)

// The monitoring reports' snapshots (004 ¶26) live in the documents bucket under
// monitoring-reports/, one object per period, written once: a conditional put
// (If-None-Match: "*", which S3 and versitygw honour) refuses a second object under the
// key, so versioning shows exactly one version of each.

// PutNew stores body under key only if no object has that key, with its SHA-256 checked
// by S3 (a corrupted upload is refused, not stored); monitoring.ErrExists if one has.
func (b *Bucket) PutNew(ctx context.Context, key string, body io.ReadSeeker, size int64, sum []byte, meta map[string]string) (string, error) {
	out, err := b.client.PutObject(ctx, &s3.PutObjectInput{Bucket: &b.name, Key: &key, Body: body, ContentLength: aws.Int64(size),
		ContentType: aws.String("application/json"), ChecksumSHA256: aws.String(base64.StdEncoding.EncodeToString(sum)),
		IfNoneMatch: aws.String("*"), Metadata: meta})
	if err != nil {
		var ae smithy.APIError
		// 412: an object has the key. 409: a conditional write to the key is in flight;
		// either way this write is not the one that stands.
		if errors.As(err, &ae) && (ae.ErrorCode() == "PreconditionFailed" || ae.ErrorCode() == "ConditionalRequestConflict") {
			return "", fmt.Errorf("put %s: %w", key, monitoring.ErrExists)
		}
		return "", classify("put snapshot", err)
	}
	return aws.ToString(out.VersionId), nil
}

// Head reads an object's metadata, version id and size; fault NotFound when none.
func (b *Bucket) Head(ctx context.Context, key string) (map[string]string, string, int64, error) {
	out, err := b.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.name, Key: &key})
	if err != nil {
		var nf *types.NotFound
		if errors.As(err, &nf) {
			return nil, "", 0, fault.Wrap(fault.NotFound, err, "no such object")
		}
		return nil, "", 0, classify("head snapshot", err)
	}
	return out.Metadata, aws.ToString(out.VersionId), aws.ToInt64(out.ContentLength), nil
}

// Open streams one version of an object (the current one when versionID is empty).
func (b *Bucket) Open(ctx context.Context, key, versionID string) (io.ReadCloser, error) {
	out, err := b.getObject(ctx, key, versionID, "get snapshot")
	if err != nil {
		return nil, err
	}
	return out.Body, nil
}
