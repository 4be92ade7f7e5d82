package dynamo

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// NewClient returns a DynamoDB client from the standard AWS configuration chain. When an
// endpoint override is set (AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL, as for
// DynamoDB Local or LocalStack), response checksum validation is off: DynamoDB Local's
// error responses fail it and make the SDK log spurious warnings.
func NewClient(ctx context.Context, optFns ...func(*dynamodb.Options)) (*dynamodb.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	local := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB") != "" || os.Getenv("AWS_ENDPOINT_URL") != ""
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		if local {
			o.DisableValidateResponseChecksum = true
		}
		for _, f := range optFns {
			f(o)
		}
	}), nil
}

// Tables names the two tables the store uses.
type Tables struct {
	Registry    string
	Idempotency string
}

// TablesFromEnv reads the table names that template.yaml passes to every function.
func TablesFromEnv() (Tables, error) {
	t := Tables{Registry: os.Getenv("TABLE_NAME"), Idempotency: os.Getenv("IDEMPOTENCY_TABLE_NAME")}
	if t.Registry == "" || t.Idempotency == "" {
		return t, fmt.Errorf("TABLE_NAME and IDEMPOTENCY_TABLE_NAME must be set")
	}
	return t, nil
}
