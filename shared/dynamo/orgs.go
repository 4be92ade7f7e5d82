package dynamo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/notify"
)

// MaxSubordinates bounds the subordinate institutions a freeze notice names at the gate
// (they travel on the organisation's freeze clock): far more than any ministry has.
const MaxSubordinates = 5000

func orgItem(o *consolidation.Org) (item, error) {
	m, err := marshal(o)
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"], m["Type"] = s(orgPK(o.ID)), s(skMeta), s("org")
	m["GSI1PK"], m["GSI1SK"] = s(childrenPK(o.Parent)), s(o.ID)
	return m, nil
}

func decodeOrg(m item) (consolidation.Org, error) {
	var o consolidation.Org
	err := unmarshal(m, &o)
	if o.Path == nil {
		o.Path = []string{}
	}
	return o, err
}

// GetOrg reads an organisation.
func (st *Store) GetOrg(ctx context.Context, org string) (*consolidation.Org, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry, ConsistentRead: aws.Bool(true),
		Key: item{"PK": s(orgPK(org)), "SK": s(skMeta)}})
	if err != nil {
		return nil, classify("read organisation", err)
	}
	if out.Item == nil {
		return nil, fault.E(fault.NotFound, "no such organisation")
	}
	o, err := decodeOrg(out.Item)
	return &o, err
}

// getOrgs reads organisations by id in batches (missing ones are left out).
func (st *Store) getOrgs(ctx context.Context, ids []string) (map[string]consolidation.Org, error) {
	out := map[string]consolidation.Org{}
	var keys []item
	for _, o := range ids {
		keys = append(keys, item{"PK": s(orgPK(o)), "SK": s(skMeta)})
	}
	err := st.batchGet(ctx, "read organisations", keys, true, func(m item) error {
		o, err := decodeOrg(m)
		if err != nil {
			return err
		}
		out[o.ID] = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// OrgChain reads an organisation and its ancestors (its path), the organisation first:
// what FreezeOf and the investment check read. Two requests, whatever the depth.
func (st *Store) OrgChain(ctx context.Context, org string) ([]consolidation.Org, error) {
	o, err := st.GetOrg(ctx, org)
	if err != nil {
		return nil, err
	}
	if len(o.Path) == 0 {
		return []consolidation.Org{*o}, nil
	}
	anc, err := st.getOrgs(ctx, o.Path)
	if err != nil {
		return nil, err
	}
	return consolidation.Chain(*o, anc), nil
}

// Subordinates lists the institutions below an organisation at any depth, breadth first,
// one query of the children index per organisation with children.
func (st *Store) Subordinates(ctx context.Context, org string) ([]string, error) {
	var out []string
	queue := []string{org}
	for len(queue) > 0 && len(out) < MaxSubordinates {
		parent := queue[0]
		queue = queue[1:]
		in := &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiOrg),
			KeyConditionExpression:    aws.String("GSI1PK = :p"),
			ExpressionAttributeValues: item{":p": s(childrenPK(parent))}, ProjectionExpression: aws.String("GSI1SK, children")}
		for {
			res, err := st.db.Query(ctx, in)
			if err != nil {
				return nil, classify("read subordinate institutions", err)
			}
			for _, m := range res.Items {
				if c := str(m, "GSI1SK"); c != "" && c != org && !slices.Contains(out, c) {
					out = append(out, c)
					if numStr(m, "children") != "0" && numStr(m, "children") != "" {
						queue = append(queue, c) // only institutions with institutions of their own are read
					}
				}
			}
			if len(res.LastEvaluatedKey) == 0 {
				break
			}
			in.ExclusiveStartKey = res.LastEvaluatedKey
		}
	}
	if len(out) > MaxSubordinates {
		out = out[:MaxSubordinates]
	}
	return out, nil
}

func (st *Store) hasChildren(ctx context.Context, org string) (bool, error) {
	res, err := st.db.Query(ctx, &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiOrg),
		KeyConditionExpression:    aws.String("GSI1PK = :p"),
		ExpressionAttributeValues: item{":p": s(childrenPK(org))}, Limit: aws.Int32(1)})
	if err != nil {
		return false, classify("read subordinate institutions", err)
	}
	return len(res.Items) > 0, nil
}

// RecordOrg records an organisation and its place in the hierarchy, or changes its name
// or parent (the coordinator manages the hierarchy, contract part two). An organisation
// with subordinate institutions keeps its parent (their paths hang on it): move them
// first. An organisation that lands below a frozen one is told at once that the freeze
// reaches it (000 §6.2). answer is called with the result before the write, so the
// idempotency record holds the answer the write is made with.
func (st *Store) RecordOrg(ctx context.Context, org, name, parent string, c actor.Caller, now time.Time, idem *Idem,
	answer func(v consolidation.OrgView, created bool) error) (consolidation.OrgView, bool, error) {
	now = now.UTC()
	prev, err := st.GetOrg(ctx, org)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return consolidation.OrgView{}, false, err
	}
	created := prev == nil
	var p *consolidation.Org
	if parent != "" {
		if p, err = st.GetOrg(ctx, parent); fault.Is(err, fault.NotFound) {
			return consolidation.OrgView{}, false, fault.WithFields(fault.Unprocessable, "no such parent organisation",
				fault.Field{Field: "parent", Reason: "not recorded; record " + parent + " first"})
		} else if err != nil {
			return consolidation.OrgView{}, false, err
		}
	}
	path, err := consolidation.PlaceUnder(org, p)
	if err != nil {
		return consolidation.OrgView{}, false, err
	}
	moved := created || prev.Parent != parent
	if !created && moved {
		kids, err := st.hasChildren(ctx, org)
		if err != nil {
			return consolidation.OrgView{}, false, err
		}
		if kids {
			return consolidation.OrgView{}, false, fault.E(fault.Conflict,
				"%s has subordinate institutions recorded under it; move them before moving it", org)
		}
	}
	o := consolidation.Org{ID: org, Name: name, Parent: parent, Path: path, Version: 1, CreatedAt: now, UpdatedAt: now,
		Agreements: map[string]consolidation.Agreement{}, Exemptions: map[string]consolidation.Exemption{},
		Plans: map[string]consolidation.PlanState{}, Investments: map[string]consolidation.Investment{}}
	if !created {
		o = *prev
		o.Name, o.Parent, o.Path, o.Version, o.UpdatedAt = name, parent, path, prev.Version+1, now
	}
	chain := []consolidation.Org{o}
	if p != nil {
		anc, err := st.getOrgs(ctx, p.Path)
		if err != nil {
			return consolidation.OrgView{}, false, err
		}
		anc[p.ID] = *p
		chain = consolidation.Chain(o, anc)
	}
	v := consolidation.ViewOf(chain)
	typ := "recorded"
	if !created {
		typ = "changed"
	}
	ev := audit.Event{At: now, Actor: c.Actor(actor.Coordinator), Type: typ, Seq: fmt.Sprintf("v%06d", o.Version),
		Data: map[string]any{"name": name, "parent": parent, "path": path, "basis": "000 §6"}}
	if v.Freeze != nil && moved {
		ev.Notices = []notify.Notice{consolidation.InheritedFreezeNotice(id.New(now)+".freeze", org, v.Freeze, now)}
	}
	if err := answer(v, created); err != nil {
		return consolidation.OrgView{}, false, err
	}
	evi, err := eventItem(orgPK(org), ev)
	if err != nil {
		return consolidation.OrgView{}, false, err
	}
	w := []types.TransactWriteItem{put(&st.tables.Registry, evi, "attribute_not_exists(PK)")}
	if created {
		m, err := orgItem(&o)
		if err != nil {
			return consolidation.OrgView{}, false, err
		}
		w = append(w, put(&st.tables.Registry, m, "attribute_not_exists(PK)"))
	} else {
		u := &types.Update{TableName: &st.tables.Registry, Key: item{"PK": s(orgPK(org)), "SK": s(skMeta)},
			UpdateExpression:         aws.String("SET #name = :name, #path = :path, version = :v, updatedAt = :now, GSI1PK = :g"),
			ConditionExpression:      aws.String("version = :prev"),
			ExpressionAttributeNames: map[string]string{"#name": "name", "#path": "path"},
			ExpressionAttributeValues: item{":name": s(name), ":path": strList(path), ":v": n(o.Version), ":now": ts(now),
				":g": s(childrenPK(parent)), ":prev": n(prev.Version)}}
		if parent == "" {
			u.UpdateExpression = aws.String(*u.UpdateExpression + " REMOVE parent")
		} else {
			u.UpdateExpression = aws.String(*u.UpdateExpression + ", parent = :parent")
			u.ExpressionAttributeValues[":parent"] = s(parent)
		}
		w = append(w, types.TransactWriteItem{Update: u})
	}
	// The parents keep count of their children (Subordinates reads only those with some).
	if moved {
		if !created && prev.Parent != "" {
			w = append(w, childCount(&st.tables.Registry, prev.Parent, -1))
		}
		if parent != "" {
			w = append(w, childCount(&st.tables.Registry, parent, 1))
		}
	}
	if err := st.commit(ctx, "record organisation "+org, w, idem, now); err != nil {
		return consolidation.OrgView{}, false, err
	}
	return v, created, nil
}

func childCount(table *string, org string, delta int) types.TransactWriteItem {
	return types.TransactWriteItem{Update: &types.Update{TableName: table, Key: item{"PK": s(orgPK(org)), "SK": s(skMeta)},
		UpdateExpression: aws.String("ADD children :d"), ConditionExpression: aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: item{":d": n(delta)}}}
}

func strList(v []string) types.AttributeValue {
	l := make([]types.AttributeValue, len(v))
	for i, x := range v {
		l[i] = s(x)
	}
	return &types.AttributeValueMemberL{Value: l}
}

// OrgEvents returns an organisation's trail, oldest first.
func (st *Store) OrgEvents(ctx context.Context, org string, limit int, cursor string) ([]audit.Event, string, error) {
	return st.trail(ctx, orgPK(org), limit, cursor)
}
