package calendar

import (
	"errors"
	"testing"
	"time"
)

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

func TestParseDate(t *testing.T) {
	good := []string{"2024-02-29", "2026-12-31", "0001-01-01", "9999-12-31", "2000-02-29"}
	for _, s := range good {
		d, err := ParseDate(s)
		if err != nil {
			t.Errorf("ParseDate(%q) error %v", s, err)
			continue
		}
		if d.String() != s {
			t.Errorf("round trip %q -> %q", s, d.String())
		}
	}
	bad := []string{
		"", "2025-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "2025-01-00",
		"0000-01-01", "2025-1-01", "2025-01-1", " 2025-01-01", "2025-01-01 ", "2025/01/01",
		"2025-01-01T00:00:00Z", "+025-01-01", "-025-01-01", "２０２５-01-01", "20250101",
	}
	for _, s := range bad {
		if d, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want error", s, d)
		} else if !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) error %v does not wrap ErrInvalidDate", s, err)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := mustDate(t, "2024-02-28")
	if got := d.AddDays(1).String(); got != "2024-02-29" {
		t.Errorf("leap day: got %s", got)
	}
	if got := d.AddDays(2).String(); got != "2024-03-01" {
		t.Errorf("after leap day: got %s", got)
	}
	if got := mustDate(t, "2025-02-28").AddDays(1).String(); got != "2025-03-01" {
		t.Errorf("non-leap: got %s", got)
	}
	if got := mustDate(t, "2026-01-01").AddDays(-1).String(); got != "2025-12-31" {
		t.Errorf("backwards over year end: got %s", got)
	}
	a, b := mustDate(t, "2025-12-31"), mustDate(t, "2026-01-01")
	if !a.Before(b) || a.After(b) || !b.After(a) || b.Before(a) || a.Before(a) || a.After(a) {
		t.Errorf("Before/After wrong for %s, %s", a, b)
	}
	if mustDate(t, "2026-03-01") != (Date{2026, time.March, 1}) {
		t.Error("Date must be comparable with ==")
	}
}

func TestAddMonths(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-31", 1, "2025-02-28"}, // no 31 Feb: last day of February
		{"2024-01-31", 1, "2024-02-29"}, // leap year
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2024-02-29", 1, "2024-03-29"}, // corresponding day exists: no jump to month end
		{"2025-03-31", -1, "2025-02-28"},
		{"2025-08-31", 6, "2026-02-28"}, // seed 000/001: D = 31 Aug plus 6 months
		{"2024-05-31", 1, "2024-06-30"},
		{"2025-12-15", 1, "2026-01-15"},
		{"2025-01-15", -1, "2024-12-15"},
		{"2025-11-30", 3, "2026-02-28"},
		{"2026-06-15", 0, "2026-06-15"},
		{"2026-01-31", -13, "2024-12-31"},
	}
	for _, c := range cases {
		if got := AddMonths(mustDate(t, c.from), c.n).String(); got != c.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestDateOf(t *testing.T) {
	almaty, _ := time.LoadLocation("Asia/Almaty")
	riga, _ := time.LoadLocation("Europe/Riga")
	instant := time.Date(2026, 11, 25, 20, 30, 0, 0, time.UTC)
	if got := DateOf(instant, almaty).String(); got != "2026-11-26" {
		t.Errorf("Almaty (UTC+5): got %s", got)
	}
	if got := DateOf(instant, riga).String(); got != "2026-11-25" {
		t.Errorf("Riga (UTC+2): got %s", got)
	}
	if got := DateOf(instant, nil).String(); got != "2026-11-25" {
		t.Errorf("nil location should mean UTC: got %s", got)
	}
}
