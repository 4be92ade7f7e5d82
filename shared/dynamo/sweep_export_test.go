package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/procedure"
)

// SweepClockItem lets the external sweep tests and benchmark seed clocks exactly as the
// store lays them out, without going through Apply.
func SweepClockItem(a *procedure.Application, c procedure.Clock) (map[string]types.AttributeValue, error) {
	return clockItem(a, c)
}
