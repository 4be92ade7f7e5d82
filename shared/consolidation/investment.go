package consolidation

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
)

// Categories are the data-centre equipment §6.2 names: "servers, data storage and other
// data-centre equipment" (serveros, datu krātuvēs un citā datu centru aprīkojumā).
var Categories = []string{"servers", "storage", "other_dc_equipment"}

// Grounds of an extraordinary investment under freeze (000 §6.2): an exception case of
// section 5 of the informative report, or an urgent emergency.
var Grounds = []string{"exception", "emergency"}

// Check is the answer of GET /v1/orgs/{org}/investment-check (contract part two:
// {"allowed","reason","basis"}), with what it rests on.
type Check struct {
	Org        string      `json:"org"`
	Category   string      `json:"category"`
	Allowed    bool        `json:"allowed"`
	Reason     string      `json:"reason"`
	Basis      string      `json:"basis"`
	Freeze     *Freeze     `json:"freeze"`
	Investment *Investment `json:"investment,omitempty"`
	Flags      []CheckFlag `json:"flags"`
}

// CheckFlag is something the asker must know besides the answer.
type CheckFlag struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
	Basis  string `json:"basis"`
}

// CheckInvestment answers whether the organisation chain[0] may invest in equipment of a
// category on day today (Europe/Riga): allowed when it is not under freeze, or when VARAM
// agreed an extraordinary investment of that category under the decision that froze it
// (000 §6.2; digest Q5: both grounds, exception and emergency, need VARAM's agreement).
// An initial action plan whose provisional migration date has passed is flagged: the
// limited investments §6.4 allowed until that date no longer rest on it (T9).
func CheckInvestment(chain []Org, category string, today calendar.Date) Check {
	org := chain[0]
	c := Check{Org: org.ID, Category: category, Flags: []CheckFlag{}}
	fr := FreezeOf(chain)
	c.Freeze = fr
	switch {
	case fr == nil:
		c.Allowed, c.Basis = true, FreezeBasis
		c.Reason = "not under the investment freeze"
		if covered(chain) {
			c.Reason += "; VARAM agreed the sector's development or transition, so further investments in data-centre equipment follow the agreed action plan"
			c.Basis = "000 §6.2, §6.3"
		}
	default:
		inv, ok := org.Investments[category]
		if ok && inv.DecisionID == fr.DecisionID {
			c.Allowed, c.Basis, c.Investment = true, FreezeBasis, &inv
			c.Reason = fmt.Sprintf("under the investment freeze since %s, but VARAM agreed an extraordinary investment in %s (%s, application %s)",
				SinceWords(fr.Since), categoryWords(category), inv.Ground, inv.ApplicationID)
			break
		}
		c.Basis = FreezeBasis
		from := ""
		if fr.Via != "" {
			from = ", as a subordinate institution of " + fr.Via
		}
		c.Reason = fmt.Sprintf("under the investment freeze of decision %s since %s%s: investments in %s stop unless VARAM agrees an extraordinary investment (exception case or urgent emergency)",
			fr.DecisionID, SinceWords(fr.Since), from, categoryWords(category))
	}
	if p, who, ok := latestPlan(chain); ok && p.Initial && p.ProvisionalMigrationOn != "" {
		if on, err := calendar.ParseDate(p.ProvisionalMigrationOn); err == nil && today.After(on) {
			c.Flags = append(c.Flags, CheckFlag{Code: "provisional_migration_date_passed", Basis: "000 §6.4",
				Reason: fmt.Sprintf("the initial action plan of %s allowed limited investments to keep the infrastructure operating securely until the provisional migration date %s, which has passed: an investment relying on it needs a detailed version of the plan",
					who, on.DayMonthYear())})
		}
	}
	return c
}

func categoryWords(c string) string {
	switch c {
	case "servers":
		return "servers"
	case "storage":
		return "data storage"
	}
	return "other data-centre equipment"
}

// covered reports whether the organisation or one above it has VARAM's agreement.
func covered(chain []Org) bool {
	return slices.ContainsFunc(chain, func(o Org) bool { return len(o.Agreements) > 0 })
}

// latestPlan is the nearest agreed action plan up the chain (the ministry's plan covers
// its sector, digest Q7), the highest version if it has several decisions' plans.
func latestPlan(chain []Org) (PlanState, string, bool) {
	for _, o := range chain {
		if len(o.Plans) == 0 {
			continue
		}
		keys := make([]string, 0, len(o.Plans))
		for k := range o.Plans {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return o.Plans[keys[len(keys)-1]], o.ID, true
	}
	return PlanState{}, "", false
}

// SinceWords says when a freeze began as a Latvian clerk reads it: the moment in Riga,
// which is the end of the gate's due date (a freeze since 2027-02-28T22:00:00Z began at
// 01.03.2027 00:00, the end of 28.02.2027).
func SinceWords(t time.Time) string {
	cal, err := calendar.For(Country)
	if err != nil {
		return t.UTC().Format(time.RFC3339)
	}
	local := t.In(cal.Location())
	day := calendar.DateOf(t.Add(-time.Nanosecond), cal.Location())
	return fmt.Sprintf("%s Europe/Riga (the end of %s)", local.Format("02.01.2006 15:04"), day.DayMonthYear())
}
