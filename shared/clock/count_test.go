package clock

import (
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
)

func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Month arithmetic with each end-of-month rule. The contract (part two, Latvia): months
// are calendar months, same day of month, clamped to the month's end (D = 2026-11-30
// gives 2027-01-30 and 2027-02-28).
func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		name, from string
		n          int
		rule       MonthEnd
		want       string
	}{
		{"000 §6.1 D=30 Nov + 2 months", "2026-11-30", 2, Clamp, "2027-01-30"},
		{"000 §6.2 D=30 Nov + 3 months clamps to February's end", "2026-11-30", 3, Clamp, "2027-02-28"},
		{"000 §6.1 D=31 Nov does not exist; 31 Oct + 2 months clamps to 31 Dec", "2026-10-31", 2, Clamp, "2026-12-31"},
		{"000 §6.2 D=31 Oct + 3 months clamps to 31 Jan", "2026-10-31", 3, Clamp, "2027-01-31"},
		{"000 §6.3 31 Aug + 6 months clamps to 28 Feb", "2026-08-31", 6, Clamp, "2027-02-28"},
		{"000 §6.3 31 Aug + 6 months in a leap year clamps to 29 Feb", "2027-08-31", 6, Clamp, "2028-02-29"},
		{"003 §16 9) warranty 31 Jan + 12 months", "2026-01-31", 12, Clamp, "2027-01-31"},
		{"003 §16 9) warranty 29 Feb + 12 months clamps", "2028-02-29", 12, Clamp, "2029-02-28"},
		{"003 §12 free term 31 Jan + 3 months clamps to 30 Apr", "2026-01-31", 3, Clamp, "2026-04-30"},
		{"overflow: 31 Jan + 1 month runs into March", "2026-01-31", 1, Overflow, "2026-03-03"},
		{"overflow in a leap year", "2028-01-31", 1, Overflow, "2028-03-02"},
		{"overflow where the day exists", "2026-01-15", 1, Overflow, "2026-02-15"},
		{"a reminder one month before a month end", "2027-03-31", -1, Clamp, "2027-02-28"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := AddMonths(date(t, c.from), c.n, c.rule).String(); got != c.want {
				t.Errorf("%s + %d months (%s) = %s, want %s", c.from, c.n, c.rule, got, c.want)
			}
		})
	}
}

// Schedule computes due dates on the country's calendar by each anchor and limit; the
// due moment is the end of the due date in the country's zone.
func TestSchedule(t *testing.T) {
	now := time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC) // Mon 16 March 2026, 10:00 Almaty
	for _, c := range []struct {
		name             string
		kind             Kind
		calendar         string
		count            Count
		from             string
		wantDue, wantRem string
		wantState        State
	}{
		{"002 ¶5 5 working days across Nauryz", Step, "KZ", Count{Anchor: FromEntry, Limit: Limit{WorkingDays, 5}}, "",
			"2026-03-26", "2026-03-20", Running},
		{"003 §12 10 working days", Step, "KZ", Count{Anchor: FromEntry, Limit: Limit{WorkingDays, 10}}, "",
			"2026-04-02", "2026-04-01", Running},
		{"calendar days are not moved off a day off", Deadline, "KZ", Count{Anchor: FromEntry, Limit: Limit{CalendarDays, 5}}, "",
			"2026-03-21", "", Running},
		{"calendar days moved to the next working day", Deadline, "KZ",
			Count{Anchor: FromEntry, Limit: Limit{CalendarDays, 5}, Roll: NextWorkingDay}, "", "2026-03-26", "", Running},
		{"003 §12 ¶2 a term from the Agreement date", Term, "KZ",
			Count{Anchor: FromDate, Field: "environment.agreementDate", Limit: Limit{Months, 3}}, "2026-04-10", "2026-07-10", "", Running},
		{"000 §6.1 pending while D is blank", Deadline, "LV",
			Count{Anchor: FromDate, Field: "adoptedOn", Limit: Limit{Months, 2}}, "", "", "", Pending},
		{"000 §4 a fixed date", Deadline, "LV", Count{Anchor: OnDate, Date: "2026-12-30"}, "", "2026-12-30", "", Running},
		{"001 S3 the report of 2026 is due 1 February 2027", Deadline, "LV",
			Count{Anchor: Annually, Date: "02-01", Remind: &Limit{WorkingDays, 1}}, "2026-12-31", "2027-02-01", "2027-01-29", Running},
		{"003 §16 9) warranty reminded one month before", Term, "KZ",
			Count{Anchor: FromDate, Field: "on", Limit: Limit{Months, 12}, Remind: &Limit{Months, 1}}, "2026-01-31", "2027-01-31", "2026-12-31", Running},
		{"a due date in a year not loaded", Step, "KZ", Count{Anchor: FromEntry, Limit: Limit{Months, 30}}, "", "", "", Unscheduled},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl := Clock{Rule: "r", Round: 1, Kind: c.kind, Owes: "authorized_body", Calendar: c.calendar, StartedAt: now,
				Limit: c.count.Limit, Count: c.count, FromDate: c.from}
			if err := Schedule(&cl, now); err != nil {
				t.Fatal(err)
			}
			if cl.State != c.wantState || cl.DueDate != c.wantDue {
				t.Fatalf("state %s due %q, want %s %q (%s)", cl.State, cl.DueDate, c.wantState, c.wantDue, cl.Problem)
			}
			rem := ""
			if cl.RemindAt != nil {
				loc, _ := time.LoadLocation(map[string]string{"KZ": "Asia/Almaty", "LV": "Europe/Riga"}[c.calendar])
				rem = cl.RemindAt.In(loc).Format("2006-01-02")
				if cl.RemindAt.In(loc).Hour() != 9 {
					t.Errorf("reminder at %s, want 09:00 local", cl.RemindAt.In(loc))
				}
			}
			if rem != c.wantRem {
				t.Errorf("reminder on %q, want %q", rem, c.wantRem)
			}
			if cl.State == Running {
				cal, _ := calendar.For(c.calendar)
				if want := cal.EndOfDay(date(t, c.wantDue)); !cl.DueAt.Equal(want) {
					t.Errorf("due at %s, want the end of the due date %s", cl.DueAt, want)
				}
			}
		})
	}
}

func TestResumeAPendingClock(t *testing.T) {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	r := Rule{Name: "submission", Kind: Deadline, Owes: "applicant", Basis: "000 §6.1",
		Count: Count{Anchor: FromDate, Field: "adoptedOn", Limit: Limit{Months, 2}}}
	cl, err := r.Start("LV", 1, now, "")
	if err != nil || cl.State != Pending || cl.Next != FireNone || cl.DueAt != nil {
		t.Fatalf("pending clock: %+v %v", cl, err)
	}
	if out, ok := Fire(Ref{Owner: Owner{"decision", "d1"}, Clock: cl}, now.AddDate(5, 0, 0)); ok {
		t.Fatalf("a pending clock fired: %+v", out)
	}
	changed, err := cl.Resume("2026-11-30", now)
	if err != nil || !changed || cl.State != Running || cl.DueDate != "2027-01-30" {
		t.Fatalf("resumed: %v %v %+v", changed, err, cl)
	}
	if changed, _ := cl.Resume("2026-12-01", now); changed {
		t.Fatal("a running clock resumed again")
	}
}

func TestCountCheck(t *testing.T) {
	for _, c := range []struct {
		name  string
		count Count
		ok    bool
	}{
		{"working days", Count{Limit: Limit{WorkingDays, 5}}, true},
		{"no number", Count{Limit: Limit{WorkingDays, 0}}, false},
		{"no field for a date anchor", Count{Anchor: FromDate, Limit: Limit{Months, 2}}, false},
		{"bad fixed date", Count{Anchor: OnDate, Date: "30.12.2021"}, false},
		{"bad annual date", Count{Anchor: Annually, Date: "2-1"}, false},
		{"annual", Count{Anchor: Annually, Date: "02-01"}, true},
		{"unknown month rule", Count{Limit: Limit{Months, 1}, MonthEnd: "round"}, false},
		{"reminder without lead", Count{Limit: Limit{Months, 1}, Remind: &Limit{Months, 0}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.count.Check(); (err == nil) != c.ok {
				t.Errorf("Check() = %v, want ok %v", err, c.ok)
			}
		})
	}
}
