// Command notify is the Notify function: it turns the notices that trail entries carry,
// from the registry table's stream, into inbox entries and e-mails (template.yaml,
// resource Notify).
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/logging"
	"github.com/ictgov/ictgov/shared/mail"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

// recipientsTTL is how long a warm instance keeps the recipients before reading the
// parameter store again.
const recipientsTTL = 5 * time.Minute

func main() {
	log := logging.Setup()
	h, err := setup(context.Background(), log)
	if err != nil {
		// Configuration errors fail the cold start loudly rather than every record quietly.
		log.Error("notify: cannot start", "error", err)
		os.Exit(1)
	}
	lambda.Start(h.handle)
}

func setup(ctx context.Context, log *slog.Logger) (*handler, error) {
	store, err := lambdaapp.Store(ctx)
	if err != nil {
		return nil, err
	}
	path := os.Getenv("RECIPIENTS_PARAMETER_PATH")
	if path == "" {
		return nil, errors.New("RECIPIENTS_PARAMETER_PATH must be set")
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("AWS config: %w", err)
	}
	src := &recipientSource{api: ssm.NewFromConfig(cfg), path: path, ttl: recipientsTTL, now: time.Now, log: log}
	if _, err := src.Get(ctx); err != nil {
		return nil, err
	}
	from, err := notify.ParseAddress(os.Getenv("MAIL_FROM"))
	if err != nil {
		return nil, fmt.Errorf("MAIL_FROM: %w", err)
	}
	sender, err := mail.SenderFromEnv(ctx)
	if err != nil {
		return nil, err
	}
	return &handler{store: store, sender: sender, recipients: src.Get, from: from,
		backoff: notify.DefaultBackoff, titles: procedure.Titles{}, now: time.Now, log: log}, nil
}
