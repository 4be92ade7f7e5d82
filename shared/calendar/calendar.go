package calendar

import (
	"fmt"
	"sort"
	"sync"
	"time"

	_ "time/tzdata" // pin the zone rules into the binary: Lambda images may lack /usr/share/zoneinfo
)

// countryZones pins each country's legal time zone. Kazakhstan moved to a
// single UTC+5 zone on 1 March 2024; the embedded tzdata carries that.
var countryZones = map[string]string{
	"KZ": "Asia/Almaty",
	"LV": "Europe/Riga",
}

// DayKind says why a day is or is not a working day.
type DayKind string

const (
	// KindWorking is an ordinary weekday.
	KindWorking DayKind = "working"
	// KindWorkingTransferred is a weekend day made working by decree.
	KindWorkingTransferred DayKind = "working_transferred"
	// KindWeekend is an ordinary weekly rest day.
	KindWeekend DayKind = "weekend"
	// KindHoliday is a public holiday (day off).
	KindHoliday DayKind = "holiday"
	// KindHolidayMoved is a weekday off because a holiday fell on a weekend
	// day and the law moves the day off to the next working day.
	KindHolidayMoved DayKind = "holiday_moved"
	// KindDecreedDayOff is a weekday off by a decreed transfer (swap).
	KindDecreedDayOff DayKind = "decreed_day_off"
)

// Day is one date of a calendar with its status and the reason for it.
type Day struct {
	Date    Date    `json:"date"`
	Working bool    `json:"working"`
	Kind    DayKind `json:"kind"`
	// Reason is human-readable: the holiday's name, "weekend (Saturday)", ...
	Reason string `json:"reason"`
	// Source is the legal act behind the status (law, decree, order).
	Source string `json:"source"`
}

// Calendar is the working-day calendar of one country over all its loaded
// years. It is immutable after construction and safe for concurrent use.
type Calendar struct {
	country     string
	loc         *time.Location
	first, last int
	weekend     map[int]map[time.Weekday]bool // per year
	weekendSrc  map[int]string
	special     map[Date]Day // every day that is not an ordinary weekday/weekend day
}

var (
	loadOnce  sync.Once
	calendars map[string]*Calendar
	loadErr   error
)

func loadAll() {
	files, err := loadFiles(dataFS)
	if err != nil {
		loadErr = fmt.Errorf("load calendars: %w", err)
		return
	}
	calendars = map[string]*Calendar{}
	for cc, fs := range files {
		c, err := build(cc, fs)
		if err != nil {
			loadErr = fmt.Errorf("load calendar %s: %w", cc, err)
			return
		}
		calendars[cc] = c
	}
}

// For returns the calendar of a country ("KZ" or "LV"). The embedded data is
// parsed and validated once; a bad file makes every call fail (ErrBadData)
// rather than serve a partial calendar.
func For(country string) (*Calendar, error) {
	loadOnce.Do(loadAll)
	if loadErr != nil {
		return nil, loadErr
	}
	c, ok := calendars[country]
	if !ok {
		return nil, fmt.Errorf("calendar for %q: %w (known: %v)", country, ErrUnknownCountry, Countries())
	}
	return c, nil
}

// Countries lists the countries with calendars, sorted.
func Countries() []string {
	out := make([]string, 0, len(countryZones))
	for cc := range countryZones {
		out = append(out, cc)
	}
	sort.Strings(out)
	return out
}

// build turns a country's year files (sorted by year) into a Calendar.
func build(cc string, files []*yearFile) (*Calendar, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: %w: no year files", cc, ErrBadData)
	}
	loc, err := time.LoadLocation(countryZones[cc])
	if err != nil {
		return nil, fmt.Errorf("%s: load time zone %s: %w", cc, countryZones[cc], err)
	}
	c := &Calendar{
		country:    cc,
		loc:        loc,
		first:      files[0].Year,
		last:       files[len(files)-1].Year,
		weekend:    map[int]map[time.Weekday]bool{},
		weekendSrc: map[int]string{},
		special:    map[Date]Day{},
	}
	// Years must be contiguous: a gap would make "first..last" lie, and a
	// deadline crossing the gap must fail closed, not skip a year.
	for i, f := range files {
		if f.Year != c.first+i {
			return nil, fmt.Errorf("%s: %w: years not contiguous, missing %d", cc, ErrBadData, c.first+i)
		}
		c.weekend[f.Year] = f.weekendSet()
		c.weekendSrc[f.Year] = f.WeekendSource
	}
	type movable struct {
		day  Date
		h    holidayEntry
		rule string
	}
	var moves []movable
	for _, f := range files {
		for _, h := range f.Holidays {
			d, _ := ParseDate(h.Date) // validated in parseYearFile
			c.special[d] = Day{Date: d, Working: false, Kind: KindHoliday, Reason: h.Name, Source: h.Source}
			if h.MovesIfWeekend && f.weekendSet()[d.Weekday()] {
				moves = append(moves, movable{day: d, h: h, rule: f.WeekendRule.Source})
			}
		}
		for _, s := range f.Swaps {
			off, _ := ParseDate(s.DayOff)
			work, _ := ParseDate(s.WorkingDay)
			c.special[off] = Day{Date: off, Working: false, Kind: KindDecreedDayOff,
				Reason: fmt.Sprintf("decreed day off, worked instead on %s (%s)", work, work.Weekday()), Source: s.Source}
			c.special[work] = Day{Date: work, Working: true, Kind: KindWorkingTransferred,
				Reason: fmt.Sprintf("decreed working %s, its rest moved to %s", work.Weekday(), off), Source: s.Source}
		}
		for _, w := range f.WorkingDays {
			d, _ := ParseDate(w.Date)
			c.special[d] = Day{Date: d, Working: true, Kind: KindWorkingTransferred, Reason: w.Reason, Source: w.Source}
		}
	}
	// The weekend rule: "the next working day after the holiday" becomes a day
	// off. Holidays are processed in date order so that consecutive weekend
	// holidays (Nauryz on Sat+Sun) take consecutive weekdays, and a weekday
	// that is itself a holiday (Nauryz day 3 on Monday) is passed over. We only
	// land on an ordinary weekday: a decreed working Saturday keeps its decree.
	sort.Slice(moves, func(i, j int) bool { return moves[i].day.Before(moves[j].day) })
	for _, m := range moves {
		for x := m.day.AddDays(1); ; x = x.AddDays(1) {
			wk, loaded := c.weekend[x.Year]
			if !loaded {
				break // lands in an unloaded year; dates there fail closed anyway
			}
			if _, taken := c.special[x]; taken || wk[x.Weekday()] {
				continue
			}
			c.special[x] = Day{Date: x, Working: false, Kind: KindHolidayMoved,
				Reason: fmt.Sprintf("day off moved from %s on %s (%s)", m.h.Name, m.day, m.day.Weekday()),
				Source: m.rule}
			break
		}
	}
	return c, nil
}

// Country returns the country code ("KZ", "LV").
func (c *Calendar) Country() string { return c.country }

// Location returns the country's pinned time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Years returns the first and last loaded calendar years (inclusive).
func (c *Calendar) Years() (first, last int) { return c.first, c.last }

func (c *Calendar) checkYear(d Date) error {
	if d.Year < c.first || d.Year > c.last {
		return &YearNotLoadedError{Country: c.country, Year: d.Year, First: c.first, Last: c.last}
	}
	return nil
}

// DayInfo returns whether d is a working day and why. It fails closed with
// ErrYearNotLoaded outside the loaded years.
func (c *Calendar) DayInfo(d Date) (Day, error) {
	if err := c.checkYear(d); err != nil {
		return Day{}, err
	}
	if _, err := ParseDate(d.String()); err != nil {
		return Day{}, fmt.Errorf("%s day info: %w", c.country, err)
	}
	if s, ok := c.special[d]; ok {
		return s, nil
	}
	wd := d.Weekday()
	if c.weekend[d.Year][wd] {
		return Day{Date: d, Working: false, Kind: KindWeekend, Reason: fmt.Sprintf("weekend (%s)", wd), Source: c.weekendSrc[d.Year]}, nil
	}
	return Day{Date: d, Working: true, Kind: KindWorking, Reason: fmt.Sprintf("working day (%s)", wd), Source: c.weekendSrc[d.Year]}, nil
}

// IsWorkingDay reports whether d is a working day.
func (c *Calendar) IsWorkingDay(d Date) (bool, error) {
	day, err := c.DayInfo(d)
	if err != nil {
		return false, err
	}
	return day.Working, nil
}

// AddWorkingDays returns the n-th working day after from. The from day is
// day 0 and is never counted, whether or not it is a working day (contract:
// "the receipt day is day 0; the due date is the N-th working day after it").
// n = 0 returns from. Every day examined must lie in a loaded year, including
// from itself: the engine fails closed rather than assume an unknown year has
// no holidays.
func (c *Calendar) AddWorkingDays(from Date, n int) (Date, error) {
	e, err := c.walk(from, n, false)
	if err != nil {
		return Date{}, err
	}
	return e.Due, nil
}

// AddCalendarDays returns from + n calendar days (n >= 0). It needs no
// holiday data but still fails closed outside the loaded years, so that
// calendar-day and working-day deadlines behave alike at the data horizon.
func (c *Calendar) AddCalendarDays(from Date, n int) (Date, error) {
	if n < 0 {
		return Date{}, fmt.Errorf("%s add %d calendar days to %s: %w", c.country, n, from, ErrNegativeDays)
	}
	if err := c.checkYear(from); err != nil {
		return Date{}, fmt.Errorf("add %d calendar days to %s: %w", n, from, err)
	}
	due := from.AddDays(n)
	if err := c.checkYear(due); err != nil {
		return Date{}, fmt.Errorf("add %d calendar days to %s: %w", n, from, err)
	}
	return due, nil
}

// WorkingDaysBefore returns the n-th working day before due (n >= 0; n = 0
// returns due). It serves reminders such as "one working day before the due
// date": WorkingDaysBefore(due, 1).
func (c *Calendar) WorkingDaysBefore(due Date, n int) (Date, error) {
	if n < 0 {
		return Date{}, fmt.Errorf("%s %d working days before %s: %w", c.country, n, due, ErrNegativeDays)
	}
	if err := c.checkYear(due); err != nil {
		return Date{}, fmt.Errorf("%d working days before %s: %w", n, due, err)
	}
	d := due
	for counted := 0; counted < n; {
		d = d.AddDays(-1)
		ok, err := c.IsWorkingDay(d)
		if err != nil {
			return Date{}, fmt.Errorf("%d working days before %s: %w", n, due, err)
		}
		if ok {
			counted++
		}
	}
	return d, nil
}

// EndOfDay returns the instant at which d ends in the country's zone: the
// midnight after d, in UTC. An item due on d is overdue at or after it.
// Computing it through the zone (not a fixed offset) keeps Riga's DST right.
func (c *Calendar) EndOfDay(d Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, c.loc).UTC()
}
