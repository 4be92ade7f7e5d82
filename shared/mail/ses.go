package mail

import (
	"context"
	"errors"
	"fmt"
	"github.com/ictgov/ictgov/shared/notify"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// SESAPI is the part of the SES v2 client the sender uses.
type SESAPI interface {
	SendEmail(context.Context, *sesv2.SendEmailInput, ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)
}

// SESSender sends through Amazon SES v2 with simple content. SES sets notify.Message-ID and Date
// itself (it overrides both), so the notice id also travels in X-Ictgov-Notice-Id.
type SESSender struct {
	Client SESAPI
}

// Send sends one message to all recipients as Bcc, matching the SMTP sender's
// undisclosed-recipients form.
func (s SESSender) Send(ctx context.Context, m notify.Message) error {
	headers := []types.MessageHeader{{Name: aws.String("Auto-Submitted"), Value: aws.String("auto-generated")}}
	if notify.DotAtom(m.NoticeID) {
		headers = append(headers, types.MessageHeader{Name: aws.String("X-Ictgov-Notice-Id"), Value: aws.String(m.NoticeID)})
	}
	_, err := s.Client.SendEmail(ctx, &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(m.From),
		Destination:      &types.Destination{BccAddresses: m.To},
		Content: &types.EmailContent{Simple: &types.Message{
			// With a charset SES encodes a non-ASCII subject as RFC 2047 words itself.
			Subject: &types.Content{Data: aws.String(notify.OneLine(m.Subject)), Charset: aws.String("UTF-8")},
			Body:    &types.Body{Text: &types.Content{Data: aws.String(m.Text), Charset: aws.String("UTF-8")}},
			Headers: headers,
		}},
	})
	if err != nil {
		return sesErr(err)
	}
	return nil
}

// sesErr sorts SES failures: throttling, quota and service faults pass (retry later);
// a rejected message, an unverified or paused sender and a malformed request are permanent.
func sesErr(err error) error {
	err = fmt.Errorf("ses SendEmail: %w", err)
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "TooManyRequestsException", "LimitExceededException", "InternalServiceErrorException",
			"ServiceUnavailable", "Throttling", "ThrottlingException", "RequestTimeout":
			return err
		case "MessageRejected", "MailFromDomainNotVerifiedException", "BadRequestException",
			"NotFoundException", "AccountSuspendedException", "SendingPausedException":
			return notify.Permanent(err)
		}
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() >= 400 && re.HTTPStatusCode() < 500 && re.HTTPStatusCode() != 429 {
		return notify.Permanent(err)
	}
	// Transport failures and 5xx answers.
	return err
}

// SenderFromEnv chooses the mail transport: SMTP to ICTGOV_SMTP_ADDR when it is set (the
// local stack's Mailpit), otherwise SES v2 from the standard AWS configuration. The SDK's
// own retries are off: Backoff is the one retry policy, so attempts stay bounded.
func SenderFromEnv(ctx context.Context) (notify.Sender, error) {
	if addr := os.Getenv("ICTGOV_SMTP_ADDR"); addr != "" {
		return SMTPSender{Addr: addr}, nil
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS config for SES: %w", err)
	}
	return SESSender{Client: sesv2.NewFromConfig(cfg, func(o *sesv2.Options) { o.RetryMaxAttempts = 1 })}, nil
}
