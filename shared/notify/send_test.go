package notify

import (
	"context"
	"errors"
	"testing"
	"time"
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
