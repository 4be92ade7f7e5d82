package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ictgov/ictgov/shared/procedure"
)

// EachOperatorListPage reads the whole operator's list in listedAt order, one DynamoDB
// page at a time, and hands each page to fn before reading the next, so a caller that
// writes the list out (the CSV export) never holds all of it. fn is called at least once,
// with an empty page for an empty list; its error stops the reading and is returned.
func (st *Store) EachOperatorListPage(ctx context.Context, fn func([]procedure.ListEntry) error) error {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: item{":pk": s(listPK)}}
	for first := true; ; first = false {
		out, err := st.db.Query(ctx, in)
		if err != nil {
			return classify("read operator's list", err)
		}
		page := make([]procedure.ListEntry, 0, len(out.Items))
		for _, m := range out.Items {
			var e procedure.ListEntry
			if err := unmarshal(m, &e); err != nil {
				return fmt.Errorf("operator's list entry %s: %w", str(m, "SK"), err)
			}
			page = append(page, e)
		}
		if len(page) > 0 || first {
			if err := fn(page); err != nil {
				return err
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			return nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
