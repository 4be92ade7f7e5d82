package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/procedure"
)

// InboxOutboxItem lets the external inbox tests seed an outbox item exactly as Apply lays
// it out.
func InboxOutboxItem(n procedure.Notice) (map[string]types.AttributeValue, error) {
	return outboxItem(n)
}
