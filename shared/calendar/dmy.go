package calendar

import (
	"fmt"
	"strings"
)

// ParseDayMonthYear parses a date as the Latvian seeds write it: DD.MM.YYYY, with the
// ordinal full stop Latvian puts after the year when it stands alone ("01.01.2020." in
// the 001 S6 worksheet) or without it ("01.02.2021" in 001 S3). It is strict, as
// ParseDate is: two-digit day and month, a four-digit year, day first, so that 01.02.2021
// is 1 February and never 2 January (digest 000/001 §3, "Date format"), and no day that
// does not exist (31.04.2026) is rolled into the next month.
func ParseDayMonthYear(s string) (Date, error) {
	t := strings.TrimSuffix(s, ".")
	if len(t) != 10 || t[2] != '.' || t[5] != '.' {
		return Date{}, fmt.Errorf("parse %q: %w: want DD.MM.YYYY", s, ErrInvalidDate)
	}
	d, err := ParseDate(t[6:10] + "-" + t[3:5] + "-" + t[0:2])
	if err != nil {
		return Date{}, fmt.Errorf("parse %q: %w: want DD.MM.YYYY", s, ErrInvalidDate)
	}
	return d, nil
}

// ParseLatvianOrISO parses a date given either as the contract writes dates (YYYY-MM-DD)
// or as a Latvian clerk types them (DD.MM.YYYY, see ParseDayMonthYear); both strictly.
func ParseLatvianOrISO(s string) (Date, error) {
	if strings.Contains(s, ".") {
		return ParseDayMonthYear(s)
	}
	return ParseDate(s)
}

// DayMonthYear formats the date as DD.MM.YYYY, for Latvian text.
func (d Date) DayMonthYear() string {
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}
