// Package migration brings a registry table written by the first release (commit 2a1556e)
// to today's layout and object model, in numbered steps that an operator runs with
// `go run ./infra/migrate -table <name>` (README, "Migrating a table of the first
// release"). Each step reads the table with a Scan (an operator's tool, not a request
// path), transforms the items it concerns and writes each with a conditional write, so a
// step is idempotent: an item already in today's layout is left alone. Progress is kept
// in the table (MIGRATION#layout / #META: the steps done and the current step's scan
// position), so an interrupted run resumes where it stopped.
package migration

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DB is what the migration calls on DynamoDB; *dynamodb.Client satisfies it.
type DB interface {
	Scan(context.Context, *dynamodb.ScanInput, ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
	Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(context.Context, *dynamodb.UpdateItemInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	DeleteItem(context.Context, *dynamodb.DeleteItemInput, ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
	TransactWriteItems(context.Context, *dynamodb.TransactWriteItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

type item = map[string]types.AttributeValue

// Step is one numbered step of the migration.
type Step struct {
	N    int
	Name string
	Doc  string
	// Filter selects the items the step concerns in the Scan.
	Filter string
	Values item
	// Item migrates one item; it reports whether it changed anything.
	Item func(ctx context.Context, m *Migration, it item) (bool, error)
}

// Steps are the migration's steps, in the order they run. The results are copied into
// the trail (1) before the applications' items drop them (2).
var Steps = []Step{
	{N: 1, Name: "results-into-trail", Doc: "the results an application's item held (recommendation, decision, provision) are completed in the trail entry of the action that records them, which procedure.Fold reads",
		Filter: "SK = :meta AND begins_with(PK, :app)", Values: item{":meta": s("#META"), ":app": s("APP#")}, Item: resultsIntoTrail},
	{N: 2, Name: "applications", Doc: "application items: draft sections under sections.<key>, the Annex 2 score under facts, round 1, registersObject, docSeq; the results dropped",
		Filter: "SK = :meta AND begins_with(PK, :app)", Values: item{":meta": s("#META"), ":app": s("APP#")}, Item: applications},
	{N: 3, Name: "clocks", Doc: "clock items CLK#<step> become CLK#<step>#001 with round, kind, count, owner and labels, their due keys derived again",
		Filter: "begins_with(SK, :clk)", Values: item{":clk": s("CLK#")}, Item: clocks},
	{N: 4, Name: "objects", Doc: "object items: the list stage becomes the life-cycle stage and `listed`; the list entries become the GSI4 keys of the object's own item; the list indexes' keys; the technical documentation on record",
		Filter: "SK = :meta AND begins_with(PK, :obj)", Values: item{":meta": s("#META"), ":obj": s("OBJ#")}, Item: objects},
	{N: 5, Name: "leftovers", Doc: "the first release's outbox items (the trail is the outbox now; they are never delivered again) and list entries are deleted",
		Filter: "begins_with(PK, :outbox) OR begins_with(PK, :list)", Values: item{":outbox": s("OUTBOX#"), ":list": s("LIST#operator")}, Item: leftovers},
}

// Options tunes a run.
type Options struct {
	// PageSize is how many items one Scan page reads (default 200).
	PageSize int32
	// MaxPages stops the run after that many pages, as an interruption would (tests).
	MaxPages int
	// Now is the moment recorded on migrated entries (default time.Now).
	Now time.Time
}

// Migration is one run over one table.
type Migration struct {
	db    DB
	table string
	now   time.Time
	// watermark is the sweep's first day to read: a migrated clock's due key never goes
	// into a bucket before it, which the sweep would not read again.
	watermark string
	Report    Report
}

// Report says what a run did, by step.
type Report struct {
	Steps []StepReport `json:"steps"`
}

// StepReport is what one step did.
type StepReport struct {
	N       int    `json:"n"`
	Name    string `json:"name"`
	Read    int    `json:"read"`
	Changed int    `json:"changed"`
	Skipped bool   `json:"skipped,omitempty"` // done by an earlier run
}

// ErrInterrupted is returned when the run stopped before the end (Options.MaxPages); run
// it again to resume.
var ErrInterrupted = errors.New("migration interrupted; run it again to resume")

const statePK = "MIGRATION#layout"

type state struct {
	Done   []int             `dynamodbav:"done"`
	Step   int               `dynamodbav:"step"`
	Cursor map[string]string `dynamodbav:"cursor"`
}

// Run migrates the table: every step not done yet, from where the last run stopped.
func Run(ctx context.Context, db DB, table string, opt Options) (*Migration, error) {
	if opt.PageSize <= 0 {
		opt.PageSize = 200
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	m := &Migration{db: db, table: table, now: opt.Now.UTC()}
	st, err := m.state(ctx)
	if err != nil {
		return m, err
	}
	if m.watermark, err = m.sweepWatermark(ctx); err != nil {
		return m, err
	}
	pages := 0
	for _, step := range Steps {
		rep := StepReport{N: step.N, Name: step.Name}
		if slices.Contains(st.Done, step.N) {
			rep.Skipped = true
			m.Report.Steps = append(m.Report.Steps, rep)
			continue
		}
		in := &dynamodb.ScanInput{TableName: &table, ConsistentRead: aws.Bool(true), Limit: aws.Int32(opt.PageSize),
			FilterExpression: aws.String(step.Filter), ExpressionAttributeValues: step.Values}
		if st.Step == step.N && len(st.Cursor) > 0 {
			in.ExclusiveStartKey = item{}
			for k, v := range st.Cursor {
				in.ExclusiveStartKey[k] = s(v)
			}
		}
		for {
			if opt.MaxPages > 0 && pages >= opt.MaxPages {
				m.Report.Steps = append(m.Report.Steps, rep)
				return m, ErrInterrupted
			}
			out, err := db.Scan(ctx, in)
			if err != nil {
				return m, fmt.Errorf("step %d %s: scan: %w", step.N, step.Name, err)
			}
			pages++
			for _, it := range out.Items {
				rep.Read++
				changed, err := step.Item(ctx, m, it)
				if err != nil {
					return m, fmt.Errorf("step %d %s: %s %s: %w", step.N, step.Name, str(it, "PK"), str(it, "SK"), err)
				}
				if changed {
					rep.Changed++
				}
			}
			if len(out.LastEvaluatedKey) == 0 {
				break
			}
			in.ExclusiveStartKey = out.LastEvaluatedKey
			st.Step, st.Cursor = step.N, map[string]string{}
			for k, v := range out.LastEvaluatedKey {
				st.Cursor[k] = str(item{k: v}, k)
			}
			if err := m.saveState(ctx, st); err != nil {
				return m, err
			}
		}
		st.Done, st.Step, st.Cursor = append(st.Done, step.N), 0, nil
		if err := m.saveState(ctx, st); err != nil {
			return m, err
		}
		m.Report.Steps = append(m.Report.Steps, rep)
	}
	return m, nil
}

func (m *Migration) state(ctx context.Context) (state, error) {
	var st state
	out, err := m.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &m.table, ConsistentRead: aws.Bool(true),
		Key: item{"PK": s(statePK), "SK": s("#META")}})
	if err != nil {
		return st, fmt.Errorf("read the migration's state: %w", err)
	}
	if out.Item == nil {
		return st, nil
	}
	if err := attributevalue.UnmarshalMap(out.Item, &st); err != nil {
		return st, fmt.Errorf("the migration's state: %w", err)
	}
	return st, nil
}

func (m *Migration) saveState(ctx context.Context, st state) error {
	av, err := attributevalue.MarshalMap(st)
	if err != nil {
		return err
	}
	av["PK"], av["SK"], av["Type"] = s(statePK), s("#META"), s("migration")
	av["UpdatedAt"] = s(m.now.Format(time.RFC3339Nano))
	if _, err := m.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &m.table, Item: av}); err != nil {
		return fmt.Errorf("record the migration's progress: %w", err)
	}
	return nil
}

func (m *Migration) sweepWatermark(ctx context.Context) (string, error) {
	out, err := m.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &m.table, ConsistentRead: aws.Bool(true),
		Key: item{"PK": s("SWEEP#deadline"), "SK": s("#META")}})
	if err != nil {
		return "", fmt.Errorf("read the sweep's watermark: %w", err)
	}
	return str(out.Item, "From"), nil
}

// query reads a partition's items whose sort key begins with prefix, oldest first.
func (m *Migration) query(ctx context.Context, pk, prefix string) ([]item, error) {
	in := &dynamodb.QueryInput{TableName: &m.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :pre)"),
		ExpressionAttributeValues: item{":pk": s(pk), ":pre": s(prefix)}}
	var all []item
	for {
		out, err := m.db.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("read %s %s*: %w", pk, prefix, err)
		}
		all = append(all, out.Items...)
		if len(out.LastEvaluatedKey) == 0 {
			return all, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// isCanceled reports a conditional write that found the item already migrated.
func isCanceled(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	var tce *types.TransactionCanceledException
	return errors.As(err, &ccf) || errors.As(err, &tce)
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v int) types.AttributeValue    { return &types.AttributeValueMemberN{Value: fmt.Sprint(v)} }

func str(m item, k string) string {
	if v, ok := m[k].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func mapOf(m item, k string) (item, bool) {
	v, ok := m[k].(*types.AttributeValueMemberM)
	if !ok {
		return nil, false
	}
	return v.Value, true
}

func clone(m item) item {
	out := make(item, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
