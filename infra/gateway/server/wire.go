package server

import (
	"context"
	"time"

	"github.com/ictgov/ictgov/infra/gateway/schedule"
	"github.com/ictgov/ictgov/infra/gateway/stream"
)

// DefaultTriggers wires the schedule and stream packages: ScheduleV2 events fire on
// their cron/rate/at expressions and DynamoDB streams are polled.
func DefaultTriggers() *Triggers {
	return &Triggers{
		ParseSchedule: func(expr, tz string) (Schedule, error) {
			s, err := schedule.Parse(expr, tz)
			if err != nil {
				return nil, err
			}
			return wiredSchedule{s}, nil
		},
		SchedulePayload: schedule.Payload,
		RunStream: func(ctx context.Context, spec StreamSpec) error {
			retries := 0 // the poller's default
			switch {
			case spec.MaxRetries == 0:
				retries = -1 // MaximumRetryAttempts: 0 means no retries
			case spec.MaxRetries > 0:
				retries = spec.MaxRetries
			}
			p := &stream.Poller{Streams: spec.Streams, DDB: spec.DDB, Table: spec.Table, BatchSize: spec.BatchSize,
				Filters: spec.Filters, StartingPosition: spec.StartingPosition, Deliver: spec.Deliver,
				Log: spec.Log, MaxRetryAttempts: retries, OnFailure: spec.OnFailure}
			return p.Run(ctx)
		},
	}
}

type wiredSchedule struct{ *schedule.Schedule }

func (w wiredSchedule) Run(ctx context.Context, fire func(context.Context, time.Time)) {
	schedule.Run(ctx, w.Schedule, fire)
}
