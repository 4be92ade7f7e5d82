package monitoring

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
)

// Period is a reporting period of 004 ¶26 ("the report on implementation for the
// corresponding period"): a calendar year "YYYY" or a quarter "YYYY-Qn" (contract). The
// seed gives no length (digest 004, gap 3); both are offered, and a year and its
// quarters are different periods.
type Period struct {
	Text    string
	Year    int
	Quarter int // 0 for a whole year
	From    calendar.Date
	To      calendar.Date
}

var periodPattern = regexp.MustCompile(`^(\d{4})(?:-Q([1-4]))?$`)

// Years a period may name: from the first year of the rules (004, in force 1 January
// 2023, with room for earlier records) to well past any plan.
const (
	firstYear = 2000
	lastYear  = 2099
)

// ParsePeriod reads "YYYY" or "YYYY-Qn".
func ParsePeriod(s string) (Period, error) {
	m := periodPattern.FindStringSubmatch(s)
	if m == nil {
		return Period{}, fmt.Errorf("a period is YYYY or YYYY-Qn (n from 1 to 4), not %q", s)
	}
	y, _ := strconv.Atoi(m[1])
	if y < firstYear || y > lastYear {
		return Period{}, fmt.Errorf("a period's year is from %d to %d", firstYear, lastYear)
	}
	p := Period{Text: s, Year: y, From: calendar.Date{Year: y, Month: time.January, Day: 1},
		To: calendar.Date{Year: y, Month: time.December, Day: 31}}
	if m[2] != "" {
		q, _ := strconv.Atoi(m[2])
		p.Quarter = q
		p.From = calendar.Date{Year: y, Month: time.Month(3*q - 2), Day: 1}
		p.To = calendar.AddMonths(p.From, 3).AddDays(-1)
	}
	return p, nil
}

// Contains reports whether the Almaty date d falls in the period.
func (p Period) Contains(d calendar.Date) bool { return !d.Before(p.From) && !d.After(p.To) }

// Started reports whether the period has begun at now (Asia/Almaty).
func (p Period) Started(now time.Time) bool { return !DateOf(now).Before(p.From) }

// Ended reports whether the period is over at now (Asia/Almaty).
func (p Period) Ended(now time.Time) bool { return DateOf(now).After(p.To) }

// Key is where the period's snapshot is stored: one object per period, never rewritten.
func (p Period) Key() string { return "monitoring-reports/" + p.Text + ".json" }
