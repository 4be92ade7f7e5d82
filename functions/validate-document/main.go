// Command validate-document is the ValidateDocument function: on every ObjectCreated in
// the documents bucket it checks the bytes against the declared type, size and SHA-256
// and records the document valid or rejected, with reasons and the S3 version.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/logging"
	"github.com/ictgov/ictgov/shared/validator"
)

func main() {
	log := logging.Setup()
	store, docs, err := lambdaapp.StoreAndBucket(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	v := &validator.Validator{Store: store, Docs: docs, Log: log}
	lambda.Start(v.Handle)
}
