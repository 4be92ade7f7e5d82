package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/audit"
)

// InboxEventItem lets the external inbox tests seed a trail entry carrying notices
// exactly as Apply lays it out under the partition pk.
func InboxEventItem(pk string, e audit.Event) (map[string]types.AttributeValue, error) {
	return eventItem(pk, e)
}
