package main

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The capacity model of figure 6. DynamoDB Local reports consumed capacity for a table
// only, and counts a transaction's items its own way; what a deployed table bills is
// computed here from the items themselves, as the DynamoDB developer guide states it:
//   - an item's size is the sum of its attribute names and values ("DynamoDB item sizes
//     and formats");
//   - a transactional write costs 2 write units per 1 KB of the larger of the item's
//     before and after images, rounded up ("Capacity management for transactions");
//   - every global secondary index the write touches costs 1 write unit per 1 KB of the
//     index entry (table and index keys plus the projected attributes); an index whose key
//     changes costs a delete of the old entry and a put of the new ("Provisioned throughput
//     considerations for GSIs").

// keyDef names a table's or an index's key attributes.
type keyDef struct{ hash, rng string }

func (k keyDef) attrs() []string {
	if k.rng == "" {
		return []string{k.hash}
	}
	return []string{k.hash, k.rng}
}

type indexDef struct {
	name    string
	key     keyDef
	all     bool     // ProjectionType ALL
	include []string // INCLUDE's attributes; none for KEYS_ONLY
}

type tableDef struct {
	name    string
	key     keyDef
	indexes []indexDef
}

// describe reads a table's key schema and its indexes from DynamoDB (as the template
// created them), so that the model follows the template.
func (e *env) describe(ctx context.Context, name string) (tableDef, error) {
	out, err := e.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &name})
	if err != nil {
		return tableDef{}, fmt.Errorf("describe %s: %w", name, err)
	}
	key := func(ks []types.KeySchemaElement) keyDef {
		var k keyDef
		for _, el := range ks {
			if el.KeyType == types.KeyTypeHash {
				k.hash = aws.ToString(el.AttributeName)
			} else {
				k.rng = aws.ToString(el.AttributeName)
			}
		}
		return k
	}
	d := tableDef{name: name, key: key(out.Table.KeySchema)}
	for _, g := range out.Table.GlobalSecondaryIndexes {
		ix := indexDef{name: aws.ToString(g.IndexName), key: key(g.KeySchema)}
		if g.Projection != nil {
			ix.all = g.Projection.ProjectionType == types.ProjectionTypeAll
			ix.include = g.Projection.NonKeyAttributes
		}
		d.indexes = append(d.indexes, ix)
	}
	return d, nil
}

// itemSize is an item's size in bytes.
func itemSize(m map[string]types.AttributeValue) int {
	n := 0
	for k, v := range m {
		n += len(k) + valueSize(v)
	}
	return n
}

func valueSize(v types.AttributeValue) int {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return len(x.Value)
	case *types.AttributeValueMemberN:
		return numberSize(x.Value)
	case *types.AttributeValueMemberB:
		return len(x.Value)
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberSS:
		n := 0
		for _, s := range x.Value {
			n += len(s)
		}
		return n
	case *types.AttributeValueMemberNS:
		n := 0
		for _, s := range x.Value {
			n += numberSize(s)
		}
		return n
	case *types.AttributeValueMemberBS:
		n := 0
		for _, b := range x.Value {
			n += len(b)
		}
		return n
	case *types.AttributeValueMemberL:
		n := 3
		for _, el := range x.Value {
			n += 1 + valueSize(el)
		}
		return n
	case *types.AttributeValueMemberM:
		n := 3
		for k, el := range x.Value {
			n += 1 + len(k) + valueSize(el)
		}
		return n
	}
	return 0
}

// numberSize: 1 byte per two significant digits, plus 1.
func numberSize(s string) int {
	s = strings.TrimLeft(s, "+-")
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i]
	}
	s = strings.ReplaceAll(s, ".", "")
	s = strings.Trim(s, "0")
	return (len(s)+1)/2 + 1
}

// units is the number of 1 KB units a size takes, at least one.
func units(size int) int { return max(1, (size+1023)/1024) }

// itemCost is what one item of a transaction costs.
type itemCost struct {
	table, kind   string
	before, after int // bytes; 0 when the item did not (or no longer does) exist
	wcu           int // table write units (transactional)
	index         map[string]int
}

func (c itemCost) indexWCU() int {
	n := 0
	for _, v := range c.index {
		n += v
	}
	return n
}

// cost prices one item of a transaction from its images.
func (d tableDef) cost(before, after map[string]types.AttributeValue) itemCost {
	c := itemCost{table: d.name, kind: kindOf(before, after), index: map[string]int{}}
	if before != nil {
		c.before = itemSize(before)
	}
	if after != nil {
		c.after = itemSize(after)
	}
	c.wcu = 2 * units(max(c.before, c.after))
	for _, ix := range d.indexes {
		if n := d.indexWrites(ix, before, after); n > 0 {
			c.index[ix.name] = n
		}
	}
	return c
}

func (d tableDef) indexWrites(ix indexDef, before, after map[string]types.AttributeValue) int {
	in := func(m map[string]types.AttributeValue) bool {
		if m == nil {
			return false
		}
		for _, a := range ix.key.attrs() {
			if _, ok := m[a]; !ok {
				return false
			}
		}
		return true
	}
	proj := func(m map[string]types.AttributeValue) map[string]types.AttributeValue {
		if ix.all {
			return m
		}
		p := map[string]types.AttributeValue{}
		for _, a := range append(append(d.key.attrs(), ix.key.attrs()...), ix.include...) {
			if v, ok := m[a]; ok {
				p[a] = v
			}
		}
		return p
	}
	was, is := in(before), in(after)
	switch {
	case !was && !is:
		return 0
	case is && !was:
		return units(itemSize(proj(after)))
	case was && !is:
		return units(itemSize(proj(before)))
	}
	for _, a := range ix.key.attrs() {
		if !reflect.DeepEqual(before[a], after[a]) {
			return units(itemSize(proj(before))) + units(itemSize(proj(after)))
		}
	}
	if reflect.DeepEqual(proj(before), proj(after)) {
		return 0
	}
	return units(itemSize(proj(after)))
}

// kindOf names an item for the breakdown: its Type attribute, else its sort key's prefix.
func kindOf(ms ...map[string]types.AttributeValue) string {
	for _, m := range ms {
		if m == nil {
			continue
		}
		if v, ok := m["Type"].(*types.AttributeValueMemberS); ok {
			return v.Value
		}
		if v, ok := m["SK"].(*types.AttributeValueMemberS); ok {
			p, _, _ := strings.Cut(strings.TrimPrefix(v.Value, "#"), "#")
			return strings.ToLower(p)
		}
		return "idempotency"
	}
	return "?"
}

// txKeys lists the table and key of every item a transaction writes.
func txKeys(in *dynamodb.TransactWriteItemsInput, defs map[string]tableDef) ([]string, []map[string]types.AttributeValue) {
	tables := make([]string, 0, len(in.TransactItems))
	keys := make([]map[string]types.AttributeValue, 0, len(in.TransactItems))
	for _, it := range in.TransactItems {
		var t string
		var k map[string]types.AttributeValue
		switch {
		case it.Put != nil:
			t = aws.ToString(it.Put.TableName)
			k = map[string]types.AttributeValue{}
			for _, a := range defs[t].key.attrs() {
				k[a] = it.Put.Item[a]
			}
		case it.Update != nil:
			t, k = aws.ToString(it.Update.TableName), it.Update.Key
		case it.Delete != nil:
			t, k = aws.ToString(it.Delete.TableName), it.Delete.Key
		case it.ConditionCheck != nil:
			t, k = aws.ToString(it.ConditionCheck.TableName), it.ConditionCheck.Key
		}
		tables, keys = append(tables, t), append(keys, k)
	}
	return tables, keys
}
