package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/procedure"
)

// A party of an application (the object's supplier of a warranty claim, 003 §17) sees it
// and acts on it, so it needs a queue of its own: each change of such an application also
// puts a copy of the application's own item in its partition (SK PARTY#<role>), keyed in
// GSI1 under PARTY#<role>#<org>. The copy is written with the application, in the same
// transaction, so it is never behind; only the sweep's overdue marking, which writes the
// application's item alone, is not copied (the procedures with parties have no time limit
// on their steps: 003 §17 sets none).

func partyPK(role, org string) string { return "PARTY#" + role + "#" + org }

// partyWrites are the copies of a change's application for its parties' queues.
func (st *Store) partyWrites(ch *procedure.Change) ([]types.TransactWriteItem, error) {
	a := ch.App
	if len(a.Parties) == 0 {
		return nil, nil
	}
	var w []types.TransactWriteItem
	for role, org := range a.Parties {
		if role == "" || org == "" {
			continue
		}
		m, err := appItem(a)
		if err != nil {
			return nil, err
		}
		delete(m, "GSI2PK")
		delete(m, "GSI2SK")
		delete(m, "GSI3PK")
		delete(m, "GSI3SK")
		m["SK"], m["Type"] = s("PARTY#"+role), s("party_copy")
		m["GSI1PK"] = s(partyPK(role, org))
		w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: m}})
	}
	return w, nil
}

// ListPartyApplications is the queue of the applications an organisation takes part in
// in a role (a supplier's warranty claims), newest first: one Query of GSI1 (status, when
// given, filters it).
func (st *Store) ListPartyApplications(ctx context.Context, role, org, status string, limit int, cursor string) ([]*procedure.Application, string, error) {
	pk := item{"GSI1PK": s(partyPK(role, org))}
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiOrg),
		KeyConditionExpression: aws.String("GSI1PK = :pk"), ExpressionAttributeValues: item{":pk": pk["GSI1PK"]},
		ScanIndexForward: aws.Bool(false), Limit: aws.Int32(int32(limit))}
	if status != "" {
		in.FilterExpression = aws.String("#st = :s")
		in.ExpressionAttributeNames = map[string]string{"#st": "status"}
		in.ExpressionAttributeValues[":s"] = s(status)
	}
	if err := setCursor(in, cursor, pk, "PK", "SK", "GSI1SK"); err != nil {
		return nil, "", err
	}
	return queryPage(ctx, st.db, "list a party's applications", in, decodeApp, "PK", "SK", "GSI1SK")
}
