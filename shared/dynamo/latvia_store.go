package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/consolidation"
)

// commit writes one change of a Latvian record (a decision, an organisation, a plan, a
// measure) in one conditional transaction with its trail entry (which carries its
// notices) and, when the request carries an Idempotency-Key, its idempotency record.
func (st *Store) commit(ctx context.Context, op string, w []types.TransactWriteItem, idem *Idem, now time.Time) error {
	if idem != nil {
		ip, err := st.IdemPut(idem, now)
		if err != nil {
			return err
		}
		w = append(w, ip)
	}
	_, err := st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w})
	return st.transactErr(op, err, idem != nil)
}

func put(table *string, m item, cond string) types.TransactWriteItem {
	p := &types.Put{TableName: table, Item: m}
	if cond != "" {
		p.ConditionExpression = &cond
	}
	return types.TransactWriteItem{Put: p}
}

// SeedOrgItem is an organisation's item as RecordOrg writes it, for loading a hierarchy
// of thousands at once (the bench, a migration of an existing register).
func SeedOrgItem(o consolidation.Org) (map[string]types.AttributeValue, error) { return orgItem(&o) }
