package schedule

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	minYear = 1970
	maxYear = 2199
)

// dayRule is the special day-of-month / day-of-week forms that cannot be
// expressed as a plain set of values.
type dayRule int

const (
	dayAny            dayRule = iota // "?": the other field decides
	daySet                           // a plain set (mask)
	dayLast                          // dom "L": last day of the month
	dayLastWeekday                   // dom "LW": last weekday (Mon-Fri) of the month
	dayNearestWeekday                // dom "nW": weekday nearest to day n, within the month
	dayLastOf                        // dow "nL": last weekday n of the month
	dayNth                           // dow "n#k": k-th weekday n of the month
)

type cronSpec struct {
	minutes uint64 // bits 0-59
	hours   uint64 // bits 0-23
	months  uint64 // bits 1-12
	years   [4]uint64

	domRule dayRule
	dom     uint64 // bits 1-31 for daySet
	domN    int    // day for dayNearestWeekday

	dowRule dayRule
	dow     uint64 // bits 1-7 (1 = SUN) for daySet
	dowN    int    // AWS weekday (1-7) for dayLastOf / dayNth
	dowK    int    // k for dayNth
}

var monthNames = map[string]int{
	"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}

var dowNames = map[string]int{
	"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7,
}

func parseCron(args string) (*cronSpec, error) {
	f := strings.Fields(args)
	if len(f) != 6 {
		return nil, fmt.Errorf("cron needs 6 fields (minutes hours day-of-month month day-of-week year), got %d", len(f))
	}
	c := &cronSpec{}
	var err error
	if c.minutes, err = parseSet(f[0], "minutes", 0, 59, nil); err != nil {
		return nil, err
	}
	if c.hours, err = parseSet(f[1], "hours", 0, 23, nil); err != nil {
		return nil, err
	}
	if c.months, err = parseSet(f[3], "month", 1, 12, monthNames); err != nil {
		return nil, err
	}
	if err = c.parseYears(f[5]); err != nil {
		return nil, err
	}
	domQ, dowQ := f[2] == "?", f[4] == "?"
	switch {
	case domQ && dowQ:
		return nil, errors.New("day-of-month and day-of-week cannot both be ?; set one and put ? in the other")
	case !domQ && !dowQ:
		return nil, fmt.Errorf("day-of-month %q and day-of-week %q cannot both be set; one of them must be ?", f[2], f[4])
	}
	if err = c.parseDom(f[2]); err != nil {
		return nil, err
	}
	if err = c.parseDow(f[4]); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *cronSpec) parseYears(field string) error {
	// Years need 230 bits, so parse them as individual values.
	vals, err := parseValues(field, "year", minYear, maxYear, nil)
	if err != nil {
		return err
	}
	for _, y := range vals {
		i := y - minYear
		c.years[i/64] |= 1 << (i % 64)
	}
	return nil
}

func (c *cronSpec) parseDom(field string) error {
	switch {
	case field == "?":
		c.domRule = dayAny
	case field == "L":
		c.domRule = dayLast
	case field == "LW":
		c.domRule = dayLastWeekday
	case strings.HasSuffix(field, "W"):
		n, err := strconv.Atoi(strings.TrimSuffix(field, "W"))
		if err != nil || n < 1 || n > 31 {
			return fmt.Errorf("day-of-month %q: W needs a day 1-31 before it (e.g. 15W) or L (LW)", field)
		}
		c.domRule, c.domN = dayNearestWeekday, n
	default:
		m, err := parseSet(field, "day-of-month", 1, 31, nil)
		if err != nil {
			return err
		}
		c.domRule, c.dom = daySet, m
	}
	return nil
}

func (c *cronSpec) parseDow(field string) error {
	up := strings.ToUpper(field)
	switch {
	case field == "?":
		c.dowRule = dayAny
	case up == "L":
		// Alone, L is the last day of the week: Saturday.
		c.dowRule, c.dow = daySet, 1<<7
	case strings.Contains(up, "#"):
		day, nth, _ := strings.Cut(up, "#")
		d, err := parseValue(day, dowNames, 1, 7)
		if err != nil {
			return fmt.Errorf("day-of-week %q: %w", field, err)
		}
		k, err := strconv.Atoi(nth)
		if err != nil || k < 1 || k > 5 {
			return fmt.Errorf("day-of-week %q: the number after # must be 1-5", field)
		}
		c.dowRule, c.dowN, c.dowK = dayNth, d, k
	case strings.HasSuffix(up, "L"):
		d, err := parseValue(strings.TrimSuffix(up, "L"), dowNames, 1, 7)
		if err != nil {
			return fmt.Errorf("day-of-week %q: %w", field, err)
		}
		c.dowRule, c.dowN = dayLastOf, d
	default:
		m, err := parseSet(field, "day-of-week", 1, 7, dowNames)
		if err != nil {
			return err
		}
		c.dowRule, c.dow = daySet, m
	}
	return nil
}

// parseSet parses a field of at most 64 values into a bit mask.
func parseSet(field, name string, lo, hi int, names map[string]int) (uint64, error) {
	vals, err := parseValues(field, name, lo, hi, names)
	if err != nil {
		return 0, err
	}
	var m uint64
	for _, v := range vals {
		m |= 1 << v
	}
	return m, nil
}

// parseValues expands a comma list of *, v, a-b, */s, a/s and a-b/s.
func parseValues(field, name string, lo, hi int, names map[string]int) ([]int, error) {
	if field == "" {
		return nil, fmt.Errorf("%s: empty field", name)
	}
	var out []int
	for part := range strings.SplitSeq(field, ",") {
		vals, err := parseRange(part, lo, hi, names)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", name, field, err)
		}
		out = append(out, vals...)
	}
	return out, nil
}

func parseRange(part string, lo, hi int, names map[string]int) ([]int, error) {
	if part == "" {
		return nil, errors.New("empty list element")
	}
	base, stepStr, hasStep := strings.Cut(part, "/")
	step := 1
	if hasStep {
		s, err := strconv.Atoi(stepStr)
		if err != nil || s < 1 {
			return nil, fmt.Errorf("step %q must be a positive integer", stepStr)
		}
		step = s
	}
	from, to := lo, hi
	switch {
	case base == "*":
	case strings.Contains(base, "-"):
		a, b, _ := strings.Cut(base, "-")
		var err error
		if from, err = parseValue(a, names, lo, hi); err != nil {
			return nil, err
		}
		if to, err = parseValue(b, names, lo, hi); err != nil {
			return nil, err
		}
		// Wrap-around ranges (FRI-MON) are not documented for AWS; refuse
		// them rather than guess.
		if from > to {
			return nil, fmt.Errorf("range %q runs backwards", base)
		}
	default:
		v, err := parseValue(base, names, lo, hi)
		if err != nil {
			return nil, err
		}
		from = v
		if !hasStep {
			to = v // a single value; with a step, "a/s" runs to the maximum
		}
	}
	var out []int
	for v := from; v <= to; v += step {
		out = append(out, v)
	}
	return out, nil
}

func parseValue(s string, names map[string]int, lo, hi int) (int, error) {
	if v, ok := names[strings.ToUpper(s)]; ok {
		return v, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number or name", s)
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("%d is out of range %d-%d", v, lo, hi)
	}
	return v, nil
}

func (c *cronSpec) yearOK(y int) bool {
	if y < minYear || y > maxYear {
		return false
	}
	i := y - minYear
	return c.years[i/64]&(1<<(i%64)) != 0
}

// dayOK reports whether the calendar date matches the day-of-month or
// day-of-week rule (whichever is not ?).
func (c *cronSpec) dayOK(y int, mo time.Month, d int) bool {
	date := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	last := daysIn(y, mo)
	wd := int(date.Weekday()) + 1 // AWS: 1 = SUN
	if c.dowRule != dayAny {
		switch c.dowRule {
		case daySet:
			return c.dow&(1<<wd) != 0
		case dayLastOf:
			return wd == c.dowN && d+7 > last
		case dayNth:
			return wd == c.dowN && (d-1)/7+1 == c.dowK
		}
		return false
	}
	switch c.domRule {
	case daySet:
		return c.dom&(1<<d) != 0
	case dayLast:
		return d == last
	case dayLastWeekday:
		return d == nearestWeekday(y, mo, last)
	case dayNearestWeekday:
		// A day that the month does not have (31W in April) never fires.
		return c.domN <= last && d == nearestWeekday(y, mo, c.domN)
	}
	return false
}

// nearestWeekday returns the Monday-Friday day closest to day n without
// leaving the month (1W on a Saturday is Monday the 3rd).
func nearestWeekday(y int, mo time.Month, n int) int {
	last := daysIn(y, mo)
	switch time.Date(y, mo, n, 0, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday:
		if n == 1 {
			return 3
		}
		return n - 1
	case time.Sunday:
		if n == last {
			return n - 2
		}
		return n + 1
	}
	return n
}

func daysIn(y int, mo time.Month) int {
	return time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// next scans local calendar days from the day before after (a repeated
// fall-back hour can put the answer on the previous local date) until
// searchHorizon years later. Within a day, wall times are tried in order;
// because a repeated wall time resolves to its first occurrence and a gap is
// skipped, instants grow with wall time, so the first hit is the earliest.
func (c *cronSpec) next(after time.Time, loc *time.Location) (time.Time, bool) {
	limit := after.AddDate(searchHorizon, 0, 0)
	ly, lm, ld := limit.In(loc).Date()
	end := time.Date(ly, lm, ld, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)

	y, m, d := after.In(loc).Date()
	// day is a civil date; UTC has no DST, so AddDate is pure calendar math.
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	for !day.After(end) {
		y, m, d := day.Date()
		if !c.yearOK(y) {
			if y >= maxYear {
				return time.Time{}, false
			}
			day = time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
			continue
		}
		if c.months&(1<<int(m)) == 0 {
			day = time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
			continue
		}
		if c.dayOK(y, m, d) {
			if t, ok := c.firstOnDay(y, m, d, after, loc); ok {
				if t.After(limit) {
					return time.Time{}, false
				}
				return t, true
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}, false
}

func (c *cronSpec) firstOnDay(y int, m time.Month, d int, after time.Time, loc *time.Location) (time.Time, bool) {
	// A wall time w resolves to at most w - minOff, where minOff is the
	// smallest offset in force around the day. Wall times whose bound is not
	// after `after` cannot match, so most of a day that is already past is
	// skipped without resolving each minute.
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	minOff := slices.Min(zoneOffsets(day.Add(-16*time.Hour), day.Add(40*time.Hour), loc))
	bound := func(h, mi int) time.Time {
		return day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute - time.Duration(minOff)*time.Second)
	}
	lastMin := 63 - bits.LeadingZeros64(c.minutes)
	for hs := c.hours; hs != 0; hs &= hs - 1 {
		h := bits.TrailingZeros64(hs)
		if !bound(h, lastMin).After(after) {
			continue
		}
		for ms := c.minutes; ms != 0; ms &= ms - 1 {
			mi := bits.TrailingZeros64(ms)
			if !bound(h, mi).After(after) {
				continue
			}
			t, ok := resolveLocal(y, m, d, h, mi, 0, loc, skipNonexistent)
			if ok && t.After(after) {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
