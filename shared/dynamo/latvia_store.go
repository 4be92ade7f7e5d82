package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/consolidation"
)

// SeedOrgItem is an organisation's item as RecordOrg writes it, for loading a hierarchy
// of thousands at once (the bench, a migration of an existing register).
func SeedOrgItem(o consolidation.Org) (map[string]types.AttributeValue, error) { return orgItem(&o) }
