package migration

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/procedure"
	"github.com/ictgov/ictgov/shared/registry"
)

// v1Fields are the attributes the first release kept on an application's item that
// today live in the trail (results) or under sections and facts.
var v1Fields = []string{"criteria", "environment", "score", "recommendation", "decision", "provision"}

func lookup(it item) (*procedure.Procedure, error) {
	p, ok := procedure.Lookup(str(it, "procedure"))
	if !ok {
		return nil, fmt.Errorf("procedure %q is not declared", str(it, "procedure"))
	}
	return p, nil
}

// resultsIntoTrail (step 1): procedure.Fold reads a result from the newest trail entry of
// the action that records it, keeping the action's input fields and its rules' facts. The
// first release kept the result on the application's item and wrote a shorter entry (its
// recommendation entry lacks the note, its provision entry the note): every field of the
// stored result the entry lacks is copied into it, and the entry says so.
func resultsIntoTrail(ctx context.Context, m *Migration, it item) (bool, error) {
	p, err := lookup(it)
	if err != nil {
		return false, err
	}
	id := str(it, "id")
	var events []item
	changed := false
	for _, key := range recordedKeys(p) {
		res, ok := mapOf(it, key)
		if !ok {
			continue // null or absent: nothing was recorded
		}
		if events == nil {
			if events, err = m.query(ctx, "APP#"+id, "EVT#"); err != nil {
				return false, err
			}
		}
		var names []string
		for _, a := range p.Actions {
			if a.Records == key {
				names = append(names, a.Name)
			}
		}
		var ev item
		for _, e := range events { // oldest first: the last match is the newest
			if slices.Contains(names, str(e, "type")) {
				ev = e
			}
		}
		if ev == nil {
			return false, fmt.Errorf("the application recorded %s, but its trail has no %v entry", key, names)
		}
		data, _ := mapOf(ev, "data")
		merged := clone(data)
		var copied []string
		for k, v := range res {
			if k == "at" || k == "by" || k == "round" {
				continue
			}
			if _, has := merged[k]; !has {
				merged[k] = v
				copied = append(copied, k)
			}
		}
		if len(copied) == 0 {
			continue
		}
		sort.Strings(copied)
		merged["migration"] = s(fmt.Sprintf("%s copied from the first release's application item (its %s)", strings.Join(copied, ", "), key))
		_, err := m.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &m.table,
			Key:                       item{"PK": ev["PK"], "SK": ev["SK"]},
			UpdateExpression:          aws.String("SET #data = :d"),
			ConditionExpression:       aws.String("attribute_exists(PK)"),
			ExpressionAttributeNames:  map[string]string{"#data": "data"},
			ExpressionAttributeValues: item{":d": &types.AttributeValueMemberM{Value: merged}}})
		if err != nil {
			return false, fmt.Errorf("complete the %s entry: %w", key, err)
		}
		changed = true
	}
	return changed, nil
}

func recordedKeys(p *procedure.Procedure) []string {
	var out []string
	for _, a := range p.Actions {
		if a.Records != "" && !slices.Contains(out, a.Records) {
			out = append(out, a.Records)
		}
	}
	return out
}

// applications (step 2): the application's item as today's store writes it. A draft
// section the first release kept at the top level (criteria, environment) goes under
// sections.<key>; the Annex 2 score under facts; the results are dropped (step 1 put
// them in the trail); round is 1 (the first release had no loops); registersObject is
// set, since every application opened with a body registered its own object then; docSeq
// counts the documents, on which today's transitions are conditioned.
func applications(ctx context.Context, m *Migration, it item) (bool, error) {
	legacy := slices.ContainsFunc(v1Fields, func(k string) bool { _, ok := it[k]; return ok })
	_, hasRound := it["round"]
	if !legacy && hasRound {
		return false, nil
	}
	p, err := lookup(it)
	if err != nil {
		return false, err
	}
	nt := clone(it)
	sections, _ := mapOf(it, "sections")
	sections = clone(sections)
	facts, _ := mapOf(it, "facts")
	facts = clone(facts)
	var derived []string
	for _, r := range p.Derive {
		derived = append(derived, r.Facts...)
	}
	results := recordedKeys(p)
	for _, k := range v1Fields {
		v, present := it[k]
		if !present {
			continue
		}
		delete(nt, k)
		if _, null := v.(*types.AttributeValueMemberNULL); null {
			continue
		}
		switch _, isSection := p.Section(k); {
		case isSection && k != procedure.DetailsKey:
			sections[k] = v
		case slices.Contains(derived, k):
			facts[k] = v
		case slices.Contains(results, k):
			// In the trail since step 1.
		default:
			return false, fmt.Errorf("%s holds %s, which procedure %s does not declare", str(it, "id"), k, p.ID)
		}
	}
	if len(sections) > 0 {
		nt["sections"] = &types.AttributeValueMemberM{Value: sections}
	}
	if len(facts) > 0 {
		nt["facts"] = &types.AttributeValueMemberM{Value: facts}
	}
	if !hasRound {
		nt["round"] = n(1)
	}
	if _, ok := it["registersObject"]; !ok && p.Opening.Via == procedure.ViaApplication {
		if _, ok := mapOf(it, "object"); ok {
			nt["registersObject"] = &types.AttributeValueMemberBOOL{Value: true}
		}
	}
	if _, ok := it["docSeq"]; !ok {
		docs, err := m.query(ctx, "APP#"+str(it, "id"), "DOC#")
		if err != nil {
			return false, err
		}
		nt["docSeq"] = n(len(docs))
	}
	_, err = m.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &m.table, Item: nt,
		ConditionExpression:       aws.String("version = :v"),
		ExpressionAttributeValues: item{":v": it["version"]}})
	if isCanceled(err) {
		return false, fmt.Errorf("application %s changed while it was migrated; run the migration again", str(it, "id"))
	}
	if err != nil {
		return false, err
	}
	return true, nil
}

func jsonTags(o *attributevalue.DecoderOptions) { o.TagKey = "json" }

// clocks (step 3): a clock of the first release (CLK#<step>, one per step, its notices'
// fields beside it) becomes today's clock of round 1 (CLK#<step>#001) with the rule's
// kind, count, owing role, title and parties from the procedure's declaration, its owner
// and labels, and its due-index keys derived again; the old item is deleted in the same
// transaction.
func clocks(ctx context.Context, m *Migration, it item) (bool, error) {
	sk := str(it, "SK")
	if strings.Contains(strings.TrimPrefix(sk, "CLK#"), "#") || !strings.HasPrefix(str(it, "PK"), "APP#") {
		return false, nil // today's layout (rule#round), or not an application's
	}
	p, ok := procedure.Lookup(str(it, "Procedure"))
	if !ok {
		return false, fmt.Errorf("clock of procedure %q, which is not declared", str(it, "Procedure"))
	}
	plain := clone(it)
	delete(plain, "Type")
	var cl clock.Clock
	if err := attributevalue.UnmarshalMapWithOptions(plain, &cl, jsonTags); err != nil {
		return false, fmt.Errorf("decode clock: %w", err)
	}
	var rule *clock.Rule
	if st, ok := p.Step(procedure.Status(cl.Rule)); ok {
		if r, ok := p.StepRule(st); ok {
			rule = &r
		}
	}
	for _, t := range p.Terms {
		if t.Rule.Name == cl.Rule {
			r := t.Rule
			rule = &r
		}
	}
	if rule == nil {
		return false, fmt.Errorf("procedure %s declares no clock %q", p.ID, cl.Rule)
	}
	cl.Round = 1
	cl.Kind, cl.Count, cl.Title, cl.Notify, cl.RemindType = rule.Kind, rule.Count, rule.Title, slices.Clone(rule.Notify), rule.ReminderType
	cl.Term = rule.Kind == clock.Term
	if cl.Owes == "" {
		cl.Owes = rule.Owes
	}
	if cl.Basis == "" {
		cl.Basis = rule.Basis
	}
	if rule.Gate != nil && cl.Gate == nil {
		cl.Gate = &clock.Gate{Kind: rule.Gate.Kind, Name: rule.Gate.Name, Basis: rule.Gate.Basis}
	}
	cl.Next = clock.Firing(str(it, "Next"))
	if at := str(it, "NextAt"); at != "" {
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return false, fmt.Errorf("NextAt %q: %w", at, err)
		}
		cl.NextAt = &t
	}
	app := &procedure.Application{ID: str(it, "AppID"), Procedure: p.ID, Org: str(it, "Org")}
	if name := str(it, "ObjectName"); name != "" {
		app.Object = &procedure.ObjectRef{Name: name}
	}
	if app.ID == "" {
		app.ID = strings.TrimPrefix(str(it, "PK"), "APP#")
	}
	ni, err := dynamo.SeedClockItem(procedure.ClockRef(app, cl))
	if err != nil {
		return false, err
	}
	if b := str(ni, "DuePK"); m.watermark != "" && strings.HasPrefix(b, "DUE#2") && b < "DUE#"+m.watermark {
		ni["DuePK"] = s("DUE#" + m.watermark) // never behind the sweep's watermark
	}
	old := types.TransactWriteItem{Delete: &types.Delete{TableName: &m.table, Key: item{"PK": it["PK"], "SK": it["SK"]}}}
	_, err = m.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: &m.table, Item: ni, ConditionExpression: aws.String("attribute_not_exists(PK)")}}, old}})
	if isCanceled(err) {
		// An earlier, interrupted run wrote the new clock: only the old one is left to go.
		_, err = m.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{old}})
	}
	if err != nil {
		return false, err
	}
	return true, nil
}

// objects (step 4): the first release's object item had one stage for the operator's
// list (registered, listed, excluded). Today the stage is the life cycle's and the list
// is the boolean listed with its dates, the object's own item indexed in GSI4 by listedAt:
//
//   - registered → initiated;
//   - listed → operation, listed: it was included on the operator's list by an
//     application with its commissioning document (002 ¶4.1 3), ¶10), so it is in
//     operation; the day of commissioning was never recorded (the history says so);
//   - excluded → terminated, not listed: its operation ceased (002 ¶11), on the day the
//     cessation notice gave, when it gave one.
//
// The object gets the list indexes' keys, its version, and the first valid technical
// documentation its application holds, on record for the budget gate (003 §18).
func objects(ctx context.Context, m *Migration, it item) (bool, error) {
	if _, ok := it["version"]; ok {
		return false, nil
	}
	at := func(k string) (*time.Time, error) {
		v := str(it, k)
		if v == "" {
			return nil, nil
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", k, v, err)
		}
		t = t.UTC()
		return &t, nil
	}
	created, err := at("createdAt")
	if err != nil || created == nil {
		return false, fmt.Errorf("createdAt: %v", err)
	}
	listedAt, err := at("listedAt")
	if err != nil {
		return false, err
	}
	cessationAt, err := at("cessationAt")
	if err != nil {
		return false, err
	}
	excludedAt, err := at("excludedAt")
	if err != nil {
		return false, err
	}
	appID := str(it, "applicationId")
	o := &registry.Object{ID: str(it, "id"), Name: str(it, "name"), Type: str(it, "type"), Org: str(it, "org"),
		Supplier: str(it, "supplier"), Version: 1, CreatedAt: *created, ApplicationID: appID,
		CessationAt: cessationAt, ExclusionApplicationID: str(it, "exclusionApplicationId"), ExcludedAt: excludedAt,
		StageHistory: []registry.StageEntry{{Stage: registry.Initiated, At: *created,
			Basis: "003 §4: registered by application " + appID + " in the first release; the day it was initiated was not recorded"}}}
	for k, dst := range map[string]any{"placement": &o.Placement, "torAgreement": &o.TOR} {
		if v, ok := it[k].(*types.AttributeValueMemberM); ok {
			if err := attributevalue.UnmarshalWithOptions(v, dst, jsonTags); err != nil {
				return false, fmt.Errorf("%s: %w", k, err)
			}
		}
	}
	switch stage := str(it, "stage"); stage {
	case "registered":
		o.Stage = registry.Initiated
	case "listed", "excluded":
		if listedAt == nil {
			return false, fmt.Errorf("a %s object without listedAt", stage)
		}
		o.ListedAt, o.ListedBy = listedAt, appID
		o.Stage = registry.Operation
		o.StageHistory = append(o.StageHistory, registry.StageEntry{Stage: registry.Operation, At: *listedAt,
			Basis: "002 ¶4.1 3), ¶10: included on the operator's list by application " + appID +
				" with its commissioning document; the day of commissioning was not recorded"})
		if stage == "listed" {
			o.Listed = true
			break
		}
		o.Stage = registry.Terminated
		end := registry.StageEntry{Stage: registry.Terminated, Basis: "002 ¶11: cessation of operation reported with application " + o.ExclusionApplicationID}
		if cessationAt != nil {
			end.At = *cessationAt
		}
		if on, err := m.ceasedOn(ctx, o.ExclusionApplicationID); err != nil {
			return false, err
		} else if on != "" {
			end.On = &on
		}
		o.StageHistory = append(o.StageHistory, end)
	default:
		return false, fmt.Errorf("unknown stage %q of the first release", stage)
	}
	if appID != "" {
		if o.TechnicalDocumentation, err = m.technicalDocumentation(ctx, appID); err != nil {
			return false, err
		}
	}
	ni, err := dynamo.ObjectItem(o, 0)
	if err != nil {
		return false, err
	}
	_, err = m.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &m.table, Item: ni,
		ConditionExpression: aws.String("attribute_not_exists(version)")})
	if isCanceled(err) {
		return false, nil // migrated meanwhile
	}
	if err != nil {
		return false, err
	}
	return true, nil
}

// ceasedOn is the day of cessation the exclusion's opening notice gave (002 ¶11).
func (m *Migration) ceasedOn(ctx context.Context, exclusionID string) (string, error) {
	if exclusionID == "" {
		return "", nil
	}
	evs, err := m.query(ctx, "APP#"+exclusionID, "EVT#")
	if err != nil {
		return "", err
	}
	for _, e := range evs {
		if str(e, "type") == "cessation" {
			if data, ok := mapOf(e, "data"); ok {
				return str(data, "ceasedOn"), nil
			}
		}
	}
	return "", nil
}

// technicalDocumentation is the first valid technical documentation of an application.
func (m *Migration) technicalDocumentation(ctx context.Context, appID string) (*registry.DocRef, error) {
	docs, err := m.query(ctx, "APP#"+appID, "DOC#")
	if err != nil {
		return nil, err
	}
	for _, d := range docs { // ids are time-ordered: the first valid one is the first on record
		if str(d, "kind") == registry.TechnicalDocumentation && str(d, "status") == "valid" {
			ref := &registry.DocRef{DocumentID: str(d, "id"), ApplicationID: appID}
			if t, err := time.Parse(time.RFC3339Nano, str(d, "validatedAt")); err == nil {
				ref.ValidatedAt = t.UTC()
			}
			return ref, nil
		}
	}
	return nil, nil
}

// leftovers (step 5): the first release's outbox items and list entries. Notices are
// delivered from the trail now, and the stream hands Notify only inserted trail entries,
// so deleting an outbox item delivers nothing; the list is the objects' own items.
func leftovers(ctx context.Context, m *Migration, it item) (bool, error) {
	_, err := m.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &m.table, Key: item{"PK": it["PK"], "SK": it["SK"]}})
	return err == nil, err
}
