// Command deadline-check is the DeadlineCheck function: an hourly EventBridge Scheduler
// (ScheduleV2, Asia/Almaty) target that fires the step clocks and terms that are due.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/logging"
)

func main() {
	log := logging.Setup()
	tables, err := dynamo.TablesFromEnv()
	if err != nil {
		log.Error("configuration", "err", err)
		os.Exit(1)
	}
	db, err := dynamo.NewClient(context.Background())
	if err != nil {
		log.Error("configuration", "err", err)
		os.Exit(1)
	}
	h := &handler{store: dynamo.New(db, tables), log: log}
	lambda.Start(h.Handle)
}
