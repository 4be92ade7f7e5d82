package dynamo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

// latviaWrites are the writes of the Latvian effects of a change (seed 000) on the
// decision the application names and on its organisation, in the change's own
// transaction. They work on what the guard of the same attempt read (r), or read it
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
func (st *Store) latviaWrites(ctx context.Context, ch *procedure.Change, r *Reads) ([]types.TransactWriteItem, error) {
	var out []types.TransactWriteItem
	for _, e := range ch.Effects {
		var w []types.TransactWriteItem
		var err error
		switch e {
		case procedure.LVSubmitted, procedure.LVAgreed, procedure.LVPlanAgreed, procedure.LVInvestmentAgreed:
			w, err = st.latviaEffect(ctx, ch, e, r)
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, w...)
	}
	return out, nil
}

func (st *Store) latviaEffect(ctx context.Context, ch *procedure.Change, e procedure.Effect, r *Reads) ([]types.TransactWriteItem, error) {
	a := ch.App
	now := ch.Event.At.UTC()
	decID := a.Details.String("decisionId")
	// Lifting a freeze needs the organisation's flag as it is.
	rd, err := st.lvFacts(ctx, r, decID, a.Org, lvNeed{member: true, clocks: true, org: e == procedure.LVAgreed})
	if err != nil {
		return nil, fmt.Errorf("%s of application %s: decision %q: %w", e, a.ID, decID, err)
	}
	ds := rd.ds
	d := ds.Decision
	ev := audit.Event{At: now, Actor: ch.Event.Actor, Type: string(e), Seq: fmt.Sprintf("app-%s-v%06d", a.ID, a.Version),
		Data: map[string]any{"org": a.Org, "applicationId": a.ID, "procedure": a.Procedure}}
	x := &orgChange{decision: ds, org: a.Org, mb: ds.Members[a.Org], now: now, by: "application " + a.ID}
	extra := map[string]any{}
	switch e {
	case procedure.LVSubmitted:
		ev.Data["basis"] = "000 §6.1"
		if err := x.stop(st, consolidation.SubmissionRule(a.Org)); err != nil {
			return nil, err
		}
		x.memberIfNew["submitted"] = consolidation.Submitted{ApplicationID: a.ID, At: now}
	case procedure.LVAgreed:
		ev.Data["basis"] = "000 §6.1–§6.3"
		x.why = fmt.Sprintf("VARAM agreed application %s (%s)", a.ID, a.Procedure)
		if rd.o == nil {
			return nil, fmt.Errorf("%s of application %s: organisation %s: %w", e, a.ID, a.Org, fault.E(fault.NotFound, "no such organisation"))
		}
		if err := x.stop(st, consolidation.FreezeRule(a.Org)); err != nil {
			return nil, err
		}
		x.liftFreeze(rd.o, &ev)
		ag := consolidation.Agreement{ApplicationID: a.ID, Procedure: a.Procedure, At: now}
		x.memberIfNew["agreed"] = ag
		x.orgSet, x.orgValue = append(x.orgSet, "agreements.#d = if_not_exists(agreements.#d, :e)"), ag
		extra["agreement"] = ag
		if d.ActionPlanFrom == consolidation.FromAgreement {
			if err := x.startPlanFromAgreement(st); err != nil {
				return nil, err
			}
		}
	case procedure.LVPlanAgreed:
		ev.Data["basis"] = "000 §6.3–§6.4"
		v, _ := a.Details.Number("version")
		p := consolidation.PlanState{Version: int(v), Initial: a.Details.Bool("initial"),
			ProvisionalMigrationOn: a.Details.String("provisionalMigrationOn"), ApplicationID: a.ID, At: now}
		if err := x.stop(st, consolidation.ActionPlanRule(a.Org, d.ActionPlanFrom)); err != nil {
			return nil, err
		}
		x.memberSet["plan"] = p
		// The versions follow one another (digest Q8): version n is agreed after n-1.
		x.memberCond = "attribute_not_exists(#plan) AND :first = :true OR #plan.#ver = :prevver"
		x.memberVals = item{":first": boolean(p.Version == 1), ":true": boolean(true), ":prevver": n(p.Version - 1)}
		x.memberNames = map[string]string{"#plan": "plan", "#ver": "version"}
		x.orgSet, x.orgValue = append(x.orgSet, "plans.#d = :e"), p
		extra["plan"] = p
	case procedure.LVInvestmentAgreed:
		ev.Data["basis"] = "000 §6.2"
		amount, _ := a.Details.Number("amountEur")
		cat := a.Details.String("category")
		inv := consolidation.Investment{DecisionID: d.ID, ApplicationID: a.ID, Ground: a.Details.String("ground"), AmountEur: amount, At: now}
		x.orgSet, x.orgValue = append(x.orgSet, "investments.#cat = :e"), inv
		x.orgNames = map[string]string{"#cat": cat}
		extra["investment"] = inv
		ev.Data["category"] = cat
	}
	return x.writes(st, &ev, extra)
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
func (x *orgChange) liftFreeze(o *consolidation.Org, ev *audit.Event) {
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
	ev.Data["freezeLifted"] = map[string]any{"since": o.Flag.Since, "until": until}
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
// organisation's record, a condition on the decision's adoption date as read, and the
// decision's trail entry with the notices.
func (x *orgChange) writes(st *Store, ev *audit.Event, extra map[string]any) ([]types.TransactWriteItem, error) {
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
	if len(x.memberSet)+len(x.memberIfNew)+len(x.spans) > 0 {
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

	// D as read: a change made before D is set must not race the start of the decision.
	cc := &types.ConditionCheck{TableName: &st.tables.Registry, Key: item{"PK": s(decPK(d.ID)), "SK": s(skMeta)},
		ConditionExpression: aws.String("attribute_not_exists(adoptedOn)")}
	if d.AdoptedOn != "" {
		cc.ConditionExpression = aws.String("adoptedOn = :d")
		cc.ExpressionAttributeValues = item{":d": s(d.AdoptedOn)}
	}
	w = append(w, types.TransactWriteItem{ConditionCheck: cc})

	for k, v := range extra {
		ev.Data[k] = v
	}
	if len(x.spans) > 0 {
		ev.Data["freezePeriods"] = x.spans
	}
	ev.Notices = append(ev.Notices, x.notices...)
	evi, err := eventItem(decPK(d.ID), *ev)
	if err != nil {
		return nil, err
	}
	return append(w, put(&st.tables.Registry, evi, "attribute_not_exists(PK)")), nil
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
