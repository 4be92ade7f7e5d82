package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/monitoring"
)

// Compliance monitoring of ICT projects (004 ¶19–¶29) in the registry table:
//
//	PK                 SK                             what
//	PRJ#<id>           #META                          project (GSI1 PRJORG#org, GSI3 PRJ#ALL, newest first)
//	PRJ#<id>           #ASM#<at>#<id>                 assessment
//	PRJ#<id>           #RSK#<at>#<id>                 risk factor (004 ¶28)
//	PRJ#<id>           #FND#<at>#<id>                 architectural control finding (004 ¶23)
//	PRJ#<id>           EVT#<at>#<seq>                 the project's trail (the outbox of its notices)
//	MON#<year>         A#<on>#<at>#<id>               the period index: a copy of each assessment,
//	MON#<year>         K#<on>#<at>#<id>               risk and finding under its Almaty date, written
//	MON#<year>         F#<on>#<at>#<id>               in the same transaction, so a report reads each once
//	REC#<id>           #META                          recommendation (GSI2 REC#open|REC#overdue while
//	                                                  not implemented, by the date it was given)
//	REC#<id>           CLK#due#001                    its due-date clock (the Due index; the sweep fires it)
//	REC#<id>           EVT#<at>#<seq>                 its trail: overdue (the sweep), implemented
//	MONSUM#<year>      ORG#<org>                      the ¶29 counters of an organisation's year
//	RPT#<id>           #META                          monitoring report (its snapshot is in S3)
//	RPT#<id>           EVT#<at>#<seq>                 its trail: submitted, coordinated
//	RPTS               P#<period>                     the period's claim: one report per period
//
// The project's own items sort before its trail, so one Query with SK < "EVT#" loads it.

const (
	recIndexOpen    = "REC#" + string(monitoring.RecOpen)
	recIndexOverdue = "REC#" + string(monitoring.RecOverdue)
	reportsPK       = "RPTS"
	allProjectsPK   = "PRJ#ALL"
	// streamPage bounds the items one page of a report's reading holds: the freeze keeps
	// the memory of one page whatever the period's size.
	streamPage = 500
)

func projectPK(id string) string     { return "PRJ#" + id }
func recPK(id string) string         { return "REC#" + id }
func reportPK(id string) string      { return "RPT#" + id }
func periodPK(year int) string       { return "MON#" + strconv.Itoa(year) }
func summaryPK(year int) string      { return "MONSUM#" + strconv.Itoa(year) }
func projectOrgPK(org string) string { return "PRJORG#" + org }
func periodClaimSK(p string) string  { return "P#" + p }
func entrySK(kind, on string, at time.Time, id string) string {
	return kind + "#" + on + "#" + stamp(at) + "#" + id
}

// projectRecord is a project's META item: the project without what lives in items of
// its own (assessments, risks, findings) or partitions of its own (recommendations).
type projectRecord struct {
	ID                string                  `json:"id"`
	Org               string                  `json:"org"`
	Name              string                  `json:"name"`
	ObjectIDs         []string                `json:"objectIds"`
	Stage             monitoring.Stage        `json:"stage"`
	StageHistory      []monitoring.StageEntry `json:"stageHistory"`
	Level             *monitoring.Level       `json:"level"`
	Version           int                     `json:"version"`
	CreatedAt         time.Time               `json:"createdAt"`
	CreatedBy         actor.Actor             `json:"createdBy"`
	UpdatedAt         time.Time               `json:"updatedAt"`
	RecommendationIDs []string                `json:"recommendationIds"`
}

func projectItem(p *monitoring.Project) (item, error) {
	m, err := marshal(projectRecord{ID: p.ID, Org: p.Org, Name: p.Name, ObjectIDs: p.ObjectIDs, Stage: p.Stage, StageHistory: p.StageHistory,
		Level: p.Level, Version: p.Version, CreatedAt: p.CreatedAt, CreatedBy: p.CreatedBy, UpdatedAt: p.UpdatedAt,
		RecommendationIDs: p.RecommendationIDs})
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"], m["Type"] = s(projectPK(p.ID)), s(skMeta), s("project")
	sk := createdSK(p.CreatedAt, p.ID)
	m["GSI1PK"], m["GSI1SK"] = s(projectOrgPK(p.Org)), s(sk)
	m["GSI3PK"], m["GSI3SK"] = s(allProjectsPK), s(sk)
	return m, nil
}

func decodeProject(m item) (*monitoring.Project, error) {
	var p monitoring.Project
	if err := unmarshal(m, &p); err != nil {
		return nil, err
	}
	var ids struct {
		RecommendationIDs []string `json:"recommendationIds"`
	}
	if err := unmarshal(m, &ids); err != nil {
		return nil, err
	}
	p.RecommendationIDs = ids.RecommendationIDs
	if p.ObjectIDs == nil {
		p.ObjectIDs = []string{}
	}
	p.Assessments, p.Recommendations, p.Risks, p.Findings = []monitoring.Assessment{}, []monitoring.Recommendation{}, []monitoring.Risk{}, []monitoring.Finding{}
	return &p, nil
}

// childPrefix is the sort-key prefix of a project's records in its partition.
var childPrefix = map[string]string{"assessment": "#ASM#", "risk": "#RSK#", "finding": "#FND#"}

// childItems are a record of a project (an assessment, a risk or a finding): its own
// item in the project's partition and its copy in the period index of its Almaty year.
func childItems(pk, kind, idxKind, on string, at time.Time, id string, v any) (home, entry item, err error) {
	if home, err = marshal(v); err != nil {
		return nil, nil, err
	}
	if entry, err = marshal(v); err != nil {
		return nil, nil, err
	}
	year, err := strconv.Atoi(on[:4])
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: date %q: %w", kind, id, on, err)
	}
	home["PK"], home["SK"], home["Type"] = s(pk), s(childPrefix[kind]+stamp(at)+"#"+id), s(kind)
	entry["PK"], entry["SK"], entry["Type"] = s(periodPK(year)), s(entrySK(idxKind, on, at, id)), s(kind+"_entry")
	return home, entry, nil
}

// SeedAssessmentItems are an assessment's two items exactly as the store writes them, for
// the benchmark that freezes a period of 10k assessments (infra/bench); production code
// writes them only in an assessment's transaction.
func SeedAssessmentItems(a monitoring.Assessment) (home, entry map[string]types.AttributeValue, err error) {
	return childItems(projectPK(a.ProjectID), "assessment", "A", a.On, a.At, a.ID, a)
}

// SeedRecommendationItems are a recommendation's META and clock items as the store writes
// them, for the same benchmark.
func SeedRecommendationItems(r *monitoring.Recommendation) ([]map[string]types.AttributeValue, error) {
	meta, err := recItem(r)
	if err != nil {
		return nil, err
	}
	ci, err := clockItem(monitoring.RecClockRef(r, *r.Clock))
	if err != nil {
		return nil, err
	}
	return []map[string]types.AttributeValue{meta, ci}, nil
}

func recItem(r *monitoring.Recommendation) (item, error) {
	c := *r
	c.Clock = nil // its own item
	m, err := marshal(c)
	if err != nil {
		return nil, err
	}
	delete(m, "clock")
	m["PK"], m["SK"], m["Type"] = s(recPK(r.ID)), s(skMeta), s("recommendation")
	if r.State != monitoring.RecImplemented {
		// The state index holds what a report lists: open and overdue recommendations, by
		// the Almaty date they were given (the ¶29 summary counts them by that year).
		m["GSI2PK"], m["GSI2SK"] = s("REC#"+string(r.State)), s(monitoring.DateOf(r.CreatedAt).String()+"#"+r.ID)
	}
	return m, nil
}

func decodeRec(m item) (*monitoring.Recommendation, error) {
	var r monitoring.Recommendation
	if err := unmarshal(m, &r); err != nil {
		return nil, err
	}
	r.Clock = nil
	return &r, nil
}

// counterWrites are the ¶29 counters of a change, one update per organisation and year
// (a transaction names an item once).
func (st *Store) counterWrites(counts []monitoring.Count) []types.TransactWriteItem {
	type key struct {
		year int
		org  string
	}
	by := map[key]map[string]int{}
	var order []key
	for _, c := range counts {
		k := key{c.Year, c.Org}
		if by[k] == nil {
			by[k] = map[string]int{}
			order = append(order, k)
		}
		by[k][c.Name] += c.N
	}
	var out []types.TransactWriteItem
	for _, k := range order {
		names := map[string]string{"#type": "Type", "#org": "org", "#year": "year"}
		vals := item{":type": s("monitoring_summary"), ":org": s(k.org), ":year": n(k.year)}
		var adds []string
		counters := make([]string, 0, len(by[k]))
		for c := range by[k] {
			counters = append(counters, c)
		}
		sort.Strings(counters)
		for i, c := range counters {
			nk, vk := fmt.Sprintf("#c%d", i), fmt.Sprintf(":c%d", i)
			names[nk], vals[vk] = c, n(by[k][c])
			adds = append(adds, nk+" "+vk)
		}
		out = append(out, types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry,
			Key:                       item{"PK": s(summaryPK(k.year)), "SK": s("ORG#" + k.org)},
			UpdateExpression:          aws.String("SET #type = :type, #org = :org, #year = :year ADD " + strings.Join(adds, ", ")),
			ExpressionAttributeNames:  names,
			ExpressionAttributeValues: vals}})
	}
	return out
}

func (st *Store) put(m item, cond string) types.TransactWriteItem {
	return types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: m, ConditionExpression: aws.String(cond)}}
}

// projectWrites lists the items a project change writes.
func (st *Store) projectWrites(ch *monitoring.Change) ([]types.TransactWriteItem, error) {
	p := ch.Project
	meta, err := projectItem(p)
	if err != nil {
		return nil, err
	}
	mp := &types.Put{TableName: &st.tables.Registry, Item: meta}
	if ch.PrevVersion == 0 {
		mp.ConditionExpression = aws.String("attribute_not_exists(PK)")
	} else {
		mp.ConditionExpression = aws.String("version = :v")
		mp.ExpressionAttributeValues = item{":v": n(ch.PrevVersion)}
	}
	w := []types.TransactWriteItem{{Put: mp}}
	ev, err := eventItem(projectPK(p.ID), ch.Event)
	if err != nil {
		return nil, err
	}
	w = append(w, st.put(ev, "attribute_not_exists(PK)"))
	add := func(kind, idx, on string, at time.Time, id string, v any) error {
		home, entry, err := childItems(projectPK(p.ID), kind, idx, on, at, id, v)
		if err != nil {
			return err
		}
		w = append(w, st.put(home, "attribute_not_exists(PK)"), st.put(entry, "attribute_not_exists(PK)"))
		return nil
	}
	if a := ch.Assessment; a != nil {
		if err := add("assessment", "A", a.On, a.At, a.ID, a); err != nil {
			return nil, err
		}
	}
	if r := ch.Risk; r != nil {
		if err := add("risk", "K", r.On, r.At, r.ID, r); err != nil {
			return nil, err
		}
	}
	if f := ch.Finding; f != nil {
		if err := add("finding", "F", f.On, f.At, f.ID, f); err != nil {
			return nil, err
		}
	}
	for _, nr := range ch.NewRecommendations {
		ri, err := recItem(nr.Rec)
		if err != nil {
			return nil, err
		}
		ci, err := clockItem(nr.Clock)
		if err != nil {
			return nil, err
		}
		w = append(w, st.put(ri, "attribute_not_exists(PK)"), st.put(ci, "attribute_not_exists(PK)"))
	}
	return append(w, st.counterWrites(ch.Counts)...), nil
}

// ApplyProject writes a project change in one conditional TransactWriteItems: the project
// conditioned on the version it was decided on, what the change records (with its period
// copies), new recommendations with their clocks, the trail entry carrying the notices,
// the counters and the idempotency record. A lost race returns ErrRace.
func (st *Store) ApplyProject(ctx context.Context, ch *monitoring.Change, o ApplyOptions) error {
	w, err := st.projectWrites(ch)
	if err != nil {
		return err
	}
	return st.commit(ctx, "apply project "+ch.Event.Type, w, o.Idem, ch.Event.At)
}

// LoadProject reads a project whole: its record, assessments, risks and findings in one
// Query of its partition (not its trail), and its recommendations with their clocks in
// consistent batch reads.
func (st *Store) LoadProject(ctx context.Context, id string) (*monitoring.Project, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND SK < :evt"),
		ExpressionAttributeValues: item{":pk": s(projectPK(id)), ":evt": s(skEvtFirst)}, ConsistentRead: aws.Bool(true)}
	var p *monitoring.Project
	var as []monitoring.Assessment
	var rs []monitoring.Risk
	var fs []monitoring.Finding
	if err := st.queryPages(ctx, "load project", in, func(page []item) error {
		for _, m := range page {
			var err error
			switch sk := str(m, "SK"); {
			case sk == skMeta:
				p, err = decodeProject(m)
			case strings.HasPrefix(sk, "#ASM#"):
				var a monitoring.Assessment
				err = unmarshal(m, &a)
				as = append(as, a)
			case strings.HasPrefix(sk, "#RSK#"):
				var r monitoring.Risk
				err = unmarshal(m, &r)
				rs = append(rs, r)
			case strings.HasPrefix(sk, "#FND#"):
				var f monitoring.Finding
				err = unmarshal(m, &f)
				fs = append(fs, f)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, fault.E(fault.NotFound, "no such project")
	}
	if as != nil {
		p.Assessments = as
	}
	if rs != nil {
		p.Risks = rs
	}
	if fs != nil {
		p.Findings = fs
	}
	recs, err := st.Recommendations(ctx, p.RecommendationIDs)
	if err != nil {
		return nil, err
	}
	p.Recommendations = recs
	return p, nil
}

// Recommendations reads recommendations with their clocks by id, in the order given,
// with consistent batch reads (two items each).
func (st *Store) Recommendations(ctx context.Context, ids []string) ([]monitoring.Recommendation, error) {
	out := make([]monitoring.Recommendation, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var keys []item
	for _, id := range ids {
		keys = append(keys, item{"PK": s(recPK(id)), "SK": s(skMeta)}, item{"PK": s(recPK(id)), "SK": s(clockSK(clock.Key("due", 1)))})
	}
	recs := map[string]*monitoring.Recommendation{}
	clocks := map[string]*clock.Clock{}
	if err := st.batchGet(ctx, "read recommendations", keys, true, func(m item) error {
		pk := strings.TrimPrefix(str(m, "PK"), "REC#")
		if str(m, "SK") == skMeta {
			r, err := decodeRec(m)
			if err != nil {
				return err
			}
			recs[pk] = r
			return nil
		}
		ref, err := decodeClockRef(m)
		if err != nil {
			return err
		}
		clocks[pk] = &ref.Clock
		return nil
	}); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if r := recs[id]; r != nil {
			r.Clock = clocks[id]
			out = append(out, *r)
		}
	}
	return out, nil
}

// UpdateProject is the one way a project changes: load it, let decide make the change,
// write it in one conditional transaction, and do it again (at most three times) when it
// lost a race that did not decide the outcome (a concurrent risk record, say); a race
// that does (a concurrent stage move) ends as decide's 409 on the next round.
func (st *Store) UpdateProject(ctx context.Context, id string, decide func(*monitoring.Project) (*monitoring.Change, error), o ApplyOptions) (*monitoring.Project, error) {
	_, ch, err := decideAndWrite("project", func() (*monitoring.Project, error) { return st.LoadProject(ctx, id) }, decide,
		func(_ *monitoring.Project, ch *monitoring.Change) error { return st.ApplyProject(ctx, ch, o) })
	if err != nil {
		return nil, err
	}
	return ch.Project, nil
}

// ProjectQuery selects a list of projects.
type ProjectQuery struct {
	Org    string // an applicant's organisation; "" for reviewers (all)
	Limit  int
	Cursor string
}

// ListProjects returns projects' records, newest first: one Query of the index that fits.
func (st *Store) ListProjects(ctx context.Context, q ProjectQuery) ([]*monitoring.Project, string, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, ScanIndexForward: aws.Bool(false), Limit: aws.Int32(int32(q.Limit))}
	idx, pkName, skName, pk := gsiAll, "GSI3PK", "GSI3SK", allProjectsPK
	if q.Org != "" {
		idx, pkName, skName, pk = gsiOrg, "GSI1PK", "GSI1SK", projectOrgPK(q.Org)
	}
	in.IndexName = aws.String(idx)
	in.KeyConditionExpression = aws.String(pkName + " = :pk")
	in.ExpressionAttributeValues = item{":pk": s(pk)}
	if err := setCursor(in, q.Cursor, item{pkName: s(pk)}, "PK", "SK", skName); err != nil {
		return nil, "", err
	}
	return queryPage(ctx, st.db, "list projects", in, decodeProject, "PK", "SK", skName)
}

// ProjectEvents returns a project's trail, oldest first.
func (st *Store) ProjectEvents(ctx context.Context, id string, limit int, cursor string) ([]audit.Event, string, error) {
	return st.trail(ctx, projectPK(id), limit, cursor)
}

// GetRecommendation reads a recommendation with its clock (one consistent Query).
func (st *Store) GetRecommendation(ctx context.Context, id string) (*monitoring.Recommendation, error) {
	out, err := st.db.Query(ctx, &dynamodb.QueryInput{TableName: &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND SK < :evt"),
		ExpressionAttributeValues: item{":pk": s(recPK(id)), ":evt": s(skEvtFirst)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, classify("read recommendation", err)
	}
	var r *monitoring.Recommendation
	var cl *clock.Clock
	for _, m := range out.Items {
		if str(m, "SK") == skMeta {
			if r, err = decodeRec(m); err != nil {
				return nil, err
			}
		} else if strings.HasPrefix(str(m, "SK"), "CLK#") {
			ref, err := decodeClockRef(m)
			if err != nil {
				return nil, err
			}
			cl = &ref.Clock
		}
	}
	if r == nil {
		return nil, fault.E(fault.NotFound, "no such recommendation")
	}
	r.Clock = cl
	return r, nil
}

// ApplyRecommendation writes a recommendation change in one conditional transaction: the
// recommendation conditioned on the state and version it was decided on, its clock
// stopped only if it still is as read (so a firing made meanwhile is never overwritten,
// and a stopped clock never fires), its trail entry with the notices, the counters and
// the idempotency record.
func (st *Store) ApplyRecommendation(ctx context.Context, rc *monitoring.RecChange, o ApplyOptions) error {
	meta, err := recItem(rc.Rec)
	if err != nil {
		return err
	}
	w := []types.TransactWriteItem{{Put: &types.Put{TableName: &st.tables.Registry, Item: meta,
		ConditionExpression:       aws.String("#state = :prev AND version = :v"),
		ExpressionAttributeNames:  map[string]string{"#state": "state"},
		ExpressionAttributeValues: item{":prev": s(string(rc.PrevState)), ":v": n(rc.PrevVersion)}}}}
	if rc.Clock != nil {
		ci, err := clockItem(*rc.Clock)
		if err != nil {
			return err
		}
		w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: ci,
			ConditionExpression:       aws.String("attribute_exists(PK) AND #st = :prev"),
			ExpressionAttributeNames:  map[string]string{"#st": "state"},
			ExpressionAttributeValues: item{":prev": s(string(rc.PrevClockState))}}})
	}
	ev, err := eventItem(recPK(rc.Rec.ID), rc.Event)
	if err != nil {
		return err
	}
	w = append(w, st.put(ev, "attribute_not_exists(PK)"))
	w = append(w, st.counterWrites(rc.Counts)...)
	return st.commit(ctx, "apply recommendation "+rc.Event.Type, w, o.Idem, rc.Event.At)
}

// UpdateRecommendation loads, decides and writes a recommendation change, again when a
// race did not decide it (the sweep marking it overdue meanwhile: the next round decides
// on the overdue recommendation).
func (st *Store) UpdateRecommendation(ctx context.Context, id string, decide func(*monitoring.Recommendation) (*monitoring.RecChange, error), o ApplyOptions) (*monitoring.Recommendation, error) {
	_, rc, err := decideAndWrite("recommendation", func() (*monitoring.Recommendation, error) { return st.GetRecommendation(ctx, id) }, decide,
		func(_ *monitoring.Recommendation, rc *monitoring.RecChange) error {
			return st.ApplyRecommendation(ctx, rc, o)
		})
	if err != nil {
		return nil, err
	}
	return rc.Rec, nil
}

// markRecommendationOverdue is the sweep's consequence of a recommendation's overdue
// firing (004 ¶28.2): the recommendation turns overdue in the same transaction as the
// firing, only while it is still in the state the clock watched (open); implemented, it
// is not, and its clock was stopped in the implementing transaction anyway.
func (st *Store) markRecommendationOverdue(c clock.Consequence) *types.TransactWriteItem {
	return &types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry,
		Key:                      item{"PK": s(recPK(c.Target.ID)), "SK": s(skMeta)},
		UpdateExpression:         aws.String("SET #state = :overdue, overdueAt = :at, GSI2PK = :idx, version = version + :one"),
		ConditionExpression:      aws.String("#state = :while"),
		ExpressionAttributeNames: map[string]string{"#state": "state"},
		ExpressionAttributeValues: item{":overdue": s(string(monitoring.RecOverdue)), ":at": ts(c.At), ":idx": s(recIndexOverdue),
			":one": n(1), ":while": s(c.While)}}}
}

func reportItems(r *monitoring.Report) (meta, claim item, err error) {
	if meta, err = marshal(r); err != nil {
		return nil, nil, err
	}
	if claim, err = marshal(r); err != nil {
		return nil, nil, err
	}
	meta["PK"], meta["SK"], meta["Type"] = s(reportPK(r.ID)), s(skMeta), s("report")
	claim["PK"], claim["SK"], claim["Type"] = s(reportsPK), s(periodClaimSK(r.Period)), s("report_claim")
	if r.Request != "" {
		meta["Request"], claim["Request"] = s(r.Request), s(r.Request)
	}
	return meta, claim, nil
}

func decodeReport(m item) (*monitoring.Report, error) {
	r := &monitoring.Report{Totals: monitoring.NewTotals()}
	if err := unmarshal(m, r); err != nil {
		return nil, err
	}
	r.Request = str(m, "Request")
	return r, nil
}

// ReportOfPeriod reads the period's claim: the report made for it, or nil.
func (st *Store) ReportOfPeriod(ctx context.Context, period string) (*monitoring.Report, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(reportsPK), "SK": s(periodClaimSK(period))}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, classify("read the period's report", err)
	}
	if out.Item == nil {
		return nil, nil
	}
	return decodeReport(out.Item)
}

// GetReport reads a report's record.
func (st *Store) GetReport(ctx context.Context, id string) (*monitoring.Report, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(reportPK(id)), "SK": s(skMeta)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, classify("read report", err)
	}
	if out.Item == nil {
		return nil, fault.E(fault.NotFound, "no such monitoring report")
	}
	return decodeReport(out.Item)
}

// ListReports lists the reports' records by period, latest first (the claims' partition).
func (st *Store) ListReports(ctx context.Context, limit int, cursor string) ([]*monitoring.Report, string, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, KeyConditionExpression: aws.String("PK = :pk"),
		ExpressionAttributeValues: item{":pk": s(reportsPK)}, ScanIndexForward: aws.Bool(false), Limit: aws.Int32(int32(limit))}
	if err := setCursor(in, cursor, item{"PK": s(reportsPK)}, "SK"); err != nil {
		return nil, "", err
	}
	return queryPage(ctx, st.db, "list reports", in, decodeReport, "SK")
}

// SaveReport writes a new report: its record and the period's claim (both only if new),
// its trail entry with the notice, and the idempotency record, in one transaction. It
// returns monitoring.ErrPeriodTaken when the period has a report already.
func (st *Store) SaveReport(ctx context.Context, rc *monitoring.ReportChange, o ApplyOptions) error {
	meta, claim, err := reportItems(rc.Report)
	if err != nil {
		return err
	}
	ev, err := eventItem(reportPK(rc.Report.ID), rc.Event)
	if err != nil {
		return err
	}
	w := []types.TransactWriteItem{st.put(meta, "attribute_not_exists(PK)"), st.put(claim, "attribute_not_exists(PK)"),
		st.put(ev, "attribute_not_exists(PK)")}
	if o.Idem != nil {
		ip, err := st.IdemPut(o.Idem, rc.Report.CreatedAt)
		if err != nil {
			return err
		}
		w = append(w, ip)
	}
	_, err = st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w})
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) && len(tce.CancellationReasons) == len(w) && aws.ToString(tce.CancellationReasons[1].Code) == "ConditionalCheckFailed" {
		return fmt.Errorf("save report %s: %w", rc.Report.Period, monitoring.ErrPeriodTaken)
	}
	return st.transactErr("save report "+rc.Report.Period, err, o.Idem != nil)
}

// UpdateReport loads a report, lets decide change it and writes the record, the period's
// claim (both conditioned on the version read) and the trail entry in one transaction.
func (st *Store) UpdateReport(ctx context.Context, id string, decide func(*monitoring.Report) (*monitoring.Report, audit.Event, error), o ApplyOptions) (*monitoring.Report, error) {
	r, err := st.GetReport(ctx, id)
	if err != nil {
		return nil, err
	}
	q, ev, err := decide(r)
	if err != nil {
		return nil, err
	}
	meta, claim, err := reportItems(q)
	if err != nil {
		return nil, err
	}
	e, err := eventItem(reportPK(q.ID), ev)
	if err != nil {
		return nil, err
	}
	cond := func(m item) types.TransactWriteItem {
		return types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: m,
			ConditionExpression: aws.String("version = :v"), ExpressionAttributeValues: item{":v": n(r.Version)}}}
	}
	w := []types.TransactWriteItem{cond(meta), cond(claim), st.put(e, "attribute_not_exists(PK)")}
	if err := st.commit(ctx, "update report "+id, w, o.Idem, ev.At); err != nil {
		if errors.Is(err, ErrRace) {
			return nil, fault.Wrap(fault.Conflict, err, "the report changed concurrently; reload it")
		}
		return nil, err
	}
	return q, nil
}

// ReadStats counts what a report's reading read: items the queries returned (and, for a
// filter, examined) and the requests.
type ReadStats struct {
	Items    int
	Requests int
}

// StreamPeriod hands a period's records to w, each read once (004 ¶26; contract): the
// assessments made in it by their Almaty date and the risks and findings recorded in it
// from the period index, with consistent reads, and every recommendation open or overdue
// now from the state index. Pages are bounded, so memory stays flat.
func (st *Store) StreamPeriod(ctx context.Context, p monitoring.Period, w *monitoring.SnapshotWriter) error {
	_, err := st.StreamPeriodStats(ctx, p, w)
	return err
}

// StreamPeriodStats is StreamPeriod, saying what it read (the benchmark's figure).
func (st *Store) StreamPeriodStats(ctx context.Context, p monitoring.Period, w *monitoring.SnapshotWriter) (ReadStats, error) {
	var rs ReadStats
	query := func(in *dynamodb.QueryInput, what string, fn func(item) error) error {
		in.Limit = aws.Int32(streamPage)
		for {
			out, err := st.db.Query(ctx, in)
			if err != nil {
				return classify(what, err)
			}
			rs.Requests++
			rs.Items += int(out.ScannedCount)
			for _, m := range out.Items {
				if err := fn(m); err != nil {
					return err
				}
			}
			if len(out.LastEvaluatedKey) == 0 {
				return nil
			}
			in.ExclusiveStartKey = out.LastEvaluatedKey
		}
	}
	period := func(kind string, fn func(item) error) error {
		return query(&dynamodb.QueryInput{TableName: &st.tables.Registry,
			KeyConditionExpression: aws.String("PK = :pk AND SK BETWEEN :from AND :to"),
			ExpressionAttributeValues: item{":pk": s(periodPK(p.Year)), ":from": s(kind + "#" + p.From.String()),
				":to": s(kind + "#" + p.To.String() + "#~")}, ConsistentRead: aws.Bool(true)}, "read the period's "+kind, fn)
	}
	err := period("A", func(m item) error {
		var a monitoring.Assessment
		if err := unmarshal(m, &a); err != nil {
			return err
		}
		return w.Assessment(a)
	})
	for _, state := range []string{recIndexOpen, recIndexOverdue} {
		if err != nil {
			break
		}
		err = query(&dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiStatus),
			KeyConditionExpression: aws.String("GSI2PK = :pk"), ExpressionAttributeValues: item{":pk": s(state)}},
			"read the recommendations "+state, func(m item) error {
				r, err := decodeRec(m)
				if err != nil {
					return err
				}
				return w.Recommendation(r.Row())
			})
	}
	if err == nil {
		err = period("K", func(m item) error {
			var r monitoring.Risk
			if err := unmarshal(m, &r); err != nil {
				return err
			}
			return w.Risk(r)
		})
	}
	if err == nil {
		err = period("F", func(m item) error {
			var f monitoring.Finding
			if err := unmarshal(m, &f); err != nil {
				return err
			}
			return w.Finding(f)
		})
	}
	return rs, err
}

// Summary is the ¶29 summary of a year: the counters of every organisation (or of one),
// written in the transactions that changed them, and the recommendations given that year
// that are overdue now, from the state index.
func (st *Store) Summary(ctx context.Context, year int, org string) (*monitoring.Summary, error) {
	sum := &monitoring.Summary{Year: year, Basis: "004 ¶29", Orgs: []monitoring.OrgSummary{}}
	by := map[string]*monitoring.OrgSummary{}
	get := func(o string) *monitoring.OrgSummary {
		if by[o] == nil {
			x := monitoring.NewOrgSummary(o)
			by[o] = &x
		}
		return by[o]
	}
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, KeyConditionExpression: aws.String("PK = :pk"),
		ExpressionAttributeValues: item{":pk": s(summaryPK(year))}, ConsistentRead: aws.Bool(true)}
	if org != "" {
		in.KeyConditionExpression = aws.String("PK = :pk AND SK = :sk")
		in.ExpressionAttributeValues[":sk"] = s("ORG#" + org)
	}
	reserved := []string{"PK", "SK", "Type", "org", "year"}
	if err := st.queryPages(ctx, "read the summary", in, func(page []item) error {
		for _, m := range page {
			o := get(str(m, "org"))
			for k := range m {
				if slices.Contains(reserved, k) {
					continue
				}
				v, _ := strconv.Atoi(numStr(m, k))
				o.Add(k, v)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	od := &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiStatus),
		KeyConditionExpression:    aws.String("GSI2PK = :pk AND begins_with(GSI2SK, :y)"),
		ExpressionAttributeValues: item{":pk": s(recIndexOverdue), ":y": s(strconv.Itoa(year) + "-")},
		ProjectionExpression:      aws.String("#o"), ExpressionAttributeNames: map[string]string{"#o": "org"}}
	if org != "" {
		od.FilterExpression = aws.String("#o = :org")
		od.ExpressionAttributeValues[":org"] = s(org)
	}
	if err := st.queryPages(ctx, "read the overdue recommendations", od, func(page []item) error {
		for _, m := range page {
			get(str(m, "org")).Add("recsOverdue", 1)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if org != "" {
		get(org) // an organisation asked for is listed, with zeros if it has nothing yet
	}
	for _, o := range by {
		sum.Orgs = append(sum.Orgs, *o)
	}
	sum.SortOrgs()
	return sum, nil
}
