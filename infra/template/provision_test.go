package template

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// TestProvision runs against the local servers named by AWS_ENDPOINT_URL_DYNAMODB and
// AWS_ENDPOINT_URL_S3 (see infra/stack/stack.sh env); it is skipped without them.
func TestProvision(t *testing.T) {
	if os.Getenv("AWS_ENDPOINT_URL_DYNAMODB") == "" {
		t.Skip("AWS_ENDPOINT_URL_DYNAMODB is not set: start the local stack (infra/stack/stack.sh) to run this")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The shared test system's bucket keeps the portal's origins infra/test.sh gave the
	// gateway (ICTGOV_PORTAL_ORIGINS), so this re-provisioning leaves the browser tests'
	// uploads allowed by CORS.
	params := map[string]string{}
	for k, v := range localParams {
		params[k] = v
	}
	if o := os.Getenv("ICTGOV_PORTAL_ORIGINS"); o != "" {
		params["PortalOrigins"] = o
	}
	tm, err := Load(realTemplate, Options{Parameters: params})
	if err != nil {
		t.Fatal(err)
	}
	ddb, streams, s3c, err := LocalClients(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("AWS_ENDPOINT_URL_S3") == "" {
		s3c = nil
	}
	for i := range 2 { // the second run must be a no-op
		if err := Provision(ctx, ddb, s3c, tm); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	d, err := ddb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("RegistryTable")})
	if err != nil {
		t.Fatal(err)
	}
	tb := d.Table
	if len(tb.GlobalSecondaryIndexes) != 5 || // GSI1, GSI2, GSI3, GSI4 (the operator's list), Due
		tb.StreamSpecification == nil ||
		tb.StreamSpecification.StreamViewType != ddbtypes.StreamViewTypeNewAndOldImages || aws.ToString(tb.LatestStreamArn) == "" {
		t.Errorf("RegistryTable: GSIs %d, stream %+v", len(tb.GlobalSecondaryIndexes), tb.StreamSpecification)
	}
	if tb.BillingModeSummary == nil || tb.BillingModeSummary.BillingMode != ddbtypes.BillingModePayPerRequest {
		t.Errorf("billing %+v", tb.BillingModeSummary)
	}
	ttl, err := ddb.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("IdempotencyTable")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(ttl.TimeToLiveDescription.AttributeName) != "ExpiresAt" {
		t.Errorf("TTL %+v", ttl.TimeToLiveDescription)
	}
	// The streams client reaches DynamoDB Local's stream API.
	if _, err := streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: tb.LatestStreamArn}); err != nil {
		t.Errorf("describe stream: %v", err)
	}
	if s3c == nil {
		return
	}
	v, err := s3c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("ictgov-local-documents-000000000000-us-east-1")})
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != s3types.BucketVersioningStatusEnabled {
		t.Errorf("versioning %q", v.Status)
	}
}
