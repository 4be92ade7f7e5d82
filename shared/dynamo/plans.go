package dynamo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/notify"
)

// PlanState is an action plan read whole from its partition in one query: the plan, its
// measures as it lists them, its made reports and its report clocks (by year).
type PlanState struct {
	Plan     *actionplan.Plan
	Measures []actionplan.Measure
	Reports  map[int]actionplan.ReportRecord
	Clocks   map[int]clock.Ref
	// Reads is how many requests the load took (the bench holds the public plan of 1,000
	// measures to one).
	Reads int
}

// View is the plan as of now.
func (ps *PlanState) View(now time.Time) actionplan.PlanView {
	clocks := map[int]clock.Clock{}
	for y, r := range ps.Clocks {
		clocks[y] = r.Clock
	}
	return actionplan.BuildPlan(ps.Plan, ps.Measures, ps.Reports, clocks, actionplan.Today(now))
}

func planRef(p *actionplan.Plan, cl clock.Clock) clock.Ref {
	return clock.Ref{Owner: clock.Owner{Kind: actionplan.OwnerPlan, ID: p.ID}, Org: p.Org,
		Label: fmt.Sprintf("plan %s (%q)", p.ID, p.Title), Name: p.Title, Clock: cl}
}

func measureRef(m *actionplan.Measure, cl clock.Clock) clock.Ref {
	return clock.Ref{Owner: clock.Owner{Kind: actionplan.OwnerMeasure, ID: m.ID}, Org: m.Owner,
		Label: fmt.Sprintf("measure %s (%q) of plan %s", m.ID, m.Title, m.PlanID), Name: m.Title, Clock: cl}
}

func measureItems(m *actionplan.Measure) (item, item, error) {
	own, err := marshal(m)
	if err != nil {
		return nil, nil, err
	}
	own["PK"], own["SK"], own["Type"] = s(measPK(m.ID)), s(skMeta), s("measure")
	listed, err := marshal(m)
	if err != nil {
		return nil, nil, err
	}
	listed["PK"], listed["SK"], listed["Type"] = s(planPK(m.PlanID)), s(planMeasureSK(m.ID)), s("plan_measure")
	return own, listed, nil
}

// CreatePlan records an action plan (coordinator) with a report clock for each year of
// its period (001 S3), in one transaction.
func (st *Store) CreatePlan(ctx context.Context, p *actionplan.Plan, c actor.Caller, now time.Time, idem *Idem,
	answer func(actionplan.PlanView) error) (actionplan.PlanView, error) {
	now = now.UTC()
	ps := &PlanState{Plan: p, Reports: map[int]actionplan.ReportRecord{}, Clocks: map[int]clock.Ref{}}
	var w []types.TransactWriteItem
	for _, y := range p.Years() {
		cl, err := actionplan.ReportClock(y, now)
		if err != nil {
			return actionplan.PlanView{}, err
		}
		ref := planRef(p, cl)
		ps.Clocks[y] = ref
		cw, err := st.clockPut(ref, now, "attribute_not_exists(PK)", nil)
		if err != nil {
			return actionplan.PlanView{}, err
		}
		w = append(w, cw)
	}
	v := ps.View(now)
	if err := answer(v); err != nil {
		return actionplan.PlanView{}, err
	}
	meta, err := marshal(p)
	if err != nil {
		return actionplan.PlanView{}, err
	}
	meta["PK"], meta["SK"], meta["Type"] = s(planPK(p.ID)), s(skMeta), s("plan")
	meta["GSI3PK"], meta["GSI3SK"] = s(allPlansPK), s(p.ID) // GET /v1/public/plans
	evi, err := eventItem(planPK(p.ID), audit.Event{At: now, Actor: c.Actor(actor.Coordinator), Type: "created", Seq: "v000001",
		Data: map[string]any{"title": p.Title, "period": p.Period, "basis": "001 S1, S3"}})
	if err != nil {
		return actionplan.PlanView{}, err
	}
	w = append(w, put(&st.tables.Registry, meta, "attribute_not_exists(PK)"), put(&st.tables.Registry, evi, "attribute_not_exists(PK)"))
	return v, st.commit(ctx, "create plan", w, idem, now)
}

// LoadPlan reads a plan whole: one query of its partition (its trail aside), which for a
// plan of a thousand measures is one page.
func (st *Store) LoadPlan(ctx context.Context, planID string) (*PlanState, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND SK < :evt"),
		ExpressionAttributeValues: item{":pk": s(planPK(planID)), ":evt": s(skEvtFirst)}}
	ps := &PlanState{Reports: map[int]actionplan.ReportRecord{}, Clocks: map[int]clock.Ref{}}
	if err := st.queryPages(ctx, "load plan", in, func(page []item) error {
		ps.Reads++
		for _, m := range page {
			switch sk := str(m, "SK"); {
			case sk == skMeta:
				var p actionplan.Plan
				if err := unmarshal(m, &p); err != nil {
					return err
				}
				ps.Plan = &p
			case strings.HasPrefix(sk, "#MEAS#"):
				var ms actionplan.Measure
				if err := unmarshal(m, &ms); err != nil {
					return err
				}
				ps.Measures = append(ps.Measures, ms)
			case strings.HasPrefix(sk, "#REP#"):
				var r actionplan.ReportRecord
				if err := unmarshal(m, &r); err != nil {
					return err
				}
				ps.Reports[r.Year] = r
			case strings.HasPrefix(sk, "CLK#report_"):
				ref, err := decodeClockRef(m)
				if err != nil {
					return err
				}
				y, _ := strconv.Atoi(strings.TrimPrefix(ref.Clock.Rule, "report_"))
				ps.Clocks[y] = ref
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if ps.Plan == nil {
		return nil, fault.E(fault.NotFound, "no such plan")
	}
	return ps, nil
}

func (st *Store) planRecord(ctx context.Context, planID string) (*actionplan.Plan, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry, ConsistentRead: aws.Bool(true),
		Key: item{"PK": s(planPK(planID)), "SK": s(skMeta)}})
	if err != nil {
		return nil, classify("read plan", err)
	}
	if out.Item == nil {
		return nil, fault.E(fault.NotFound, "no such plan")
	}
	var p actionplan.Plan
	return &p, unmarshal(out.Item, &p)
}

// AddMeasure adds a measure to a plan (coordinator): the measure's own record, its entry
// in the plan, its end clock (001 S6) and its trail entry, which tells its responsible
// institution and co-owners, in one transaction conditioned on the plan.
func (st *Store) AddMeasure(ctx context.Context, planID string, nm actionplan.NewMeasure, c actor.Caller, now time.Time, idem *Idem,
	answer func(actionplan.Detail) error) (actionplan.Detail, error) {
	now = now.UTC()
	p, err := st.planRecord(ctx, planID)
	if err != nil {
		return actionplan.Detail{}, err
	}
	m, err := nm.Decide(p, id.New(now), c, now)
	if err != nil {
		return actionplan.Detail{}, err
	}
	cl, err := actionplan.EndRule(m.End).Start(actionplan.Country, 1, now, "")
	if err != nil {
		return actionplan.Detail{}, err
	}
	d := actionplan.Detail{View: actionplan.StatusOf(*m, actionplan.Today(now)), Opinions: []actionplan.Opinion{}, Progress: []actionplan.Progress{}}
	if err := answer(d); err != nil {
		return actionplan.Detail{}, err
	}
	own, listed, err := measureItems(m)
	if err != nil {
		return actionplan.Detail{}, err
	}
	cw, err := st.clockPut(measureRef(m, cl), now, "attribute_not_exists(PK)", nil)
	if err != nil {
		return actionplan.Detail{}, err
	}
	evi, err := eventItem(measPK(m.ID), audit.Event{At: now, Actor: c.Actor(actor.Coordinator), Type: "created", Seq: "v000001",
		To: m.Status, Data: map[string]any{"planId": p.ID, "title": m.Title, "owner": m.Owner, "coOwners": m.CoOwners,
			"start": m.Start, "end": m.End, "definitionOfDone": m.DefinitionOfDone, "basis": "001 S6"},
		Notices: []notify.Notice{actionplan.AssignedNotice(m, now)}})
	if err != nil {
		return actionplan.Detail{}, err
	}
	w := []types.TransactWriteItem{put(&st.tables.Registry, own, "attribute_not_exists(PK)"), put(&st.tables.Registry, listed, "attribute_not_exists(PK)"),
		cw, put(&st.tables.Registry, evi, "attribute_not_exists(PK)"),
		{ConditionCheck: &types.ConditionCheck{TableName: &st.tables.Registry, Key: item{"PK": s(planPK(p.ID)), "SK": s(skMeta)},
			ConditionExpression: aws.String("attribute_exists(PK)")}}}
	return d, st.commit(ctx, "add measure", w, idem, now)
}

// MeasureState is a measure read whole: its record, opinions, end clock and trail.
type MeasureState struct {
	Measure  actionplan.Measure
	Opinions []actionplan.Opinion
	Clock    *clock.Ref
	Events   []audit.Event
}

// Detail is the measure as of now, with its progress log read from its trail.
func (ms *MeasureState) Detail(now time.Time) actionplan.Detail {
	d := actionplan.Detail{View: actionplan.StatusOf(ms.Measure, actionplan.Today(now)), Opinions: ms.Opinions, Progress: []actionplan.Progress{}}
	if d.Opinions == nil {
		d.Opinions = []actionplan.Opinion{}
	}
	for _, e := range ms.Events {
		if e.Type != "created" && e.Type != "changed" {
			continue
		}
		note, _ := e.Data["progressNote"].(string)
		d.Progress = append(d.Progress, actionplan.Progress{At: e.At, By: e.Actor.Sub, Org: e.Actor.Org, Status: e.To, Note: note})
	}
	return d
}

// LoadMeasure reads a measure whole in one query of its partition.
func (st *Store) LoadMeasure(ctx context.Context, measureID string) (*MeasureState, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, ConsistentRead: aws.Bool(true),
		KeyConditionExpression: aws.String("PK = :pk"), ExpressionAttributeValues: item{":pk": s(measPK(measureID))}}
	var ms *MeasureState
	var ops []actionplan.Opinion
	var cl *clock.Ref
	var evs []audit.Event
	if err := st.queryPages(ctx, "load measure", in, func(page []item) error {
		for _, m := range page {
			switch sk := str(m, "SK"); {
			case sk == skMeta:
				ms = &MeasureState{}
				if err := unmarshal(m, &ms.Measure); err != nil {
					return err
				}
			case strings.HasPrefix(sk, "OPN#"):
				var o actionplan.Opinion
				if err := unmarshal(m, &o); err != nil {
					return err
				}
				ops = append(ops, o)
			case strings.HasPrefix(sk, "CLK#"):
				r, err := decodeClockRef(m)
				if err != nil {
					return err
				}
				cl = &r
			case strings.HasPrefix(sk, skEvtFirst):
				e, err := decodeEvent(m)
				if err != nil {
					return err
				}
				evs = append(evs, e)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if ms == nil {
		return nil, fault.E(fault.NotFound, "no such measure")
	}
	ms.Opinions, ms.Clock, ms.Events = ops, cl, evs
	return ms, nil
}

// measureWrites are a measure's change: its record and its entry in the plan at the new
// version (conditioned on the version read), its trail entry, and its end clock stopped
// when the measure is done or cancelled (conditioned on the clock's state as read).
func (st *Store) measureWrites(ms *MeasureState, m *actionplan.Measure, prevVersion int, ev audit.Event, now time.Time) ([]types.TransactWriteItem, error) {
	own, listed, err := measureItems(m)
	if err != nil {
		return nil, err
	}
	cond := "version = :v"
	w := []types.TransactWriteItem{put(&st.tables.Registry, own, cond), put(&st.tables.Registry, listed, cond)}
	w[0].Put.ExpressionAttributeValues, w[1].Put.ExpressionAttributeValues = item{":v": n(prevVersion)}, item{":v": n(prevVersion)}
	if actionplan.Final(m.Status) && ms.Clock != nil && ms.Clock.Clock.Open() {
		ref := *ms.Clock
		prev := ref.Clock.State
		if prev == clock.Overdue {
			t := now
			ref.Clock.CompletedAt = &t // late, and the trail says so
		} else {
			ref.Clock.Stop(now)
		}
		cw, err := st.clockPut(ref, now, "#st = :prev", item{":prev": s(string(prev))})
		if err != nil {
			return nil, err
		}
		w = append(w, cw)
	}
	evi, err := eventItem(measPK(m.ID), ev)
	if err != nil {
		return nil, err
	}
	return append(w, put(&st.tables.Registry, evi, "attribute_not_exists(PK)")), nil
}

// ChangeMeasure is the owner organisation's change of status and progress (contract part
// two: PATCH /v1/measures/{id}); ifMatch, when not 0, is the version the caller changed.
func (st *Store) ChangeMeasure(ctx context.Context, measureID string, change actionplan.Change, ifMatch int, c actor.Caller, now time.Time,
	answer func(actionplan.Detail) error) (actionplan.Detail, error) {
	now = now.UTC()
	ms, err := st.LoadMeasure(ctx, measureID)
	if err != nil {
		return actionplan.Detail{}, err
	}
	m := ms.Measure
	if !c.Member(actor.Applicant, m.Owner) {
		return actionplan.Detail{}, fault.E(fault.Forbidden, "only the responsible institution %s changes the measure's status and progress (001 S6)", m.Owner)
	}
	if ifMatch != 0 && ifMatch != m.Version {
		return actionplan.Detail{}, fault.E(fault.Stale, "the measure is at version %d, not %d: someone changed it; reload it", m.Version, ifMatch)
	}
	from := m.Status
	changed, err := change.Apply(&m)
	if err != nil {
		return actionplan.Detail{}, err
	}
	m.Version++
	m.UpdatedAt = now
	ev := audit.Event{At: now, Actor: c.Actor(actor.Applicant), Type: "changed", From: from, To: m.Status, Seq: fmt.Sprintf("v%06d", m.Version),
		Data: map[string]any{"basis": "001 S6"}}
	if change.ProgressNote != nil {
		ev.Data["progressNote"] = *change.ProgressNote
	}
	if changed {
		ev.Notices = []notify.Notice{actionplan.StatusNotice(&m, from, now)}
	}
	ms2 := *ms
	ms2.Measure, ms2.Events = m, append(append([]audit.Event{}, ms.Events...), ev)
	d := ms2.Detail(now)
	if err := answer(d); err != nil {
		return actionplan.Detail{}, err
	}
	w, err := st.measureWrites(ms, &m, ms.Measure.Version, ev, now)
	if err != nil {
		return actionplan.Detail{}, err
	}
	return d, st.commit(ctx, "change measure", w, nil, now)
}

// AddRisk records a risk of the measure by its responsible institution (001 S6); when the
// day it is recorded (Europe/Riga) plus the expected delay falls after the measure's end,
// the coordinator is warned at once (risk_warning), in the same transaction.
func (st *Store) AddRisk(ctx context.Context, measureID, text string, delay int, c actor.Caller, now time.Time, idem *Idem,
	answer func(actionplan.Detail) error) (actionplan.Detail, error) {
	now = now.UTC()
	ms, err := st.LoadMeasure(ctx, measureID)
	if err != nil {
		return actionplan.Detail{}, err
	}
	m := ms.Measure
	if !c.Member(actor.Applicant, m.Owner) {
		return actionplan.Detail{}, fault.E(fault.Forbidden, "only the responsible institution %s records the measure's risks (001 S6)", m.Owner)
	}
	if len(m.Risks) >= actionplan.MaxRisks {
		return actionplan.Detail{}, fault.E(fault.Conflict, "the measure has %d risks, the most it keeps", len(m.Risks))
	}
	today := actionplan.Today(now)
	r := actionplan.Risk{ID: id.New(now), Text: text, ExpectedDelayDays: delay, RecordedOn: today.String(), At: now, By: c.Sub, Org: c.Org,
		Warning: actionplan.Warns(today, delay, m.End) && !actionplan.Final(m.Status)}
	m.Risks = append(append([]actionplan.Risk{}, m.Risks...), r)
	m.Version++
	m.UpdatedAt = now
	ev := audit.Event{At: now, Actor: c.Actor(actor.Applicant), Type: "risk", From: m.Status, To: m.Status, Seq: fmt.Sprintf("v%06d", m.Version),
		Data: map[string]any{"riskId": r.ID, "text": text, "expectedDelayDays": delay, "warning": r.Warning, "basis": "001 S6"}}
	if r.Warning {
		ev.Notices = []notify.Notice{actionplan.RiskNotice(&m, r, now)}
	}
	ms2 := *ms
	ms2.Measure = m
	d := ms2.Detail(now)
	if err := answer(d); err != nil {
		return actionplan.Detail{}, err
	}
	w, err := st.measureWrites(ms, &m, ms.Measure.Version, ev, now)
	if err != nil {
		return actionplan.Detail{}, err
	}
	return d, st.commit(ctx, "add risk", w, idem, now)
}

// AddOpinion records an observer's opinion on the measure (001 S3).
func (st *Store) AddOpinion(ctx context.Context, measureID, text string, c actor.Caller, now time.Time, idem *Idem,
	answer func(actionplan.Detail) error) (actionplan.Detail, error) {
	now = now.UTC()
	ms, err := st.LoadMeasure(ctx, measureID)
	if err != nil {
		return actionplan.Detail{}, err
	}
	o := actionplan.Opinion{ID: id.New(now), Text: text, At: now, By: c.Sub, Org: c.Org}
	ms.Opinions = append(ms.Opinions, o)
	d := ms.Detail(now)
	if err := answer(d); err != nil {
		return actionplan.Detail{}, err
	}
	om, err := marshal(o)
	if err != nil {
		return actionplan.Detail{}, err
	}
	om["PK"], om["SK"], om["Type"] = s(measPK(measureID)), s("OPN#"+o.ID), s("opinion")
	evi, err := eventItem(measPK(measureID), audit.Event{At: now, Actor: c.Actor(actor.Observer), Type: "opinion", Seq: "opn-" + o.ID,
		Data: map[string]any{"opinionId": o.ID, "text": text, "basis": "001 S3"}})
	if err != nil {
		return actionplan.Detail{}, err
	}
	w := []types.TransactWriteItem{put(&st.tables.Registry, om, "attribute_not_exists(PK)"), put(&st.tables.Registry, evi, "attribute_not_exists(PK)"),
		{ConditionCheck: &types.ConditionCheck{TableName: &st.tables.Registry, Key: item{"PK": s(measPK(measureID)), "SK": s(skMeta)},
			ConditionExpression: aws.String("attribute_exists(PK)")}}}
	return d, st.commit(ctx, "add opinion", w, idem, now)
}

// RecordReport records a made annual report (its snapshot already stored, never to be
// rewritten) and stops the year's report clock, in one transaction; a second report for
// the year is refused (contract part two: 409).
func (st *Store) RecordReport(ctx context.Context, ps *PlanState, rec actionplan.ReportRecord, c actor.Caller, now time.Time, idem *Idem) error {
	now = now.UTC()
	p := ps.Plan
	rm, err := marshal(rec)
	if err != nil {
		return err
	}
	rm["PK"], rm["SK"], rm["Type"] = s(planPK(p.ID)), s(reportSK(rec.Year)), s("plan_report")
	evi, err := eventItem(planPK(p.ID), audit.Event{At: now, Actor: c.Actor(actor.Coordinator), Type: "report", Seq: fmt.Sprintf("report-%d", rec.Year),
		Data: map[string]any{"year": rec.Year, "key": rec.Key, "versionId": rec.VersionID, "sha256": rec.SHA256, "basis": "001 S3"},
		Notices: []notify.Notice{{ID: fmt.Sprintf("%s.report_%d.made", p.ID, rec.Year), Type: notify.StatusChanged, At: now,
			Ref: &notify.Ref{Kind: actionplan.OwnerPlan, ID: p.ID}, Basis: "001 S3", Calendar: actionplan.Country,
			To:      []notify.Recipient{{Role: actor.Coordinator}, {Role: actor.Observer}},
			Subject: fmt.Sprintf("[001] %s: report for %d made", p.Title, rec.Year),
			Body:    fmt.Sprintf("The report on the implementation of the measures of %q for %d was made and frozen (SHA-256 %s).", p.Title, rec.Year, rec.SHA256)}}})
	if err != nil {
		return err
	}
	w := []types.TransactWriteItem{put(&st.tables.Registry, rm, "attribute_not_exists(PK)"), put(&st.tables.Registry, evi, "attribute_not_exists(PK)")}
	if ref, ok := ps.Clocks[rec.Year]; ok && ref.Clock.Open() {
		prev := ref.Clock.State
		if prev == clock.Overdue {
			t := now
			ref.Clock.CompletedAt = &t
		} else {
			ref.Clock.Stop(now)
		}
		cw, err := st.clockPut(ref, now, "#st = :prev", item{":prev": s(string(prev))})
		if err != nil {
			return err
		}
		w = append(w, cw)
	}
	return st.commit(ctx, "record report", w, idem, now)
}

// PlanEvents and MeasureEvents return the trails, oldest first.
func (st *Store) PlanEvents(ctx context.Context, planID string, limit int, cursor string) ([]audit.Event, string, error) {
	return st.trail(ctx, planPK(planID), limit, cursor)
}

// MeasureEvents returns a measure's trail (every change, contract part two).
func (st *Store) MeasureEvents(ctx context.Context, measureID string, limit int, cursor string) ([]audit.Event, string, error) {
	return st.trail(ctx, measPK(measureID), limit, cursor)
}
