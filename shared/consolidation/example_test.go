package consolidation_test

import (
	"fmt"
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
)

// The deadlines of the contract's example: D = 30 November 2026.
func ExampleStartClock() {
	d := &consolidation.Decision{ID: "dec", AdoptedOn: "2026-11-30", ActionPlanFrom: consolidation.FromDecision}
	for _, r := range consolidation.OrgRules(d, "lv-zm") {
		cl, _ := consolidation.StartClock(r, d, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), "")
		fmt.Println(r.Name, r.Basis, cl.DueDate, cl.DueAt.UTC().Format(time.RFC3339))
	}
	// Output:
	// submission:lv-zm 000 §6.1 2027-01-30 2027-01-30T22:00:00Z
	// freeze:lv-zm 000 §6.2 2027-02-28 2027-02-28T22:00:00Z
	// action_plan:lv-zm 000 §6.3 2027-05-30 2027-05-30T21:00:00Z
}

// A ministry frozen by the gate, and a subordinate institution asking before it buys
// servers.
func ExampleCheckInvestment() {
	flag := &consolidation.Flag{Since: time.Date(2027, 2, 28, 22, 0, 0, 0, time.UTC), Basis: "000 §6.2",
		Source: clock.Owner{Kind: consolidation.OwnerDecision, ID: "01jd8w0a1b2c3d4e5f6g7h8j9k"}}
	zm := consolidation.Org{ID: "lv-zm", Flag: flag}
	lad := consolidation.Org{ID: "lv-lad", Parent: "lv-zm", Path: []string{"lv-zm"}}
	c := consolidation.CheckInvestment([]consolidation.Org{lad, zm}, "servers", calendar.Date{Year: 2027, Month: 3, Day: 10})
	fmt.Println(c.Allowed, c.Basis, c.Freeze.Via)
	fmt.Println(c.Reason)
	// Output:
	// false 000 §6.2 lv-zm
	// under the investment freeze of decision 01jd8w0a1b2c3d4e5f6g7h8j9k since 01.03.2027 00:00 Europe/Riga (the end of 28.02.2027), as a subordinate institution of lv-zm: investments in servers stop unless VARAM agrees an extraordinary investment (exception case or urgent emergency)
}
