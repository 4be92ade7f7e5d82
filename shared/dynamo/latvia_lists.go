package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/consolidation"
)

// The lists a coordinator and the public start from: every decision and every action plan
// (their own items carry GSI3 keys, ids sorting by creation time, so newest first is the
// index read backwards) and the organisations under one parent (GSI1, kept for the
// hierarchy). Each reads only the page asked for.

const (
	allDecisionsPK = "DEC#ALL"
	allPlansPK     = "PLAN#ALL"
)

// ListDecisions answers a page of the decisions, newest first.
func (st *Store) ListDecisions(ctx context.Context, limit int, cursor string) ([]consolidation.Decision, string, error) {
	return listAll(ctx, st, "list decisions", allDecisionsPK, limit, cursor, func(m item) (consolidation.Decision, error) {
		var d consolidation.Decision
		err := unmarshal(m, &d)
		return d, err
	})
}

// ListPlans answers a page of the action plans, newest first.
func (st *Store) ListPlans(ctx context.Context, limit int, cursor string) ([]actionplan.Plan, string, error) {
	return listAll(ctx, st, "list plans", allPlansPK, limit, cursor, func(m item) (actionplan.Plan, error) {
		var p actionplan.Plan
		err := unmarshal(m, &p)
		return p, err
	})
}

func listAll[T any](ctx context.Context, st *Store, op, pk string, limit int, cursor string, decode func(item) (T, error)) ([]T, string, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiAll), ScanIndexForward: aws.Bool(false),
		Limit: aws.Int32(int32(limit)), KeyConditionExpression: aws.String("GSI3PK = :pk"), ExpressionAttributeValues: item{":pk": s(pk)}}
	if err := setCursor(in, cursor, item{"GSI3PK": s(pk)}, "PK", "SK", "GSI3SK"); err != nil {
		return nil, "", err
	}
	return queryPage(ctx, st.db, op, in, decode, "PK", "SK", "GSI3SK")
}

// ListOrgs answers a page of the organisations recorded directly under parent ("" for
// the top level: the ministries), by id.
func (st *Store) ListOrgs(ctx context.Context, parent string, limit int, cursor string) ([]consolidation.Org, string, error) {
	pk := childrenPK(parent)
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiOrg), Limit: aws.Int32(int32(limit)),
		KeyConditionExpression: aws.String("GSI1PK = :pk"), ExpressionAttributeValues: item{":pk": s(pk)}}
	if err := setCursor(in, cursor, item{"GSI1PK": s(pk)}, "PK", "SK", "GSI1SK"); err != nil {
		return nil, "", err
	}
	return queryPage(ctx, st.db, "list organisations", in, decodeOrg, "PK", "SK", "GSI1SK")
}
