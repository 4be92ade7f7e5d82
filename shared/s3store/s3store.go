// Package s3store is the documents bucket: upload slots the store itself enforces,
// version-pinned reads for the validator, and short-lived links to valid documents.
package s3store

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/ictgov/ictgov/shared/fault"
)

// Bucket is the documents bucket.
type Bucket struct {
	client  *s3.Client
	presign *s3.PresignClient
	name    string
}

// NewClient returns an S3 client from the standard AWS configuration. Path-style
// addressing is used when an endpoint override is set (versitygw, LocalStack), where
// virtual-host names do not resolve.
func NewClient(ctx context.Context) (*s3.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	local := os.Getenv("AWS_ENDPOINT_URL_S3") != "" || os.Getenv("AWS_ENDPOINT_URL") != ""
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = local }), nil
}

// New returns the bucket named name.
func New(c *s3.Client, name string) *Bucket {
	return &Bucket{client: c, presign: s3.NewPresignClient(c), name: name}
}

// Name is the bucket's name.
func (b *Bucket) Name() string { return b.name }

// SlotTTL is how long an upload slot stays usable.
const SlotTTL = 15 * time.Minute

// Slot is how the client must send the file (contract: upload.method/url/headers/fields).
type Slot struct {
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	Fields    map[string]string `json:"fields"`
	ExpiresAt time.Time         `json:"expiresAt"`
}

// UploadSlot presigns a PUT bound to the declared SHA-256: the x-amz-checksum-sha256
// header is signed, so the store refuses any other bytes (400 BadDigest) and thereby any
// other size. Measured against versitygw (local-aws.md, addendum).
func (b *Bucket) UploadSlot(ctx context.Context, key, contentType, sha256hex string, now time.Time) (*Slot, error) {
	sum, err := hex.DecodeString(sha256hex)
	if err != nil || len(sum) != 32 {
		return nil, fault.E(fault.Invalid, "sha256 must be 64 hexadecimal characters")
	}
	req, err := b.presign.PresignPutObject(ctx, &s3.PutObjectInput{
		Bucket: &b.name, Key: &key, ContentType: &contentType,
		ChecksumSHA256: aws.String(base64.StdEncoding.EncodeToString(sum)),
	}, s3.WithPresignExpires(SlotTTL))
	if err != nil {
		return nil, classify("presign upload", err)
	}
	h := map[string]string{}
	for k, v := range req.SignedHeader {
		if k == "Host" || len(v) == 0 {
			continue // the client's HTTP library sets Host itself
		}
		h[k] = v[0]
	}
	return &Slot{Method: req.Method, URL: req.URL, Headers: h, Fields: map[string]string{}, ExpiresAt: now.Add(SlotTTL).UTC()}, nil
}

// Object is a stored version's bytes and identity.
type Object struct {
	Body      []byte
	VersionID string
	Size      int64
}

// ErrTooLarge is returned when the stored object exceeds the read limit.
var ErrTooLarge = errors.New("object larger than the limit")

// getObject starts reading a key (a version when versionID is set); a missing key is
// fault NotFound, any other failure classified as op.
func (b *Bucket) getObject(ctx context.Context, key, versionID, op string) (*s3.GetObjectOutput, error) {
	in := &s3.GetObjectInput{Bucket: &b.name, Key: &key}
	if versionID != "" {
		in.VersionId = &versionID
	}
	out, err := b.client.GetObject(ctx, in)
	if err != nil {
		var nsk *types.NoSuchKey
		if errors.As(err, &nsk) {
			return nil, fault.Wrap(fault.NotFound, err, "no such object")
		}
		return nil, classify(op, err)
	}
	return out, nil
}

// Get reads a key (a version when versionID is set) up to limit bytes.
func (b *Bucket) Get(ctx context.Context, key, versionID string, limit int64) (*Object, error) {
	out, err := b.getObject(ctx, key, versionID, "get object")
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	size := aws.ToInt64(out.ContentLength)
	if size > limit {
		return &Object{VersionID: aws.ToString(out.VersionId), Size: size}, ErrTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(out.Body, limit+1))
	if err != nil {
		return nil, classify("read object", err)
	}
	if int64(len(body)) > limit {
		return &Object{VersionID: aws.ToString(out.VersionId), Size: int64(len(body))}, ErrTooLarge
	}
	return &Object{Body: body, VersionID: aws.ToString(out.VersionId), Size: int64(len(body))}, nil
}

// LinkTTL is how long a download link stays valid.
const LinkTTL = 5 * time.Minute

// DownloadLink presigns a GET of one stored version, named for the browser.
func (b *Bucket) DownloadLink(ctx context.Context, key, versionID, fileName, contentType string) (string, error) {
	in := &s3.GetObjectInput{Bucket: &b.name, Key: &key,
		ResponseContentDisposition: aws.String(mime.FormatMediaType("attachment", map[string]string{"filename": fileName})),
		ResponseContentType:        aws.String(contentType)}
	if versionID != "" {
		in.VersionId = &versionID
	}
	req, err := b.presign.PresignGetObject(ctx, in, s3.WithPresignExpires(LinkTTL))
	if err != nil {
		return "", classify("presign download", err)
	}
	return req.URL, nil
}

// Ping checks that the bucket answers (health).
func (b *Bucket) Ping(ctx context.Context) error {
	_, err := b.client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &b.name})
	return classify("head bucket", err)
}

func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout":
			return fault.Wrap(fault.Unavailable, fmt.Errorf("%s: %w", op, err), "the document store is busy; retry shortly")
		}
		return fmt.Errorf("%s: %w", op, err)
	}
	return fault.Wrap(fault.Unavailable, fmt.Errorf("%s: %w", op, err), "the document store is unavailable")
}
