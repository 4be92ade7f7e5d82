// Command latvia is the Latvia function: the ICT consolidation decision of seed 000
// (decisions, the organisations' hierarchy, the freeze and the investment check) and the
// open-government action plan tracker of seed 001 (plans, measures, risks, opinions,
// annual reports frozen in S3, the plan as open data).
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
	store, bucket, err := lambdaapp.StoreAndBucket(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	h := &httpapi.Latvia{Store: store, Reports: bucket}
	lambda.Start(lambdaapp.HTTP(h.Routes()))
}
