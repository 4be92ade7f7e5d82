// Command deadline-check is the DeadlineCheck function: an hourly EventBridge Scheduler
// (ScheduleV2, Asia/Almaty) target that fires the step clocks and terms that are due.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/dynamo"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	slog.SetDefault(log)
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
