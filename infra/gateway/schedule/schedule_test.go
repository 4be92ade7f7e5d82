package schedule

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err) // test fixture typo
	}
	return t
}

// chain returns the next n fire times after from.
func chain(t *testing.T, s *Schedule, from time.Time, n int) []string {
	t.Helper()
	var out []string
	for range n {
		next, ok := s.Next(from)
		if !ok {
			out = append(out, "none")
			break
		}
		out = append(out, next.UTC().Format(time.RFC3339))
		from = next
	}
	return out
}

func TestNext(t *testing.T) {
	tests := []struct {
		name, expr, tz, after string
		want                  []string
	}{
		{"hourly at :05 in Almaty (UTC+5 since March 2024)", "cron(5 * * * ? *)", "Asia/Almaty", "2026-11-25T08:00:00Z",
			[]string{"2026-11-25T08:05:00Z", "2026-11-25T09:05:00Z"}},
		{"Almaty daily 09:00 after the 2024 change", "cron(0 9 * * ? *)", "Asia/Almaty", "2026-11-25T08:00:00Z",
			[]string{"2026-11-26T04:00:00Z"}},
		{"Almaty daily 09:00 before the 2024 change (UTC+6)", "cron(0 9 * * ? *)", "Asia/Almaty", "2023-06-01T00:00:00Z",
			[]string{"2023-06-01T03:00:00Z"}},
		// 2024-03-01 00:00 +06 became 2024-02-29 23:00 +05: 23:05 happened twice and fires once.
		{"Almaty repeated hour on 2024-02-29 fires once", "cron(5 * * * ? *)", "Asia/Almaty", "2024-02-29T16:30:00Z",
			[]string{"2024-02-29T17:05:00Z", "2024-02-29T19:05:00Z"}},
		{"empty time zone is UTC", "cron(0 10 * * ? *)", "", "2026-11-25T10:00:00Z",
			[]string{"2026-11-26T10:00:00Z"}},
		{"step from an offset", "cron(1/10 * * * ? *)", "", "2026-11-25T10:51:00Z",
			[]string{"2026-11-25T11:01:00Z", "2026-11-25T11:11:00Z"}},
		{"weekday working hours", "cron(0/15 8-17 ? * MON-FRI *)", "", "2026-11-27T17:50:00Z",
			[]string{"2026-11-30T08:00:00Z", "2026-11-30T08:15:00Z"}},
		{"lower-case names", "cron(0 0 1 jan,jul ? 2027)", "", "2026-11-25T00:00:00Z",
			[]string{"2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z", "none"}},
		{"L: last day of month", "cron(0 12 L * ? *)", "", "2026-02-01T00:00:00Z",
			[]string{"2026-02-28T12:00:00Z", "2026-03-31T12:00:00Z"}},
		{"L in a leap February", "cron(0 12 L 2 ? *)", "", "2027-03-01T00:00:00Z",
			[]string{"2028-02-29T12:00:00Z"}},
		{"LW: Jan 31 2026 is a Saturday", "cron(0 12 LW * ? *)", "", "2026-01-01T00:00:00Z",
			[]string{"2026-01-30T12:00:00Z"}},
		{"LW: May 31 2026 is a Sunday", "cron(0 12 LW * ? *)", "", "2026-05-01T00:00:00Z",
			[]string{"2026-05-29T12:00:00Z"}},
		{"1W on a Saturday moves forward to Monday 3rd", "cron(0 12 1W * ? *)", "", "2026-07-31T13:00:00Z",
			[]string{"2026-08-03T12:00:00Z"}},
		{"15W Saturday -> Friday, Sunday -> Monday", "cron(0 12 15W * ? *)", "", "2026-08-01T00:00:00Z",
			[]string{"2026-08-14T12:00:00Z", "2026-09-15T12:00:00Z", "2026-10-15T12:00:00Z", "2026-11-16T12:00:00Z"}},
		{"31W skips 30-day months", "cron(0 12 31W * ? *)", "", "2026-04-01T00:00:00Z",
			[]string{"2026-05-29T12:00:00Z", "2026-07-31T12:00:00Z"}},
		{"#: second Tuesday", "cron(0 9 ? * 3#2 *)", "", "2026-11-25T00:00:00Z",
			[]string{"2026-12-08T09:00:00Z"}},
		{"#: with a name", "cron(0 9 ? * TUE#2 *)", "", "2026-11-01T00:00:00Z",
			[]string{"2026-11-10T09:00:00Z"}},
		{"nL: last Friday", "cron(0 9 ? * 6L *)", "", "2026-11-01T00:00:00Z",
			[]string{"2026-11-27T09:00:00Z", "2026-12-25T09:00:00Z"}},
		{"L alone in day-of-week is Saturday", "cron(0 9 ? * L *)", "", "2026-11-25T00:00:00Z",
			[]string{"2026-11-28T09:00:00Z"}},
		{"day-of-week list with names", "cron(30 6 ? * SUN,WED *)", "", "2026-11-25T07:00:00Z",
			[]string{"2026-11-29T06:30:00Z", "2026-12-02T06:30:00Z"}},
		{"no match within 5 years", "cron(0 0 30 FEB ? *)", "", "2026-01-01T00:00:00Z", []string{"none"}},
		{"year in the past", "cron(0 0 1 1 ? 2020)", "", "2026-01-01T00:00:00Z", []string{"none"}},
		{"year beyond 5 years", "cron(0 0 1 1 ? 2199)", "", "2026-01-01T00:00:00Z", []string{"none"}},
		{"at in Almaty", "at(2026-12-01T09:00:00)", "Asia/Almaty", "2026-11-25T00:00:00Z",
			[]string{"2026-12-01T04:00:00Z", "none"}},
		{"at in the past", "at(2020-01-01T00:00:00)", "", "2026-11-25T00:00:00Z", []string{"none"}},
		{"at in a spring-forward gap fires at the jump", "at(2026-03-29T03:30:00)", "Europe/Riga", "2026-01-01T00:00:00Z",
			[]string{"2026-03-29T01:00:00Z"}},
		{"at in a repeated hour fires at the first one", "at(2026-10-25T03:30:00)", "Europe/Riga", "2026-01-01T00:00:00Z",
			[]string{"2026-10-25T00:30:00Z"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(tc.expr, tc.tz)
			if err != nil {
				t.Fatalf("Parse(%q, %q): %v", tc.expr, tc.tz, err)
			}
			got := chain(t, s, utc(tc.after), len(tc.want))
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("%s after %s:\n got %v\nwant %v", s, tc.after, got, tc.want)
			}
		})
	}
}

// Europe/Riga: 2026-03-29 03:00 EET -> 04:00 EEST (01:00Z) and
// 2026-10-25 04:00 EEST -> 03:00 EET (01:00Z).
func TestDSTRiga(t *testing.T) {
	tests := []struct {
		name, expr, after string
		skip, jump        []string // want with skipNonexistent = true / false
	}{
		{"daily 03:30 on the spring-forward day", "cron(30 3 * * ? *)", "2026-03-28T12:00:00Z",
			[]string{"2026-03-30T00:30:00Z"},
			[]string{"2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"}},
		{"daily 02:30 exists on the spring-forward day", "cron(30 2 * * ? *)", "2026-03-28T12:00:00Z",
			[]string{"2026-03-29T00:30:00Z", "2026-03-29T23:30:00Z"},
			[]string{"2026-03-29T00:30:00Z", "2026-03-29T23:30:00Z"}},
		{"hourly :30 across spring-forward", "cron(30 * * * ? *)", "2026-03-29T00:00:00Z",
			[]string{"2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"},
			[]string{"2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z"}},
		{"every minute in the gap collapses to one fire", "cron(* 3 29 3 ? 2026)", "2026-03-28T00:00:00Z",
			[]string{"none"},
			[]string{"2026-03-29T01:00:00Z", "none"}},
		{"daily 03:30 on the fall-back day fires once", "cron(30 3 * * ? *)", "2026-10-24T12:00:00Z",
			[]string{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"},
			[]string{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}},
		{"hourly across fall-back skips the repeat", "cron(0 * * * ? *)", "2026-10-24T23:30:00Z",
			[]string{"2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"},
			[]string{"2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"}},
		{"after the first occurrence the repeat does not fire", "cron(30 3 * * ? *)", "2026-10-25T01:00:00Z",
			[]string{"2026-10-26T01:30:00Z"},
			[]string{"2026-10-26T01:30:00Z"}},
	}
	defer func(old bool) { skipNonexistent = old }(skipNonexistent)
	for _, tc := range tests {
		for _, mode := range []bool{true, false} {
			skipNonexistent = mode
			want := tc.jump
			if mode {
				want = tc.skip
			}
			s, err := Parse(tc.expr, "Europe/Riga")
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.expr, err)
			}
			got := chain(t, s, utc(tc.after), len(want))
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s (skip=%v):\n got %v\nwant %v", tc.name, mode, got, want)
			}
		}
	}
}

func TestRate(t *testing.T) {
	anchor := utc("2026-11-25T08:00:00Z")
	tests := []struct {
		expr, after string
		want        string
	}{
		{"rate(5 minutes)", "2026-11-25T07:00:00Z", "2026-11-25T08:05:00Z"},
		{"rate(5 minutes)", "2026-11-25T08:00:00Z", "2026-11-25T08:05:00Z"},
		{"rate(5 minutes)", "2026-11-25T08:05:00Z", "2026-11-25T08:10:00Z"},
		{"rate(5 minutes)", "2026-11-25T08:07:30Z", "2026-11-25T08:10:00Z"},
		{"rate(1 minute)", "2026-11-25T09:00:00Z", "2026-11-25T09:01:00Z"},
		{"rate(1 minutes)", "2026-11-25T09:00:00Z", "2026-11-25T09:01:00Z"}, // plural accepted, see parseRate
		{"rate(5 minute)", "2026-11-25T09:00:00Z", "2026-11-25T09:05:00Z"},
		{"rate(1 hour)", "2026-11-25T09:30:00Z", "2026-11-25T10:00:00Z"},
		{"rate(2 days)", "2026-11-25T09:30:00Z", "2026-11-27T08:00:00Z"},
		{"rate( 3 HOURS )", "2026-11-25T08:00:00Z", "2026-11-25T11:00:00Z"},
	}
	for _, tc := range tests {
		s, err := Parse(tc.expr, "Europe/Riga")
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.expr, err)
		}
		s.anchor = anchor
		got, ok := s.Next(utc(tc.after))
		if !ok || !got.Equal(utc(tc.want)) {
			t.Errorf("%s after %s = %v, %v; want %s", tc.expr, tc.after, got, ok, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		expr, tz, want string // want: substring of the error
	}{
		{"cron(5 * * *)", "", "cron needs 6 fields"},
		{"cron(5 * * * ? * *)", "", "got 7"},
		{"cron(5 * 1 * MON *)", "", "cannot both be set; one of them must be ?"},
		{"cron(5 * * * * *)", "", "cannot both be set"},
		{"cron(5 * ? * ? *)", "", "cannot both be ?"},
		{"cron(60 * * * ? *)", "", "minutes \"60\": 60 is out of range 0-59"},
		{"cron(5 24 * * ? *)", "", "hours"},
		{"cron(5 * 0 * ? *)", "", "day-of-month"},
		{"cron(5 * * 13 ? *)", "", "month"},
		{"cron(5 * * FOO ? *)", "", "not a number or name"},
		{"cron(5 * ? * 8 *)", "", "day-of-week"},
		{"cron(5 * ? * 3#6 *)", "", "must be 1-5"},
		{"cron(5 * ? * 9#1 *)", "", "out of range 1-7"},
		{"cron(5 * 32W * ? *)", "", "W needs a day"},
		{"cron(5 * * * ? 1969)", "", "year"},
		{"cron(*/0 * * * ? *)", "", "step"},
		{"cron(10-5 * * * ? *)", "", "runs backwards"},
		{"cron(5,,6 * * * ? *)", "", "empty list element"},
		{"cron(5 ? * * ? *)", "", "hours"},
		{"rate(0 minutes)", "", "positive integer"},
		{"rate(-1 minutes)", "", "positive integer"},
		{"rate(1.5 hours)", "", "positive integer"},
		{"rate(5 weeks)", "", "rate unit must be"},
		{"rate(5)", "", "value unit"},
		{"rate(9999999999999 days)", "", "too large"},
		{"at(2026-13-01T00:00:00)", "", "at needs yyyy-mm-ddThh:mm:ss"},
		{"at(2026-12-01 09:00:00)", "", "at needs"},
		{"every 5 minutes", "", "expected cron(...), rate(...) or at(...)"},
		{"cron(5 * * * ? *", "", "expected cron"},
		{"cron(5 * * * ? *)", "Mars/Olympus", "time zone \"Mars/Olympus\""},
		{"cron(5 * * * ? *)", "Local", "not an IANA zone"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.expr, tc.tz)
		if err == nil {
			t.Errorf("Parse(%q, %q) succeeded; want error containing %q", tc.expr, tc.tz, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q, %q) = %q; want it to contain %q", tc.expr, tc.tz, err, tc.want)
		}
		if !strings.Contains(err.Error(), tc.expr) {
			t.Errorf("error %q does not name the expression", err)
		}
	}
}

func TestString(t *testing.T) {
	for _, tc := range []struct{ expr, tz, want string }{
		{" cron(5 * * * ? *) ", "Asia/Almaty", "cron(5 * * * ? *) Asia/Almaty"},
		{"at(2026-12-01T09:00:00)", "", "at(2026-12-01T09:00:00) UTC"},
		{"rate(5 minutes)", "Asia/Almaty", "rate(5 minutes)"},
	} {
		s, err := Parse(tc.expr, tc.tz)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.String(); got != tc.want {
			t.Errorf("String() = %q; want %q", got, tc.want)
		}
	}
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestPayload(t *testing.T) {
	const arn = "arn:aws:scheduler:us-east-1:123456789012:schedule/default/deadline-check"
	at := time.Date(2026, 11, 25, 13, 5, 0, 0, time.FixedZone("+05", 5*3600))

	t.Run("template input from template.yaml", func(t *testing.T) {
		in := `{"source":"aws.scheduler","detail-type":"Scheduled Event","time":"<aws.scheduler.scheduled-time>",` +
			`"id":"<aws.scheduler.execution-id>","arn":"<aws.scheduler.schedule-arn>","attempt":"<aws.scheduler.attempt-number>"}`
		var got map[string]string
		if err := json.Unmarshal(Payload(in, at, arn), &got); err != nil {
			t.Fatalf("payload is not JSON: %v", err)
		}
		if got["time"] != "2026-11-25T08:05:00Z" {
			t.Errorf("time = %q", got["time"])
		}
		if got["arn"] != arn || got["attempt"] != "1" || got["source"] != "aws.scheduler" {
			t.Errorf("got %v", got)
		}
		if !uuidRE.MatchString(got["id"]) {
			t.Errorf("execution id %q is not a UUID v4", got["id"])
		}
	})

	t.Run("execution id differs per call", func(t *testing.T) {
		a := string(Payload("<aws.scheduler.execution-id>", at, arn))
		b := string(Payload("<aws.scheduler.execution-id>", at, arn))
		if a == b {
			t.Errorf("same execution id twice: %s", a)
		}
	})

	t.Run("empty input gives the Scheduled Event envelope", func(t *testing.T) {
		var got struct {
			Version    string          `json:"version"`
			ID         string          `json:"id"`
			DetailType string          `json:"detail-type"`
			Source     string          `json:"source"`
			Time       string          `json:"time"`
			Resources  []string        `json:"resources"`
			Detail     json.RawMessage `json:"detail"`
		}
		if err := json.Unmarshal(Payload("", at, arn), &got); err != nil {
			t.Fatal(err)
		}
		if got.Version != "0" || got.DetailType != "Scheduled Event" || got.Source != "aws.scheduler" ||
			got.Time != "2026-11-25T08:05:00Z" || len(got.Resources) != 1 || got.Resources[0] != arn ||
			string(got.Detail) != "{}" || !uuidRE.MatchString(got.ID) {
			t.Errorf("got %+v", got)
		}
	})

	t.Run("input without placeholders is unchanged", func(t *testing.T) {
		if got := string(Payload(`{"a":1}`, at, arn)); got != `{"a":1}` {
			t.Errorf("got %s", got)
		}
	})
}

func TestRunFiresInOrderAndStops(t *testing.T) {
	s := &Schedule{expr: "test", loc: time.UTC, kind: kindRate, every: 30 * time.Millisecond, anchor: time.Now()}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var fired []time.Time
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(ctx, s, func(_ context.Context, at time.Time) {
			mu.Lock()
			fired = append(fired, at)
			mu.Unlock()
		})
	}()
	time.Sleep(250 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Run did not return after cancel")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(fired) < 4 {
		t.Fatalf("fired %d times in 250ms at a 30ms rate", len(fired))
	}
	for i := 1; i < len(fired); i++ {
		if !fired[i].After(fired[i-1]) {
			t.Errorf("fire %d at %v not after %v", i, fired[i], fired[i-1])
		}
	}
}

func TestRunCoalescesMissedTimes(t *testing.T) {
	s := &Schedule{expr: "test", loc: time.UTC, kind: kindRate, every: 20 * time.Millisecond, anchor: time.Now()}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var fired []time.Time
	Run(ctx, s, func(_ context.Context, at time.Time) {
		fired = append(fired, at)
		if len(fired) == 1 {
			time.Sleep(110 * time.Millisecond) // overrun ~5 intervals
			return
		}
		cancel()
	})
	if len(fired) != 2 {
		t.Fatalf("fired %d times; want 2", len(fired))
	}
	// The catch-up fire is the latest missed time, not the one right after the first.
	if gap := fired[1].Sub(fired[0]); gap < 80*time.Millisecond {
		t.Errorf("catch-up fire %v after the first; want the most recent missed time", gap)
	}
}

func TestRunReturnsWhenNoMoreFireTimes(t *testing.T) {
	s, err := Parse("at(2020-01-01T00:00:00)", "")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(context.Background(), s, func(context.Context, time.Time) { t.Error("fired a past at()") })
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Run did not return for a past at()")
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []struct{ expr, tz string }{
		{"cron(5 * * * ? *)", "Asia/Almaty"},
		{"cron(0/15 8-17 ? * MON-FRI *)", "Europe/Riga"},
		{"cron(30 3 L * ? *)", "Europe/Riga"},
		{"cron(0 12 15W * ? 2026-2030)", ""},
		{"cron(0 9 ? * 3#2 *)", "America/New_York"},
		{"cron(* * ? * 6L *)", "Australia/Lord_Howe"},
		{"rate(5 minutes)", ""},
		{"at(2030-03-31T03:30:00)", "Europe/Riga"},
		{"cron(0 0 30 FEB ? *)", ""},
	} {
		f.Add(seed.expr, seed.tz)
	}
	base := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr, tz string) {
		s, err := Parse(expr, tz)
		if err != nil {
			return
		}
		_ = s.String()
		for _, start := range []time.Time{base, base.AddDate(0, 4, 3).Add(7 * time.Minute)} {
			prev := start
			for range 4 {
				next, ok := s.Next(prev)
				if !ok {
					break
				}
				if !next.After(prev) {
					t.Fatalf("%s: Next(%v) = %v, not strictly after", s, prev, next)
				}
				prev = next
			}
		}
	})
}

// TestNextMatchesBruteForce compares Next with a minute-by-minute walk over
// instants around DST transitions (including Lord Howe's 30-minute shift):
// an instant fires when its local wall time matches the cron fields and it
// is the first instant showing that wall time. Skipped wall times never show
// up in such a walk, which is exactly the skip semantics.
func TestNextMatchesBruteForce(t *testing.T) {
	exprs := []string{"cron(* * * * ? *)", "cron(0/7 1-4 * * ? *)", "cron(30 * * * ? *)", "cron(15 2 ? * SUN *)", "cron(0,30 1,2,3 L * ? *)"}
	cases := []struct{ tz, from string }{
		{"Europe/Riga", "2026-03-28T20:00:00Z"},
		{"Europe/Riga", "2026-10-24T20:00:00Z"},
		{"America/New_York", "2026-03-08T04:00:00Z"},
		{"America/New_York", "2026-11-01T03:00:00Z"},
		{"Australia/Lord_Howe", "2026-04-04T12:00:00Z"},
		{"Australia/Lord_Howe", "2026-10-03T12:00:00Z"},
		{"Asia/Almaty", "2024-02-29T12:00:00Z"},
	}
	for _, e := range exprs {
		for _, tc := range cases {
			s, err := Parse(e, tc.tz)
			if err != nil {
				t.Fatal(err)
			}
			from := utc(tc.from)
			end := from.Add(12 * time.Hour)
			var want []time.Time
			for m := from.Add(time.Minute); m.Before(end); m = m.Add(time.Minute) {
				lt := m.In(s.loc)
				y, mo, d := lt.Date()
				if !s.cron.dayOK(y, mo, d) || s.cron.months&(1<<int(mo)) == 0 || !s.cron.yearOK(y) ||
					s.cron.hours&(1<<lt.Hour()) == 0 || s.cron.minutes&(1<<lt.Minute()) == 0 {
					continue
				}
				first := true
				for back := 15; back <= 180; back += 15 {
					if prev := m.Add(-time.Duration(back) * time.Minute).In(s.loc); prev.Hour() == lt.Hour() &&
						prev.Minute() == lt.Minute() && prev.Day() == lt.Day() {
						first = false
					}
				}
				if first {
					want = append(want, m)
				}
			}
			var got []time.Time
			for cur := from; ; {
				n, ok := s.Next(cur)
				if !ok || !n.Before(end) {
					break
				}
				got = append(got, n)
				cur = n
			}
			if len(got) != len(want) {
				t.Errorf("%s %s from %s: got %d fire times, want %d\n got %v\nwant %v", e, tc.tz, tc.from, len(got), len(want), got, want)
				continue
			}
			for i := range got {
				if !got[i].Equal(want[i]) {
					t.Errorf("%s %s from %s: fire %d = %v, want %v", e, tc.tz, tc.from, i, got[i], want[i])
					break
				}
			}
		}
	}
}
