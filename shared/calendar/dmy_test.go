package calendar

import (
	"errors"
	"testing"
)

// The Latvian seeds write dates DD.MM.YYYY (001 S3 "01.02.2021", 001 S6 "01.01.2020.").
func TestParseDayMonthYear(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"001 S3 report for 2020 due 01.02.2021 is 1 February, never 2 January", "01.02.2021", "2021-02-01"},
		{"001 S6 worksheet start with the ordinal full stop", "01.01.2020.", "2020-01-01"},
		{"001 S6 worksheet end", "01.04.2020.", "2020-04-01"},
		{"000 §4 30 December 2021", "30.12.2021", "2021-12-30"},
		{"leap day", "29.02.2028", "2028-02-29"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseDayMonthYear(tc.in)
			if err != nil || d.String() != tc.want {
				t.Fatalf("ParseDayMonthYear(%q) = %v, %v; want %s", tc.in, d, err, tc.want)
			}
			if back, err := ParseDayMonthYear(d.DayMonthYear()); err != nil || back != d {
				t.Fatalf("round trip of %s: %v %v", d, back, err)
			}
		})
	}
	for _, bad := range []string{"", "1.2.2021", "01.02.21", "2021.02.01", "01/02/2021", "31.04.2026", "29.02.2027",
		"00.01.2026", "01.13.2026", " 01.02.2021", "01.02.2021..", "01.02.2021 ", "+1.02.2021", "01.02.-021", "٠١.٠٢.٢٠٢١"} {
		if d, err := ParseDayMonthYear(bad); !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDayMonthYear(%q) = %v, %v; want ErrInvalidDate", bad, d, err)
		}
	}
}

func TestParseLatvianOrISO(t *testing.T) {
	for in, want := range map[string]string{"2026-11-30": "2026-11-30", "30.11.2026": "2026-11-30", "30.11.2026.": "2026-11-30"} {
		if d, err := ParseLatvianOrISO(in); err != nil || d.String() != want {
			t.Errorf("ParseLatvianOrISO(%q) = %v, %v", in, d, err)
		}
	}
	for _, bad := range []string{"30.11.26", "2026-11-31", "11/30/2026", "2026.11.30"} {
		if _, err := ParseLatvianOrISO(bad); err == nil {
			t.Errorf("ParseLatvianOrISO(%q) accepted", bad)
		}
	}
}

// FuzzParseDayMonthYear: whatever the input, a date is accepted only if it prints back
// as the input (without the optional full stop), so nothing is normalised or guessed.
func FuzzParseDayMonthYear(f *testing.F) {
	for _, s := range []string{"01.02.2021", "01.01.2020.", "31.04.2026", "29.02.2028", "1.2.2021", "01.02.2021.."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDayMonthYear(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("%q: error %v is not ErrInvalidDate", s, err)
			}
			return
		}
		if got := d.DayMonthYear(); got != s && got+"." != s {
			t.Fatalf("%q parsed as %s, which prints as %q", s, d, got)
		}
		if _, err := ParseDate(d.String()); err != nil {
			t.Fatalf("%q gave %s, which ParseDate refuses: %v", s, d, err)
		}
	})
}
