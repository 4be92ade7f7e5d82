// Command deadline-check is the DeadlineCheck function: an hourly EventBridge Scheduler
// (ScheduleV2, Asia/Almaty) target that fires the step clocks and terms that are due.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/logging"
)

func main() {
	log := logging.Setup()
	store, err := lambdaapp.Store(context.Background())
	if err != nil {
		log.Error("configuration", "err", err)
		os.Exit(1)
	}
	h := &handler{store: store, log: log}
	lambda.Start(h.Handle)
}
