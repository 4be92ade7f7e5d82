package template

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// LocalClients builds SDK clients for the local servers from the environment
// (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, ... as printed by
// `infra/stack/stack.sh env`), with the settings local servers need: path-style S3
// addressing and no DynamoDB response checksum validation (DynamoDB Local's error
// responses fail it and the SDK logs a warning for each).
func LocalClients(ctx context.Context, region string) (*dynamodb.Client, *dynamodbstreams.Client, *s3.Client, error) {
	if region == "" {
		region = LocalRegion
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("load AWS config: %w", err)
	}
	ddb := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.DisableValidateResponseChecksum = true })
	streams := dynamodbstreams.NewFromConfig(cfg, func(o *dynamodbstreams.Options) {
		// DynamoDB Local serves Streams on the DynamoDB endpoint.
		if ep := ddbEndpoint(cfg); ep != "" {
			o.BaseEndpoint = aws.String(ep)
		}
	})
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	return ddb, streams, s3c, nil
}

func ddbEndpoint(cfg aws.Config) string {
	for _, src := range cfg.ConfigSources {
		if p, ok := src.(interface {
			GetServiceBaseEndpoint(context.Context, string) (string, bool, error)
		}); ok {
			if ep, found, err := p.GetServiceBaseEndpoint(context.Background(), "DynamoDB"); err == nil && found {
				return ep
			}
		}
	}
	return ""
}

// Provision creates every AWS::DynamoDB::Table (attributes, key schema, secondary
// indexes, stream, time to live) and every AWS::S3::Bucket (versioning, CORS) of t on the
// servers ddb and s3c point at. It is idempotent: what exists is left alone, except that
// a missing TTL or versioning setting is switched on. Either client may be nil to skip
// that kind of resource.
func Provision(ctx context.Context, ddb *dynamodb.Client, s3c *s3.Client, t *Template) error {
	if ddb != nil {
		for _, tb := range t.Tables {
			if err := provisionTable(ctx, ddb, tb); err != nil {
				return fmt.Errorf("provision table %s (%s): %w", tb.LogicalID, tb.Name, err)
			}
		}
	}
	if s3c != nil {
		for _, b := range t.Buckets {
			if err := provisionBucket(ctx, s3c, b); err != nil {
				return fmt.Errorf("provision bucket %s (%s): %w", b.LogicalID, b.Name, err)
			}
		}
	}
	return nil
}

// CreateTableInput turns a table of the template into the DynamoDB API's input.
func CreateTableInput(tb *Table) *dynamodb.CreateTableInput {
	s := tb.Spec
	in := &dynamodb.CreateTableInput{TableName: aws.String(tb.Name)}
	for _, a := range s.AttributeDefinitions {
		in.AttributeDefinitions = append(in.AttributeDefinitions, ddbtypes.AttributeDefinition{
			AttributeName: aws.String(a.AttributeName), AttributeType: ddbtypes.ScalarAttributeType(a.AttributeType)})
	}
	in.KeySchema = keySchema(s.KeySchema)
	provisioned := s.BillingMode == "PROVISIONED" || (s.BillingMode == "" && s.ProvisionedThroughput != nil)
	if provisioned {
		in.BillingMode = ddbtypes.BillingModeProvisioned
		in.ProvisionedThroughput = throughput(s.ProvisionedThroughput)
	} else {
		in.BillingMode = ddbtypes.BillingModePayPerRequest
	}
	for _, g := range s.GlobalSecondaryIndexes {
		gsi := ddbtypes.GlobalSecondaryIndex{IndexName: aws.String(g.IndexName), KeySchema: keySchema(g.KeySchema),
			Projection: projection(g)}
		if provisioned {
			gsi.ProvisionedThroughput = throughput(g.ProvisionedThroughput)
		}
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, gsi)
	}
	for _, l := range s.LocalSecondaryIndexes {
		in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, ddbtypes.LocalSecondaryIndex{
			IndexName: aws.String(l.IndexName), KeySchema: keySchema(l.KeySchema), Projection: projection(l)})
	}
	if s.StreamSpecification != nil && s.StreamSpecification.StreamViewType != "" {
		in.StreamSpecification = &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true),
			StreamViewType: ddbtypes.StreamViewType(s.StreamSpecification.StreamViewType)}
	}
	return in
}

func keySchema(ks []KeyElement) []ddbtypes.KeySchemaElement {
	out := make([]ddbtypes.KeySchemaElement, 0, len(ks))
	for _, k := range ks {
		out = append(out, ddbtypes.KeySchemaElement{AttributeName: aws.String(k.AttributeName), KeyType: ddbtypes.KeyType(k.KeyType)})
	}
	return out
}

func projection(ix SecondaryIndex) *ddbtypes.Projection {
	p := &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionType(ix.Projection.ProjectionType)}
	if p.ProjectionType == "" {
		p.ProjectionType = ddbtypes.ProjectionTypeAll
	}
	if len(ix.Projection.NonKeyAttributes) > 0 {
		p.NonKeyAttributes = ix.Projection.NonKeyAttributes
	}
	return p
}

func throughput(t *Throughput) *ddbtypes.ProvisionedThroughput {
	r, w := int64(5), int64(5)
	if t != nil {
		r, w = t.ReadCapacityUnits, t.WriteCapacityUnits
	}
	return &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(r), WriteCapacityUnits: aws.Int64(w)}
}

func provisionTable(ctx context.Context, ddb *dynamodb.Client, tb *Table) error {
	in := CreateTableInput(tb)
	_, err := ddb.CreateTable(ctx, in)
	var inUse *ddbtypes.ResourceInUseException
	switch {
	case errors.As(err, &inUse):
		// Exists already (a persistent data dir or a second run): make sure the stream
		// is on, since the gateway's pollers depend on it.
		if in.StreamSpecification != nil {
			if err := ensureStream(ctx, ddb, tb.Name, in.StreamSpecification); err != nil {
				return err
			}
		}
	case err != nil:
		return fmt.Errorf("create: %w", err)
	}
	w := dynamodb.NewTableExistsWaiter(ddb, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay = 100 * time.Millisecond
		o.MaxDelay = time.Second
	})
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(tb.Name)}, time.Minute); err != nil {
		return fmt.Errorf("wait until active: %w", err)
	}
	ttl := tb.Spec.TimeToLiveSpecification
	if ttl == nil || !ttl.Enabled || ttl.AttributeName == "" {
		return nil
	}
	cur, err := ddb.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(tb.Name)})
	if err != nil {
		return fmt.Errorf("describe TTL: %w", err)
	}
	if d := cur.TimeToLiveDescription; d != nil && aws.ToString(d.AttributeName) == ttl.AttributeName &&
		(d.TimeToLiveStatus == ddbtypes.TimeToLiveStatusEnabled || d.TimeToLiveStatus == ddbtypes.TimeToLiveStatusEnabling) {
		return nil
	}
	_, err = ddb.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(tb.Name),
		TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: aws.String(ttl.AttributeName), Enabled: aws.Bool(true)}})
	if err != nil {
		return fmt.Errorf("enable TTL on %s: %w", ttl.AttributeName, err)
	}
	return nil
}

func ensureStream(ctx context.Context, ddb *dynamodb.Client, name string, spec *ddbtypes.StreamSpecification) error {
	d, err := ddb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("describe: %w", err)
	}
	if s := d.Table.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		return nil
	}
	if _, err := ddb.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String(name), StreamSpecification: spec}); err != nil {
		return fmt.Errorf("enable stream: %w", err)
	}
	return nil
}

func provisionBucket(ctx context.Context, s3c *s3.Client, b *Bucket) error {
	_, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b.Name)})
	var owned *s3types.BucketAlreadyOwnedByYou
	var exists *s3types.BucketAlreadyExists
	if err != nil && !errors.As(err, &owned) && !errors.As(err, &exists) && !isAPIError(err, "BucketAlreadyOwnedByYou", "BucketAlreadyExists") {
		return fmt.Errorf("create: %w", err)
	}
	if b.Versioning {
		_, err := s3c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(b.Name),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
		if err != nil {
			return fmt.Errorf("enable versioning: %w", err)
		}
	}
	if len(b.CORS) > 0 {
		var rules []s3types.CORSRule
		for _, r := range b.CORS {
			rule := s3types.CORSRule{AllowedOrigins: r.AllowedOrigins, AllowedMethods: r.AllowedMethods,
				AllowedHeaders: r.AllowedHeaders, ExposeHeaders: r.ExposedHeaders}
			if r.MaxAge > 0 {
				rule.MaxAgeSeconds = aws.Int32(r.MaxAge)
			}
			rules = append(rules, rule)
		}
		_, err := s3c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: aws.String(b.Name),
			CORSConfiguration: &s3types.CORSConfiguration{CORSRules: rules}})
		if err != nil {
			return fmt.Errorf("put CORS: %w", err)
		}
	}
	return nil
}

func isAPIError(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.ErrorCode() == c {
			return true
		}
	}
	return false
}
