package calendar

import (
	"fmt"
	"strings"
)

// Explanation shows how a working-day deadline was computed: every day after
// From up to Due, split into the days counted and the days skipped, each with
// its reason and legal source. Due always equals AddWorkingDays(From, Days).
type Explanation struct {
	Country string `json:"country"`
	From    Date   `json:"from"`
	Days    int    `json:"days"`
	Due     Date   `json:"due"`
	// Counted are the working days 1..Days in order; the last one is Due.
	Counted []Day `json:"counted"`
	// Skipped are the non-working days passed over between From and Due.
	Skipped []Day `json:"skipped"`
}

// Explain computes AddWorkingDays(from, n) and records why each day was
// counted or skipped.
func (c *Calendar) Explain(from Date, n int) (Explanation, error) {
	return c.walk(from, n, true)
}

// walk is the single implementation behind AddWorkingDays and Explain, so the
// two cannot disagree.
func (c *Calendar) walk(from Date, n int, record bool) (Explanation, error) {
	e := Explanation{Country: c.country, From: from, Days: n, Due: from}
	if n < 0 {
		return Explanation{}, fmt.Errorf("%s add %d working days to %s: %w", c.country, n, from, ErrNegativeDays)
	}
	if _, err := c.DayInfo(from); err != nil {
		return Explanation{}, fmt.Errorf("add %d working days to %s: %w", n, from, err)
	}
	d := from
	for counted := 0; counted < n; {
		d = d.AddDays(1)
		day, err := c.DayInfo(d)
		if err != nil {
			return Explanation{}, fmt.Errorf("add %d working days to %s: %w", n, from, err)
		}
		if day.Working {
			counted++
			if record {
				e.Counted = append(e.Counted, day)
			}
		} else if record {
			e.Skipped = append(e.Skipped, day)
		}
	}
	e.Due = d
	return e, nil
}

// String renders the explanation for logs and humans, one line per day.
func (e Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d working days from %s (day 0) -> due %s\n", e.Country, e.Days, e.From, e.Due)
	i, j := 0, 0
	// Merge the two sorted lists back into date order.
	for i < len(e.Counted) || j < len(e.Skipped) {
		if j >= len(e.Skipped) || (i < len(e.Counted) && e.Counted[i].Date.Before(e.Skipped[j].Date)) {
			fmt.Fprintf(&b, "  %s counted %d: %s\n", e.Counted[i].Date, i+1, e.Counted[i].Reason)
			i++
			continue
		}
		fmt.Fprintf(&b, "  %s skipped: %s [%s]\n", e.Skipped[j].Date, e.Skipped[j].Reason, e.Skipped[j].Source)
		j++
	}
	return b.String()
}
