package notify

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

func fast() Backoff {
	return Backoff{Attempts: 4, Base: time.Millisecond, Max: 4 * time.Millisecond, Rand: func() float64 { return 0.5 }}
}

func TestBackoffRetriesTransient(t *testing.T) {
	calls := 0
	err := fast().Do(context.Background(), func(context.Context) error {
		calls++
		if calls < 3 {
			return errors.New("connection reset")
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Errorf("err %v after %d calls; want success on the 3rd", err, calls)
	}
}

func TestBackoffIsBounded(t *testing.T) {
	calls := 0
	transient := errors.New("451 try later")
	err := fast().Do(context.Background(), func(context.Context) error { calls++; return transient })
	if !errors.Is(err, transient) || calls != 4 {
		t.Errorf("err %v after %d calls; want the last error after 4", err, calls)
	}
}

func TestBackoffStopsOnPermanent(t *testing.T) {
	calls := 0
	err := fast().Do(context.Background(), func(context.Context) error {
		calls++
		return Permanent(errors.New("550 no such user"))
	})
	if !IsPermanent(err) || calls != 1 {
		t.Errorf("err %v after %d calls; want a permanent error after 1", err, calls)
	}
}

func TestBackoffHonoursDeadline(t *testing.T) {
	b := Backoff{Attempts: 10, Base: time.Second, Max: time.Second, Rand: func() float64 { return 0.99 }}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start, calls := time.Now(), 0
	err := b.Do(ctx, func(context.Context) error { calls++; return errors.New("timeout") })
	if err == nil || calls != 1 || time.Since(start) > 150*time.Millisecond {
		t.Errorf("err %v, %d calls in %v: want an immediate give-up when the wait would pass the deadline",
			err, calls, time.Since(start))
	}
}

func TestBackoffDelays(t *testing.T) {
	b := DefaultBackoff
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}
	for i, w := range want {
		if got := b.Delay(i); got != w {
			t.Errorf("Delay(%d) = %v, want %v", i, got, w)
		}
	}
	if b.Delay(70) != b.Max {
		t.Error("overflowing shift not capped")
	}
}

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
		if got := IsPermanent(tc.err); got != tc.permanent {
			t.Errorf("%s: permanent = %v, want %v (%v)", tc.name, got, tc.permanent, tc.err)
		}
		if Retryable(context.Background(), tc.err) == tc.permanent {
			t.Errorf("%s: Retryable disagrees with IsPermanent", tc.name)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if Retryable(ctx, errors.New("anything")) {
		t.Error("retrying after the caller gave up")
	}
	if redacted := redact(&textproto.Error{Code: 550, Msg: "<secret@x.example> unknown"}); strings.Contains(redacted.Error(), "secret") ||
		!strings.Contains(redacted.Error(), "550") {
		t.Errorf("redact: %v", redacted)
	}
}
