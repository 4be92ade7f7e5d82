package main

import (
	"context"
	"sync"

	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
)

// meter is an SDK middleware on a DynamoDB client: it counts every operation the client
// sends (whatever it is, Scan included) and every HTTP attempt, asks DynamoDB for the
// consumed capacity and sums it, and records each TransactWriteItems input, so that the
// bare baseline can replay exactly what a transition wrote.
type meter struct {
	mu     sync.Mutex
	cur    usage
	writes []*dynamodb.TransactWriteItemsInput
	// images, when set, reads every item a transaction writes just before and just after
	// it, with a client of its own (not counted): figure 6 prices the items from them.
	images *imager
	txs    []txImage
}

// usage is what one API operation cost.
type usage struct {
	ops      map[string]int // by DynamoDB operation name
	attempts int            // HTTP round trips, retries included
	cu       float64        // consumed capacity units, where returned
	cuSeen   bool
	cuByOp   map[string]float64
}

func (u usage) reads() int {
	return u.ops["GetItem"] + u.ops["Query"] + u.ops["BatchGetItem"] + u.ops["TransactGetItems"] + u.ops["Scan"]
}

func (u usage) writes() int {
	return u.ops["PutItem"] + u.ops["UpdateItem"] + u.ops["DeleteItem"] + u.ops["TransactWriteItems"] + u.ops["BatchWriteItem"]
}

func (u usage) total() int {
	n := 0
	for _, v := range u.ops {
		n += v
	}
	return n
}

// begin starts counting one operation; end returns what it cost and the transactions it wrote.
func (m *meter) begin() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur = usage{ops: map[string]int{}}
	m.writes, m.txs = nil, nil
}

func (m *meter) end() (usage, []*dynamodb.TransactWriteItemsInput) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, w := m.cur, m.writes
	m.cur, m.writes = usage{ops: map[string]int{}}, nil
	return u, w
}

// options installs the middleware on a client.
func (m *meter) options(o *dynamodb.Options) {
	o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
		if err := st.Initialize.Add(middleware.InitializeMiddlewareFunc("benchMeter", m.initialize), middleware.After); err != nil {
			return err
		}
		return st.Deserialize.Add(middleware.DeserializeMiddlewareFunc("benchAttempts",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				m.mu.Lock()
				m.cur.attempts++
				m.mu.Unlock()
				return next.HandleDeserialize(ctx, in)
			}), middleware.After)
	})
}

const total = types.ReturnConsumedCapacityTotal

func (m *meter) initialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	name := awsmw.GetOperationName(ctx)
	// Ask for the consumed capacity on a copy: the caller's input stays as it was.
	switch v := in.Parameters.(type) {
	case *dynamodb.GetItemInput:
		c := *v
		c.ReturnConsumedCapacity = total
		in.Parameters = &c
	case *dynamodb.PutItemInput:
		c := *v
		c.ReturnConsumedCapacity = total
		in.Parameters = &c
	case *dynamodb.UpdateItemInput:
		c := *v
		c.ReturnConsumedCapacity = total
		in.Parameters = &c
	case *dynamodb.DeleteItemInput:
		c := *v
		c.ReturnConsumedCapacity = total
		in.Parameters = &c
	case *dynamodb.QueryInput:
		c := *v
		c.ReturnConsumedCapacity = total
		in.Parameters = &c
	case *dynamodb.ScanInput:
		c := *v
		c.ReturnConsumedCapacity = total
		in.Parameters = &c
	case *dynamodb.BatchGetItemInput:
		c := *v
		c.ReturnConsumedCapacity = total
		in.Parameters = &c
	case *dynamodb.TransactWriteItemsInput:
		m.mu.Lock()
		m.writes = append(m.writes, v)
		m.mu.Unlock()
		c := *v
		c.ReturnConsumedCapacity = total
		in.Parameters = &c
	}
	var before []map[string]types.AttributeValue
	tx, _ := in.Parameters.(*dynamodb.TransactWriteItemsInput)
	if tx != nil && m.images != nil {
		before = m.images.read(ctx, tx)
	}
	out, md, err := next.HandleInitialize(ctx, in)
	if tx != nil && m.images != nil && err == nil {
		after := m.images.read(ctx, tx)
		m.mu.Lock()
		m.txs = append(m.txs, txImage{in: tx, before: before, after: after})
		m.mu.Unlock()
	}
	cu, seen := consumed(out.Result)
	m.mu.Lock()
	if m.cur.ops == nil {
		m.cur.ops = map[string]int{}
	}
	m.cur.ops[name]++
	if seen {
		m.cur.cu += cu
		m.cur.cuSeen = true
		if m.cur.cuByOp == nil {
			m.cur.cuByOp = map[string]float64{}
		}
		m.cur.cuByOp[name] += cu
	}
	m.mu.Unlock()
	return out, md, err
}

func consumed(res any) (float64, bool) {
	one := func(c *types.ConsumedCapacity) (float64, bool) {
		if c == nil || c.CapacityUnits == nil {
			return 0, false
		}
		return *c.CapacityUnits, true
	}
	many := func(cs []types.ConsumedCapacity) (float64, bool) {
		sum, seen := 0.0, false
		for i := range cs {
			if v, ok := one(&cs[i]); ok {
				sum, seen = sum+v, true
			}
		}
		return sum, seen
	}
	switch v := res.(type) {
	case *dynamodb.GetItemOutput:
		return one(v.ConsumedCapacity)
	case *dynamodb.PutItemOutput:
		return one(v.ConsumedCapacity)
	case *dynamodb.UpdateItemOutput:
		return one(v.ConsumedCapacity)
	case *dynamodb.DeleteItemOutput:
		return one(v.ConsumedCapacity)
	case *dynamodb.QueryOutput:
		return one(v.ConsumedCapacity)
	case *dynamodb.ScanOutput:
		return one(v.ConsumedCapacity)
	case *dynamodb.BatchGetItemOutput:
		return many(v.ConsumedCapacity)
	case *dynamodb.TransactWriteItemsOutput:
		return many(v.ConsumedCapacity)
	}
	return 0, false
}
