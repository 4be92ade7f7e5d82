package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
)

// DecisionState is a decision read whole: its record, its clocks by rule name (the
// coordinator's and each organisation's) and what it holds about each organisation.
type DecisionState struct {
	Decision *consolidation.Decision
	Clocks   map[string]clock.Ref
	Members  map[string]consolidation.Member
}

// View is the decision as the API shows it.
func (ds *DecisionState) View() consolidation.View {
	clocks := make(map[string]clock.Clock, len(ds.Clocks))
	for k, r := range ds.Clocks {
		clocks[k] = r.Clock
	}
	return consolidation.BuildView(ds.Decision, clocks, ds.Members)
}

func decisionItem(d *consolidation.Decision) (item, error) {
	m, err := marshal(d)
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"], m["Type"] = s(decPK(d.ID)), s(skMeta), s("decision")
	m["GSI3PK"], m["GSI3SK"] = s(allDecisionsPK), s(d.ID) // GET /v1/decisions
	if d.Starting {
		// Sparse: the decisions whose organisations' clocks are still being written.
		m["GSI1PK"], m["GSI1SK"] = s(decisionsStarting), s(d.ID)
	}
	return m, nil
}

// decisionRef is a decision's clock with what its notices need: the organisation it is
// about (the coordinator's for its own tasks) and how to name them.
func decisionRef(d *consolidation.Decision, org string, cl clock.Clock) clock.Ref {
	label, name := d.Label(), d.Title
	if org == "" {
		org = d.Org
	} else {
		label += ", organisation " + org
		name = org
	}
	return clock.Ref{Owner: clock.Owner{Kind: consolidation.OwnerDecision, ID: d.ID}, Org: org, Label: label, Name: name, Clock: cl}
}

// clockPut writes a clock as it now is; a firing already due when written goes in today's
// bucket, not its own day's, which the sweep may already have passed (as changeWrites).
func (st *Store) clockPut(r clock.Ref, now time.Time, cond string, vals item) (types.TransactWriteItem, error) {
	m, err := clockItem(r)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	if pk := str(m, "DuePK"); pk != "" && pk != unscheduledPK && pk < dueBucket(now) {
		m["DuePK"] = s(dueBucket(now))
	}
	w := put(&st.tables.Registry, m, cond)
	if len(vals) > 0 {
		w.Put.ExpressionAttributeValues = vals
		if strings.Contains(cond, "#st") {
			w.Put.ExpressionAttributeNames = map[string]string{"#st": "state"}
		}
	}
	return w, nil
}

// LoadDecision reads a decision whole in one query of its partition (its trail aside).
func (st *Store) LoadDecision(ctx context.Context, id string) (*DecisionState, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk AND SK < :evt"),
		ExpressionAttributeValues: item{":pk": s(decPK(id)), ":evt": s(skEvtFirst)}}
	ds := &DecisionState{Clocks: map[string]clock.Ref{}, Members: map[string]consolidation.Member{}}
	for {
		out, err := st.db.Query(ctx, in)
		if err != nil {
			return nil, classify("load decision", err)
		}
		for _, m := range out.Items {
			switch sk := str(m, "SK"); {
			case sk == skMeta:
				var d consolidation.Decision
				if err := unmarshal(m, &d); err != nil {
					return nil, err
				}
				ds.Decision = &d
			case strings.HasPrefix(sk, "CLK#"):
				r, err := decodeClockRef(m)
				if err != nil {
					return nil, err
				}
				ds.Clocks[r.Clock.Rule] = r
			case strings.HasPrefix(sk, "#ORG#"):
				var mb consolidation.Member
				if err := unmarshal(m, &mb); err != nil {
					return nil, err
				}
				ds.Members[mb.Org] = mb
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	if ds.Decision == nil {
		return nil, fault.E(fault.NotFound, "no such decision")
	}
	return ds, nil
}

// CreateDecision records a decision (coordinator, contract part two): its record, the
// coordinator's own clocks (§3 pending until D; the fixed-date tasks of §4, §5 running)
// and its trail entry, which tells the organisations it names. Every organisation it
// names must be recorded. When D is given, the organisations' clocks follow
// (StartDecision).
func (st *Store) CreateDecision(ctx context.Context, d *consolidation.Decision, c actor.Caller, now time.Time, idem *Idem,
	answer func(consolidation.View) error) (consolidation.View, error) {
	now = now.UTC()
	known, err := st.getOrgs(ctx, d.Orgs)
	if err != nil {
		return consolidation.View{}, err
	}
	var fs []fault.Field
	for i, o := range d.Orgs {
		if _, ok := known[o]; !ok {
			fs = append(fs, fault.Field{Field: fmt.Sprintf("orgs[%d]", i), Reason: "not recorded: record it with POST /v1/orgs/" + o + " first"})
		}
	}
	if len(fs) > 0 {
		return consolidation.View{}, fault.WithFields(fault.Unprocessable, "the decision names organisations that are not recorded", fs...)
	}
	d.Starting = d.AdoptedOn != ""
	ds := &DecisionState{Decision: d, Clocks: map[string]clock.Ref{}, Members: map[string]consolidation.Member{}}
	var w []types.TransactWriteItem
	for _, r := range consolidation.CoordinatorRules(d) {
		cl, err := consolidation.StartClock(r, d, now, "")
		if err != nil {
			return consolidation.View{}, err
		}
		ref := decisionRef(d, "", cl)
		ds.Clocks[r.Name] = ref
		cw, err := st.clockPut(ref, now, "attribute_not_exists(PK)", nil)
		if err != nil {
			return consolidation.View{}, err
		}
		w = append(w, cw)
	}
	ev := audit.Event{At: now, Actor: c.Actor(actor.Coordinator), Type: "created", Seq: "v000001",
		Data:    map[string]any{"title": d.Title, "adoptedOn": d.AdoptedOn, "orgs": d.Orgs, "actionPlanFrom": d.ActionPlanFrom, "basis": "000 §1–§7"},
		Notices: []notify.Notice{consolidation.CreatedNotice(d, now)}}
	if d.AdoptedOn != "" {
		ev.Notices = append(ev.Notices, consolidation.AdoptedNotice(d, now))
	}
	v := ds.View()
	if err := answer(v); err != nil {
		return consolidation.View{}, err
	}
	meta, err := decisionItem(d)
	if err != nil {
		return consolidation.View{}, err
	}
	evi, err := eventItem(decPK(d.ID), ev)
	if err != nil {
		return consolidation.View{}, err
	}
	w = append(w, put(&st.tables.Registry, meta, "attribute_not_exists(PK)"), put(&st.tables.Registry, evi, "attribute_not_exists(PK)"))
	return v, st.commit(ctx, "create decision", w, idem, now)
}

// AdoptDecision sets D, once (contract part two: a second change is 409): the coordinator's
// pending §3 clock starts, the organisations are told their deadlines, and the decision is
// marked starting until StartDecision has written every organisation's clocks.
func (st *Store) AdoptDecision(ctx context.Context, id, adoptedOn string, c actor.Caller, now time.Time, idem *Idem,
	answer func(consolidation.View) error) (consolidation.View, error) {
	now = now.UTC()
	ds, err := st.LoadDecision(ctx, id)
	if err != nil {
		return consolidation.View{}, err
	}
	prev := *ds.Decision
	if prev.AdoptedOn != "" {
		return consolidation.View{}, fault.E(fault.Conflict, "the adoption date of decision %s is set once; it is %s", id, prev.AdoptedOn)
	}
	d := prev
	d.AdoptedOn, d.Version, d.UpdatedAt, d.Starting = adoptedOn, prev.Version+1, now, true
	ds.Decision = &d
	var w []types.TransactWriteItem
	for name, ref := range ds.Clocks {
		if _, org := consolidation.SplitRule(name); org != "" || ref.Clock.State != clock.Pending {
			continue
		}
		cl := ref.Clock
		if _, err := cl.Resume(adoptedOn, now); err != nil {
			return consolidation.View{}, fmt.Errorf("decision %s: %w", id, err)
		}
		ref.Clock = cl
		ds.Clocks[name] = ref
		cw, err := st.clockPut(ref, now, "#st = :pending", item{":pending": s(string(clock.Pending))})
		if err != nil {
			return consolidation.View{}, err
		}
		w = append(w, cw)
	}
	ev := audit.Event{At: now, Actor: c.Actor(actor.Coordinator), Type: "adopted", Seq: fmt.Sprintf("v%06d", d.Version),
		Data: map[string]any{"adoptedOn": adoptedOn, "basis": "000 §3, §6"}, Notices: []notify.Notice{consolidation.AdoptedNotice(&d, now)}}
	v := ds.View()
	if err := answer(v); err != nil {
		return consolidation.View{}, err
	}
	meta, err := decisionItem(&d)
	if err != nil {
		return consolidation.View{}, err
	}
	evi, err := eventItem(decPK(id), ev)
	if err != nil {
		return consolidation.View{}, err
	}
	mp := put(&st.tables.Registry, meta, "version = :v AND attribute_not_exists(adoptedOn)")
	mp.Put.ExpressionAttributeValues = item{":v": n(prev.Version)}
	w = append(w, mp, put(&st.tables.Registry, evi, "attribute_not_exists(PK)"))
	if err := st.commit(ctx, "set the adoption date", w, idem, now); err != nil {
		if errors.Is(err, ErrRace) {
			return consolidation.View{}, fault.Wrap(fault.Conflict, err, "the decision changed meanwhile, or its adoption date was set: reload it")
		}
		return consolidation.View{}, err
	}
	return v, nil
}

// fanOutChunk bounds the clocks written in one transaction (DynamoDB takes 100 items).
const fanOutChunk = 90

// StartDecision writes the clocks of every organisation a decision names once D is set:
// §6.1 submission, the §6.2 freeze gate (with the organisation's subordinate institutions,
// told when it fires) and, from D, the §6.3 action plan — already stopped for what the
// organisation has done (submitted, agreed, exempt). A decision names up to 500
// organisations, three clocks each, so the clocks are written in batches after D is set,
// each batch conditioned on D; the decision is marked starting until the last batch, and
// an interrupted start is finished by the next call (the request that set D, a read of
// the decision, and the hourly DeadlineCheck: StartPendingDecisions). Idempotent.
func (st *Store) StartDecision(ctx context.Context, id string, now time.Time) error {
	now = now.UTC()
	for attempt := 0; attempt < 5; attempt++ {
		ds, err := st.LoadDecision(ctx, id)
		if err != nil {
			return err
		}
		d := ds.Decision
		if d.AdoptedOn == "" || !d.Starting {
			return nil
		}
		var missing []types.TransactWriteItem
		for _, org := range d.Orgs {
			mb := ds.Members[org]
			for _, r := range consolidation.OrgRules(d, org) {
				if _, ok := ds.Clocks[r.Name]; ok {
					continue
				}
				cl, err := consolidation.StartClock(r, d, now, "")
				if err != nil {
					return err
				}
				name, _ := consolidation.SplitRule(r.Name)
				if name == consolidation.FreezeGate {
					subs, err := st.Subordinates(ctx, org)
					if err != nil {
						return err
					}
					for _, sub := range subs {
						cl.Notify = append(cl.Notify, clock.Party{Org: sub})
					}
				}
				if stopped(name, mb) {
					cl.Stop(now)
				}
				cw, err := st.clockPut(decisionRef(d, org, cl), now, "attribute_not_exists(PK)", nil)
				if err != nil {
					return err
				}
				missing = append(missing, cw)
			}
		}
		err = st.writeStart(ctx, d, missing, now)
		if errors.Is(err, ErrRace) {
			continue // another start wrote some of them, or the decision changed: read again
		}
		return err
	}
	return fmt.Errorf("start decision %s: %w", id, ErrRace)
}

// stopped reports whether an organisation's deadline is already met when its clock is
// written: its submission, agreement or action plan came first, or it is exempt.
func stopped(rule string, mb consolidation.Member) bool {
	if mb.Exemption != nil {
		return true
	}
	switch rule {
	case consolidation.Submission:
		return mb.Submitted != nil
	case consolidation.FreezeGate:
		return mb.Agreed != nil
	case consolidation.ActionPlan:
		return mb.Plan != nil
	}
	return false
}

func (st *Store) writeStart(ctx context.Context, d *consolidation.Decision, clocks []types.TransactWriteItem, now time.Time) error {
	key := item{"PK": s(decPK(d.ID)), "SK": s(skMeta)}
	for {
		chunk := clocks[:min(len(clocks), fanOutChunk)]
		clocks = clocks[len(chunk):]
		meta := &types.Update{TableName: &st.tables.Registry, Key: key,
			UpdateExpression:          aws.String("SET starting = :true"),
			ConditionExpression:       aws.String("adoptedOn = :d"),
			ExpressionAttributeValues: item{":d": s(d.AdoptedOn), ":true": boolean(true)}}
		if len(clocks) == 0 {
			meta.UpdateExpression = aws.String("REMOVE starting, GSI1PK, GSI1SK")
			meta.ExpressionAttributeValues = item{":d": s(d.AdoptedOn)}
		}
		w := append(append([]types.TransactWriteItem{}, chunk...), types.TransactWriteItem{Update: meta})
		if _, err := st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w}); err != nil {
			return st.transactErr("start the clocks of decision "+d.ID, err, false)
		}
		if len(clocks) == 0 {
			return nil
		}
	}
}

// StartPendingDecisions finishes every decision whose organisations' clocks were not all
// written (DeadlineCheck runs it before each sweep). It returns how many it finished.
func (st *Store) StartPendingDecisions(ctx context.Context, now time.Time) (int, error) {
	res, err := st.db.Query(ctx, &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiOrg),
		KeyConditionExpression: aws.String("GSI1PK = :p"), ExpressionAttributeValues: item{":p": s(decisionsStarting)}})
	if err != nil {
		return 0, classify("read starting decisions", err)
	}
	done := 0
	var errs []error
	for _, m := range res.Items {
		if err := st.StartDecision(ctx, str(m, "GSI1SK"), now); err != nil {
			errs = append(errs, err)
			continue
		}
		done++
	}
	return done, errors.Join(errs...)
}

// ExemptOrg records a §7 exemption of an organisation the decision names (000 §7.1, §7.2,
// with its legal basis and justification): its §6 deadlines stop and, if the gate froze
// it, its freeze is lifted (with its subordinate institutions). Once per organisation.
func (st *Store) ExemptOrg(ctx context.Context, id, org string, e consolidation.Exemption, c actor.Caller, now time.Time, idem *Idem,
	answer func(consolidation.View) error) (consolidation.View, error) {
	now = now.UTC()
	ds, err := st.LoadDecision(ctx, id)
	if err != nil {
		return consolidation.View{}, err
	}
	d := ds.Decision
	if !d.Names(org) {
		return consolidation.View{}, fault.WithFields(fault.Unprocessable, "the decision does not name the organisation",
			fault.Field{Field: "org", Reason: "decision " + id + " does not name " + org + " (000 §6)"})
	}
	mb := ds.Members[org]
	if mb.Exemption != nil {
		return consolidation.View{}, fault.E(fault.Conflict, "%s is already exempt from decision %s under %s", org, id, mb.Exemption.Basis)
	}
	o, err := st.GetOrg(ctx, org)
	if err != nil {
		return consolidation.View{}, err
	}
	ev := audit.Event{At: now, Actor: c.Actor(actor.Coordinator), Type: "exemption", Seq: "exempt-" + org,
		Data:    map[string]any{"org": org, "ground": e.Ground, "basis": e.Basis, "justification": e.Justification},
		Notices: []notify.Notice{consolidation.ExemptionNotice(d, org, e, now)}}
	x := &orgChange{decision: ds, org: org, mb: mb, now: now, why: "exempt under " + e.Basis, by: "exemption " + e.Basis}
	x.init()
	x.memberSet["exemption"] = e
	mb.Exemption = &e
	for _, r := range consolidation.OrgRules(d, org) {
		if err := x.stop(st, r); err != nil {
			return consolidation.View{}, err
		}
	}
	x.liftFreeze(o)
	x.orgSet, x.orgValue = append(x.orgSet, "exemptions.#d = :e"), e
	ev.Data["freezeLifted"] = x.lifted
	ds.Members[org] = x.member(mb)
	v := ds.View()
	if err := answer(v); err != nil {
		return consolidation.View{}, err
	}
	w, err := x.writes(st)
	if err != nil {
		return consolidation.View{}, err
	}
	// The exemption is the decision's own change: its trail entry, with the notices, is
	// the decision's.
	ev.Data["exemption"] = e
	if len(x.spans) > 0 {
		ev.Data["freezePeriods"] = x.spans
	}
	ev.Notices = append(ev.Notices, x.notices...)
	evi, err := eventItem(decPK(id), ev)
	if err != nil {
		return consolidation.View{}, err
	}
	w = append(w, put(&st.tables.Registry, evi, "attribute_not_exists(PK)"))
	return v, st.commit(ctx, "exempt "+org, w, idem, now)
}

// DecisionEvents returns a decision's trail, oldest first.
func (st *Store) DecisionEvents(ctx context.Context, id string, limit int, cursor string) ([]audit.Event, string, error) {
	return st.trail(ctx, decPK(id), limit, cursor)
}
