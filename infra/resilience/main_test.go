package resilience

import (
	"log/slog"
	"os"
	"testing"
)

// TestMain keeps the handlers' expected warnings (503s while a server is down) out of
// the output; errors (a 500's cause) still show.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	os.Exit(m.Run())
}
