package mail

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/ictgov/ictgov/shared/notify"
)

func TestClassification(t *testing.T) {
	for _, tc := range []struct {
		name      string
		err       error
		permanent bool
	}{
		{"smtp 550", smtpErr("RCPT TO", &textproto.Error{Code: 550, Msg: "no such user"}), true},
		{"smtp 554", smtpErr("DATA end", &textproto.Error{Code: 554, Msg: "rejected"}), true},
		{"smtp 421", smtpErr("MAIL FROM", &textproto.Error{Code: 421, Msg: "shutting down"}), false},
		{"smtp 452", smtpErr("RCPT TO", &textproto.Error{Code: 452, Msg: "mailbox full"}), false},
		{"smtp broken pipe", smtpErr("DATA write", errors.New("write: broken pipe")), false},
		{"ses throttled", sesErr(&smithy.GenericAPIError{Code: "TooManyRequestsException"}), false},
		{"ses quota", sesErr(&smithy.GenericAPIError{Code: "LimitExceededException"}), false},
		{"ses rejected", sesErr(&smithy.GenericAPIError{Code: "MessageRejected"}), true},
		{"ses unverified", sesErr(&smithy.GenericAPIError{Code: "MailFromDomainNotVerifiedException"}), true},
		{"ses bad request", sesErr(&smithy.GenericAPIError{Code: "BadRequestException"}), true},
		{"ses transport", sesErr(fmt.Errorf("dial tcp: i/o timeout")), false},
	} {
		if got := notify.IsPermanent(tc.err); got != tc.permanent {
			t.Errorf("%s: permanent = %v, want %v (%v)", tc.name, got, tc.permanent, tc.err)
		}
		if notify.Retryable(context.Background(), tc.err) == tc.permanent {
			t.Errorf("%s: Retryable disagrees with IsPermanent", tc.name)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if notify.Retryable(ctx, errors.New("anything")) {
		t.Error("retrying after the caller gave up")
	}
	if redacted := redact(&textproto.Error{Code: 550, Msg: "<secret@x.example> unknown"}); strings.Contains(redacted.Error(), "secret") ||
		!strings.Contains(redacted.Error(), "550") {
		t.Errorf("redact: %v", redacted)
	}
}
