package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
)

func ts(t time.Time) types.AttributeValue { return s(t.UTC().Format(time.RFC3339Nano)) }

// objectWrites are the registry side of a change: the object's record and list entry.
func (st *Store) objectWrites(ch *procedure.Change, o ApplyOptions, now time.Time) ([]types.TransactWriteItem, error) {
	a := ch.App
	key := item{"PK": s(objPK(a.Object.ID)), "SK": s(skMeta)}
	var w []types.TransactWriteItem
	upd := func(expr, cond string, vals item) {
		w = append(w, types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry, Key: key,
			UpdateExpression: aws.String(expr), ConditionExpression: aws.String(cond),
			ExpressionAttributeNames: map[string]string{"#stage": "stage"}, ExpressionAttributeValues: vals}})
	}
	switch {
	case o.NewObject:
		rec := procedure.ObjectRecord{ID: a.Object.ID, Name: a.Object.Name, Type: a.Object.Type, Org: a.Org,
			Stage: procedure.StageRegistered, CreatedAt: now, ApplicationID: a.ID}
		m, err := marshal(rec)
		if err != nil {
			return nil, err
		}
		m["PK"], m["SK"], m["Type"] = key["PK"], key["SK"], s("object")
		w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: m,
			ConditionExpression: aws.String("attribute_not_exists(PK)")}})
	case ch.Event.Type == "changed":
		upd("SET #name = :n, #type = :t", "#stage = :reg",
			item{":n": s(a.Object.Name), ":t": s(a.Object.Type), ":reg": s(procedure.StageRegistered)})
		w[len(w)-1].Update.ExpressionAttributeNames["#name"] = "name"
		w[len(w)-1].Update.ExpressionAttributeNames["#type"] = "type"
	case o.OpenedFromObject:
		upd("SET exclusionApplicationId = :app, cessationAt = :now", "#stage = :listed AND attribute_not_exists(exclusionApplicationId)",
			item{":app": s(a.ID), ":now": ts(now), ":listed": s(procedure.StageListed)})
	}
	switch ch.Effect {
	case procedure.ListObject:
		upd("SET #stage = :listed, listedAt = :now, applicationId = :app", "#stage = :reg",
			item{":listed": s(procedure.StageListed), ":now": ts(now), ":app": s(a.ID), ":reg": s(procedure.StageRegistered)})
		e := procedure.ListEntry{ObjectID: a.Object.ID, Name: a.Object.Name, Type: a.Object.Type, Org: a.Org,
			ListedAt: now, ApplicationID: a.ID}
		m, err := marshal(e)
		if err != nil {
			return nil, err
		}
		m["PK"], m["SK"], m["Type"] = s(listPK), s(listSK(now, a.Object.ID)), s("list_entry")
		w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: m,
			ConditionExpression: aws.String("attribute_not_exists(PK)")}})
	case procedure.Unlist:
		if o.ObjectListedAt == nil {
			return nil, fault.E(fault.Internal, "exclusion without the object's listing time")
		}
		upd("SET #stage = :excluded, excludedAt = :now", "#stage = :listed",
			item{":excluded": s(procedure.StageExcluded), ":now": ts(now), ":listed": s(procedure.StageListed)})
		w = append(w, types.TransactWriteItem{Delete: &types.Delete{TableName: &st.tables.Registry,
			Key:                 item{"PK": s(listPK), "SK": s(listSK(*o.ObjectListedAt, a.Object.ID))},
			ConditionExpression: aws.String("attribute_exists(PK)")}})
	}
	return w, nil
}

// GetObject reads an object's registry record.
func (st *Store) GetObject(ctx context.Context, id string) (*procedure.ObjectRecord, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(objPK(id)), "SK": s(skMeta)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, classify("read object", err)
	}
	if out.Item == nil {
		return nil, fault.E(fault.NotFound, "no such object")
	}
	var rec procedure.ObjectRecord
	if err := unmarshal(out.Item, &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}

// OperatorList returns a page of the operator's list, ordered by listedAt. limit 0 reads
// the whole list (for the CSV open-data export), page by page.
func (st *Store) OperatorList(ctx context.Context, limit int, cursor string) ([]procedure.ListEntry, string, error) {
	var all []procedure.ListEntry
	for {
		in := &dynamodb.QueryInput{TableName: &st.tables.Registry,
			KeyConditionExpression:    aws.String("PK = :pk"),
			ExpressionAttributeValues: item{":pk": s(listPK)}}
		if limit > 0 {
			in.Limit = aws.Int32(int32(limit - len(all)))
		}
		if err := setCursor(in, cursor, item{"PK": s(listPK)}, "SK"); err != nil {
			return nil, "", err
		}
		out, err := st.db.Query(ctx, in)
		if err != nil {
			return nil, "", classify("read operator's list", err)
		}
		for _, m := range out.Items {
			var e procedure.ListEntry
			if err := unmarshal(m, &e); err != nil {
				return nil, "", err
			}
			all = append(all, e)
		}
		next, err := makeCursor(out.LastEvaluatedKey, "SK")
		if err != nil {
			return nil, "", err
		}
		if next == "" || (limit > 0 && len(all) >= limit) {
			if all == nil {
				all = []procedure.ListEntry{}
			}
			return all, next, nil
		}
		cursor = next
	}
}
