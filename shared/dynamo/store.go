package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
)

// API is the part of the DynamoDB client the store uses; *dynamodb.Client satisfies it,
// and a benchmark can wrap it to count requests.
type API interface {
	GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(context.Context, *dynamodb.UpdateItemInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	BatchGetItem(context.Context, *dynamodb.BatchGetItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	TransactWriteItems(context.Context, *dynamodb.TransactWriteItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
	DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
}

// Store reads and writes the registry.
type Store struct {
	db     API
	tables Tables
}

// New returns a store over the given client and tables.
func New(db API, t Tables) *Store { return &Store{db: db, tables: t} }

// Tables returns the table names in use.
func (st *Store) Tables() Tables { return st.tables }

// ErrRace is returned when a conditional write lost to a concurrent change of the same
// items; the caller reloads and decides again (or answers 409).
var ErrRace = errors.New("concurrent change")

// classify maps an SDK error to the fault vocabulary once, here, so handlers never look
// at AWS error types: throttling and unreachable servers are Unavailable (503).
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return fmt.Errorf("%s: %w", op, ErrRace)
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
			"InternalServerError", "ServiceUnavailable", "TransactionInProgressException":
			return fault.Wrap(fault.Unavailable, fmt.Errorf("%s: %w", op, err), "the registry store is busy; retry shortly")
		}
		return fmt.Errorf("%s: %w", op, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fault.Wrap(fault.Unavailable, fmt.Errorf("%s: %w", op, err), "the registry store did not answer in time")
	}
	// Anything else from the SDK without an API error is a transport failure.
	return fault.Wrap(fault.Unavailable, fmt.Errorf("%s: %w", op, err), "the registry store is unavailable")
}

// Idem is the idempotency record written in the same transaction as the change it
// answers, so a key is recorded if and only if its change happened (principle 5).
type Idem struct {
	Key      string // scoped by the caller: "<sub>|<method> <route>|<Idempotency-Key>"
	BodyHash string
	Status   int
	Body     []byte
	Location string
	ETag     string
}

// IdemTTL is how long a key is remembered (contract: 24 h).
const IdemTTL = 24 * time.Hour

// IdemPut is the idempotency record's write, for changes written outside this file.
func (st *Store) IdemPut(r *Idem, now time.Time) (types.TransactWriteItem, error) {
	// The answer is kept packed (codec.go): an application's JSON is 2–4 KB.
	body, err := pack(r.Body)
	if err != nil {
		return types.TransactWriteItem{}, fmt.Errorf("idempotent answer: %w", err)
	}
	m := item{
		"PK": s(r.Key), "BodyHash": s(r.BodyHash), "Status": n(r.Status),
		"Body": &types.AttributeValueMemberB{Value: body}, "Enc": s(encD1),
		"ExpiresAt": n64(now.Add(IdemTTL).Unix()),
	}
	if r.Location != "" {
		m["Location"] = s(r.Location)
	}
	if r.ETag != "" {
		m["ETag"] = s(r.ETag)
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Idempotency, Item: m,
		// An expired record may be replaced: DynamoDB deletes TTL items lazily (and
		// DynamoDB Local never), so expiry is judged here, not by the item's absence.
		ConditionExpression:       aws.String("attribute_not_exists(PK) OR ExpiresAt < :now"),
		ExpressionAttributeValues: item{":now": n64(now.Unix())},
	}}, nil
}

// Replay returns the stored response for an idempotency key, or nil when the key is new
// or expired.
func (st *Store) Replay(ctx context.Context, key string, now time.Time) (*Idem, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Idempotency,
		Key: item{"PK": s(key)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, classify("read idempotency key", err)
	}
	if out.Item == nil {
		return nil, nil
	}
	exp, _ := strconv.ParseInt(numStr(out.Item, "ExpiresAt"), 10, 64)
	if exp < now.Unix() {
		return nil, nil
	}
	r := &Idem{Key: key, BodyHash: str(out.Item, "BodyHash"), Location: str(out.Item, "Location"), ETag: str(out.Item, "ETag")}
	r.Status, _ = strconv.Atoi(numStr(out.Item, "Status"))
	if b, ok := out.Item["Body"].(*types.AttributeValueMemberB); ok {
		r.Body = b.Value
	}
	if r.Body, err = unpack(str(out.Item, "Enc"), r.Body); err != nil {
		return nil, fmt.Errorf("idempotency record %s: %w", key, err)
	}
	return r, nil
}

// LoadApplication reads an application whole in one Query of its partition: the META
// item, its documents, its clocks and its trail, from which its results are folded.
func (st *Store) LoadApplication(ctx context.Context, id string) (*procedure.Application, error) {
	in := &dynamodb.QueryInput{
		TableName:                 &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: item{":pk": s(appPK(id))},
		ConsistentRead:            aws.Bool(true),
	}
	var a *procedure.Application
	var docs []procedure.DocumentSummary
	var clocks []clock.Clock
	var events []audit.Event
	if err := st.queryPages(ctx, "load application", in, func(page []item) error {
		for _, m := range page {
			switch sk := str(m, "SK"); {
			case sk == skMeta:
				var err error
				if a, err = decodeApp(m); err != nil {
					return err
				}
			case strings.HasPrefix(sk, "DOC#"):
				docs = append(docs, procedure.DocumentSummary{ID: str(m, "id"), Kind: str(m, "kind"), Status: str(m, "status")})
			case strings.HasPrefix(sk, "CLK#"):
				ref, err := decodeClockRef(m)
				if err != nil {
					return err
				}
				clocks = append(clocks, ref.Clock)
			case strings.HasPrefix(sk, skEvtFirst):
				e, err := decodeEvent(m)
				if err != nil {
					return err
				}
				events = append(events, e)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if a == nil {
		return nil, fault.E(fault.NotFound, "no such application")
	}
	if docs != nil {
		a.Documents = docs
	}
	if clocks != nil {
		// Clocks come back in key (rule, round) order; the trail reads better in start order.
		slices.SortStableFunc(clocks, func(a, b clock.Clock) int { return a.StartedAt.Compare(b.StartedAt) })
		a.Clocks = clocks
	}
	procedure.Fold(a, events)
	return a, nil
}

// queryPages reads a Query to its last page, handing each page's items to page: how a
// record that spans items of its partition is loaded whole.
func (st *Store) queryPages(ctx context.Context, op string, in *dynamodb.QueryInput, page func([]item) error) error {
	for {
		out, err := st.db.Query(ctx, in)
		if err != nil {
			return classify(op, err)
		}
		if err := page(out.Items); err != nil {
			return err
		}
		if len(out.LastEvaluatedKey) == 0 {
			return nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// ApplyOptions carries what a change writes beyond the engine's Change.
type ApplyOptions struct {
	Idem *Idem
	// Reads is what the request's guard read of other records (GuardAct): the change's
	// effects reuse it rather than read again. nil: they read for themselves.
	Reads *Reads
}

// Apply writes a Change in one TransactWriteItems (principle 3): the application
// conditioned on its version, status and documents count; the audit event carrying the
// change's notices (the outbox); the clocks; the registry effects; and the idempotency
// record. Nothing is written if any condition fails; a lost race returns ErrRace.
func (st *Store) Apply(ctx context.Context, ch *procedure.Change, o ApplyOptions) error {
	w, err := st.changeWrites(ctx, ch, o.Reads)
	if err != nil {
		return err
	}
	return st.commit(ctx, "apply "+ch.Event.Type, w, o.Idem, ch.Event.At)
}

// ChangeWrites lists the items a change writes, without the idempotency record: for the
// benchmark, which times the same items as a bare transaction.
func (st *Store) ChangeWrites(ch *procedure.Change) ([]types.TransactWriteItem, error) {
	return st.changeWrites(context.Background(), ch, nil)
}

func (st *Store) changeWrites(ctx context.Context, ch *procedure.Change, r *Reads) ([]types.TransactWriteItem, error) {
	a := ch.App
	now := ch.Event.At
	var w []types.TransactWriteItem
	meta, err := appItem(a)
	if err != nil {
		return nil, err
	}
	put := &types.Put{TableName: &st.tables.Registry, Item: meta}
	if ch.PrevVersion == 0 {
		put.ConditionExpression = aws.String("attribute_not_exists(PK)")
	} else {
		cond := "version = :v AND #st = :s AND docSeq = :d"
		if ch.PrevDocSeq == 0 {
			cond = "version = :v AND #st = :s AND (attribute_not_exists(docSeq) OR docSeq = :d)"
		}
		put.ConditionExpression = aws.String(cond)
		put.ExpressionAttributeNames = map[string]string{"#st": "status"}
		put.ExpressionAttributeValues = item{":v": n(ch.PrevVersion), ":s": s(string(ch.PrevStatus)), ":d": n(ch.PrevDocSeq)}
	}
	w = append(w, types.TransactWriteItem{Put: put})

	// Seed 000's effects on the decision and the organisation (latvia_effects.go); the
	// notices they send travel in this change's trail entry, the one outbox of the change.
	lw, lvNotices, err := st.latviaWrites(ctx, ch, r)
	if err != nil {
		return nil, err
	}
	ch.Event.Seq = fmt.Sprintf("v%06d", a.Version)
	e := ch.Event
	e.Notices = append(slices.Clip(e.Notices), lvNotices...)
	ev, err := eventItem(appPK(a.ID), e)
	if err != nil {
		return nil, err
	}
	w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: ev,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}})

	for _, c := range ch.Clocks {
		ci, err := clockItem(procedure.ClockRef(a, c))
		if err != nil {
			return nil, err
		}
		// A firing already due when written (a term counted from a date long past) goes
		// in today's bucket, not its own day's, which a sweep may already have passed.
		if pk := str(ci, "DuePK"); pk != "" && pk != unscheduledPK && pk < dueBucket(now) {
			ci["DuePK"] = s(dueBucket(now))
		}
		p := &types.Put{TableName: &st.tables.Registry, Item: ci}
		if prev, stopped := ch.PrevClockStates[c.Key()]; stopped {
			// Stopping a clock must not overwrite a firing the sweep made meanwhile: the
			// clock is rewritten only if it still is what the engine read.
			p.ConditionExpression = aws.String("attribute_exists(PK) AND #st = :prev")
			p.ExpressionAttributeNames = map[string]string{"#st": "state"}
			p.ExpressionAttributeValues = item{":prev": s(string(prev))}
		} else {
			p.ConditionExpression = aws.String("attribute_not_exists(PK)")
		}
		w = append(w, types.TransactWriteItem{Put: p})
	}
	ow, err := st.objectWrites(ch, now)
	if err != nil {
		return nil, err
	}
	return append(append(w, ow...), lw...), nil
}

// Update is the one way an application changes (decideAndWrite): a race lost to a clock
// firing meanwhile is decided again; a lost race on the status itself ends as decide's
// 409 on the next round.
func (st *Store) Update(ctx context.Context, id string, decide func(*procedure.Application) (*procedure.Change, error), o ApplyOptions) (*procedure.Application, error) {
	_, ch, err := decideAndWrite("application", func() (*procedure.Application, error) { return st.LoadApplication(ctx, id) }, decide,
		func(_ *procedure.Application, ch *procedure.Change) error { return st.Apply(ctx, ch, o) })
	if err != nil {
		return nil, err
	}
	return ch.App, nil
}

// decideAndWrite is how a record changes once made (an application, an object, a project,
// a recommendation): load it (one read), let decide make the change, write it in one
// conditional transaction, and do it all again, at most three times, when the write lost
// a race; a race that decides the outcome ends as decide's refusal on the next round, and
// three lost rounds are 409. what names the record in that 409.
func decideAndWrite[S, C any](what string, load func() (S, error), decide func(S) (C, error), write func(S, C) error) (S, C, error) {
	var none S
	var nothing C
	for attempt := 0; attempt < 3; attempt++ {
		state, err := load()
		if err != nil {
			return none, nothing, err
		}
		ch, err := decide(state)
		if err != nil {
			return none, nothing, err
		}
		err = write(state, ch)
		if errors.Is(err, ErrRace) {
			continue
		}
		if err != nil {
			return none, nothing, err
		}
		return state, ch, nil
	}
	return none, nothing, fault.E(fault.Conflict, "the %s changed concurrently; reload it and retry", what)
}

// ErrIdemRace is returned when the same idempotency key was recorded concurrently: the
// caller replays the stored response.
var ErrIdemRace = errors.New("idempotency key used concurrently")

func (st *Store) transactErr(op string, err error, withIdem bool) error {
	if err == nil {
		return nil
	}
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) {
		reasons := tce.CancellationReasons
		if withIdem && len(reasons) > 0 && aws.ToString(reasons[len(reasons)-1].Code) == "ConditionalCheckFailed" {
			return fmt.Errorf("%s: %w", op, ErrIdemRace)
		}
		for _, r := range reasons {
			switch aws.ToString(r.Code) {
			case "ConditionalCheckFailed", "TransactionConflict":
				return fmt.Errorf("%s: %w", op, ErrRace)
			case "ThrottlingError", "ProvisionedThroughputExceeded":
				return fault.Wrap(fault.Unavailable, fmt.Errorf("%s: %w", op, err), "the registry store is busy; retry shortly")
			}
		}
	}
	return classify(op, err)
}

// Events returns an application's audit trail, oldest first.
func (st *Store) Events(ctx context.Context, appID string, limit int, cursor string) ([]audit.Event, string, error) {
	return st.trail(ctx, appPK(appID), limit, cursor)
}

func (st *Store) trail(ctx context.Context, pk string, limit int, cursor string) ([]audit.Event, string, error) {
	in := &dynamodb.QueryInput{
		TableName:                 &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :evt)"),
		ExpressionAttributeValues: item{":pk": s(pk), ":evt": s(skEvtFirst)},
		Limit:                     aws.Int32(int32(limit)),
	}
	if err := setCursor(in, cursor, item{"PK": s(pk)}, "SK"); err != nil {
		return nil, "", err
	}
	return queryPage(ctx, st.db, "read audit trail", in, decodeTrailEntry, "SK")
}

// Query selects a queue of applications.
type Query struct {
	Org     string // an applicant's organisation; "" for reviewers (all)
	Status  string
	Overdue bool
	Limit   int
	Cursor  string
}

// ListApplications returns a queue, newest first. One Query on the index that fits,
// except the overdue list, which reads the overdue clocks and then their applications.
// The items are the applications' own records: no documents, clocks or results.
func (st *Store) ListApplications(ctx context.Context, q Query) ([]*procedure.Application, string, error) {
	if q.Overdue {
		return st.listOverdue(ctx, q)
	}
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, ScanIndexForward: aws.Bool(false),
		Limit: aws.Int32(int32(q.Limit))}
	var pk item
	switch {
	case q.Org != "":
		in.IndexName = aws.String(gsiOrg)
		in.KeyConditionExpression = aws.String("GSI1PK = :pk")
		pk = item{"GSI1PK": s("ORG#" + q.Org)}
		in.ExpressionAttributeValues = item{":pk": pk["GSI1PK"]}
		if q.Status != "" {
			in.FilterExpression = aws.String("#st = :s")
			in.ExpressionAttributeNames = map[string]string{"#st": "status"}
			in.ExpressionAttributeValues[":s"] = s(q.Status)
		}
	case q.Status != "":
		in.IndexName = aws.String(gsiStatus)
		in.KeyConditionExpression = aws.String("GSI2PK = :pk")
		pk = item{"GSI2PK": s("STATUS#" + q.Status)}
		in.ExpressionAttributeValues = item{":pk": pk["GSI2PK"]}
	default:
		in.IndexName = aws.String(gsiAll)
		in.KeyConditionExpression = aws.String("GSI3PK = :pk")
		pk = item{"GSI3PK": s(allPK)}
		in.ExpressionAttributeValues = item{":pk": pk["GSI3PK"]}
	}
	sortKey := map[string]string{gsiOrg: "GSI1SK", gsiStatus: "GSI2SK", gsiAll: "GSI3SK"}[*in.IndexName]
	if err := setCursor(in, q.Cursor, pk, "PK", "SK", sortKey); err != nil {
		return nil, "", err
	}
	return queryPage(ctx, st.db, "list applications", in, decodeApp, "PK", "SK", sortKey)
}

func (st *Store) listOverdue(ctx context.Context, q Query) ([]*procedure.Application, string, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiOrg),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		FilterExpression:          aws.String("attribute_exists(AppID)"),
		ExpressionAttributeValues: item{":pk": s(overduePK)},
		ScanIndexForward:          aws.Bool(false), Limit: aws.Int32(int32(q.Limit))}
	if q.Org != "" {
		in.FilterExpression = aws.String("attribute_exists(AppID) AND Org = :org")
		in.ExpressionAttributeValues[":org"] = s(q.Org)
	}
	if err := setCursor(in, q.Cursor, item{"GSI1PK": s(overduePK)}, "PK", "SK", "GSI1SK"); err != nil {
		return nil, "", err
	}
	out, err := st.db.Query(ctx, in)
	if err != nil {
		return nil, "", classify("list overdue clocks", err)
	}
	next, err := makeCursor(out.LastEvaluatedKey, "PK", "SK", "GSI1SK")
	if err != nil {
		return nil, "", err
	}
	var keys []item
	seen := map[string]bool{}
	order := []string{}
	for _, m := range out.Items {
		id := str(m, "AppID")
		if !seen[id] {
			seen[id] = true
			order = append(order, id)
			keys = append(keys, item{"PK": s(appPK(id)), "SK": s(skMeta)})
		}
	}
	if len(keys) == 0 {
		return []*procedure.Application{}, next, nil
	}
	byID := map[string]*procedure.Application{}
	if err := st.batchGet(ctx, "read overdue applications", keys, false, func(m item) error {
		a, err := decodeApp(m)
		if err != nil {
			return err
		}
		if q.Status == "" || string(a.Status) == q.Status {
			byID[a.ID] = a
		}
		return nil
	}); err != nil {
		return nil, "", err
	}
	apps := make([]*procedure.Application, 0, len(order))
	for _, id := range order {
		if a, ok := byID[id]; ok {
			apps = append(apps, a)
		}
	}
	return apps, next, nil
}

// batchGet reads items of the registry table by key, 100 to a request (BatchGetItem's
// most), asking again for the keys DynamoDB left unprocessed; each is handed every item
// found, in no particular order (a key with no item is passed over).
func (st *Store) batchGet(ctx context.Context, op string, keys []item, consistent bool, each func(item) error) error {
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), 100)]
		keys = keys[len(chunk):]
		ka := types.KeysAndAttributes{Keys: chunk}
		if consistent {
			ka.ConsistentRead = aws.Bool(true)
		}
		bo, err := st.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{st.tables.Registry: ka}})
		if err != nil {
			return classify(op, err)
		}
		for _, m := range bo.Responses[st.tables.Registry] {
			if err := each(m); err != nil {
				return err
			}
		}
		keys = append(keys, bo.UnprocessedKeys[st.tables.Registry].Keys...)
	}
	return nil
}

// commit writes one change of a record (an application, an object, a project, a
// decision, an organisation, a plan...) in one conditional transaction with its trail
// entry (which carries its notices) and, when the request carries an Idempotency-Key,
// its idempotency record.
func (st *Store) commit(ctx context.Context, op string, w []types.TransactWriteItem, idem *Idem, now time.Time) error {
	if idem != nil {
		ip, err := st.IdemPut(idem, now)
		if err != nil {
			return err
		}
		w = append(w, ip)
	}
	_, err := st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w})
	return st.transactErr(op, err, idem != nil)
}

func put(table *string, m item, cond string) types.TransactWriteItem {
	p := &types.Put{TableName: table, Item: m}
	if cond != "" {
		p.ConditionExpression = &cond
	}
	return types.TransactWriteItem{Put: p}
}

// Ping checks that the registry table answers (health).
func (st *Store) Ping(ctx context.Context) error {
	_, err := st.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &st.tables.Registry})
	return classify("describe registry table", err)
}
