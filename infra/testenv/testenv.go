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
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"gopkg.in/yaml.v3"

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

type tableProps struct {
	AttributeDefinitions []struct {
		AttributeName string `yaml:"AttributeName"`
		AttributeType string `yaml:"AttributeType"`
	} `yaml:"AttributeDefinitions"`
	KeySchema              []keyElem `yaml:"KeySchema"`
	GlobalSecondaryIndexes []struct {
		IndexName string    `yaml:"IndexName"`
		KeySchema []keyElem `yaml:"KeySchema"`
	} `yaml:"GlobalSecondaryIndexes"`
	StreamSpecification *struct {
		StreamViewType string `yaml:"StreamViewType"`
	} `yaml:"StreamSpecification"`
}

type keyElem struct {
	AttributeName string `yaml:"AttributeName"`
	KeyType       string `yaml:"KeyType"`
}

// TableInput reads the CreateTable input of a table resource from template.yaml, so
// tests run against exactly the keys and indexes that deploy.
func TableInput(logicalID, name string) (*dynamodb.CreateTableInput, error) {
	raw, err := os.ReadFile(filepath.Join(RepoRoot(), "template.yaml"))
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	var doc struct {
		Resources map[string]yaml.Node `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	node, ok := doc.Resources[logicalID]
	if !ok {
		return nil, fmt.Errorf("template has no resource %s", logicalID)
	}
	var res struct {
		Type       string     `yaml:"Type"`
		Properties tableProps `yaml:"Properties"`
	}
	if err := node.Decode(&res); err != nil {
		return nil, fmt.Errorf("decode %s: %w", logicalID, err)
	}
	if res.Type != "AWS::DynamoDB::Table" {
		return nil, fmt.Errorf("%s is a %s, not a table", logicalID, res.Type)
	}
	p := res.Properties
	in := &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest}
	for _, a := range p.AttributeDefinitions {
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{
			AttributeName: aws.String(a.AttributeName), AttributeType: types.ScalarAttributeType(a.AttributeType)})
	}
	keys := func(ks []keyElem) []types.KeySchemaElement {
		var out []types.KeySchemaElement
		for _, k := range ks {
			out = append(out, types.KeySchemaElement{AttributeName: aws.String(k.AttributeName), KeyType: types.KeyType(k.KeyType)})
		}
		return out
	}
	in.KeySchema = keys(p.KeySchema)
	for _, g := range p.GlobalSecondaryIndexes {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName: aws.String(g.IndexName), KeySchema: keys(g.KeySchema),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}})
	}
	if p.StreamSpecification != nil {
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true),
			StreamViewType: types.StreamViewType(p.StreamSpecification.StreamViewType)}
	}
	return in, nil
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
