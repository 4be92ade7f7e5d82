package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

func TestLinesCarryFunctionRequestAndApplication(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, "WARN", "Applications")
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
	ctx = WithApplication(ctx, "01jd8w0a1b2c3d4e5f6g7h8j9k")
	l.InfoContext(ctx, "below the level")
	l.With("step", "ab_check").WarnContext(ctx, "kept")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("want exactly one JSON line, got %q: %v", buf.String(), err)
	}
	for k, v := range map[string]string{"msg": "kept", "level": "WARN", KeyFunction: "Applications",
		KeyRequestID: "req-1", KeyApplication: "01jd8w0a1b2c3d4e5f6g7h8j9k", "step": "ab_check"} {
		if line[k] != v {
			t.Errorf("%s = %v, want %q (line %s)", k, line[k], v, buf.String())
		}
	}
	buf.Reset()
	l.Info("no context")
	if bytes.Contains(buf.Bytes(), []byte(KeyRequestID)) || bytes.Contains(buf.Bytes(), []byte(KeyApplication)) {
		t.Errorf("a line without context names a request or application: %s", buf.String())
	}
}

func TestLevel(t *testing.T) {
	for in, want := range map[string]slog.Level{"TRACE": slog.LevelDebug, "debug": slog.LevelDebug, "": slog.LevelInfo,
		"INFO": slog.LevelInfo, "WARN": slog.LevelWarn, "ERROR": slog.LevelError, "FATAL": slog.LevelError, "loud": slog.LevelInfo} {
		if got := Level(in); got != want {
			t.Errorf("Level(%q) = %v, want %v", in, got, want)
		}
	}
}
