package server

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/infra/template"
)

// TestProvisionAndStream runs against the local servers named by
// AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_S3 (infra/stack/stack.sh env): the gateway
// provisions the table and bucket of testdata/stream.yaml and delivers the table's
// stream, filtered, to the echo function.
func TestProvisionAndStream(t *testing.T) {
	if os.Getenv("AWS_ENDPOINT_URL_DYNAMODB") == "" || os.Getenv("AWS_ENDPOINT_URL_S3") == "" {
		t.Skip("AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_S3 are not set: start the local stack to run this")
	}
	suffix := fmt.Sprintf("t%d", time.Now().UnixNano())
	dir := t.TempDir()
	g, err := startGateway(t, dir, "../testdata/stream.yaml", func(c *Config) {
		c.Params = map[string]string{"Suffix": suffix}
		c.Instances = 1
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "ICTGOV_ECHO_DIR=") {
				env = append(env, kv)
			}
		}
		c.Env = append(env, "ICTGOV_ECHO_DIR="+dir+"/echo")
	})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ddb, _, s3c, err := template.LocalClients(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	table, bucket := "gwtest-items-"+suffix, "gwtest-files-"+suffix
	defer func() {
		_, _ = ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(table)})
		_, _ = s3c.DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	}()
	if _, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Errorf("bucket not provisioned: %v", err)
	}
	for _, pk := range []string{"APP#1", "OUTBOX#1"} {
		if _, err := ddb.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table),
			Item: map[string]ddbtypes.AttributeValue{"PK": &ddbtypes.AttributeValueMemberS{Value: pk}}}); err != nil {
			t.Fatal(err)
		}
	}
	var got [][]byte
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got = echoed(t, g.echoDir, "Watcher"); len(got) > 0 {
			break
		}
	}
	time.Sleep(500 * time.Millisecond)
	got = echoed(t, g.echoDir, "Watcher")
	if len(got) != 1 {
		t.Fatalf("Watcher got %d batches, want 1", len(got))
	}
	if s := string(got[0]); !strings.Contains(s, `"OUTBOX#1"`) || strings.Contains(s, `"APP#1"`) || !strings.Contains(s, `"eventName":"INSERT"`) {
		t.Errorf("batch %s", s)
	}
}
