package stream

import (
	"encoding/json"
	"strings"
	"testing"
)

const outboxFilter = `{"eventName":["INSERT"],"dynamodb":{"Keys":{"PK":{"S":[{"prefix":"OUTBOX#"}]}}}}`

func doc(t testing.TB, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

func TestMatch(t *testing.T) {
	insertOutbox := `{"eventName":"INSERT","dynamodb":{"Keys":{"PK":{"S":"OUTBOX#1"},"SK":{"S":"N#1"}},
		"NewImage":{"PK":{"S":"OUTBOX#1"},"kind":{"S":"email"},"n":{"N":"42"},"tags":{"SS":["a","b"]},"flag":{"BOOL":true},"gone":{"NULL":true}}}}`
	modifyOutbox := strings.Replace(insertOutbox, "INSERT", "MODIFY", 1)
	insertOther := strings.ReplaceAll(insertOutbox, "OUTBOX#1", "APP#1")

	tests := []struct {
		name     string
		patterns []string
		doc      string
		want     bool
	}{
		{"no patterns pass everything", nil, insertOther, true},
		{"template filter: outbox insert", []string{outboxFilter}, insertOutbox, true},
		{"template filter: outbox modify", []string{outboxFilter}, modifyOutbox, false},
		{"template filter: other insert", []string{outboxFilter}, insertOther, false},
		{"OR across patterns", []string{outboxFilter, `{"eventName":["MODIFY"]}`}, modifyOutbox, true},
		{"AND across fields", []string{`{"eventName":["INSERT"],"dynamodb":{"NewImage":{"kind":{"S":["sms"]}}}}`}, insertOutbox, false},
		{"OR inside a value list", []string{`{"eventName":["REMOVE","INSERT"]}`}, insertOutbox, true},
		{"missing field fails exact match", []string{`{"nope":["x"]}`}, insertOutbox, false},
		{"exists true", []string{`{"dynamodb":{"NewImage":{"kind":[{"exists":true}]}}}`}, insertOutbox, true},
		{"exists false on absent", []string{`{"dynamodb":{"OldImage":[{"exists":false}]}}`}, insertOutbox, true},
		{"exists false on present", []string{`{"dynamodb":{"NewImage":[{"exists":false}]}}`}, insertOutbox, false},
		{"exists true on absent", []string{`{"dynamodb":{"OldImage":[{"exists":true}]}}`}, insertOutbox, false},
		{"anything-but list", []string{`{"eventName":[{"anything-but":["REMOVE","MODIFY"]}]}`}, insertOutbox, true},
		{"anything-but hits", []string{`{"eventName":[{"anything-but":["INSERT"]}]}`}, insertOutbox, false},
		{"anything-but scalar", []string{`{"eventName":[{"anything-but":"INSERT"}]}`}, modifyOutbox, true},
		{"anything-but on absent field", []string{`{"nope":[{"anything-but":["x"]}]}`}, insertOutbox, false},
		{"anything-but prefix", []string{`{"dynamodb":{"Keys":{"PK":{"S":[{"anything-but":{"prefix":"OUTBOX#"}}]}}}}`}, insertOther, true},
		{"suffix", []string{`{"dynamodb":{"Keys":{"SK":{"S":[{"suffix":"#1"}]}}}}`}, insertOutbox, true},
		{"equals-ignore-case", []string{`{"eventName":[{"equals-ignore-case":"insert"}]}`}, insertOutbox, true},
		{"numeric on an N string", []string{`{"dynamodb":{"NewImage":{"n":{"N":[{"numeric":[">",40,"<=",42]}]}}}}`}, insertOutbox, true},
		{"numeric out of range", []string{`{"dynamodb":{"NewImage":{"n":{"N":[{"numeric":["<",40]}]}}}}`}, insertOutbox, false},
		{"numeric on a non-number", []string{`{"eventName":[{"numeric":[">",0]}]}`}, insertOutbox, false},
		{"array value matches any element", []string{`{"dynamodb":{"NewImage":{"tags":{"SS":["b"]}}}}`}, insertOutbox, true},
		{"boolean", []string{`{"dynamodb":{"NewImage":{"flag":{"BOOL":[true]}}}}`}, insertOutbox, true},
		{"boolean mismatch", []string{`{"dynamodb":{"NewImage":{"flag":{"BOOL":[false]}}}}`}, insertOutbox, false},
		{"null", []string{`{"x":[null]}`}, `{"x":null}`, true},
		{"null does not match absent", []string{`{"x":[null]}`}, `{}`, false},
		{"number equality", []string{`{"x":[5]}`}, `{"x":5.0}`, true},
		{"string is not number", []string{`{"x":["5"]}`}, `{"x":5}`, false},
		{"pattern object vs scalar in doc", []string{`{"eventName":{"S":["INSERT"]}}`}, insertOutbox, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseFilters(tc.patterns)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Match(doc(t, tc.doc)); got != tc.want {
				t.Errorf("Match = %v; want %v", got, tc.want)
			}
		})
	}
}

func TestParseFiltersErrors(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{`not json`, "invalid JSON"},
		{`["INSERT"]`, "must be a JSON object"},
		{`{"eventName":"INSERT"}`, `eventName: values must be in an array, e.g. ["INSERT"]`},
		{`{"eventName":[]}`, "empty value list"},
		{`{"a":{"b":[{"regex":"x"}]}}`, `a.b: unsupported operator "regex"`},
		{`{"a":[{"prefix":1}]}`, `"prefix" needs a string`},
		{`{"a":[{"exists":"yes"}]}`, `"exists" needs true or false`},
		{`{"a":[{"numeric":[">"]}]}`, `"numeric" needs`},
		{`{"a":[{"numeric":["!=",1]}]}`, "must be one of"},
		{`{"a":[{"prefix":"x","suffix":"y"}]}`, "exactly one key"},
		{`{"a":[[1]]}`, "unsupported value"},
		{`{"a":[1]} {}`, "trailing data"},
	}
	for _, tc := range tests {
		_, err := ParseFilters([]string{`{"ok":["x"]}`, tc.pattern})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "filter pattern 1") {
			t.Errorf("ParseFilters(%s) = %v; want an error for pattern 1 containing %q", tc.pattern, err, tc.want)
		}
	}
}

func FuzzFilterMatch(f *testing.F) {
	f.Add(outboxFilter, `{"eventName":"INSERT","dynamodb":{"Keys":{"PK":{"S":"OUTBOX#1"}}}}`)
	f.Add(`{"a":[{"numeric":[">",1,"<",5]},{"anything-but":{"prefix":"x"}},null,true,1.5]}`, `{"a":[1,"2",null,{"b":true}]}`)
	f.Add(`{"a":{"b":[{"exists":false}]}}`, `{"a":[]}`)
	f.Fuzz(func(t *testing.T, pattern, document string) {
		m, err := ParseFilters([]string{pattern})
		if err != nil {
			return
		}
		var v any
		if json.Unmarshal([]byte(document), &v) != nil {
			return
		}
		m.Match(v)
	})
}
