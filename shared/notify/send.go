package notify

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Sender delivers one message to all its envelope recipients, or reports why not. An error
// marked Permanent will fail again however often it is retried (a refused address, an
// unverified sender); any other error is worth another attempt.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// permanentError marks a failure that no retry can cure.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return "permanent: " + e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as not worth retrying.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// Retryable reports whether another attempt might succeed: not for permanent failures, and
// not once the caller has given up (its context is done).
func Retryable(ctx context.Context, err error) bool {
	if err == nil || IsPermanent(err) || ctx.Err() != nil {
		return false
	}
	return !errors.Is(err, context.Canceled)
}

// Backoff is a bounded retry policy: exponential delays with full jitter, so that many
// invocations failing together (a mail server restart) do not retry in step.
type Backoff struct {
	Attempts int           // total attempts, the first included
	Base     time.Duration // the first delay's upper bound; doubled per attempt
	Max      time.Duration // cap on any one delay
	// Rand returns a number in [0,1); nil uses math/rand/v2. Tests make it fixed.
	Rand func() float64
}

// DefaultBackoff fits the Notify function's 60 s timeout: at most 4 attempts with delays
// under 0.5, 1 and 2 s between them, leaving the rest of the invocation to other records.
var DefaultBackoff = Backoff{Attempts: 4, Base: 500 * time.Millisecond, Max: 4 * time.Second}

// Delay is the upper bound of the wait before attempt i+1 (i counts from 0).
func (b Backoff) Delay(i int) time.Duration {
	d := b.Base << i
	if d <= 0 || d > b.Max {
		d = b.Max
	}
	return d
}

// Do runs op until it succeeds, fails in a way Retryable refuses, or the attempts are used
// up. It never sleeps past the context's deadline: when the next wait would end after it,
// the last error is returned at once so the caller can still answer in time. The returned
// error is op's last error, with the number of attempts.
func (b Backoff) Do(ctx context.Context, op func(context.Context) error) error {
	attempts := max(b.Attempts, 1)
	rnd := b.Rand
	if rnd == nil {
		rnd = rand.Float64
	}
	n := 0
	var err error
	for n < attempts {
		n++
		if err = op(ctx); err == nil {
			return nil
		}
		if !Retryable(ctx, err) || n == attempts {
			break
		}
		wait := time.Duration(rnd() * float64(b.Delay(n-1)))
		if dl, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(dl) {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("after %d attempt(s): %w", n, err)
		case <-t.C:
		}
	}
	return fmt.Errorf("after %d attempt(s): %w", n, err)
}
