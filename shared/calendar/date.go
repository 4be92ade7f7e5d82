package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date with no time of day and no zone. It is comparable, so
// it can be a map key and compared with ==. Deadlines in the seeds are civil
// dates ("the 5th working day"); only EndOfDay turns one into an instant.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses exactly YYYY-MM-DD (the contract's date format). It is
// strict on purpose: no signs, no spaces, no time part, no normalisation of
// 2025-02-30 into March, because a silently "fixed" date would move a legal
// deadline.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("parse %q: %w: want YYYY-MM-DD", s, ErrInvalidDate)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("parse %q: %w: want YYYY-MM-DD", s, ErrInvalidDate)
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, fmt.Errorf("parse %q: %w: no such day", s, ErrInvalidDate)
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// t is the date at midnight UTC; UTC has no DST, so day arithmetic on it is exact.
func (d Date) t() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func dateOfUTC(t time.Time) Date {
	y, m, dd := t.Date()
	return Date{Year: y, Month: m, Day: dd}
}

// AddDays returns the date n calendar days later (earlier if n < 0).
func (d Date) AddDays(n int) Date { return dateOfUTC(d.t().AddDate(0, 0, n)) }

// Before reports whether d is strictly earlier than o.
func (d Date) Before(o Date) bool { return d.cmp(o) < 0 }

// After reports whether d is strictly later than o.
func (d Date) After(o Date) bool { return d.cmp(o) > 0 }

func (d Date) cmp(o Date) int {
	switch {
	case d.Year != o.Year:
		return sign(d.Year - o.Year)
	case d.Month != o.Month:
		return sign(int(d.Month) - int(o.Month))
	default:
		return sign(d.Day - o.Day)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.t().Weekday() }

// DateOf returns the civil date of instant t in loc. A nil loc means UTC
// rather than a panic; callers should pass Calendar.Location().
func DateOf(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	return dateOfUTC(t.In(loc))
}

// AddMonths adds n calendar months (n may be negative) with the end-of-month
// rule: the result is the same day number in the target month, or that
// month's last day when it has no such day (31 Jan + 1 month = 28 Feb, or
// 29 Feb in a leap year; 29 Feb 2024 + 12 months = 28 Feb 2025).
//
// Why: the seeds count some terms in months (seed 000/001 §3, §6.1-§6.3;
// seed 003 §12, §16) but state no end-of-month rule (seed 000/001 "End-of-month
// and holiday rules are not in the seed"; seed 003 "Months need an explicit
// end-of-month convention"). We adopt the civil-code convention for terms
// counted in months, as in the Civil Code of the Republic of Kazakhstan (end
// of a term): the term ends on the corresponding day of the last month, and
// if that month has no such day, on its last day. time.AddDate would instead
// roll 31 Jan + 1 month over to 2 or 3 March and lengthen the term. The
// Latvian reading still needs legal confirmation (seed 000/001 says so).
// Whether a term ending on a non-working day moves to the next working day is
// a per-procedure rule and is deliberately not applied here; check the result
// with Calendar.DayInfo if the procedure says so.
func AddMonths(from Date, n int) Date {
	total := from.Year*12 + int(from.Month) - 1 + n
	y := floorDiv(total, 12)
	m := time.Month(total - y*12 + 1)
	d := from.Day
	if last := daysIn(y, m); d > last {
		d = last
	}
	return Date{Year: y, Month: m, Day: d}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// daysIn returns the number of days in month m of year y (proleptic Gregorian).
func daysIn(y int, m time.Month) int {
	switch m {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// MarshalText writes the date as YYYY-MM-DD, the contract's form for calendar dates.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a strict YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
