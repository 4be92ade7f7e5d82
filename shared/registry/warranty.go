package registry

import (
	"fmt"
	"time"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
)

// Country is whose calendar and time zone count the registry's dates (seed 003 is
// Kazakhstan's).
const Country = "KZ"

// WarrantyEndedFlag is the gate the warranty's term applies when it ends: the sweep marks
// the object's warranty ended in the same write as the term_ended notice.
const WarrantyEndedFlag = "warranty_ended"

// WarrantyRule is the warranty as a watched term: twelve calendar months from the day the
// object was put into operation (003 §16 9), §17 ¶1). It owes no action; when it ends the
// owner organisation and the supplier are told once (term_ended), and a month before it
// ends they are reminded. [DESIGN] the months clamp to the month's last day (29 February
// + 12 months = 28 February) and the end is not moved off a day off: a period of cover,
// not a time to act (as 003 §12's term).
var WarrantyRule = clock.Rule{
	Name: "warranty", Kind: clock.Term,
	Count: clock.Count{Anchor: clock.FromDate, Field: "stageHistory.operation", Limit: clock.Limit{Kind: clock.Months, N: 12},
		MonthEnd: clock.Clamp, Remind: &clock.Limit{Kind: clock.Months, N: 1}},
	Gate:  &clock.GateRule{Kind: clock.GateFlag, Name: WarrantyEndedFlag, Basis: "003 §16 9)"},
	Basis: "003 §16 9), §17 ¶1", Title: "the warranty",
}

// WarrantyUntil is the last day of a warranty that starts on on.
func WarrantyUntil(on calendar.Date) calendar.Date {
	return clock.AddMonths(on, WarrantyRule.Count.Limit.N, WarrantyRule.Count.MonthEnd)
}

// StartWarranty starts warranty round round on the day on: the period and its clock.
// prev is the warranty it supersedes (nil for the first): when prev still runs on the
// new start, the cover is uninterrupted from prev's start (CoveredFrom). supplier, when
// named, is told of the reminder and the end with the owner.
func StartWarranty(o *Object, on string, round int, prev *Warranty, dev string, now time.Time) (Warranty, clock.Clock, error) {
	day, err := calendar.ParseDate(on)
	if err != nil {
		return Warranty{}, clock.Clock{}, fmt.Errorf("warranty from %q: %w", on, err)
	}
	w := Warranty{From: on, Until: WarrantyUntil(day).String(), State: WarrantyRunning, Round: round, CoveredFrom: on, DevelopmentID: dev}
	if prev != nil && prev.State == WarrantyRunning && prev.Until >= on {
		w.CoveredFrom = prev.CoveredFrom
		if w.CoveredFrom == "" {
			w.CoveredFrom = prev.From
		}
	}
	cl, err := WarrantyRule.Start(Country, round, now, on)
	if err != nil {
		return Warranty{}, clock.Clock{}, err
	}
	cl.Notify = SupplierParty(o.Supplier)
	return w, cl, nil
}

// SupplierParty is who a warranty's notices reach besides the owner: the supplier's
// organisation, when the object names one.
func SupplierParty(supplier string) []clock.Party {
	if supplier == "" {
		return nil
	}
	return []clock.Party{{Org: supplier}}
}

// ClockRef is an object's clock with what its notices say, as the store keeps it.
func ClockRef(o *Object, cl clock.Clock) clock.Ref {
	return clock.Ref{Owner: clock.Owner{Kind: clock.OwnerObject, ID: o.ID}, Org: o.Org,
		Label: fmt.Sprintf("object %s (%q)", o.ID, o.Name), Name: o.Name, Clock: cl}
}

// InWarranty reports whether a failure on day falls in the warranty's uninterrupted
// cover (003 §17 ¶1), and says why not.
func InWarranty(from, until, day string) (bool, string) {
	switch {
	case from == "" || until == "":
		return false, "the object has no warranty: it was never put into operation"
	case day < from:
		return false, fmt.Sprintf("%s is before the warranty began on %s", day, from)
	case day > until:
		return false, fmt.Sprintf("%s is after the warranty ended on %s", day, until)
	}
	return true, ""
}
