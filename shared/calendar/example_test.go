package calendar_test

import (
	"fmt"

	"github.com/ictgov/ictgov/shared/calendar"
)

// A Kazakh application received on Thursday 19 March 2026, with 5 working
// days to answer (seed 002 ¶5): Nauryz (21-23 March, with the Saturday and
// Sunday moved to 24-25 March) is skipped.
func ExampleCalendar_AddWorkingDays() {
	kz, err := calendar.For("KZ")
	if err != nil {
		fmt.Println(err)
		return
	}
	from, _ := calendar.ParseDate("2026-03-19")
	due, err := kz.AddWorkingDays(from, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("due:", due)
	fmt.Println("overdue from:", kz.EndOfDay(due).Format("2006-01-02T15:04:05Z07:00"))
	// Output:
	// due: 2026-03-31
	// overdue from: 2026-03-31T19:00:00Z
}

func ExampleCalendar_Explain() {
	lv, err := calendar.For("LV")
	if err != nil {
		fmt.Println(err)
		return
	}
	from, _ := calendar.ParseDate("2025-04-30")
	e, err := lv.Explain(from, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("due:", e.Due)
	for _, d := range e.Counted {
		fmt.Println("counted", d.Date)
	}
	for _, d := range e.Skipped {
		fmt.Println("skipped", d.Date, d.Kind)
	}
	// Output:
	// due: 2025-05-08
	// counted 2025-05-06
	// counted 2025-05-07
	// counted 2025-05-08
	// skipped 2025-05-01 holiday
	// skipped 2025-05-02 decreed_day_off
	// skipped 2025-05-03 weekend
	// skipped 2025-05-04 holiday
	// skipped 2025-05-05 holiday_moved
}

func ExampleAddMonths() {
	jan31, _ := calendar.ParseDate("2024-01-31")
	fmt.Println(calendar.AddMonths(jan31, 1))
	fmt.Println(calendar.AddMonths(jan31, 13))
	// Output:
	// 2024-02-29
	// 2025-02-28
}
