package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/id"
)

type item = map[string]types.AttributeValue

// subst maps the recorded ids to fresh ones of the same length, so a rewritten item or
// transaction has the same size and shape as the recorded one, on keys nobody used.
type subst struct {
	pairs []string // old, new, old, new, ...
	r     *strings.Replacer
}

func newSubst(tokens ...string) *subst {
	s := &subst{}
	now := time.Now()
	for _, t := range tokens {
		fresh := id.New(now)
		if len(fresh) != len(t) {
			panic(fmt.Sprintf("id %q: fresh id %q differs in length", t, fresh))
		}
		s.pairs = append(s.pairs, t, fresh)
	}
	s.r = strings.NewReplacer(s.pairs...)
	return s
}

// with returns a substitution that also replaces the given tokens with fresh ids.
func (s *subst) with(tokens ...string) *subst {
	n := &subst{pairs: append([]string(nil), s.pairs...)}
	now := time.Now()
	for _, t := range tokens {
		n.pairs = append(n.pairs, t, id.New(now))
	}
	n.r = strings.NewReplacer(n.pairs...)
	return n
}

func (s *subst) get(old string) string {
	for i := 0; i+1 < len(s.pairs); i += 2 {
		if s.pairs[i] == old {
			return s.pairs[i+1]
		}
	}
	return old
}

func (s *subst) value(v types.AttributeValue) types.AttributeValue {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return &types.AttributeValueMemberS{Value: s.r.Replace(x.Value)}
	case *types.AttributeValueMemberB:
		return &types.AttributeValueMemberB{Value: []byte(s.r.Replace(string(x.Value)))}
	case *types.AttributeValueMemberSS:
		out := make([]string, len(x.Value))
		for i, v := range x.Value {
			out[i] = s.r.Replace(v)
		}
		return &types.AttributeValueMemberSS{Value: out}
	case *types.AttributeValueMemberL:
		out := make([]types.AttributeValue, len(x.Value))
		for i, v := range x.Value {
			out[i] = s.value(v)
		}
		return &types.AttributeValueMemberL{Value: out}
	case *types.AttributeValueMemberM:
		return &types.AttributeValueMemberM{Value: s.item(x.Value)}
	}
	return v // numbers, booleans, null: no ids in them
}

func (s *subst) item(m item) item {
	if m == nil {
		return nil
	}
	out := make(item, len(m))
	for k, v := range m {
		out[k] = s.value(v)
	}
	return out
}

// transaction rewrites a recorded TransactWriteItems input. It asks for no consumed
// capacity, as the functions do not.
func (s *subst) transaction(in *dynamodb.TransactWriteItemsInput) *dynamodb.TransactWriteItemsInput {
	out := &dynamodb.TransactWriteItemsInput{TransactItems: make([]types.TransactWriteItem, len(in.TransactItems))}
	for i, w := range in.TransactItems {
		var n types.TransactWriteItem
		if w.Put != nil {
			p := *w.Put
			p.Item, p.ExpressionAttributeValues = s.item(p.Item), s.item(p.ExpressionAttributeValues)
			n.Put = &p
		}
		if w.Update != nil {
			u := *w.Update
			u.Key, u.ExpressionAttributeValues = s.item(u.Key), s.item(u.ExpressionAttributeValues)
			n.Update = &u
		}
		if w.Delete != nil {
			d := *w.Delete
			d.Key, d.ExpressionAttributeValues = s.item(d.Key), s.item(d.ExpressionAttributeValues)
			n.Delete = &d
		}
		if w.ConditionCheck != nil {
			c := *w.ConditionCheck
			c.Key, c.ExpressionAttributeValues = s.item(c.Key), s.item(c.ExpressionAttributeValues)
			n.ConditionCheck = &c
		}
		out.TransactItems[i] = n
	}
	return out
}

// clone is one copy of the recorded draft on fresh ids, and the transitions that move it.
type clone struct {
	appID string
	sub   *subst
}

// cloneDrafts writes n copies of the recorded complete draft with BatchWriteItem (8
// workers), each on fresh ids.
func (e *env) cloneDrafts(ctx context.Context, ch *chain, n int) ([]clone, error) {
	clones := make([]clone, n)
	var items []item
	for i := range clones {
		s := newSubst(ch.tokens()...)
		clones[i] = clone{appID: s.get(ch.appID), sub: s}
		for _, m := range ch.draft {
			items = append(items, s.item(m))
		}
	}
	return clones, e.batchWrite(ctx, e.tables.Registry, items, 8)
}

// batchWrite writes items 25 at a time from a few workers (testenv.BatchPut).
func (e *env) batchWrite(ctx context.Context, table string, items []item, workers int) error {
	return testenv.BatchPut(ctx, e.db, table, items, workers)
}

// bare replays the recorded transaction of step on the clone, directly on DynamoDB Local.
func (e *env) bare(ctx context.Context, ch *chain, c clone, step string) (time.Duration, error) {
	in := c.sub.with(ch.idemKeys[step]).transaction(ch.steps[step])
	t := time.Now()
	_, err := e.db.TransactWriteItems(ctx, in)
	d := time.Since(t)
	if err != nil {
		return d, fmt.Errorf("bare %s on %s: %w", step, c.appID, err)
	}
	return d, nil
}
