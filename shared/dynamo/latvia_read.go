package dynamo

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/fault"
)

// What a change of a seed-000 application reads of the records other than the
// application, and how the guard hands that read to the change's effects. Issue 8 allows
// a state change two reads, its application's load included, so the guard (before the
// engine decides) and the effects (in the change's transaction) share one.

// Reads carries, within one request, what the guard read of the records a seed-000
// application answers to (000 §6: the decision's record, what it holds about the
// organisation, the organisation's deadlines), for the change's effects to reuse instead
// of reading again. The effects condition their writes on exactly what they use, so a
// read the guard made is as good as their own: whatever changed since fails the
// transaction and Store.Update decides again, guarding (and reading) again. The effects
// take what was read once, so a later attempt never reuses an earlier attempt's read.
// The zero value is ready to use; a nil *Reads keeps nothing.
type Reads struct {
	mu sync.Mutex
	lv *lvRead
}

// lvRead is one read of an organisation under a decision.
type lvRead struct {
	decID, org string
	need       lvNeed
	ds         *DecisionState     // the decision's record, and only this organisation's items
	o          *consolidation.Org // need.org: the organisation's record; nil when not recorded
}

// lvNeed says which items a read takes besides the decision's record.
type lvNeed struct {
	member bool // what the decision holds about the organisation (#ORG#<org>)
	clocks bool // its three deadlines (000 §6.1–§6.3)
	org    bool // its own record (ORG#<org>)
}

func (n lvNeed) covers(m lvNeed) bool {
	return (n.member || !m.member) && (n.clocks || !m.clocks) && (n.org || !m.org)
}

func (r *Reads) keep(x *lvRead) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lv = x
}

// take returns, once, what was kept about org under decID if it holds what need asks.
func (r *Reads) take(decID, org string, need lvNeed) *lvRead {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	x := r.lv
	r.lv = nil
	if x == nil || x.decID != decID || x.org != org || !x.need.covers(need) {
		return nil
	}
	return x
}

// lvFacts is what the effects of a change work on: what the guard of the same attempt
// read, or else a read of their own.
func (st *Store) lvFacts(ctx context.Context, r *Reads, decID, org string, need lvNeed) (*lvRead, error) {
	if x := r.take(decID, org, need); x != nil {
		return x, nil
	}
	return st.readLatvia(ctx, decID, org, need)
}

// orgDeadlines are the rules of an organisation's clocks under a decision: one clock
// each, round 1, so their keys are known without reading the partition.
var orgDeadlines = []string{consolidation.Submission, consolidation.FreezeGate, consolidation.ActionPlan}

// readLatvia reads, in one BatchGetItem, the decision's record and the items of one
// organisation that need names. A decision names up to 500 organisations with four items
// each; a change of one of them reads its own, never the partition (LoadDecision). A
// missing decision is NotFound; a missing organisation record leaves o nil, and a
// missing member item or clock is simply absent from ds, as LoadDecision leaves it.
func (st *Store) readLatvia(ctx context.Context, decID, org string, need lvNeed) (*lvRead, error) {
	pk := decPK(decID)
	keys := []item{{"PK": s(pk), "SK": s(skMeta)}}
	if need.member {
		keys = append(keys, item{"PK": s(pk), "SK": s(memberSK(org))})
	}
	if need.clocks {
		for _, rule := range orgDeadlines {
			keys = append(keys, item{"PK": s(pk), "SK": s(clockSK(clock.Key(consolidation.OrgRule(rule, org), 1)))})
		}
	}
	if need.org {
		keys = append(keys, item{"PK": s(orgPK(org)), "SK": s(skMeta)})
	}
	x := &lvRead{decID: decID, org: org, need: need,
		ds: &DecisionState{Clocks: map[string]clock.Ref{}, Members: map[string]consolidation.Member{}}}
	for len(keys) > 0 {
		out, err := st.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			st.tables.Registry: {Keys: keys, ConsistentRead: aws.Bool(true)}}})
		if err != nil {
			return nil, classify("read decision "+decID+" for "+org, err)
		}
		for _, m := range out.Responses[st.tables.Registry] {
			if err := x.add(m); err != nil {
				return nil, err
			}
		}
		// Only keys the table could not serve now (throttling) come back: read them again.
		keys = out.UnprocessedKeys[st.tables.Registry].Keys
	}
	if x.ds.Decision == nil {
		return nil, fault.E(fault.NotFound, "no such decision")
	}
	return x, nil
}

func (x *lvRead) add(m item) error {
	if str(m, "PK") == orgPK(x.org) {
		o, err := decodeOrg(m)
		x.o = &o
		return err
	}
	switch sk := str(m, "SK"); {
	case sk == skMeta:
		var d consolidation.Decision
		if err := unmarshal(m, &d); err != nil {
			return err
		}
		x.ds.Decision = &d
	case strings.HasPrefix(sk, "CLK#"):
		r, err := decodeClockRef(m)
		if err != nil {
			return err
		}
		x.ds.Clocks[r.Clock.Rule] = r
	case strings.HasPrefix(sk, "#ORG#"):
		var mb consolidation.Member
		if err := unmarshal(m, &mb); err != nil {
			return err
		}
		x.ds.Members[mb.Org] = mb
	}
	return nil
}

// chainOf is an organisation and its ancestors as consolidation.FreezeOf reads them. The
// ancestors are read (one BatchGetItem) only when the organisation carries no flag of
// its own: FreezeOf answers with the first flag up the chain, and one on the
// organisation itself has nothing below it that could cover it (digest Q7).
func (st *Store) chainOf(ctx context.Context, o consolidation.Org) ([]consolidation.Org, error) {
	if o.Flag != nil || len(o.Path) == 0 {
		return []consolidation.Org{o}, nil
	}
	anc, err := st.getOrgs(ctx, o.Path)
	if err != nil {
		return nil, err
	}
	return consolidation.Chain(o, anc), nil
}
