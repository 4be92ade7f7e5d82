package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/clock"
)

// SeedClockItem is the item the store writes for a clock, exactly as Apply and the sweep
// lay it out (keys, the Due index, the OVERDUE index). It exists for the sweep's
// benchmarks (`make bench` and the package's own), which seed 100k running clocks with
// BatchWriteItem; production code writes clocks only through Apply and the sweep.
func SeedClockItem(r clock.Ref) (map[string]types.AttributeValue, error) {
	return clockItem(r)
}
