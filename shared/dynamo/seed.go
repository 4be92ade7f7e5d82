package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/procedure"
)

// SeedClockItem is the item the store writes for a clock of an application, exactly as
// Apply and the sweep lay it out (keys, the Due index, the OVERDUE index). It exists for
// the sweep's benchmarks (`make bench` and the package's own), which seed 100k running
// clocks with BatchWriteItem; production code writes clocks only through Apply and the
// sweep.
func SeedClockItem(a *procedure.Application, c procedure.Clock) (map[string]types.AttributeValue, error) {
	return clockItem(a, c)
}
