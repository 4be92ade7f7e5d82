// Package logging is the one logging set-up of every function: JSON lines on stdout (the
// template's LoggingConfig has LogFormat JSON, and Lambda keeps lines that are JSON
// already), at the level Lambda passes as AWS_LAMBDA_LOG_LEVEL (the template's
// ApplicationLogLevel), and every line carries the function's name, the Lambda request id
// of the invocation and, where one is in play, the application id.
package logging

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// Attribute names, the same in every function so one CloudWatch Logs Insights query
// follows a request or an application across them.
const (
	KeyFunction    = "function"
	KeyRequestID   = "requestId"
	KeyApplication = "applicationId"
)

// Setup installs the logger as slog's default and returns it. Mains call it first.
func Setup() *slog.Logger {
	l := New(os.Stdout, os.Getenv("AWS_LAMBDA_LOG_LEVEL"), os.Getenv("AWS_LAMBDA_FUNCTION_NAME"))
	slog.SetDefault(l)
	return l
}

// New is Setup's logger over any writer, for tests.
func New(w io.Writer, level, function string) *slog.Logger {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: Level(level)})
	l := slog.New(contextHandler{h})
	if function != "" {
		l = l.With(KeyFunction, function)
	}
	return l
}

// Level reads Lambda's log level names (TRACE and FATAL map to the nearest slog level);
// anything else is INFO.
func Level(s string) slog.Level {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "TRACE", "DEBUG":
		return slog.LevelDebug
	case "WARN":
		return slog.LevelWarn
	case "ERROR", "FATAL":
		return slog.LevelError
	}
	return slog.LevelInfo
}

type applicationKey struct{}

// WithApplication returns ctx carrying the application id that lines logged with it
// name; an empty id leaves ctx as it is.
func WithApplication(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	return context.WithValue(ctx, applicationKey{}, id)
}

// contextHandler adds what the context knows: the Lambda request id (aws-lambda-go puts
// it in every invocation's context, and the HTTP adapter passes that context to the
// request) and the application id.
type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if lc, ok := lambdacontext.FromContext(ctx); ok && lc.AwsRequestID != "" {
		r.AddAttrs(slog.String(KeyRequestID, lc.AwsRequestID))
	}
	if id, ok := ctx.Value(applicationKey{}).(string); ok {
		r.AddAttrs(slog.String(KeyApplication, id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(as)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}
