package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/dynamo"
)

// sweeper is the part of the store the function uses.
type sweeper interface {
	Sweep(ctx context.Context, now time.Time, opt dynamo.SweepOptions) (dynamo.SweepStats, error)
}

// decisionStarter finishes the start of decisions (shared/dynamo/decisions.go).
type decisionStarter interface {
	StartPendingDecisions(ctx context.Context, now time.Time) (int, error)
}

type handler struct {
	store sweeper
	log   *slog.Logger
	opt   dynamo.SweepOptions
}

// scheduledEvent is the part of the event the sweep needs. EventBridge Scheduler sends
// the template's Input with <aws.scheduler.scheduled-time> substituted; an EventBridge
// rule's "Scheduled Event" envelope carries the same top-level "time".
type scheduledEvent struct {
	Time string `json:"time"`
}

// scheduledTime is the sweep's "now": the moment the run was scheduled for, taken from
// the event and never from the wall clock, so that a late or retried delivery judges
// deadlines as of its own moment and an auditor can replay a sweep as of a given time.
func scheduledTime(raw []byte) (time.Time, error) {
	var ev scheduledEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		return time.Time{}, fmt.Errorf("decode scheduled event: %w", err)
	}
	if strings.TrimSpace(ev.Time) == "" {
		return time.Time{}, fmt.Errorf("scheduled event has no \"time\": the sweep does not guess its moment")
	}
	t, err := time.Parse(time.RFC3339Nano, ev.Time)
	if err != nil {
		return time.Time{}, fmt.Errorf("scheduled event \"time\" %q is not an RFC 3339 instant: %w", ev.Time, err)
	}
	return t.UTC(), nil
}

// Handle runs one sweep and logs what it did. It returns the stats too, so a manual
// invocation (a replay) shows them; a failure is returned for the scheduler to retry,
// which is safe because every firing is claimed once.
func (h *handler) Handle(ctx context.Context, raw json.RawMessage) (dynamo.SweepStats, error) {
	now, err := scheduledTime(raw)
	if err != nil {
		h.log.ErrorContext(ctx, "deadline check refused its event", "err", err)
		return dynamo.SweepStats{}, err
	}
	if ds, ok := h.store.(decisionStarter); ok {
		// 000: a decision whose D was set but whose organisations' clocks were not all
		// written (the request that set D was interrupted) is finished before the sweep,
		// so its gates are watched from this run on.
		if n, err := ds.StartPendingDecisions(ctx, now); err != nil {
			h.log.ErrorContext(ctx, "start pending decisions", "finished", n, "err", err)
		}
	}
	stats, err := h.store.Sweep(ctx, now, h.opt)
	if err != nil {
		h.log.ErrorContext(ctx, "deadline check failed", "stats", stats, "err", err)
		return stats, err
	}
	h.log.InfoContext(ctx, "deadline check done", "stats", stats)
	return stats, nil
}
