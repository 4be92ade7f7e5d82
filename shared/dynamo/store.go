package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

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
}

// IdemTTL is how long a key is remembered (contract: 24 h).
const IdemTTL = 24 * time.Hour

func (st *Store) idemPut(r *Idem, now time.Time) types.TransactWriteItem {
	m := item{
		"PK": s(r.Key), "BodyHash": s(r.BodyHash), "Status": n(r.Status),
		"Body":      &types.AttributeValueMemberB{Value: r.Body},
		"CreatedAt": s(now.UTC().Format(time.RFC3339Nano)), "ExpiresAt": n64(now.Add(IdemTTL).Unix()),
	}
	if r.Location != "" {
		m["Location"] = s(r.Location)
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Idempotency, Item: m,
		// An expired record may be replaced: DynamoDB deletes TTL items lazily (and
		// DynamoDB Local never), so expiry is judged here, not by the item's absence.
		ConditionExpression:       aws.String("attribute_not_exists(PK) OR ExpiresAt < :now"),
		ExpressionAttributeValues: item{":now": n64(now.Unix())},
	}}
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
	r := &Idem{Key: key, BodyHash: str(out.Item, "BodyHash"), Location: str(out.Item, "Location")}
	r.Status, _ = strconv.Atoi(numStr(out.Item, "Status"))
	if b, ok := out.Item["Body"].(*types.AttributeValueMemberB); ok {
		r.Body = b.Value
	}
	return r, nil
}

func numStr(m item, k string) string {
	if v, ok := m[k].(*types.AttributeValueMemberN); ok {
		return v.Value
	}
	return ""
}

// LoadApplication reads an application with its documents and clocks in one Query.
func (st *Store) LoadApplication(ctx context.Context, id string) (*procedure.Application, error) {
	out, err := st.db.Query(ctx, &dynamodb.QueryInput{
		TableName:                 &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND SK < :evt"),
		ExpressionAttributeValues: item{":pk": s(appPK(id)), ":evt": s(skEvtFirst)},
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		return nil, classify("load application", err)
	}
	var a *procedure.Application
	var docs []procedure.DocumentSummary
	var clocks []procedure.Clock
	for _, m := range out.Items {
		switch sk := str(m, "SK"); {
		case sk == skMeta:
			if a, err = decodeApp(m); err != nil {
				return nil, err
			}
		case len(sk) > 4 && sk[:4] == "DOC#":
			docs = append(docs, procedure.DocumentSummary{ID: str(m, "id"), Kind: str(m, "kind"), Status: str(m, "status")})
		case len(sk) > 4 && sk[:4] == "CLK#":
			ref, err := decodeClockRef(m)
			if err != nil {
				return nil, err
			}
			clocks = append(clocks, ref.Clock)
		}
	}
	if a == nil {
		return nil, fault.E(fault.NotFound, "no such application")
	}
	if docs != nil {
		a.Documents = docs
	}
	if clocks != nil {
		sortClocks(clocks)
		a.Clocks = clocks
	}
	return a, nil
}

func sortClocks(cs []procedure.Clock) {
	// Clocks come back in key (step name) order; the trail reads better in start order.
	slices.SortStableFunc(cs, func(a, b procedure.Clock) int { return a.StartedAt.Compare(b.StartedAt) })
}

// ApplyOptions carries what a change writes beyond the engine's Change.
type ApplyOptions struct {
	Idem *Idem
	// ObjectListedAt is the listed object's listedAt, needed to remove its list entry.
	ObjectListedAt *time.Time
	// NewObject registers the application's object (on creation).
	NewObject bool
	// OpenedFromObject marks the object with the procedure opened from it (a cessation).
	OpenedFromObject bool
}

// Apply writes a Change in one TransactWriteItems (principle 3): the application
// conditioned on its version and status, the audit event, the clocks, the outbox and
// the registry effect, and the idempotency record. Nothing is written if any condition
// fails; a lost race returns ErrRace.
func (st *Store) Apply(ctx context.Context, ch *procedure.Change, o ApplyOptions) error {
	a := ch.App
	now := ch.Event.At
	var w []types.TransactWriteItem
	meta, err := appItem(a)
	if err != nil {
		return err
	}
	put := &types.Put{TableName: &st.tables.Registry, Item: meta}
	if ch.PrevVersion == 0 {
		put.ConditionExpression = aws.String("attribute_not_exists(PK)")
	} else {
		put.ConditionExpression = aws.String("version = :v AND #st = :s")
		put.ExpressionAttributeNames = map[string]string{"#st": "status"}
		put.ExpressionAttributeValues = item{":v": n(ch.PrevVersion), ":s": s(string(ch.PrevStatus))}
	}
	w = append(w, types.TransactWriteItem{Put: put})

	ch.Event.Seq = fmt.Sprintf("v%06d", a.Version)
	ev, err := eventItem(a.ID, ch.Event)
	if err != nil {
		return err
	}
	w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: ev,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}})

	for _, c := range ch.Clocks {
		ci, err := clockItem(a, c)
		if err != nil {
			return err
		}
		// A firing already due when written (a term counted from a date long past) goes
		// in today's bucket, not its own day's, which a sweep may already have passed.
		if pk := str(ci, "DuePK"); pk != "" && pk != unscheduledPK && pk < dueBucket(now) {
			ci["DuePK"] = s(dueBucket(now))
		}
		p := &types.Put{TableName: &st.tables.Registry, Item: ci}
		if c.CompletedAt != nil {
			// Stopping a clock must not overwrite a firing the sweep made meanwhile: the
			// clock is rewritten only if it still is what the engine read.
			p.ConditionExpression = aws.String("attribute_exists(PK) AND #st = :prev")
			p.ExpressionAttributeNames = map[string]string{"#st": "state"}
			p.ExpressionAttributeValues = item{":prev": s(string(prevState(ch, c.Step)))}
		}
		w = append(w, types.TransactWriteItem{Put: p})
	}
	for _, nt := range ch.Notices {
		oi, err := outboxItem(nt)
		if err != nil {
			return err
		}
		w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: oi,
			ConditionExpression: aws.String("attribute_not_exists(PK)")}})
	}
	for _, id := range ch.ValidDocs {
		w = append(w, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: &st.tables.Registry,
			Key:                       item{"PK": s(appPK(a.ID)), "SK": s(docSK(id))},
			ConditionExpression:       aws.String("#st = :valid"),
			ExpressionAttributeNames:  map[string]string{"#st": "status"},
			ExpressionAttributeValues: item{":valid": s("valid")}}})
	}
	ow, err := st.objectWrites(ch, o, now)
	if err != nil {
		return err
	}
	w = append(w, ow...)
	if o.Idem != nil {
		w = append(w, st.idemPut(o.Idem, now))
	}
	_, err = st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w})
	return st.transactErr("apply "+ch.Event.Type, err, o.Idem != nil)
}

// prevState is the state a clock had before the change, which the write is conditioned on.
func prevState(ch *procedure.Change, step string) procedure.ClockState {
	if st, ok := ch.PrevClockStates[step]; ok {
		return st
	}
	return procedure.Running
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
func (st *Store) Events(ctx context.Context, appID string, limit int, cursor string) ([]procedure.AuditEvent, string, error) {
	in := &dynamodb.QueryInput{
		TableName:                 &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :evt)"),
		ExpressionAttributeValues: item{":pk": s(appPK(appID)), ":evt": s(skEvtFirst)},
		Limit:                     aws.Int32(int32(limit)),
	}
	if err := setCursor(in, cursor, item{"PK": s(appPK(appID))}, "SK"); err != nil {
		return nil, "", err
	}
	out, err := st.db.Query(ctx, in)
	if err != nil {
		return nil, "", classify("read audit trail", err)
	}
	evs := make([]procedure.AuditEvent, 0, len(out.Items))
	for _, m := range out.Items {
		var e procedure.AuditEvent
		if err := unmarshal(m, &e); err != nil {
			return nil, "", err
		}
		evs = append(evs, e)
	}
	next, err := makeCursor(out.LastEvaluatedKey, "SK")
	return evs, next, err
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
	out, err := st.db.Query(ctx, in)
	if err != nil {
		return nil, "", classify("list applications", err)
	}
	apps := make([]*procedure.Application, 0, len(out.Items))
	for _, m := range out.Items {
		a, err := decodeApp(m)
		if err != nil {
			return nil, "", err
		}
		apps = append(apps, a)
	}
	next, err := makeCursor(out.LastEvaluatedKey, "PK", "SK", sortKey)
	return apps, next, err
}

func (st *Store) listOverdue(ctx context.Context, q Query) ([]*procedure.Application, string, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry, IndexName: aws.String(gsiOrg),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: item{":pk": s(overduePK)},
		ScanIndexForward:          aws.Bool(false), Limit: aws.Int32(int32(q.Limit))}
	if q.Org != "" {
		in.FilterExpression = aws.String("Org = :org")
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
	for len(keys) > 0 {
		chunk := keys
		if len(chunk) > 100 {
			chunk = keys[:100]
		}
		keys = keys[len(chunk):]
		bo, err := st.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			st.tables.Registry: {Keys: chunk}}})
		if err != nil {
			return nil, "", classify("read overdue applications", err)
		}
		for _, m := range bo.Responses[st.tables.Registry] {
			a, err := decodeApp(m)
			if err != nil {
				return nil, "", err
			}
			if q.Status == "" || string(a.Status) == q.Status {
				byID[a.ID] = a
			}
		}
		if u := bo.UnprocessedKeys[st.tables.Registry]; len(u.Keys) > 0 {
			keys = append(keys, u.Keys...)
		}
	}
	apps := make([]*procedure.Application, 0, len(order))
	for _, id := range order {
		if a, ok := byID[id]; ok {
			apps = append(apps, a)
		}
	}
	return apps, next, nil
}

// Ping checks that the registry table answers (health).
func (st *Store) Ping(ctx context.Context) error {
	_, err := st.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &st.tables.Registry})
	return classify("describe registry table", err)
}
