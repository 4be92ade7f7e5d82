package dynamo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

// latviaWrites are the writes of the Latvian effects of a change (seed 000) on the
// decision the application names and on its organisation, in the change's own
// transaction, and the notices they send, which travel in the change's own trail entry
// (its outbox). They work on what the guard of the same attempt read (r), or read it
// themselves (one BatchGetItem of the items they touch), and every write is conditioned
// on what was read, so a lost race (a sweep firing the gate, a concurrent agreement, D
// being set) cancels the whole change and Store.Update decides it again.
//
//   - lv_submitted (000 §6.1): the organisation's submission deadline is met.
//   - lv_agreed (000 §6.1–§6.3): VARAM agreed. Before the gate's due moment the freeze
//     clock stops and the freeze never happens; after it, the freeze is lifted (the flag
//     the sweep set is removed; or, when the sweep has not run yet, the freeze is recorded
//     as having lasted from the due moment until now and never set); either way the
//     period is kept on the decision. The action plan's six months start now when the
//     decision counts them from the agreement (digest Q2).
//   - lv_plan_agreed (000 §6.3–§6.4): the action plan deadline is met; the version is kept
//     on the decision and the organisation (later versions follow it, digest Q8).
//   - lv_investment_agreed (000 §6.2): the organisation may invest in the category.
//
// The decision's own trail gets no entry: what a change did to the decision is kept on
// its member item (submitted, agreed, plan, freeze periods, each naming the application)
// and told by the notices of the application's trail entry, whose actor and time are the
// change's (README, Decisions).
func (st *Store) latviaWrites(ctx context.Context, ch *procedure.Change, r *Reads) ([]types.TransactWriteItem, []notify.Notice, error) {
	var out []types.TransactWriteItem
	var notices []notify.Notice
	for _, e := range ch.Effects {
		var w []types.TransactWriteItem
		var ns []notify.Notice
		var err error
		switch e {
		case procedure.LVSubmitted, procedure.LVAgreed, procedure.LVPlanAgreed:
			w, ns, err = st.latviaEffect(ctx, ch, e, r)
		case procedure.LVInvestmentAgreed:
			w, err = st.investmentAgreed(ch)
		default:
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		out, notices = append(out, w...), append(notices, ns...)
	}
	return out, notices, nil
}

func (st *Store) latviaEffect(ctx context.Context, ch *procedure.Change, e procedure.Effect, r *Reads) ([]types.TransactWriteItem, []notify.Notice, error) {
	a := ch.App
	now := ch.Event.At.UTC()
	decID := a.Details.String("decisionId")
	// Lifting a freeze needs the organisation's flag as it is.
	x, err := st.lvFacts(ctx, r, decID, a.Org, lvNeed{member: true, clocks: true, org: e == procedure.LVAgreed})
	if err != nil {
		return nil, nil, fmt.Errorf("%s of application %s: decision %q: %w", e, a.ID, decID, err)
	}
	ds := x.ds
	d := ds.Decision
	oc := &orgChange{decision: ds, org: a.Org, mb: ds.Members[a.Org], now: now, by: "application " + a.ID}
	switch e {
	case procedure.LVSubmitted:
		if err := oc.stop(st, consolidation.SubmissionRule(a.Org)); err != nil {
			return nil, nil, err
		}
		oc.memberIfNew["submitted"] = consolidation.Submitted{ApplicationID: a.ID, At: now}
		// What the guard found holds at the write: the organisation is not exempt.
		oc.memberCond = "attribute_not_exists(#exm)"
		oc.memberNames = map[string]string{"#exm": "exemption"}
	case procedure.LVAgreed:
		if x.o == nil {
			return nil, nil, fmt.Errorf("%s of application %s: organisation %s: %w", e, a.ID, a.Org, fault.E(fault.NotFound, "no such organisation"))
		}
		oc.why = fmt.Sprintf("VARAM agreed application %s (%s)", a.ID, a.Procedure)
		if err := oc.stop(st, consolidation.FreezeRule(a.Org)); err != nil {
			return nil, nil, err
		}
		oc.liftFreeze(x.o)
		ag := consolidation.Agreement{ApplicationID: a.ID, Procedure: a.Procedure, At: now}
		oc.memberIfNew["agreed"] = ag
		oc.orgSet, oc.orgValue = append(oc.orgSet, "agreements.#d = if_not_exists(agreements.#d, :e)"), ag
		if d.ActionPlanFrom == consolidation.FromAgreement {
			if err := oc.startPlanFromAgreement(st); err != nil {
				return nil, nil, err
			}
		}
	case procedure.LVPlanAgreed:
		v, _ := a.Details.Number("version")
		p := consolidation.PlanState{Version: int(v), Initial: a.Details.Bool("initial"),
			ProvisionalMigrationOn: a.Details.String("provisionalMigrationOn"), ApplicationID: a.ID, At: now}
		if err := oc.stop(st, consolidation.ActionPlanRule(a.Org, d.ActionPlanFrom)); err != nil {
			return nil, nil, err
		}
		oc.memberSet["plan"] = p
		// The versions follow one another (digest Q8): version n is agreed after n-1; and
		// what the guard found holds at the write: the organisation is not exempt.
		oc.memberCond = "attribute_not_exists(#exm) AND (attribute_not_exists(#plan) AND :first = :true OR #plan.#ver = :prevver)"
		oc.memberVals = item{":first": boolean(p.Version == 1), ":true": boolean(true), ":prevver": n(p.Version - 1)}
		oc.memberNames = map[string]string{"#plan": "plan", "#ver": "version", "#exm": "exemption"}
		oc.orgSet, oc.orgValue = append(oc.orgSet, "plans.#d = :e"), p
	}
	w, err := oc.writes(st)
	return w, oc.notices, err
}

// investmentAgreed keeps VARAM's agreement of an extraordinary investment on the
// organisation (000 §6.2): the investment check allows the category under the decision.
// Nothing of the decision is read or written: the guard found the organisation under the
// decision's freeze when the application was opened and again when it was submitted,
// and the agreement changes neither what the decision holds nor its deadlines.
func (st *Store) investmentAgreed(ch *procedure.Change) ([]types.TransactWriteItem, error) {
	a := ch.App
	amount, _ := a.Details.Number("amountEur")
	inv := consolidation.Investment{DecisionID: a.Details.String("decisionId"), ApplicationID: a.ID,
		Ground: a.Details.String("ground"), AmountEur: amount, At: ch.Event.At.UTC()}
	av, err := marshalValue(inv)
	if err != nil {
		return nil, err
	}
	return []types.TransactWriteItem{{Update: &types.Update{TableName: &st.tables.Registry,
		Key:                       item{"PK": s(orgPK(a.Org)), "SK": s(skMeta)},
		UpdateExpression:          aws.String("SET investments.#cat = :e"),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeNames:  map[string]string{"#cat": a.Details.String("category")},
		ExpressionAttributeValues: item{":e": av}}}}, nil
}

// orgChange gathers what one change does to an organisation under a decision: its
// deadlines stopped, its freeze lifted, what the decision holds about it and its own
// record; writes turns it into the transaction's items, each conditioned on what was read.
type orgChange struct {
	decision *DecisionState
	org      string
	mb       consolidation.Member
	now      time.Time
	why, by  string

	clocks      []types.TransactWriteItem
	memberSet   map[string]any // SET attr = value
	memberIfNew map[string]any // SET attr = if_not_exists(attr, value): the first one stays
	memberCond  string
	memberVals  item
	memberNames map[string]string
	orgSet      []string // clauses on the organisation's record; ":e" is orgValue, "#d" the decision id
	orgValue    any
	orgRemove   bool // the freeze flag of this decision
	orgNames    map[string]string
	spans       []consolidation.FreezeSpan
	notices     []notify.Notice
	lifted      bool
}

func (x *orgChange) init() {
	if x.memberSet == nil {
		x.memberSet, x.memberIfNew = map[string]any{}, map[string]any{}
	}
}

// stop leaves an organisation's deadline stopped as of now, conditioned on the clock as
// read. A clock not written yet while D is set is written stopped, so that a start of the
// decision running meanwhile cannot write it running (both are conditioned on the item).
// The freeze gate after its due moment that the sweep has not fired yet is closed as
// having applied from the due moment until now.
func (x *orgChange) stop(st *Store, r clock.Rule) error {
	x.init()
	d := x.decision.Decision
	ref, ok := x.decision.Clocks[r.Name]
	cond, vals := "attribute_not_exists(PK)", item(nil)
	if ok {
		// completedAt is written as null while the clock is open.
		cond = "#st = :prev AND (attribute_not_exists(completedAt) OR attribute_type(completedAt, :nul))"
		vals = item{":prev": s(string(ref.Clock.State)), ":nul": s("NULL")}
	} else {
		if d.AdoptedOn == "" && r.Count.Field == consolidation.FieldAdoptedOn {
			return nil // nothing runs before D; StartDecision writes it stopped (stopped())
		}
		if r.Count.Field == consolidation.FieldAgreedOn {
			return nil // counted from an agreement that has not happened
		}
		cl, err := consolidation.StartClock(r, d, x.now, "")
		if err != nil {
			return err
		}
		ref = decisionRef(d, x.org, cl)
	}
	cl := ref.Clock
	if cl.CompletedAt != nil {
		return nil
	}
	name, _ := consolidation.SplitRule(r.Name)
	switch {
	case name == consolidation.FreezeGate && cl.State == clock.Running && cl.DueAt != nil && !x.now.Before(*cl.DueAt):
		// The gate's moment passed before the sweep fired it: the freeze applied from then.
		due := *cl.DueAt
		cl.State, cl.OverdueAt, cl.CompletedAt, cl.Next, cl.NextAt = clock.Overdue, &due, &x.now, clock.FireNone, nil
		x.spans = append(x.spans, consolidation.FreezeSpan{Since: due, Until: x.now, By: x.by})
		x.notices = append(x.notices, consolidation.LiftNotice(fmt.Sprintf("%s.%s.lift", d.ID, r.Name), d.ID, x.org,
			fmt.Sprintf("the freeze applied from the end of %s and ends now: %s", cl.DueDate, x.why), subordinates(cl), x.now))
		x.lifted = true
	case cl.State == clock.Overdue:
		cl.CompletedAt = &x.now // it stays overdue: it was late, and the trail says so
	case cl.State == clock.Running && cl.DueAt != nil && !x.now.Before(*cl.DueAt):
		// Met late, before the sweep marked it: late it was (no notice: it is met now).
		due := *cl.DueAt
		cl.State, cl.OverdueAt, cl.CompletedAt, cl.Next, cl.NextAt = clock.Overdue, &due, &x.now, clock.FireNone, nil
	default:
		cl.Stop(x.now)
	}
	ref.Clock = cl
	w, err := st.clockPut(ref, x.now, cond, vals)
	if err != nil {
		return err
	}
	x.clocks = append(x.clocks, w)
	return nil
}

func subordinates(cl clock.Clock) []string {
	var out []string
	for _, p := range cl.Notify {
		if p.Org != "" {
			out = append(out, p.Org)
		}
	}
	return out
}

// liftFreeze removes the flag the gate of this decision set on the organisation (a flag
// another decision set stays), conditioned on the flag as read, and records the period.
func (x *orgChange) liftFreeze(o *consolidation.Org) {
	d := x.decision.Decision
	if o.Flag == nil || o.Flag.Source.ID != d.ID {
		return
	}
	until := x.now
	if until.Before(o.Flag.Since) {
		until = o.Flag.Since // agreed before the gate's moment in a race the gate won: void
	}
	x.orgRemove, x.lifted = true, true
	x.spans = append(x.spans, consolidation.FreezeSpan{Since: o.Flag.Since, Until: until, By: x.by})
	ref := x.decision.Clocks[consolidation.OrgRule(consolidation.FreezeGate, x.org)]
	x.notices = append(x.notices, consolidation.LiftNotice(fmt.Sprintf("%s.freeze:%s.lift", d.ID, x.org), d.ID, x.org, x.why,
		subordinates(ref.Clock), x.now))
}

// startPlanFromAgreement starts the §6.3 six months from today's agreement (digest Q2).
func (x *orgChange) startPlanFromAgreement(st *Store) error {
	r := consolidation.ActionPlanRule(x.org, consolidation.FromAgreement)
	if _, ok := x.decision.Clocks[r.Name]; ok || x.mb.Plan != nil {
		return nil
	}
	cal := calendarDate(x.now)
	cl, err := consolidation.StartClock(r, x.decision.Decision, x.now, cal)
	if err != nil {
		return err
	}
	w, err := st.clockPut(decisionRef(x.decision.Decision, x.org, cl), x.now, "attribute_not_exists(PK)", nil)
	if err != nil {
		return err
	}
	x.clocks = append(x.clocks, w)
	return nil
}

func (x *orgChange) member(mb consolidation.Member) consolidation.Member {
	mb.FreezePeriods = append(mb.FreezePeriods, x.spans...)
	return mb
}

// writes turns the change into items: the clocks, the decision's member record, the
// organisation's record and, while the decision has no D, a condition that it still has
// none. The trail entry is the caller's: the application's own for an effect, the
// decision's for an exemption.
func (x *orgChange) writes(st *Store) ([]types.TransactWriteItem, error) {
	x.init()
	d := x.decision.Decision
	w := append([]types.TransactWriteItem{}, x.clocks...)

	// What the decision holds about the organisation.
	sets := []string{"#org = :org", "#type = :type"}
	names := map[string]string{"#org": "org", "#type": "Type"}
	vals := item{":org": s(x.org), ":type": s("decision_member")}
	i := 0
	addSet := func(attr string, v any, ifNew bool) error {
		av, err := marshalValue(v)
		if err != nil {
			return err
		}
		i++
		nk, vk := fmt.Sprintf("#m%d", i), fmt.Sprintf(":m%d", i)
		names[nk], vals[vk] = attr, av
		if ifNew {
			sets = append(sets, fmt.Sprintf("%s = if_not_exists(%s, %s)", nk, nk, vk))
		} else {
			sets = append(sets, nk+" = "+vk)
		}
		return nil
	}
	for k, v := range x.memberSet {
		if err := addSet(k, v, false); err != nil {
			return nil, err
		}
	}
	for k, v := range x.memberIfNew {
		if err := addSet(k, v, true); err != nil {
			return nil, err
		}
	}
	if len(x.spans) > 0 {
		av, err := marshalValue(x.spans)
		if err != nil {
			return nil, err
		}
		names["#fp"], vals[":fp"], vals[":none"] = "freezePeriods", av, &types.AttributeValueMemberL{Value: []types.AttributeValue{}}
		sets = append(sets, "#fp = list_append(if_not_exists(#fp, :none), :fp)")
	}
	mu := &types.Update{TableName: &st.tables.Registry, Key: item{"PK": s(decPK(d.ID)), "SK": s(memberSK(x.org))},
		UpdateExpression: aws.String("SET " + strings.Join(sets, ", ")), ExpressionAttributeNames: names, ExpressionAttributeValues: vals}
	if x.memberCond != "" {
		mu.ConditionExpression = aws.String(x.memberCond)
		for k, v := range x.memberNames {
			names[k] = v
		}
		for k, v := range x.memberVals {
			vals[k] = v
		}
	}
	member := len(x.memberSet)+len(x.memberIfNew)+len(x.spans) > 0
	if member {
		w = append(w, types.TransactWriteItem{Update: mu})
	}

	// The organisation's own record.
	if len(x.orgSet) > 0 || x.orgRemove {
		ou := &types.Update{TableName: &st.tables.Registry, Key: item{"PK": s(orgPK(x.org)), "SK": s(skMeta)},
			ExpressionAttributeNames: map[string]string{}, ExpressionAttributeValues: item{}}
		cond := []string{"attribute_exists(PK)"}
		expr := ""
		if len(x.orgSet) > 0 {
			expr = "SET " + strings.Join(x.orgSet, ", ")
			av, err := marshalValue(x.orgValue)
			if err != nil {
				return nil, err
			}
			ou.ExpressionAttributeValues[":e"] = av
			if strings.Contains(expr, "#d") {
				ou.ExpressionAttributeNames["#d"] = d.ID
			}
			for k, v := range x.orgNames {
				ou.ExpressionAttributeNames[k] = v
			}
		}
		if x.orgRemove {
			expr += " REMOVE #freeze"
			cond = append(cond, "#freeze.#src.#id = :dec")
			ou.ExpressionAttributeNames["#freeze"], ou.ExpressionAttributeNames["#src"], ou.ExpressionAttributeNames["#id"] = "freeze", "source", "id"
			ou.ExpressionAttributeValues[":dec"] = s(d.ID)
		}
		ou.UpdateExpression = aws.String(strings.TrimSpace(expr))
		ou.ConditionExpression = aws.String(strings.Join(cond, " AND "))
		w = append(w, types.TransactWriteItem{Update: ou})
	}

	// D as read (000 §6). Before D, StartDecision writes each organisation's clocks
	// already stopped for what its member item says (stopped()), from a read of its own:
	// a member change read without D must not land between that read and those clocks, so
	// it is conditioned on D still being absent. Once set, D never changes (AdoptDecision
	// is conditioned on its absence and nothing else writes it), and the clocks are then
	// written by whoever comes first, each conditioned on the item (stop): a change read
	// with D needs no condition on the decision's record, nor its write units.
	if member && d.AdoptedOn == "" {
		w = append(w, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: &st.tables.Registry,
			Key: item{"PK": s(decPK(d.ID)), "SK": s(skMeta)}, ConditionExpression: aws.String("attribute_not_exists(adoptedOn)")}})
	}
	return w, nil
}

func marshalValue(v any) (types.AttributeValue, error) {
	m, err := marshal(map[string]any{"v": v})
	if err != nil {
		return nil, err
	}
	return m["v"], nil
}

// calendarDate is today's date in Riga, day 0 of a count from an event.
func calendarDate(now time.Time) string { return actionplan.Today(now).String() }
