package stream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// Matcher evaluates Lambda event-source-mapping FilterCriteria. A record
// passes when any pattern matches (OR across patterns); a pattern matches
// when every field it names matches (AND across fields). A Matcher without
// patterns passes everything, like a mapping without FilterCriteria.
//
// Supported subset of the Lambda/EventBridge filter syntax, inside the value
// arrays: exact strings, numbers, booleans and null; {"prefix": s};
// {"suffix": s}; {"equals-ignore-case": s}; {"exists": bool};
// {"anything-but": scalar | [scalars] | {"prefix": s}};
// {"numeric": [op, n] | [op, n, op, n]} with op one of = < <= > >=.
// Nested objects descend into the record. When the record value is an
// array, the field matches if any element does (EventBridge semantics).
type Matcher struct {
	patterns []node
}

// node is one level of a pattern: either a set of named children (object)
// or a list of alternatives for a leaf value.
type node struct {
	fields map[string]node // object level; nil for a leaf
	alts   []alt           // leaf: OR of alternatives
}

type altKind int

const (
	altEqual altKind = iota + 1
	altPrefix
	altSuffix
	altEqualFold
	altExists
	altAnythingBut
	altAnythingButPrefix
	altNumeric
)

type alt struct {
	kind   altKind
	value  any // altEqual: string, float64, bool or nil
	str    string
	exists bool
	values []any // altAnythingBut
	ranges []numCond
}

type numCond struct {
	op string
	n  float64
}

// ParseFilters compiles FilterCriteria Pattern strings (the JSON text found
// in the template) into a Matcher.
func ParseFilters(patterns []string) (Matcher, error) {
	var m Matcher
	for i, p := range patterns {
		var raw any
		dec := json.NewDecoder(strings.NewReader(p))
		dec.UseNumber()
		if err := dec.Decode(&raw); err != nil {
			return Matcher{}, fmt.Errorf("filter pattern %d: invalid JSON: %w", i, err)
		}
		if dec.More() {
			return Matcher{}, fmt.Errorf("filter pattern %d: trailing data after the JSON object", i)
		}
		obj, ok := raw.(map[string]any)
		if !ok {
			return Matcher{}, fmt.Errorf("filter pattern %d: must be a JSON object", i)
		}
		n, err := compileObject(obj, "")
		if err != nil {
			return Matcher{}, fmt.Errorf("filter pattern %d: %w", i, err)
		}
		m.patterns = append(m.patterns, n)
	}
	return m, nil
}

func compileObject(obj map[string]any, path string) (node, error) {
	n := node{fields: make(map[string]node, len(obj))}
	for k, v := range obj {
		p := path + "." + k
		switch v := v.(type) {
		case map[string]any:
			child, err := compileObject(v, p)
			if err != nil {
				return node{}, err
			}
			n.fields[k] = child
		case []any:
			if len(v) == 0 {
				return node{}, fmt.Errorf("%s: empty value list matches nothing", p[1:])
			}
			leaf := node{}
			for _, e := range v {
				a, err := compileAlt(e)
				if err != nil {
					return node{}, fmt.Errorf("%s: %w", p[1:], err)
				}
				leaf.alts = append(leaf.alts, a)
			}
			n.fields[k] = leaf
		default:
			return node{}, fmt.Errorf("%s: values must be in an array, e.g. [%s]", p[1:], jsonText(v))
		}
	}
	return n, nil
}

func compileAlt(e any) (alt, error) {
	switch e := e.(type) {
	case string, bool, nil:
		return alt{kind: altEqual, value: e}, nil
	case json.Number:
		f, err := e.Float64()
		if err != nil {
			return alt{}, fmt.Errorf("number %s: %w", e, err)
		}
		return alt{kind: altEqual, value: f}, nil
	case map[string]any:
		if len(e) != 1 {
			return alt{}, fmt.Errorf("operator object %s must have exactly one key", jsonText(e))
		}
		for op, arg := range e {
			return compileOperator(op, arg)
		}
	}
	return alt{}, fmt.Errorf("unsupported value %s", jsonText(e))
}

func compileOperator(op string, arg any) (alt, error) {
	switch op {
	case "prefix", "suffix", "equals-ignore-case":
		s, ok := arg.(string)
		if !ok {
			return alt{}, fmt.Errorf("%q needs a string", op)
		}
		k := map[string]altKind{"prefix": altPrefix, "suffix": altSuffix, "equals-ignore-case": altEqualFold}[op]
		return alt{kind: k, str: s}, nil
	case "exists":
		b, ok := arg.(bool)
		if !ok {
			return alt{}, errors.New(`"exists" needs true or false`)
		}
		return alt{kind: altExists, exists: b}, nil
	case "anything-but":
		return compileAnythingBut(arg)
	case "numeric":
		return compileNumeric(arg)
	}
	return alt{}, fmt.Errorf("unsupported operator %q", op)
}

func compileAnythingBut(arg any) (alt, error) {
	switch arg := arg.(type) {
	case map[string]any:
		if p, ok := arg["prefix"].(string); ok && len(arg) == 1 {
			return alt{kind: altAnythingButPrefix, str: p}, nil
		}
		return alt{}, errors.New(`"anything-but" object form supports only {"prefix": "..."}`)
	case []any:
		a := alt{kind: altAnythingBut}
		for _, v := range arg {
			sv, err := scalar(v)
			if err != nil {
				return alt{}, fmt.Errorf(`"anything-but": %w`, err)
			}
			a.values = append(a.values, sv)
		}
		return a, nil
	default:
		sv, err := scalar(arg)
		if err != nil {
			return alt{}, fmt.Errorf(`"anything-but": %w`, err)
		}
		return alt{kind: altAnythingBut, values: []any{sv}}, nil
	}
}

func scalar(v any) (any, error) {
	switch v := v.(type) {
	case string, bool, nil:
		return v, nil
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s: %w", v, err)
		}
		return f, nil
	}
	return nil, fmt.Errorf("%s is not a string, number, boolean or null", jsonText(v))
}

func compileNumeric(arg any) (alt, error) {
	list, ok := arg.([]any)
	if !ok || (len(list) != 2 && len(list) != 4) {
		return alt{}, errors.New(`"numeric" needs [op, number] or [op, number, op, number]`)
	}
	a := alt{kind: altNumeric}
	for i := 0; i < len(list); i += 2 {
		op, ok := list[i].(string)
		if !ok || !validNumOp[op] {
			return alt{}, fmt.Errorf(`"numeric": operator %s must be one of = < <= > >=`, jsonText(list[i]))
		}
		num, ok := list[i+1].(json.Number)
		if !ok {
			return alt{}, fmt.Errorf(`"numeric": %s is not a number`, jsonText(list[i+1]))
		}
		f, err := num.Float64()
		if err != nil {
			return alt{}, fmt.Errorf(`"numeric": %w`, err)
		}
		a.ranges = append(a.ranges, numCond{op: op, n: f})
	}
	return a, nil
}

var validNumOp = map[string]bool{"=": true, "<": true, "<=": true, ">": true, ">=": true}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Empty reports whether the Matcher has no patterns (and so passes all).
func (m Matcher) Empty() bool { return len(m.patterns) == 0 }

// Match reports whether a decoded JSON document (as produced by
// encoding/json into an any, numbers as float64 or json.Number) passes.
func (m Matcher) Match(doc any) bool {
	if len(m.patterns) == 0 {
		return true
	}
	for _, p := range m.patterns {
		if matchNode(p, doc, true) {
			return true
		}
	}
	return false
}

// MatchRecord evaluates the filters on the JSON form of the record, the
// same document the function would receive: that is what Lambda filters on,
// so a pattern like {"dynamodb":{"Keys":{"PK":{"S":[...]}}}} addresses the
// typed attribute-value JSON.
func (m Matcher) MatchRecord(r events.DynamoDBEventRecord) (bool, error) {
	if len(m.patterns) == 0 {
		return true, nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return false, fmt.Errorf("encode record %s for filtering: %w", r.EventID, err)
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return false, fmt.Errorf("decode record %s for filtering: %w", r.EventID, err)
	}
	return m.Match(doc), nil
}

func matchNode(n node, v any, present bool) bool {
	if n.fields == nil {
		return matchLeaf(n.alts, v, present)
	}
	obj, _ := v.(map[string]any)
	for k, child := range n.fields {
		cv, ok := obj[k]
		if !matchNode(child, cv, ok) {
			return false
		}
	}
	return true
}

func matchLeaf(alts []alt, v any, present bool) bool {
	for _, a := range alts {
		if a.kind == altExists {
			if a.exists == (present && !isEmptyArray(v)) {
				return true
			}
			continue
		}
		if !present {
			continue
		}
		if arr, ok := v.([]any); ok {
			for _, e := range arr {
				if matchAlt(a, e) {
					return true
				}
			}
			continue
		}
		if matchAlt(a, v) {
			return true
		}
	}
	return false
}

func isEmptyArray(v any) bool {
	arr, ok := v.([]any)
	return ok && len(arr) == 0
}

func matchAlt(a alt, v any) bool {
	switch a.kind {
	case altEqual:
		return equalScalar(a.value, v)
	case altPrefix:
		s, ok := v.(string)
		return ok && strings.HasPrefix(s, a.str)
	case altSuffix:
		s, ok := v.(string)
		return ok && strings.HasSuffix(s, a.str)
	case altEqualFold:
		s, ok := v.(string)
		return ok && strings.EqualFold(s, a.str)
	case altAnythingBut:
		if _, isObj := v.(map[string]any); isObj {
			return false
		}
		for _, x := range a.values {
			if equalScalar(x, v) {
				return false
			}
		}
		return true
	case altAnythingButPrefix:
		s, ok := v.(string)
		return ok && !strings.HasPrefix(s, a.str)
	case altNumeric:
		f, ok := number(v)
		if !ok {
			return false
		}
		for _, c := range a.ranges {
			if !c.holds(f) {
				return false
			}
		}
		return true
	}
	return false
}

func (c numCond) holds(f float64) bool {
	switch c.op {
	case "=":
		return f == c.n
	case "<":
		return f < c.n
	case "<=":
		return f <= c.n
	case ">":
		return f > c.n
	case ">=":
		return f >= c.n
	}
	return false
}

// number reads a JSON number. DynamoDB numbers travel as strings in the
// record ({"N":"42"}), so numeric filters also accept numeric strings;
// otherwise a numeric filter on an N attribute could never match.
func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}

func equalScalar(want, got any) bool {
	switch w := want.(type) {
	case nil:
		return got == nil
	case string:
		g, ok := got.(string)
		return ok && g == w
	case bool:
		g, ok := got.(bool)
		return ok && g == w
	case float64:
		switch got.(type) {
		case float64, json.Number:
			g, ok := number(got)
			return ok && g == w
		}
	}
	return false
}
