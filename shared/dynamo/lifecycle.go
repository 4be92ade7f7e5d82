package dynamo

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/registry"
)

// The object's own item (PK OBJ#<id>, SK #META) is indexed for the registry's lists in
// the three queue indexes, under partitions of their own (the applications use others):
//
//	GSI1  OBJORG#<org>       an organisation's objects
//	GSI2  OBJSUP#<supplier>  a supplier's objects (only when the object names one)
//	GSI3  OBJ#ALL            every object (the reviewing roles)
//
// with one sort key, <rank><stage>#<y|n>#<created>#<id>: the stage (in life-cycle order),
// whether the budget gate is passed (003 §18), then age. ?stage= is a begins_with on
// "<rank><stage>#", and the not-eligible queue (objects in operation whose operation is
// not funded) on "6operation#n#", so every list reads only the page it returns.
const (
	objOrgPrefix = "OBJORG#"
	objSupPrefix = "OBJSUP#"
	objAllPK     = "OBJ#ALL"
	skDevFirst   = "DEV#"
)

func devSK(id string) string { return skDevFirst + id }

// objectSortKey is an object's sort key in the list indexes.
func objectSortKey(o *registry.Object) string {
	flag := "n"
	if registry.Budget(o).Eligible {
		flag = "y"
	}
	return fmt.Sprintf("%s#%s#%s", stagePrefix(o.Stage), flag, createdSK(o.CreatedAt, o.ID))
}

func stagePrefix(stage string) string { return fmt.Sprintf("%d%s", registry.Rank(stage), stage) }

// objectFields are the attributes the registry's Object owns on the item: a rewrite of the
// item replaces all of them, and keeps every other attribute as it was read.
var objectFields = func() map[string]bool {
	out := map[string]bool{}
	rt := reflect.TypeOf(registry.Object{})
	for i := 0; i < rt.NumField(); i++ {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		out[name] = true
	}
	for _, k := range []string{"GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK", "GSI4PK", "GSI4SK", "docSeq", "Type"} {
		out[k] = true
	}
	return out
}()

// objectItem is the object's own item: raw (the item as read, nil for a new one) with
// the registry's fields of o, the documents count and the index keys.
func objectItem(raw item, o *registry.Object, docSeq int) (item, error) {
	m := item{}
	for k, v := range raw {
		if !objectFields[k] {
			m[k] = v
		}
	}
	om, err := marshal(o)
	if err != nil {
		return nil, err
	}
	for k, v := range om {
		m[k] = v
	}
	m["PK"], m["SK"], m["Type"] = s(objPK(o.ID)), s(skMeta), s("object")
	m["docSeq"] = n(docSeq)
	sk := s(objectSortKey(o))
	m["GSI1PK"], m["GSI1SK"] = s(objOrgPrefix+o.Org), sk
	m["GSI3PK"], m["GSI3SK"] = s(objAllPK), sk
	if o.Supplier != "" {
		m["GSI2PK"], m["GSI2SK"] = s(objSupPrefix+o.Supplier), sk
	}
	if o.Listed && o.ListedAt != nil {
		m["GSI4PK"], m["GSI4SK"] = s(listPK), s(listSK(*o.ListedAt, o.ID))
	}
	return m, nil
}

// ObjectItem is the object's item exactly as the store writes it, for the migration of
// the first release's objects and the benchmarks; the store writes objects only through
// its changes.
func ObjectItem(o *registry.Object, docSeq int) (map[string]types.AttributeValue, error) {
	return objectItem(nil, o, docSeq)
}

func decodeObject(m item) (*registry.Object, error) {
	var o registry.Object
	if err := unmarshal(m, &o); err != nil {
		return nil, err
	}
	if o.StageHistory == nil {
		o.StageHistory = []registry.StageEntry{}
	}
	return &o, nil
}

// ObjectState is an object as loaded whole (one Query of its partition, without its
// trail), with what its next write is conditioned on.
type ObjectState struct {
	registry.State
	docSeq int
	raw    item
}

// LoadObject reads an object whole: its item, its documents, its clocks and its
// development projects, in one Query of its partition that stops before the trail.
func (st *Store) LoadObject(ctx context.Context, id string) (*ObjectState, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND SK < :evt"),
		ExpressionAttributeValues: item{":pk": s(objPK(id)), ":evt": s(skEvtFirst)},
		ConsistentRead:            aws.Bool(true)}
	state := &ObjectState{}
	if err := st.queryPages(ctx, "load object", in, func(page []item) error {
		for _, m := range page {
			switch sk := str(m, "SK"); {
			case sk == skMeta:
				var err error
				if state.Object, err = decodeObject(m); err != nil {
					return err
				}
				state.raw = m
				state.docSeq = atoi(numStr(m, "docSeq"))
			case strings.HasPrefix(sk, "DOC#"):
				state.Docs = append(state.Docs, registry.DocumentSummary{ID: str(m, "id"), Kind: str(m, "kind"), Status: str(m, "status"),
					Stage: str(m, "stage"), Development: str(m, "development")})
			case strings.HasPrefix(sk, "CLK#"):
				ref, err := decodeClockRef(m)
				if err != nil {
					return err
				}
				state.Clocks = append(state.Clocks, ref.Clock)
			case strings.HasPrefix(sk, skDevFirst):
				var d registry.Development
				if err := unmarshal(m, &d); err != nil {
					return err
				}
				state.Devs = append(state.Devs, d)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if state.Object == nil {
		return nil, fault.E(fault.NotFound, "no such object")
	}
	return state, nil
}

func atoi(v string) int {
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// CreateObject writes a new object (registry.Create) with its trail entry.
func (st *Store) CreateObject(ctx context.Context, ch *registry.Change, o ApplyOptions) error {
	w, err := st.objectChangeWrites(ctx, nil, ch)
	if err != nil {
		return err
	}
	return st.writeObjectChange(ctx, w, ch, o)
}

func (st *Store) writeObjectChange(ctx context.Context, w []types.TransactWriteItem, ch *registry.Change, o ApplyOptions) error {
	return st.commit(ctx, "object "+ch.Event.Type, w, o.Idem, ch.Event.At)
}

// UpdateObject is the one way an object changes after it is registered: load it whole
// (one read), let decide make the Change, write it in one conditional transaction (the
// object conditioned on its version and its documents count, so that a document added
// meanwhile is either counted or refused), and do it again, at most three times, when
// the write lost a race; a race lost three times is 409.
func (st *Store) UpdateObject(ctx context.Context, id string, decide func(*ObjectState) (*registry.Change, error), o ApplyOptions) (*ObjectState, *registry.Change, error) {
	return decideAndWrite("object", func() (*ObjectState, error) { return st.LoadObject(ctx, id) }, decide,
		func(state *ObjectState, ch *registry.Change) error {
			w, err := st.objectChangeWrites(ctx, state, ch)
			if err != nil {
				return err
			}
			return st.writeObjectChange(ctx, w, ch, o)
		})
}

// objectChangeWrites lists the items a change of an object writes.
func (st *Store) objectChangeWrites(ctx context.Context, state *ObjectState, ch *registry.Change) ([]types.TransactWriteItem, error) {
	var raw item
	docSeq := 0
	if state != nil {
		raw, docSeq = state.raw, state.docSeq
	}
	meta, err := objectItem(raw, ch.Object, docSeq)
	if err != nil {
		return nil, err
	}
	put := &types.Put{TableName: &st.tables.Registry, Item: meta}
	switch {
	case state == nil:
		put.ConditionExpression = aws.String("attribute_not_exists(PK)")
	default:
		cond := "version = :v"
		if ch.PrevVersion == 0 {
			cond = "attribute_not_exists(version)" // registered before objects had versions
		}
		if docSeq == 0 {
			cond += " AND (attribute_not_exists(docSeq) OR docSeq = :d)"
		} else {
			cond += " AND docSeq = :d"
		}
		put.ConditionExpression = aws.String(cond)
		put.ExpressionAttributeValues = item{":d": n(docSeq)}
		if ch.PrevVersion != 0 {
			put.ExpressionAttributeValues[":v"] = n(ch.PrevVersion)
		}
	}
	w := []types.TransactWriteItem{{Put: put}}
	pk := objPK(ch.Object.ID)
	ch.Event.Seq = fmt.Sprintf("v%06d", ch.Object.Version)
	ev, err := eventItem(pk, ch.Event)
	if err != nil {
		return nil, err
	}
	w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: ev,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}})
	now := ch.Event.At
	for _, c := range ch.Clocks {
		ci, err := clockItem(registry.ClockRef(ch.Object, c))
		if err != nil {
			return nil, err
		}
		// A firing already due when written (a warranty counted from a date long past)
		// goes in today's bucket, which the next sweep still reads.
		if dpk := str(ci, "DuePK"); dpk != "" && dpk != unscheduledPK && dpk < dueBucket(now) {
			ci["DuePK"] = s(dueBucket(now))
		}
		p := &types.Put{TableName: &st.tables.Registry, Item: ci}
		if prev, read := ch.PrevClockStates[c.Key()]; read {
			// Rewriting a clock must not overwrite a firing the sweep made meanwhile: only
			// if it still is what was read (state, and its next firing's key).
			p.ConditionExpression = aws.String("attribute_exists(PK) AND #st = :prev AND (attribute_not_exists(DueSK) OR DueSK = :dsk)")
			p.ExpressionAttributeNames = map[string]string{"#st": "state"}
			p.ExpressionAttributeValues = item{":prev": s(string(prev)), ":dsk": s(readDueSK(state, pk, c.Key()))}
		} else {
			p.ConditionExpression = aws.String("attribute_not_exists(PK)")
		}
		w = append(w, types.TransactWriteItem{Put: p})
	}
	for _, d := range ch.Devs {
		m, err := marshal(d)
		if err != nil {
			return nil, err
		}
		m["PK"], m["SK"], m["Type"] = s(pk), s(devSK(d.ID)), s("development")
		p := &types.Put{TableName: &st.tables.Registry, Item: m}
		if prev, ok := ch.PrevDevVersions[d.ID]; ok {
			p.ConditionExpression = aws.String("version = :v")
			p.ExpressionAttributeValues = item{":v": n(prev)}
		} else {
			p.ConditionExpression = aws.String("attribute_not_exists(PK)")
		}
		w = append(w, types.TransactWriteItem{Put: p})
	}
	if ch.Opened != nil {
		// The application opened with the change: its own items only. What it records on
		// the object (exclusionApplicationId, cessationAt) is in the object's item above,
		// since a transaction names an item once.
		opened := *ch.Opened
		opened.OpenedVia = ""
		ow, err := st.changeWrites(ctx, &opened, nil) // an exclusion: no seed-000 effects to read for
		if err != nil {
			return nil, err
		}
		w = append(w, ow...)
	}
	return w, nil
}

// readDueSK is the due-index sort key a clock was read with ("" when it had none).
func readDueSK(state *ObjectState, pk, key string) string {
	if state == nil {
		return ""
	}
	for _, c := range state.Clocks {
		if c.Key() == key && c.Next != clock.FireNone && c.NextAt != nil {
			return dueSK(*c.NextAt, pk, key)
		}
	}
	return ""
}

// ObjectQuery selects a list of objects.
type ObjectQuery struct {
	Org      string // an owner organisation's objects
	Supplier string // a supplier's objects
	Stage    string
	// NotEligible: the objects in operation whose operation's expenses are not supported
	// (003 §18, 004 ¶18).
	NotEligible bool
	Limit       int
	Cursor      string
}

// ListObjects returns a page of objects, by stage and newest first within a stage: one
// Query of the index that fits, reading only the items it returns.
func (st *Store) ListObjects(ctx context.Context, q ObjectQuery) ([]*registry.Object, string, error) {
	index, pkName, skName, pk := gsiAll, "GSI3PK", "GSI3SK", objAllPK
	switch {
	case q.Org != "":
		index, pkName, skName, pk = gsiOrg, "GSI1PK", "GSI1SK", objOrgPrefix+q.Org
	case q.Supplier != "":
		index, pkName, skName, pk = gsiStatus, "GSI2PK", "GSI2SK", objSupPrefix+q.Supplier
	}
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(index),
		ScanIndexForward: aws.Bool(false), Limit: aws.Int32(int32(q.Limit)),
		KeyConditionExpression:    aws.String(pkName + " = :pk"),
		ExpressionAttributeValues: item{":pk": s(pk)}}
	prefix := ""
	switch {
	case q.NotEligible:
		prefix = stagePrefix(registry.Operation) + "#n#"
	case q.Stage != "":
		prefix = stagePrefix(q.Stage) + "#"
	}
	if prefix != "" {
		in.KeyConditionExpression = aws.String(pkName + " = :pk AND begins_with(" + skName + ", :pre)")
		in.ExpressionAttributeValues[":pre"] = s(prefix)
	}
	if err := setCursor(in, q.Cursor, item{pkName: s(pk)}, "PK", "SK", skName); err != nil {
		return nil, "", err
	}
	if in.ExclusiveStartKey != nil && (!strings.HasPrefix(str(in.ExclusiveStartKey, skName), prefix) || str(in.ExclusiveStartKey, "SK") != skMeta) {
		// A cursor of another list: DynamoDB would refuse a start outside the condition.
		return nil, "", fault.WithFields(fault.Invalid, "the cursor is not valid", fault.Field{Field: "cursor", Reason: "not a cursor this list issued"})
	}
	return queryPage(ctx, st.db, "list objects", in, decodeObject, "PK", "SK", skName)
}

// ObjectEvents returns an object's audit trail, oldest first.
func (st *Store) ObjectEvents(ctx context.Context, id string, limit int, cursor string) ([]audit.Event, string, error) {
	return st.trail(ctx, objPK(id), limit, cursor)
}

// recordTechnicalDocumentation is the verdict of a valid technical documentation of an
// object: the document's verdict and the object's half of the budget gate (003 §18) in
// one transaction, so the not-eligible queue never misses a flip. The object's item is
// read and rewritten conditioned on its version and documents count.
func (st *Store) recordTechnicalDocumentation(ctx context.Context, objectID, appID, docID string, v Verdict, verdict, event types.TransactWriteItem) error {
	for attempt := 0; attempt < 5; attempt++ {
		out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
			Key: item{"PK": s(objPK(objectID)), "SK": s(skMeta)}, ConsistentRead: aws.Bool(true)})
		if err != nil {
			return classify("read object", err)
		}
		w := []types.TransactWriteItem{verdict, event}
		if out.Item != nil {
			o, err := decodeObject(out.Item)
			if err != nil {
				return err
			}
			if o.TechnicalDocumentation == nil {
				prev, docSeq := o.Version, atoi(numStr(out.Item, "docSeq"))
				o.TechnicalDocumentation = &registry.DocRef{DocumentID: docID, ApplicationID: appID, ValidatedAt: v.At.UTC()}
				o.Version++
				m, err := objectItem(out.Item, o, docSeq)
				if err != nil {
					return err
				}
				cond := "version = :v AND docSeq = :d"
				vals := item{":v": n(prev), ":d": n(docSeq)}
				if prev == 0 {
					cond = "attribute_not_exists(version) AND (attribute_not_exists(docSeq) OR docSeq = :d)"
					delete(vals, ":v")
				}
				w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: m,
					ConditionExpression: aws.String(cond), ExpressionAttributeValues: vals}})
			}
		}
		_, err = st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w})
		if err == nil {
			return nil
		}
		var tce *types.TransactionCanceledException
		if errors.As(err, &tce) && len(tce.CancellationReasons) > 0 {
			if aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
				return fmt.Errorf("record verdict on %s/%s: %w", objectID, docID, ErrDecided)
			}
			if slices.ContainsFunc(tce.CancellationReasons, func(r types.CancellationReason) bool {
				c := aws.ToString(r.Code)
				return c == "ConditionalCheckFailed" || c == "TransactionConflict"
			}) {
				time.Sleep(time.Duration(10<<attempt) * time.Millisecond)
				continue // the object changed meanwhile: read it again
			}
		}
		return st.transactErr("record verdict", err, false)
	}
	return fmt.Errorf("record verdict on %s/%s: %w", objectID, docID, ErrRace)
}
