// Package testenv gives integration tests real local servers: DynamoDB Local with fresh
// tables made from template.yaml's own definitions, versitygw with a fresh versioned
// bucket, and Mailpit. `make test` starts the servers and exports their endpoints; a
// test run without them fails with the command to run, never skips.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/ictgov/ictgov/infra/template"
	"github.com/ictgov/ictgov/shared/dynamo"
)

func need(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, which starts the local servers, "+
			"or start them with `bash infra/stack/stack.sh start` and `eval \"$(bash infra/stack/stack.sh env)\"`", name)
	}
	return v
}

func awsConfig(t testing.TB) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatalf("load AWS config: %v", err)
	}
	return cfg
}

// DynamoDB returns a client for the local DynamoDB.
func DynamoDB(t testing.TB) *dynamodb.Client {
	t.Helper()
	need(t, "AWS_ENDPOINT_URL_DYNAMODB")
	return dynamodb.NewFromConfig(awsConfig(t), func(o *dynamodb.Options) { o.DisableValidateResponseChecksum = true })
}

// S3 returns a path-style client for the local S3 server.
func S3(t testing.TB) *s3.Client {
	t.Helper()
	need(t, "AWS_ENDPOINT_URL_S3")
	return s3.NewFromConfig(awsConfig(t), func(o *s3.Options) { o.UsePathStyle = true })
}

// MailpitURL is the local Mailpit's web and API address.
func MailpitURL(t testing.TB) string { t.Helper(); return need(t, "ICTGOV_MAILPIT_URL") }

// SMTPAddr is the local Mailpit's SMTP address.
func SMTPAddr(t testing.TB) string { t.Helper(); return need(t, "ICTGOV_SMTP_ADDR") }

// Suffix returns a short random suffix for names that must not collide between tests.
func Suffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// RepoRoot finds the repository root from this file's location.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// TableInput is the CreateTable input of a table resource of template.yaml, under another
// name, so tests run against exactly the keys and indexes that deploy.
func TableInput(logicalID, name string) (*dynamodb.CreateTableInput, error) {
	tmpl, err := template.LoadLocal(filepath.Join(RepoRoot(), "template.yaml"))
	if err != nil {
		return nil, fmt.Errorf("load template: %w", err)
	}
	for _, tb := range tmpl.Tables {
		if tb.LogicalID == logicalID {
			in := template.CreateTableInput(tb)
			in.TableName = aws.String(name)
			return in, nil
		}
	}
	return nil, fmt.Errorf("template has no table %s", logicalID)
}

// Tables creates a fresh registry table and idempotency table for one test, from the
// template's definitions, and deletes them when the test ends.
func Tables(t testing.TB, db *dynamodb.Client) dynamo.Tables {
	t.Helper()
	sfx := Suffix()
	name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	if len(name) > 60 {
		name = name[:60]
	}
	tb := dynamo.Tables{Registry: "t-" + name + "-reg-" + sfx, Idempotency: "t-" + name + "-idem-" + sfx}
	for logical, n := range map[string]string{"RegistryTable": tb.Registry, "IdempotencyTable": tb.Idempotency} {
		in, err := TableInput(logical, n)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if _, err := db.CreateTable(ctx, in); err != nil {
			cancel()
			t.Fatalf("create table %s: %v", n, err)
		}
		cancel()
		tableName := n
		t.Cleanup(func() {
			_, _ = db.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(tableName)})
		})
	}
	return tb
}

// Bucket creates a fresh versioned bucket for one test.
func Bucket(t testing.TB, c *s3.Client) string {
	t.Helper()
	name := "t-" + Suffix() + "-docs"
	ctx := context.Background()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("create bucket: %v", err)
	}
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(name),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatalf("enable versioning: %v", err)
	}
	return name
}
