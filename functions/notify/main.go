// Command notify is the Notify function: it turns the notices that trail entries carry,
// from the registry table's stream, into inbox entries and e-mails (template.yaml,
// resource Notify).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/mail"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: level()}))
	slog.SetDefault(log)
	h, err := setup(context.Background(), log)
	if err != nil {
		// Configuration errors fail the cold start loudly rather than every record quietly.
		log.Error("notify: cannot start", "error", err)
		os.Exit(1)
	}
	lambda.Start(h.handle)
}

func setup(ctx context.Context, log *slog.Logger) (*handler, error) {
	tables, err := dynamo.TablesFromEnv()
	if err != nil {
		return nil, err
	}
	db, err := dynamo.NewClient(ctx)
	if err != nil {
		return nil, err
	}
	recipients, err := notify.ParseRecipients(os.Getenv("NOTIFICATION_RECIPIENTS"))
	if err != nil {
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
	return &handler{store: dynamo.New(db, tables), sender: sender, recipients: recipients, from: from,
		backoff: notify.DefaultBackoff, titles: procedure.Titles{}, now: time.Now, log: log}, nil
}

// level follows the template's LoggingConfig (ApplicationLogLevel), which Lambda passes as
// AWS_LAMBDA_LOG_LEVEL.
func level() slog.Level {
	switch strings.ToUpper(os.Getenv("AWS_LAMBDA_LOG_LEVEL")) {
	case "DEBUG":
		return slog.LevelDebug
	case "WARN":
		return slog.LevelWarn
	case "ERROR":
		return slog.LevelError
	}
	return slog.LevelInfo
}
