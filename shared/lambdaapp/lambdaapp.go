// Package lambdaapp is what every function's main needs at start: the store and the
// documents bucket from the environment template.yaml sets, and the HTTP adapter for API
// Gateway v2 events (logging is shared/logging). Mains stay wiring only.
package lambdaapp

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/s3store"
)

// Store opens the registry store named by TABLE_NAME and IDEMPOTENCY_TABLE_NAME.
func Store(ctx context.Context) (*dynamo.Store, error) {
	t, err := dynamo.TablesFromEnv()
	if err != nil {
		return nil, err
	}
	db, err := dynamo.NewClient(ctx)
	if err != nil {
		return nil, err
	}
	return dynamo.New(db, t), nil
}

// Bucket opens the documents bucket named by BUCKET_NAME.
func Bucket(ctx context.Context) (*s3store.Bucket, error) {
	name := os.Getenv("BUCKET_NAME")
	if name == "" {
		return nil, fmt.Errorf("BUCKET_NAME must be set")
	}
	c, err := s3store.NewClient(ctx)
	if err != nil {
		return nil, err
	}
	return s3store.New(c, name), nil
}

// HTTP adapts a handler to API Gateway HTTP API (payload 2.0) events.
func HTTP(h http.Handler) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return httpadapter.NewV2(h).ProxyWithContext
}

// StoreAndBucket opens both, for the functions that read and write documents.
func StoreAndBucket(ctx context.Context) (*dynamo.Store, *s3store.Bucket, error) {
	store, err := Store(ctx)
	if err != nil {
		return nil, nil, err
	}
	docs, err := Bucket(ctx)
	if err != nil {
		return nil, nil, err
	}
	return store, docs, nil
}
