package actionplan

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
)

var vk = actor.Caller{Sub: "u-vk", Org: "lv-vk", Roles: []actor.Role{actor.Coordinator}}

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func seedPlan(t *testing.T) *Plan {
	t.Helper()
	p, err := NewPlan{Title: "Latvijas ceturtais nacionālais atvērtās pārvaldības rīcības plāns 2020–2021",
		Period: &Period{From: "01.01.2020", To: "31.12.2021"}}.Decide("plan-1", vk, time.Date(2020, 1, 2, 8, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// 001 S1, S3: a plan 2020–2021 has two reports, for 2020 and for 2021.
func TestPlanYears(t *testing.T) {
	p := seedPlan(t)
	if p.Period != (Period{From: "2020-01-01", To: "2021-12-31"}) || !slices.Equal(p.Years(), []int{2020, 2021}) {
		t.Fatalf("%+v %v", p.Period, p.Years())
	}
	if err := CheckYear(p, 2022); !fault.Is(err, fault.Unprocessable) {
		t.Fatalf("2022: %v", err)
	}
	if _, err := (NewPlan{Title: "x", Period: &Period{From: "2021-01-01", To: "2020-01-01"}}).Decide("p", vk, time.Now()); !fault.Is(err, fault.Unprocessable) {
		t.Fatalf("reversed period: %v", err)
	}
}

// 001 S3: the report for a year is due on 1 February of the next year; report_due goes
// to the coordinator at 09:00 Riga on the LV working day before; overdue after the end of
// 1 February. The year 2026's report: due Mon 1 February 2027, reminded Fri 29 January.
func TestReportClock(t *testing.T) {
	cl, err := ReportClock(2026, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if cl.DueDate != "2027-02-01" || cl.RemindAt == nil || cl.RemindAt.UTC().Format(time.RFC3339) != "2027-01-29T07:00:00Z" ||
		cl.DueAt.UTC().Format(time.RFC3339) != "2027-02-01T22:00:00Z" || cl.RemindType != notify.ReportDue || cl.Owes != actor.Coordinator {
		t.Fatalf("%+v", cl)
	}
	ref := clock.Ref{Owner: clock.Owner{Kind: OwnerPlan, ID: "plan-1"}, Org: "lv-vk", Label: "plan", Name: "plan", Clock: cl}
	out, ok := clock.Fire(ref, cl.RemindAt.Add(time.Minute))
	if !ok || out.Firing != clock.FireReminder || out.Event.Notices[0].Type != notify.ReportDue ||
		!slices.Equal(out.Event.Notices[0].To, []notify.Recipient{{Role: actor.Coordinator}}) {
		t.Fatalf("reminder: %+v", out)
	}
}

// 001 S6: the IUB measure "publication of the digital procurement risk-assessment tool",
// 01.03.2020–01.04.2020, still "Notiek izstrāde" at the meeting of 28.10.2020: 210 days
// overdue. The measure before it, "Izdarīts", is not overdue.
func TestOverdueDays(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status string
		end    string
		today  string
		want   int
	}{
		{"001 S6 in development 210 days past 01.04.2020 at 28.10.2020", InProgress, "2020-04-01", "2020-10-28", 210},
		{"001 S6 done on time is never overdue", Done, "2020-03-01", "2020-10-28", 0},
		{"001 S6 on its end date it is not overdue yet", InProgress, "2020-04-01", "2020-04-01", 0},
		{"001 S6 the day after its end date it is one day overdue", NotStarted, "2020-04-01", "2020-04-02", 1},
		{"001 S6 cancelled is not overdue", Cancelled, "2020-04-01", "2020-10-28", 0},
		{"001 S6 across a leap February", InProgress, "2028-02-27", "2028-03-01", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &Measure{Status: tc.status, End: tc.end}
			if got := OverdueDays(m, day(tc.today)); got != tc.want {
				t.Fatalf("%d, want %d", got, tc.want)
			}
		})
	}
}

// 001 S6 risks as an early warning (contract: the day recorded, Europe/Riga, plus the
// expected delay falls after the end).
func TestRiskWarns(t *testing.T) {
	for _, tc := range []struct {
		name       string
		on         string
		delay      int
		end        string
		wantWarned bool
	}{
		{"001 S6 website migration 14 days before the end, 20 days' delay: warn", "2020-03-18", 20, "2020-04-01", true},
		{"001 S6 a delay that still ends on the end date: no warning", "2020-03-18", 14, "2020-04-01", false},
		{"001 S6 no delay expected: no warning", "2020-03-18", 0, "2020-04-01", false},
		{"001 S6 recorded after the end: warn", "2020-04-05", 0, "2020-04-01", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Warns(day(tc.on), tc.delay, tc.end); got != tc.wantWarned {
				t.Fatalf("%v", got)
			}
		})
	}
}

// 001 S6: a measure row of the worksheet, its dates as the worksheet writes them.
func TestNewMeasure(t *testing.T) {
	p := seedPlan(t)
	m, err := NewMeasure{Title: "Digitālā iepirkumu risku izvērtēšanas rīka publicēšana", Commitment: "1. apņemšanās: Publisko iepirkumu un līgumu atklātība",
		Owner: "lv-iub", Start: "01.03.2020.", End: "01.04.2020.", DefinitionOfDone: "Rīks publicēts IUB tīmekļvietnē"}.Decide(p, "m-1", vk, time.Now())
	if err != nil || m.Start != "2020-03-01" || m.End != "2020-04-01" || m.Status != NotStarted || len(m.CoOwners) != 0 {
		t.Fatalf("%+v %v", m, err)
	}
	_, err = NewMeasure{Title: "", Owner: "IUB", CoOwners: []string{"lv-knab", "lv-knab", "IUB"}, Start: "2020-03-01", End: "01.02.2022"}.Decide(p, "m-2", vk, time.Now())
	fe, _ := err.(*fault.Error)
	var fields []string
	if fe != nil {
		for _, f := range fe.Fields {
			fields = append(fields, f.Field)
		}
	}
	if want := []string{"coOwners[1]", "coOwners[2]", "end", "owner", "title"}; !slices.Equal(fields, want) {
		t.Fatalf("fields %v, want %v (%v)", fields, want, err)
	}
}

func TestChangeStatus(t *testing.T) {
	m := &Measure{Status: NotStarted}
	done, note := Done, "Rīks publicēts"
	if ch, err := (Change{Status: &done, ProgressNote: &note}).Apply(m); err != nil || !ch || m.Status != Done {
		t.Fatalf("%v %v %+v", ch, err, m)
	}
	back := InProgress
	if _, err := (Change{Status: &back}).Apply(m); !fault.Is(err, fault.Conflict) {
		t.Fatalf("reopening a done measure: %v", err)
	}
	if ch, err := (Change{ProgressNote: &note}).Apply(m); err != nil || ch {
		t.Fatalf("a note on a done measure: %v %v", ch, err)
	}
	bad := "izdarīts"
	if _, err := (Change{Status: &bad}).Apply(m); !fault.Is(err, fault.Unprocessable) {
		t.Fatalf("unknown status: %v", err)
	}
	if _, err := (Change{}).Apply(m); !fault.Is(err, fault.Unprocessable) {
		t.Fatalf("empty change: %v", err)
	}
}

// The plan as open data: Latvian letters survive, formulas are defused.
func TestWriteCSV(t *testing.T) {
	rows := []View{
		StatusOf(Measure{ID: "m-1", Title: "Datu atlases metožu aprakstu izstrāde", Owner: "lv-iub", Start: "2020-01-01", End: "2020-03-01", Status: Done}, day("2020-10-28")),
		StatusOf(Measure{ID: "m-2", Title: "=HYPERLINK(\"x\")", Owner: "lv-iub", CoOwners: []string{"lv-knab", "lv-vk"}, Start: "2020-03-01", End: "2020-04-01",
			Status: InProgress, DefinitionOfDone: "Rīks publicēts; ā č ē ģ ī ķ ļ ņ š ū ž"}, day("2020-10-28")),
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\ufeff")) {
		t.Fatal("no byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 3 || !slices.Equal(recs[0], CSVHeader) {
		t.Fatalf("%v %v", recs, err)
	}
	if recs[1][8] != "Izdarīts" || recs[1][9] != "false" || recs[2][2] != "'=HYPERLINK(\"x\")" || recs[2][4] != "lv-knab lv-vk" ||
		recs[2][8] != "Notiek izstrāde" || recs[2][10] != "210" || recs[2][11] != "Rīks publicēts; ā č ē ģ ī ķ ļ ņ š ū ž" {
		t.Fatalf("rows: %q", recs[1:])
	}
}

func TestSnapshot(t *testing.T) {
	p := seedPlan(t)
	at := time.Date(2020, 10, 28, 9, 0, 0, 0, time.UTC)
	r := Snapshot(p, 2020, []Measure{{ID: "m-1", Status: Done, End: "2020-03-01"}, {ID: "m-2", Status: InProgress, End: "2020-04-01"}}, vk, at)
	if r.DueOn != "2021-02-01" || r.AsOf != "2020-10-28" || r.Summary != (Summary{Measures: 2, Done: 1, InProgress: 1, Overdue: 1}) ||
		r.Measures[1].OverdueDays != 210 || r.Measures[1].StatusLabel.LV != "Notiek izstrāde" {
		t.Fatalf("%+v", r)
	}
}
