package s3store

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/ictgov/ictgov/shared/fault"
)

// ErrExists is returned by PutOnce when the key already holds an object.
var ErrExists = errors.New("the key already holds an object")

// PutOnce stores a snapshot that must never be rewritten (001 S3: a report, once made, is
// immutable): the put is conditioned on the key holding nothing (If-None-Match: *), so S3
// itself refuses a second write of the key (412) and the bucket's versioning keeps one
// version. User metadata travels in HTTP headers, which carry only ASCII: a value with
// other letters (a Latvian plan title) is encoded as an RFC 2047 encoded-word, as S3
// advises, and decoded by Metadata.
func (b *Bucket) PutOnce(ctx context.Context, key string, body []byte, contentType string, meta map[string]string) (string, error) {
	enc := make(map[string]string, len(meta))
	for k, v := range meta {
		enc[k] = EncodeMetadata(v)
	}
	out, err := b.client.PutObject(ctx, &s3.PutObjectInput{Bucket: &b.name, Key: &key, Body: bytes.NewReader(body),
		ContentType: &contentType, IfNoneMatch: aws.String("*"), Metadata: enc})
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && (ae.ErrorCode() == "PreconditionFailed" || ae.ErrorCode() == "ConditionalRequestConflict") {
			return "", ErrExists
		}
		return "", classify("put snapshot", err)
	}
	return aws.ToString(out.VersionId), nil
}

// Metadata reads a stored object's user metadata, decoded.
func (b *Bucket) Metadata(ctx context.Context, key, versionID string) (map[string]string, error) {
	in := &s3.HeadObjectInput{Bucket: &b.name, Key: &key}
	if versionID != "" {
		in.VersionId = &versionID
	}
	out, err := b.client.HeadObject(ctx, in)
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && (ae.ErrorCode() == "NotFound" || ae.ErrorCode() == "NoSuchKey") {
			return nil, fault.Wrap(fault.NotFound, err, "no such object")
		}
		return nil, classify("head snapshot", err)
	}
	meta := make(map[string]string, len(out.Metadata))
	for k, v := range out.Metadata {
		meta[k] = DecodeMetadata(v)
	}
	return meta, nil
}

// EncodeMetadata makes a metadata value safe for an HTTP header: ASCII stays as it is,
// anything else becomes an RFC 2047 encoded-word (UTF-8, Q or B as shorter).
func EncodeMetadata(v string) string {
	ascii := true
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii && !strings.Contains(v, "=?") {
		return v
	}
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "\uFFFD")
	}
	// Encoded by hand: mime's encoder leaves printable ASCII alone, and a value that only
	// looks like an encoded-word must still read back as itself.
	return "=?utf-8?b?" + base64.StdEncoding.EncodeToString([]byte(v)) + "?="
}

// DecodeMetadata reverses EncodeMetadata; a value that is not an encoded-word is returned
// as it is.
func DecodeMetadata(v string) string {
	d, err := new(mime.WordDecoder).DecodeHeader(v)
	if err != nil {
		return v
	}
	return d
}
