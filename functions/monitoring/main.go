// Command monitoring is the Monitoring function: compliance monitoring of ICT projects
// (004 ¶19–¶29) — projects and their stages, assessments, recommendations, risk factors,
// architectural control findings, the frozen monitoring reports and the ¶29 summary.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/logging"
	"github.com/ictgov/ictgov/shared/monitoring"
)

func main() {
	log := logging.Setup()
	cfg, err := monitoring.ParseConfig(os.Getenv)
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	store, reports, err := lambdaapp.StoreAndBucket(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	h := &httpapi.Monitoring{Store: store, Reports: reports, Config: cfg}
	lambda.Start(lambdaapp.HTTP(h.Routes()))
}
