package fault_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ictgov/ictgov/shared/fault"
)

func TestKindSurvivesWrapping(t *testing.T) {
	base := fault.E(fault.Conflict, "application is %s", "included")
	wrapped := fmt.Errorf("decide: %w", base)
	if got := fault.KindOf(wrapped); got != fault.Conflict {
		t.Fatalf("KindOf = %v, want conflict", got)
	}
	if !fault.Is(wrapped, fault.Conflict) || fault.Is(wrapped, fault.NotFound) {
		t.Fatal("Is disagrees with KindOf")
	}
	if fault.KindOf(errors.New("plain")) != fault.Internal {
		t.Fatal("a plain error must be internal")
	}
	if fault.Is(nil, fault.Internal) {
		t.Fatal("nil is no error of any kind")
	}
}

func TestWrapKeepsCauseOutOfDetail(t *testing.T) {
	cause := errors.New("dial tcp 127.0.0.1:8000: connection refused")
	err := fault.Wrap(fault.Unavailable, cause, "the registry store is unavailable")
	if err.Detail != "the registry store is unavailable" {
		t.Fatalf("detail leaked or changed: %q", err.Detail)
	}
	if !errors.Is(err, cause) {
		t.Fatal("cause must stay reachable for logs")
	}
}
