package dynamo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
	"github.com/ictgov/ictgov/shared/registry"
)

// objectWrites are the registry side of a change: the object it registers, renames or
// opens a procedure on, and its effects (the list, the placement, the TOR agreement).
// The operator's list is a sparse index (GSI4) on the object items themselves, so
// listing or unlisting an object is one write of the object, however many effects. Every
// write of an object counts its version, on which the object's own changes (its stages,
// shared/dynamo/lifecycle.go) are conditioned.
func (st *Store) objectWrites(ch *procedure.Change, now time.Time) ([]types.TransactWriteItem, error) {
	a := ch.App
	if a.Object == nil {
		return nil, nil
	}
	party, err := st.partyWrites(ch)
	if err != nil {
		return nil, err
	}
	key := item{"PK": s(objPK(a.Object.ID)), "SK": s(skMeta)}
	if ch.NewObject != nil {
		// The day the object was initiated is not asked by the procedures that register
		// objects (most are of objects long in operation): it is left unknown.
		rec := &registry.Object{ID: a.Object.ID, Name: a.Object.Name, Type: a.Object.Type, Org: a.Org,
			Stage: registry.Initiated, Version: 1, CreatedAt: now, CreatedBy: a.CreatedBy, ApplicationID: a.ID,
			StageHistory: []registry.StageEntry{{Stage: registry.Initiated, At: now, By: a.CreatedBy,
				Basis: registry.StageBasis(registry.Initiated) + "; registered by application " + a.ID}}}
		m, err := objectItem(nil, rec, 0)
		if err != nil {
			return nil, err
		}
		return append(party, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: m,
			ConditionExpression: aws.String("attribute_not_exists(PK)")}}), nil
	}
	u := update{names: map[string]string{"#stage": "stage"}, vals: item{}}
	switch {
	case ch.ObjectChanged:
		// A draft renames the object it registered, while the object is still only that:
		// initiated and not on the list.
		u.set("#name = :n", "#type = :t").when("#stage = :init", "applicationId = :app", "(attribute_not_exists(listed) OR listed = :false)")
		u.names["#name"], u.names["#type"] = "name", "type"
		u.vals[":n"], u.vals[":t"], u.vals[":init"], u.vals[":app"], u.vals[":false"] = s(a.Object.Name), s(a.Object.Type), s(registry.Initiated), s(a.ID), boolean(false)
	case ch.OpenedVia == procedure.ViaCessation:
		u.set("exclusionApplicationId = :xapp", "cessationAt = :now").
			when("listed = :true", "attribute_not_exists(exclusionApplicationId)")
		u.vals[":xapp"], u.vals[":now"], u.vals[":true"] = s(a.ID), ts(now), boolean(true)
	}
	for _, e := range ch.Effects {
		switch e {
		case procedure.ListObject:
			// 002 ¶10: on the list from the decision; the list index orders it by then.
			u.set("listed = :true", "listedAt = :now", "listedBy = :app", "GSI4PK = :list", "GSI4SK = :lsk").
				when("attribute_exists(PK)", "(attribute_not_exists(listed) OR listed = :false)")
			u.vals[":true"], u.vals[":false"], u.vals[":now"], u.vals[":app"] = boolean(true), boolean(false), ts(now), s(a.ID)
			u.vals[":list"], u.vals[":lsk"] = s(listPK), s(listSK(now, a.Object.ID))
		case procedure.UnlistObject:
			u.set("listed = :false", "excludedAt = :now").remove("GSI4PK", "GSI4SK").when("listed = :true")
			u.vals[":false"], u.vals[":now"], u.vals[":true"] = boolean(false), ts(now), boolean(true)
		case procedure.RecordPlacement:
			p := registry.Placement{Outcome: string(a.Status), Services: a.Details.Strings("services"), ApplicationID: a.ID, At: now}
			if r := a.Results["placement"]; r != nil {
				p.Note = r.Values.String("note")
			}
			av, err := marshal(p)
			if err != nil {
				return nil, err
			}
			u.set("placement = :placement").when("attribute_exists(PK)")
			u.vals[":placement"] = &types.AttributeValueMemberM{Value: av}
		case procedure.RecordTOR:
			av, err := marshal(registry.TORAgreement{ApplicationID: a.ID, At: now})
			if err != nil {
				return nil, err
			}
			u.set("torAgreement = :tor").when("attribute_exists(PK)")
			u.vals[":tor"] = &types.AttributeValueMemberM{Value: av}
		default:
			return nil, fmt.Errorf("apply %s: the store cannot write effect %q", ch.Event.Type, e)
		}
	}
	if u.empty() {
		return party, nil
	}
	u.set("version = if_not_exists(version, :zero) + :one")
	u.vals[":zero"], u.vals[":one"] = n(0), n(1)
	return append(party, types.TransactWriteItem{Update: u.build(&st.tables.Registry, key)}), nil
}

// update gathers the clauses of one UpdateItem, so several effects on one item are one
// write (a transaction names an item once).
type update struct {
	sets, removes, conds []string
	names                map[string]string
	vals                 item
}

func (u *update) set(clauses ...string) *update  { u.sets = append(u.sets, clauses...); return u }
func (u *update) remove(attrs ...string) *update { u.removes = append(u.removes, attrs...); return u }
func (u *update) when(conds ...string) *update {
	for _, c := range conds {
		if !slices.Contains(u.conds, c) {
			u.conds = append(u.conds, c)
		}
	}
	return u
}
func (u *update) empty() bool { return len(u.sets)+len(u.removes) == 0 }
func (u *update) build(table *string, key item) *types.Update {
	expr := ""
	if len(u.sets) > 0 {
		expr = "SET " + strings.Join(u.sets, ", ")
	}
	if len(u.removes) > 0 {
		expr += " REMOVE " + strings.Join(u.removes, ", ")
	}
	names := map[string]string{}
	for k, v := range u.names {
		if strings.Contains(expr, k) || strings.Contains(strings.Join(u.conds, " "), k) {
			names[k] = v
		}
	}
	out := &types.Update{TableName: table, Key: key, UpdateExpression: aws.String(strings.TrimSpace(expr)),
		ExpressionAttributeValues: u.vals}
	if len(names) > 0 {
		out.ExpressionAttributeNames = names
	}
	if len(u.conds) > 0 {
		out.ConditionExpression = aws.String(strings.Join(u.conds, " AND "))
	}
	return out
}

// GetObject reads an object's registry record (its own item: no documents).
func (st *Store) GetObject(ctx context.Context, id string) (*registry.Object, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(objPK(id)), "SK": s(skMeta)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, classify("read object", err)
	}
	if out.Item == nil {
		return nil, fault.E(fault.NotFound, "no such object")
	}
	return decodeObject(out.Item)
}

// ObjectFacts reads what the engine needs to know of an object (one read).
func (st *Store) ObjectFacts(ctx context.Context, id string) (*procedure.ObjectFacts, error) {
	o, err := st.GetObject(ctx, id)
	if err != nil {
		return nil, err
	}
	f := registry.Facts(o)
	return &f, nil
}

// OperatorList returns a page of the operator's list, ordered by listedAt: one Query of
// the sparse list index. limit 0 reads the whole list page by page (each page handed to
// each as it arrives, so a CSV export streams instead of holding the list).
func (st *Store) OperatorList(ctx context.Context, limit int, cursor string, each func([]registry.ListEntry) error) (string, error) {
	for {
		in := &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiList),
			KeyConditionExpression:    aws.String("GSI4PK = :pk"),
			ExpressionAttributeValues: item{":pk": s(listPK)}}
		if limit > 0 {
			in.Limit = aws.Int32(int32(limit))
		}
		if err := setCursor(in, cursor, item{"GSI4PK": s(listPK)}, "PK", "SK", "GSI4SK"); err != nil {
			return "", err
		}
		out, err := st.db.Query(ctx, in)
		if err != nil {
			return "", classify("read operator's list", err)
		}
		page := make([]registry.ListEntry, 0, len(out.Items))
		for _, m := range out.Items {
			var o registry.Object
			if err := unmarshal(m, &o); err != nil {
				return "", err
			}
			e := registry.ListEntry{ObjectID: o.ID, Name: o.Name, Type: o.Type, Org: o.Org, ApplicationID: o.ListedBy}
			if e.ApplicationID == "" {
				e.ApplicationID = o.ApplicationID // listed before listedBy was recorded
			}
			if o.ListedAt != nil {
				e.ListedAt = *o.ListedAt
			}
			page = append(page, e)
		}
		if err := each(page); err != nil {
			return "", err
		}
		next, err := makeCursor(out.LastEvaluatedKey, "PK", "SK", "GSI4SK")
		if err != nil {
			return "", err
		}
		if next == "" || limit > 0 {
			return next, nil
		}
		cursor = next
	}
}
