package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/ictgov/ictgov/infra/gateway/httpapi"
	"github.com/ictgov/ictgov/infra/gateway/rie"
	"github.com/ictgov/ictgov/infra/template"
)

func (s *Server) scheduleARN(ev *template.ScheduleEvent) string {
	return fmt.Sprintf("arn:aws:scheduler:%s:%s:schedule/default/%s", s.cfg.Region, s.tmpl.AccountID, ev.Name)
}

// schedulePayload uses the schedule package when wired, else a minimal stand-in that
// substitutes the scheduler's context attributes.
func (s *Server) schedulePayload(ev *template.ScheduleEvent, scheduled time.Time) []byte {
	arn := s.scheduleARN(ev)
	if t := s.cfg.Triggers; t != nil && t.SchedulePayload != nil {
		return t.SchedulePayload(ev.Input, scheduled, arn)
	}
	in := ev.Input
	if in == "" {
		in = `{"version":"0","detail-type":"Scheduled Event","source":"aws.scheduler","time":"<aws.scheduler.scheduled-time>","detail":{}}`
	}
	return []byte(strings.NewReplacer(
		"<aws.scheduler.scheduled-time>", scheduled.UTC().Format(time.RFC3339),
		"<aws.scheduler.schedule-arn>", arn,
		"<aws.scheduler.execution-id>", httpapi.NewRequestID(),
		"<aws.scheduler.attempt-number>", "1",
	).Replace(in))
}

// startTriggers parses every schedule (failing start-up on a bad expression), starts the
// schedule runners and the stream pollers.
func (s *Server) startTriggers(c clients) error {
	t := s.cfg.Triggers
	for _, f := range s.tmpl.Functions {
		for _, ev := range f.Events {
			switch {
			case ev.Schedule != nil && t != nil && t.ParseSchedule != nil:
				sch, err := t.ParseSchedule(ev.Schedule.Expression, ev.Schedule.Timezone)
				if err != nil {
					return fmt.Errorf("function %s event %s: schedule %q: %w", f.LogicalID, ev.Name, ev.Schedule.Expression, err)
				}
				s.mu.Lock()
				s.schedules[f.LogicalID+"/"+ev.Name] = sch
				s.mu.Unlock()
				if !ev.Schedule.Enabled || s.cfg.ManualSchedules {
					continue
				}
				fn, se := f.LogicalID, ev.Schedule
				s.wg.Add(1)
				go func() {
					defer s.wg.Done()
					sch.Run(s.bg, func(ctx context.Context, scheduled time.Time) {
						// The scheduler invokes asynchronously: retries, then the destination.
						s.invokeAsync(fn, "schedule", s.schedulePayload(se, scheduled))
					})
				}()
			case ev.DynamoDB != nil:
				if t == nil || t.RunStream == nil || !ev.DynamoDB.Enabled {
					continue
				}
				if c.ddb == nil {
					s.log.Warn("no DynamoDB endpoint: stream not polled", "function", f.LogicalID, "event", ev.Name)
					continue
				}
				table, _ := s.tmpl.TableName(ev.DynamoDB.Table)
				fn := f.LogicalID
				st := &streamState{spec: StreamSpec{Function: fn, Event: ev.Name, Table: table,
					BatchSize: ev.DynamoDB.BatchSize, Filters: ev.DynamoDB.Filters,
					StartingPosition: ev.DynamoDB.StartingPosition, MaxRetries: ev.DynamoDB.MaxRetries, Streams: c.streams, DDB: c.ddb,
					Log: s.log.With("function", fn, "event", ev.Name), Deliver: s.streamDeliver(fn)}}
				if ev.DynamoDB.OnFailure != "" {
					st.spec.OnFailure = s.streamFailure(fn, ev.DynamoDB.OnFailure)
				}
				s.mu.Lock()
				s.streams = append(s.streams, st)
				s.mu.Unlock()
				s.wg.Add(1)
				go func() {
					defer s.wg.Done()
					st.running.Store(true)
					defer st.running.Store(false)
					if err := t.RunStream(s.bg, st.spec); err != nil && s.bg.Err() == nil {
						s.log.Error("stream poller stopped", "function", fn, "table", table, "err", err)
					}
				}()
			}
		}
	}
	return nil
}

func (s *Server) fireSchedule(ctx context.Context, fn string, ev *template.ScheduleEvent, scheduled time.Time) (rie.Result, error) {
	return s.invoke(ctx, fn, "schedule", s.schedulePayload(ev, scheduled))
}

// streamDeliver invokes the function with a batch; a function error or timeout is an
// error, so the poller retries (or bisects) as Lambda's event source mapping would.
func (s *Server) streamDeliver(fn string) func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	return func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		var out events.DynamoDBEventResponse
		payload, err := json.Marshal(ev)
		if err != nil {
			return out, fmt.Errorf("encode stream batch: %w", err)
		}
		res, err := s.invoke(ctx, fn, "dynamodb", payload)
		if err != nil {
			return out, err
		}
		if res.Outcome != rie.OK {
			return out, fmt.Errorf("function %s: %s: %s", fn, res.Outcome, errorSummary(res.Body))
		}
		if len(res.Body) > 0 && string(res.Body) != "null" {
			// A response that is not a batch-failure report counts as full success.
			_ = json.Unmarshal(res.Body, &out)
		}
		return out, nil
	}
}

// handleFireSchedule delivers a schedule's payload now, for the scheduled time given
// (?time=RFC3339, default now), and answers with the function's raw response.
func (s *Server) handleFireSchedule(w http.ResponseWriter, r *http.Request) {
	fn, name := r.PathValue("fn"), r.PathValue("event")
	f := s.tmpl.Function(fn)
	var sched *template.ScheduleEvent
	if f != nil {
		for _, ev := range f.Events {
			if ev.Name == name && ev.Schedule != nil {
				sched = ev.Schedule
			}
		}
	}
	if sched == nil {
		httpapi.WriteProblem(w, http.StatusNotFound, fmt.Sprintf("no ScheduleV2 event %s on function %s", name, fn))
		return
	}
	at := time.Now().UTC().Truncate(time.Second)
	if q := r.URL.Query().Get("time"); q != "" {
		t, err := time.Parse(time.RFC3339, q)
		if err != nil {
			httpapi.WriteProblem(w, http.StatusBadRequest, "time must be RFC 3339, e.g. 2026-11-25T10:05:00Z")
			return
		}
		at = t
	}
	if r.URL.Query().Get("async") == "true" {
		// As the scheduler does it: retries and the on-failure destination; 202 at once.
		s.invokeAsync(fn, "schedule", s.schedulePayload(sched, at))
		w.WriteHeader(http.StatusAccepted)
		return
	}
	res, err := s.fireSchedule(r.Context(), fn, sched, at)
	if !s.writeFunctionFailure(w, fn, res, err) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(res.Body)
}
