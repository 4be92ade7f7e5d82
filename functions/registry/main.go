// Command registry is the Registry function: objects and their life cycle, documents,
// warranty, developments and budget gate (003), cessation and exclusion (002 ¶11), and
// the public operator's list.
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
	h := &httpapi.Registry{Store: store, Docs: docs}
	lambda.Start(lambdaapp.HTTP(h.Routes()))
}
