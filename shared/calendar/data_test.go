package calendar

import (
	"encoding/json"
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestDataFiles re-checks every embedded file independently of the loader:
// it parses, every entry has a source, no date appears twice, all dates lie
// in the file's year, and each country ships 2024-2027.
func TestDataFiles(t *testing.T) {
	names, err := fs.Glob(dataFS, "data/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no data files: %v", err)
	}
	years := map[string][]int{}
	for _, n := range names {
		raw, err := fs.ReadFile(dataFS, n)
		if err != nil {
			t.Fatal(err)
		}
		var f yearFile
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if _, err := parseYearFile(path.Base(n), raw); err != nil {
			t.Errorf("%s: loader rejects it: %v", n, err)
		}
		years[f.Country] = append(years[f.Country], f.Year)
		seen := map[string]bool{}
		check := func(what, date, source string) {
			d, err := ParseDate(date)
			if err != nil {
				t.Errorf("%s %s: %v", n, what, err)
				return
			}
			if d.Year != f.Year {
				t.Errorf("%s %s %s outside %d", n, what, date, f.Year)
			}
			if seen[date] {
				t.Errorf("%s: %s appears twice", n, date)
			}
			seen[date] = true
			if strings.TrimSpace(source) == "" {
				t.Errorf("%s %s %s: empty source", n, what, date)
			}
		}
		for _, h := range f.Holidays {
			check("holiday "+h.Name, h.Date, h.Source)
		}
		for _, s := range f.Swaps {
			check("swap day_off", s.DayOff, s.Source)
			check("swap working_day", s.WorkingDay, s.Source)
		}
		for _, w := range f.WorkingDays {
			check("working day", w.Date, w.Source)
		}
		if f.WeekendRule.Source == "" || f.WeekendSource == "" {
			t.Errorf("%s: weekend rule or weekend without source", n)
		}
		if len(f.Holidays) == 0 {
			t.Errorf("%s: no holidays", n)
		}
	}
	for _, cc := range Countries() {
		if got := years[cc]; len(got) != 4 || got[0] != 2024 || got[3] != 2027 {
			t.Errorf("%s years = %v, want 2024-2027", cc, got)
		}
	}
}

// TestUnconfirmedEntries lists the entries whose source says "unconfirmed"
// (run with -v); it fails if a file hides the marker in a non-standard form.
func TestUnconfirmedEntries(t *testing.T) {
	names, _ := fs.Glob(dataFS, "data/*.json")
	for _, n := range names {
		raw, _ := fs.ReadFile(dataFS, n)
		var f yearFile
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Fatal(err)
		}
		for _, h := range f.Holidays {
			logUnconfirmed(t, n, h.Date+" "+h.Name, h.Source)
		}
		for _, s := range f.Swaps {
			logUnconfirmed(t, n, s.DayOff+"<->"+s.WorkingDay, s.Source)
		}
		for _, note := range f.Notes {
			logUnconfirmed(t, n, "note", note)
		}
	}
}

func logUnconfirmed(t *testing.T, file, what, text string) {
	t.Helper()
	lower := strings.ToLower(text)
	if strings.Contains(lower, "unconfirmed") {
		if !strings.Contains(lower, "unconfirmed:") {
			t.Errorf("%s %s: write the marker as \"unconfirmed: <what is missing>\"", file, what)
		}
		t.Logf("%s %s: %s", file, what, text[strings.Index(lower, "unconfirmed"):])
	}
}

// easter returns Gregorian Easter Sunday (anonymous Gregorian algorithm,
// Meeus/Jones/Butcher). It lives in the test on purpose: the data files carry
// the dates, and this cross-checks them.
func easter(y int) Date {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{y, time.Month(month), day}
}

func TestEasterAlgorithm(t *testing.T) {
	known := map[int]string{2000: "2000-04-23", 2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25"}
	for y, want := range known {
		if got := easter(y).String(); got != want {
			t.Errorf("easter(%d) = %s, want %s", y, got, want)
		}
	}
}

// TestLatvianMovableHolidays cross-checks the Easter-based and Mother's Day
// entries of every loaded Latvian year against computed dates.
func TestLatvianMovableHolidays(t *testing.T) {
	lv := mustFor(t, "LV")
	first, last := lv.Years()
	for y := first; y <= last; y++ {
		e := easter(y)
		secondSundayOfMay := Date{y, time.May, 1}
		for secondSundayOfMay.Weekday() != time.Sunday {
			secondSundayOfMay = secondSundayOfMay.AddDays(1)
		}
		secondSundayOfMay = secondSundayOfMay.AddDays(7)
		want := map[Date]string{
			e.AddDays(-2):     "Good Friday",
			e:                 "Easter Sunday",
			e.AddDays(1):      "Easter Monday",
			e.AddDays(49):     "Whitsunday",
			secondSundayOfMay: "Mother's Day",
		}
		for d, name := range want {
			day, err := lv.DayInfo(d)
			if err != nil {
				t.Fatal(err)
			}
			if day.Kind != KindHoliday || !strings.Contains(day.Reason, name) {
				t.Errorf("LV %d: %s should be %s, got %s %q", y, d, name, day.Kind, day.Reason)
			}
		}
	}
}

// TestLoaderRejectsBadData proves the validation can fail: each mutation of a
// good file must be refused with ErrBadData.
func TestLoaderRejectsBadData(t *testing.T) {
	good := `{"country":"KZ","year":2030,"time_zone":"Asia/Almaty","weekend":["Saturday","Sunday"],
"weekend_source":"ws","weekend_rule":{"description":"d","source":"rs"},
"holidays":[{"date":"2030-01-01","name":"New Year","kind":"state","moves_if_weekend":true,"source":"law"}],
"swaps":[{"day_off":"2030-01-04","working_day":"2030-01-12","source":"order"}],"working_days":[],"notes":[]}`
	if _, err := parseYearFile("KZ-2030.json", []byte(good)); err != nil {
		t.Fatalf("good file rejected: %v", err)
	}
	bad := map[string]struct{ name, body string }{
		"empty source":      {"KZ-2030.json", strings.Replace(good, `"source":"law"`, `"source":" "`, 1)},
		"outside year":      {"KZ-2030.json", strings.Replace(good, `"date":"2030-01-01"`, `"date":"2031-01-01"`, 1)},
		"duplicate date":    {"KZ-2030.json", strings.Replace(good, `"day_off":"2030-01-04"`, `"day_off":"2030-01-01"`, 1)},
		"invalid date":      {"KZ-2030.json", strings.Replace(good, `"2030-01-01"`, `"2030-02-30"`, 1)},
		"unknown field":     {"KZ-2030.json", strings.Replace(good, `"moves_if_weekend"`, `"moves_if_weekends"`, 1)},
		"name mismatch":     {"KZ-2031.json", good},
		"wrong zone":        {"KZ-2030.json", strings.Replace(good, "Asia/Almaty", "Asia/Aqtobe", 1)},
		"swap on weekday":   {"KZ-2030.json", strings.Replace(good, `"working_day":"2030-01-12"`, `"working_day":"2030-01-10"`, 1)},
		"swap off weekend":  {"KZ-2030.json", strings.Replace(good, `"day_off":"2030-01-04"`, `"day_off":"2030-01-05"`, 1)},
		"bad weekend name":  {"KZ-2030.json", strings.Replace(good, `"Saturday"`, `"Sat"`, 1)},
		"no weekend source": {"KZ-2030.json", strings.Replace(good, `"weekend_source":"ws"`, `"weekend_source":""`, 1)},
		"not json":          {"KZ-2030.json", "{"},
		"unknown country":   {"RU-2030.json", strings.Replace(good, `"KZ"`, `"RU"`, 1)},
	}
	for what, c := range bad {
		if _, err := parseYearFile(c.name, []byte(c.body)); !errors.Is(err, ErrBadData) {
			t.Errorf("%s: got %v, want ErrBadData", what, err)
		}
	}
	// A gap between years must be refused too.
	noSwap := strings.Replace(good, `{"day_off":"2030-01-04","working_day":"2030-01-12","source":"order"}`, "", 1)
	fsys := fstest.MapFS{
		"data/KZ-2030.json": {Data: []byte(noSwap)},
		"data/KZ-2032.json": {Data: []byte(strings.ReplaceAll(noSwap, "2030", "2032"))},
	}
	files, err := loadFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build("KZ", files["KZ"]); !errors.Is(err, ErrBadData) {
		t.Errorf("gap 2031: got %v", err)
	}
}
