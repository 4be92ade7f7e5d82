package calendar

import (
	"errors"
	"testing"
)

// FuzzAddWorkingDays checks the properties every deadline relies on, over any
// start date in (and slightly beyond) the loaded years and any n.
func FuzzAddWorkingDays(f *testing.F) {
	// offset-50 is the day index from 1 January of the first loaded year.
	f.Add(uint8(0), uint16(858), uint16(5))  // KZ 2026-03-19 + 5 (Nauryz)
	f.Add(uint8(1), uint16(404), uint16(10)) // LV 2024-12-20, Christmas swaps
	f.Add(uint8(0), uint16(1508), uint16(3)) // KZ 2027-12-29: fails closed into 2028
	f.Add(uint8(1), uint16(10), uint16(0))   // LV 2023-11-22: before the loaded years
	f.Add(uint8(1), uint16(0), uint16(0))
	f.Fuzz(func(t *testing.T, country uint8, offset uint16, nn uint16) {
		ccs := Countries()
		c, err := For(ccs[int(country)%len(ccs)])
		if err != nil {
			t.Fatal(err)
		}
		first, _ := c.Years()
		// Start up to ~100 days beyond the loaded range so fail-closed is exercised.
		from := Date{first, 1, 1}.AddDays(int(offset)%1560 - 50)
		n := int(nn) % 400

		due, err := c.AddWorkingDays(from, n)
		if err != nil {
			if !errors.Is(err, ErrYearNotLoaded) {
				t.Fatalf("AddWorkingDays(%s, %d): unexpected error %v", from, n, err)
			}
			if _, eerr := c.Explain(from, n); !errors.Is(eerr, ErrYearNotLoaded) {
				t.Fatalf("Explain disagrees on failure: %v", eerr)
			}
			return
		}
		if due.Before(from) {
			t.Fatalf("due %s before from %s", due, from)
		}
		if n == 0 && due != from {
			t.Fatalf("n=0: due %s != from %s", due, from)
		}
		if n > 0 {
			if ok, err := c.IsWorkingDay(due); err != nil || !ok {
				t.Fatalf("due %s (from %s, n %d) is not a working day: %v", due, from, n, err)
			}
			if !due.After(from) {
				t.Fatalf("n=%d but due %s not after from %s", n, due, from)
			}
		}
		// Monotonic: one more working day lands strictly later (or fails closed).
		if next, err := c.AddWorkingDays(from, n+1); err == nil {
			if !next.After(due) {
				t.Fatalf("not monotonic: n=%d -> %s, n+1 -> %s", n, due, next)
			}
		} else if !errors.Is(err, ErrYearNotLoaded) {
			t.Fatal(err)
		}
		e, err := c.Explain(from, n)
		if err != nil {
			t.Fatalf("Explain failed where Add succeeded: %v", err)
		}
		if e.Due != due || len(e.Counted) != n {
			t.Fatalf("Explain due %s with %d counted; Add gave %s for n=%d", e.Due, len(e.Counted), due, n)
		}
		// Counted + skipped cover every day after from up to due, exactly once.
		if got, want := len(e.Counted)+len(e.Skipped), daysBetween(from, due); got != want {
			t.Fatalf("explanation covers %d days, span is %d", got, want)
		}
		for _, d := range e.Skipped {
			if d.Working || d.Source == "" || d.Reason == "" {
				t.Fatalf("bad skipped day %+v", d)
			}
		}
		// Going back n working days from due never lands after from.
		if back, err := c.WorkingDaysBefore(due, n); err == nil && back.After(from) {
			t.Fatalf("WorkingDaysBefore(%s, %d) = %s after from %s", due, n, back, from)
		}
	})
}

func daysBetween(a, b Date) int {
	n := 0
	for d := a; d.Before(b); d = d.AddDays(1) {
		n++
	}
	return n
}

// FuzzParseDate: ParseDate never panics, and what it accepts round-trips
// exactly (strict format means String() reproduces the input).
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2025-02-29", "0001-01-01", "9999-12-31", "2025-13-01", "", "abcd-ef-gh", "2025-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("ParseDate(%q): error %v does not wrap ErrInvalidDate", s, err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("round trip: %q -> %q", s, d.String())
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("reparse %q: %v, %v", d.String(), again, err)
		}
		if d.AddDays(1).AddDays(-1) != d {
			t.Fatalf("AddDays not invertible at %s", d)
		}
	})
}
