package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/dynamo"
)

type fakeStore struct {
	calls []time.Time
	err   error
}

func (f *fakeStore) Sweep(_ context.Context, now time.Time, _ dynamo.SweepOptions) (dynamo.SweepStats, error) {
	f.calls = append(f.calls, now)
	return dynamo.SweepStats{Now: now, Fired: 2, Reminders: 1, Overdue: 1}, f.err
}

func TestHandleTakesNowFromTheEvent(t *testing.T) {
	sample, err := os.ReadFile(filepath.Join("..", "..", "events", "deadline-check-scheduled.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 11, 25, 8, 5, 0, 0, time.UTC)
	for name, ev := range map[string]string{
		"scheduler sample": string(sample),
		"eventbridge rule": `{"version":"0","id":"x","detail-type":"Scheduled Event","source":"aws.events","account":"1","time":"2026-11-25T08:05:00Z","region":"us-east-1","resources":[],"detail":{}}`,
		"offset time":      `{"time":"2026-11-25T13:05:00+05:00"}`,
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			fs := &fakeStore{}
			h := &handler{store: fs, log: slog.New(slog.NewJSONHandler(&logs, nil))}
			stats, err := h.Handle(context.Background(), json.RawMessage(ev))
			if err != nil {
				t.Fatal(err)
			}
			if len(fs.calls) != 1 || !fs.calls[0].Equal(want) || fs.calls[0].Location() != time.UTC || stats.Fired != 2 {
				t.Fatalf("calls %v, stats %+v", fs.calls, stats)
			}
			var line struct {
				Msg   string            `json:"msg"`
				Stats dynamo.SweepStats `json:"stats"`
			}
			if err := json.Unmarshal(logs.Bytes(), &line); err != nil || line.Stats.Overdue != 1 {
				t.Fatalf("log %q: %v", logs.String(), err)
			}
		})
	}
}

func TestHandleRefusesAnEventWithoutItsMoment(t *testing.T) {
	for name, ev := range map[string]string{
		"no time":        `{"source":"aws.scheduler","detail-type":"Scheduled Event"}`,
		"empty time":     `{"time":""}`,
		"placeholder":    `{"time":"<aws.scheduler.scheduled-time>"}`,
		"date only":      `{"time":"2026-11-25"}`,
		"not json":       `time=2026-11-25T08:05:00Z`,
		"time is number": `{"time":1764057900}`,
	} {
		t.Run(name, func(t *testing.T) {
			fs := &fakeStore{}
			h := &handler{store: fs, log: slog.New(slog.NewJSONHandler(&bytes.Buffer{}, nil))}
			if _, err := h.Handle(context.Background(), json.RawMessage(ev)); err == nil {
				t.Fatal("accepted")
			}
			if len(fs.calls) != 0 {
				t.Fatal("swept without a moment")
			}
		})
	}
}

func TestHandleReturnsSweepFailure(t *testing.T) {
	var logs bytes.Buffer
	boom := errors.New("boom")
	h := &handler{store: &fakeStore{err: boom}, log: slog.New(slog.NewJSONHandler(&logs, nil))}
	stats, err := h.Handle(context.Background(), json.RawMessage(`{"time":"2026-11-25T08:05:00Z"}`))
	if !errors.Is(err, boom) || stats.Fired != 2 || !strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Fatalf("err %v stats %+v log %s", err, stats, logs.String())
	}
}
