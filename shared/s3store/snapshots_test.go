package s3store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/s3store"
)

// 001 S3: a report, once made, is never rewritten. S3 itself refuses the second write of
// the key, and versioning shows one version. Latvian letters survive the key and the
// metadata (RFC 2047 in the header, decoded on read).
func TestPutOnceKeepsOneVersion(t *testing.T) {
	c := testenv.S3(t)
	name := testenv.Bucket(t, c)
	b := s3store.New(c, name)
	ctx := context.Background()
	key := "reports/plans/01jd8w0a1b2c3d4e5f6g7h8j9k/2026/īstenošanas-atskaite-2026.json"
	title := "Latvijas ceturtais nacionālais atvērtās pārvaldības rīcības plāns: ā č ē ģ ī ķ ļ ņ š ū ž"
	v1, err := b.PutOnce(ctx, key, []byte(`{"year":2026}`), "application/json", map[string]string{"plan-title": title, "year": "2026"})
	if err != nil || v1 == "" {
		t.Fatalf("first put: %q %v", v1, err)
	}
	if _, err := b.PutOnce(ctx, key, []byte(`{"year":2026,"rewritten":true}`), "application/json", nil); !errors.Is(err, s3store.ErrExists) {
		t.Fatalf("second put: %v", err)
	}
	vs, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: &name, Prefix: aws.String("reports/")})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs.Versions) != 1 || aws.ToString(vs.Versions[0].Key) != key || aws.ToString(vs.Versions[0].VersionId) != v1 {
		t.Fatalf("versions: %+v", vs.Versions)
	}
	obj, err := b.Get(ctx, key, v1, 1<<20)
	if err != nil || string(obj.Body) != `{"year":2026}` {
		t.Fatalf("read back: %v %q", err, obj.Body)
	}
	meta, err := b.Metadata(ctx, key, v1)
	if err != nil || meta["plan-title"] != title || meta["year"] != "2026" {
		t.Fatalf("metadata: %v %q", err, meta)
	}
}

func TestMetadataEncoding(t *testing.T) {
	for _, v := range []string{"plain", "Rīcības plāns", "=?utf-8?q?looks-encoded?=", "ž"} {
		enc := s3store.EncodeMetadata(v)
		for i := 0; i < len(enc); i++ {
			if enc[i] < 0x20 || enc[i] > 0x7e {
				t.Fatalf("%q encoded as %q: not ASCII", v, enc)
			}
		}
		if got := s3store.DecodeMetadata(enc); got != v {
			t.Errorf("%q → %q → %q", v, enc, got)
		}
	}
}
