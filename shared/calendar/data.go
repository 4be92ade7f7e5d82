package calendar

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The calendars are data: one JSON file per country and year, embedded in the
// binary so a Lambda needs no file system and a deployed build cannot drift
// from the tested one. See ADDING_A_YEAR.md for the format and the workflow.
//
//go:embed data/*.json
var dataFS embed.FS

// yearFile is the on-disk shape of data/<CC>-<YYYY>.json.
type yearFile struct {
	Country  string   `json:"country"`
	Year     int      `json:"year"`
	TimeZone string   `json:"time_zone"`
	Weekend  []string `json:"weekend"`
	// WeekendSource is the legal basis of the weekly rest days.
	WeekendSource string `json:"weekend_source"`
	// WeekendRule is the legal rule behind holidays with MovesIfWeekend.
	WeekendRule struct {
		Description string `json:"description"`
		Source      string `json:"source"`
	} `json:"weekend_rule"`
	Holidays    []holidayEntry    `json:"holidays"`
	Swaps       []swapEntry       `json:"swaps"`
	WorkingDays []workingDayEntry `json:"working_days"`
	Notes       []string          `json:"notes"`
}

type holidayEntry struct {
	Date string `json:"date"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	// MovesIfWeekend: when the holiday falls on a weekend day, the next
	// working day becomes a day off (KZ: national and state holidays; LV:
	// 4 May and 18 November only).
	MovesIfWeekend bool   `json:"moves_if_weekend"`
	Source         string `json:"source"`
}

// swapEntry is a decreed transfer: WorkingDay (a weekend day) is worked and
// DayOff (a weekday) is rested instead.
type swapEntry struct {
	DayOff     string `json:"day_off"`
	WorkingDay string `json:"working_day"`
	Source     string `json:"source"`
}

// workingDayEntry is a weekend day decreed working without a paired day off.
type workingDayEntry struct {
	Date   string `json:"date"`
	Reason string `json:"reason"`
	Source string `json:"source"`
}

var weekdayByName = map[string]time.Weekday{
	"Sunday": time.Sunday, "Monday": time.Monday, "Tuesday": time.Tuesday, "Wednesday": time.Wednesday,
	"Thursday": time.Thursday, "Friday": time.Friday, "Saturday": time.Saturday,
}

// parseYearFile decodes and validates one file. name is "CC-YYYY.json"; the
// file must agree with its name so a copied file cannot silently shadow a year.
func parseYearFile(name string, raw []byte) (*yearFile, error) {
	var f yearFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields() // a typo in a field name must not drop a holiday
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrBadData, err)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%s: %w: %s", name, ErrBadData, fmt.Sprintf(format, a...))
	}
	base := strings.TrimSuffix(name, ".json")
	cc, yy, ok := strings.Cut(base, "-")
	if !ok {
		return nil, bad("file name must be CC-YYYY.json")
	}
	if y, err := strconv.Atoi(yy); err != nil || y != f.Year || cc != f.Country {
		return nil, bad("file name says %s %s but content says %s %d", cc, yy, f.Country, f.Year)
	}
	want, known := countryZones[f.Country]
	if !known {
		return nil, bad("country %q has no time zone in countryZones", f.Country)
	}
	if f.TimeZone != want {
		return nil, bad("time_zone %q, want %q", f.TimeZone, want)
	}
	if len(f.Weekend) == 0 {
		return nil, bad("weekend is empty")
	}
	for _, w := range f.Weekend {
		if _, ok := weekdayByName[w]; !ok {
			return nil, bad("weekend day %q is not an English weekday name", w)
		}
	}
	if strings.TrimSpace(f.WeekendSource) == "" {
		return nil, bad("weekend_source is empty")
	}
	if strings.TrimSpace(f.WeekendRule.Source) == "" {
		return nil, bad("weekend_rule.source is empty")
	}
	weekend := f.weekendSet()
	seen := map[Date]string{}
	inYear := func(field, s string) (Date, error) {
		d, err := ParseDate(s)
		if err != nil {
			return Date{}, bad("%s: %v", field, err)
		}
		if d.Year != f.Year {
			return Date{}, bad("%s %s is outside year %d", field, s, f.Year)
		}
		if prev, dup := seen[d]; dup {
			return Date{}, bad("%s %s duplicates %s", field, s, prev)
		}
		seen[d] = field
		return d, nil
	}
	for i, h := range f.Holidays {
		field := fmt.Sprintf("holidays[%d]", i)
		if _, err := inYear(field, h.Date); err != nil {
			return nil, err
		}
		if strings.TrimSpace(h.Name) == "" || strings.TrimSpace(h.Kind) == "" || strings.TrimSpace(h.Source) == "" {
			return nil, bad("%s %s: name, kind and source are required", field, h.Date)
		}
	}
	for i, s := range f.Swaps {
		field := fmt.Sprintf("swaps[%d]", i)
		off, err := inYear(field+".day_off", s.DayOff)
		if err != nil {
			return nil, err
		}
		work, err := inYear(field+".working_day", s.WorkingDay)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(s.Source) == "" {
			return nil, bad("%s: source is required", field)
		}
		if weekend[off.Weekday()] {
			return nil, bad("%s: day_off %s is already a weekend day", field, off)
		}
		if !weekend[work.Weekday()] {
			return nil, bad("%s: working_day %s is not a weekend day", field, work)
		}
	}
	for i, w := range f.WorkingDays {
		field := fmt.Sprintf("working_days[%d]", i)
		d, err := inYear(field, w.Date)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(w.Source) == "" || strings.TrimSpace(w.Reason) == "" {
			return nil, bad("%s: reason and source are required", field)
		}
		if !weekend[d.Weekday()] {
			return nil, bad("%s: %s is not a weekend day", field, d)
		}
	}
	return &f, nil
}

func (f *yearFile) weekendSet() map[time.Weekday]bool {
	s := map[time.Weekday]bool{}
	for _, w := range f.Weekend {
		s[weekdayByName[w]] = true
	}
	return s
}

// loadFiles reads every embedded file, grouped by country, sorted by year.
func loadFiles(fsys fs.FS) (map[string][]*yearFile, error) {
	names, err := fs.Glob(fsys, "data/*.json")
	if err != nil {
		return nil, fmt.Errorf("list calendar data: %w", err)
	}
	out := map[string][]*yearFile{}
	for _, n := range names {
		raw, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", n, err)
		}
		f, err := parseYearFile(path.Base(n), raw)
		if err != nil {
			return nil, err
		}
		out[f.Country] = append(out[f.Country], f)
	}
	for _, files := range out {
		sort.Slice(files, func(i, j int) bool { return files[i].Year < files[j].Year })
	}
	return out, nil
}
