package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/procedure"
)

// BenchClockItem is the item the store writes for a clock of an application, exactly as
// Apply and the sweep lay it out (keys, the Due index, the OVERDUE index). It exists for
// `make bench` (infra/bench), which seeds 100k running clocks with BatchWriteItem to
// measure how the sweep scales; production code writes clocks only through Apply and
// the sweep. (The package's own tests use SweepClockItem, a test-only twin.)
func BenchClockItem(a *procedure.Application, c procedure.Clock) (map[string]types.AttributeValue, error) {
	return clockItem(a, c)
}
