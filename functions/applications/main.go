// Command applications is the Applications function: intake, documents' upload slots,
// transitions, queues, the audit trail, the inbox, health and the OpenAPI document.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/logging"
)

func main() {
	log := logging.Setup()
	store, docs, err := lambdaapp.StoreAndBucket(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	h := &httpapi.Applications{Store: store, Docs: docs, Guard: store}
	lambda.Start(lambdaapp.HTTP(h.Routes()))
}
