package id

import (
	"testing"
	"time"
)

func TestNewSortsByTime(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	prev := New(t0)
	for i := 1; i < 200; i++ {
		next := New(t0.Add(time.Duration(i) * time.Millisecond))
		if next <= prev {
			t.Fatalf("id %d (%s) does not sort after %s", i, next, prev)
		}
		if !Valid(next) {
			t.Fatalf("New produced an invalid id %q", next)
		}
		prev = next
	}
}

func TestNewIsUnique(t *testing.T) {
	now := time.Now()
	seen := map[string]bool{}
	for i := 0; i < 10000; i++ {
		s := New(now)
		if seen[s] {
			t.Fatalf("duplicate id %s", s)
		}
		seen[s] = true
	}
}

func TestEncodeKnownValue(t *testing.T) {
	var b [16]byte
	b[15] = 1
	if got := encode(b); got != "00000000000000000000000001" {
		t.Fatalf("encode(1) = %s", got)
	}
	for i := range b {
		b[i] = 0xff
	}
	if got := encode(b); got != "7zzzzzzzzzzzzzzzzzzzzzzzzz" {
		t.Fatalf("encode(max) = %s", got)
	}
}

func FuzzValid(f *testing.F) {
	f.Add("01jdq3v5m8k2w6x9y0z1a2b3c4")
	f.Add("../../etc/passwd")
	f.Fuzz(func(t *testing.T, s string) {
		if Valid(s) && len(s) != 26 {
			t.Fatalf("Valid accepted %q", s)
		}
	})
}
