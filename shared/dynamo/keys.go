package dynamo

import (
	"fmt"
	"time"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/monitoring"
)

const (
	skMeta     = "#META"
	skEvtFirst = "EVT#"
	gsiOrg     = "GSI1"
	gsiStatus  = "GSI2"
	gsiAll     = "GSI3"
	gsiList    = "GSI4"
	idxDue     = "Due"
	listPK     = "LIST#operator"
	overduePK  = "OVERDUE"
	allPK      = "APP#ALL"
	// unscheduledPK holds clocks whose due date is in a year not loaded yet; the sweep
	// retries them so that loading the year brings them back on schedule.
	unscheduledPK = "DUE#UNSCHEDULED"
)

func appPK(id string) string    { return "APP#" + id }
func objPK(id string) string    { return "OBJ#" + id }
func docSK(id string) string    { return "DOC#" + id }
func mailPK(id string) string   { return "MAIL#" + id }
func noticePK(id string) string { return "NOTICE#" + id }
func inboxPK(key string) string { return "INBOX#" + key }

// clockSK keys a clock by rule and round, so a loop's second round has a clock of its own.
func clockSK(key string) string { return "CLK#" + key }

// ownerPK is the partition of a clock's owner.
func ownerPK(o clock.Owner) string {
	switch o.Kind {
	case clock.OwnerApplication:
		return appPK(o.ID)
	case clock.OwnerObject:
		return objPK(o.ID)
	case clock.OwnerOrg:
		return "ORG#" + o.ID
	case monitoring.OwnerRecommendation:
		return recPK(o.ID)
	case consolidation.OwnerDecision:
		return decPK(o.ID)
	case actionplan.OwnerPlan:
		return planPK(o.ID)
	case actionplan.OwnerMeasure:
		return measPK(o.ID)
	}
	return "OWN#" + o.Kind + "#" + o.ID
}

// stamp is the sortable form of an instant used inside keys: fixed width, so that string
// order is time order.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

func eventSK(at time.Time, seq string) string { return "EVT#" + stamp(at) + "#" + seq }

func listSK(listedAt time.Time, objID string) string { return "L#" + stamp(listedAt) + "#" + objID }

func createdSK(created time.Time, id string) string { return stamp(created) + "#" + id }

// dueBucket is the partition of the due index a firing at t lands in: one per UTC day,
// so a sweep reads one or two small partitions and only items already due in them.
func dueBucket(t time.Time) string { return "DUE#" + t.UTC().Format("2006-01-02") }

func dueSK(t time.Time, pk, key string) string {
	return fmt.Sprintf("%s#%s#%s", stamp(t), pk, key)
}
