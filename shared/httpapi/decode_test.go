package httpapi

import (
	"slices"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/fault"
)

type sampleBody struct {
	Name  string          `json:"name"`
	Count *int            `json:"count"`
	Flags map[string]bool `json:"flags"`
	List  []string        `json:"list"`
}

func TestDecode(t *testing.T) {
	cases := []struct {
		name     string
		body     string
		optional bool
		kind     fault.Kind // Internal: no error expected
		field    string
	}{
		{"valid", `{"name":"x","count":2,"flags":{"1.1":true}}`, false, fault.Internal, ""},
		{"empty optional", ``, true, fault.Internal, ""},
		{"whitespace optional", " \n ", true, fault.Internal, ""},
		{"empty required", ``, false, fault.Invalid, ""},
		{"unknown field", `{"name":"x","evil":1}`, false, fault.Invalid, "evil"},
		{"wrong type", `{"count":"two"}`, false, fault.Invalid, "count"},
		{"wrong nested type", `{"flags":{"1.1":"yes"}}`, false, fault.Invalid, "flags"},
		{"array body", `[1,2]`, false, fault.Invalid, ""},
		{"string body", `"x"`, false, fault.Invalid, ""},
		{"truncated", `{"name":`, false, fault.Invalid, ""},
		{"trailing data", `{"name":"x"} {"name":"y"}`, false, fault.Invalid, ""},
		{"invalid utf-8", "{\"name\":\"\xff\xfe\"}", false, fault.Invalid, ""},
		{"deep nesting", `{"list":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, false, fault.Invalid, ""},
		{"huge number", `{"count":1e400}`, false, fault.Invalid, ""},
		{"null is fine", `{"name":null}`, false, fault.Internal, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var v sampleBody
			err := Decode([]byte(tc.body), &v, tc.optional)
			if tc.kind == fault.Internal {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if fault.KindOf(err) != tc.kind {
				t.Fatalf("kind %v, want %v (err %v)", fault.KindOf(err), tc.kind, err)
			}
			if tc.field != "" {
				var fe *fault.Error
				if !asFault(err, &fe) || len(fe.Fields) == 0 || fe.Fields[0].Field != tc.field {
					t.Fatalf("error does not name field %q: %+v", tc.field, err)
				}
			}
		})
	}
}

func asFault(err error, fe **fault.Error) bool {
	e, ok := err.(*fault.Error)
	if ok {
		*fe = e
	}
	return ok
}

func TestParseListClaim(t *testing.T) {
	cases := map[string][]string{
		"[applicant operator]":     {"applicant", "operator"}, // the HTTP API authorizer's form
		`["applicant","operator"]`: {"applicant", "operator"},
		"applicant,operator":       {"applicant", "operator"},
		"applicant":                {"applicant"},
		"[]":                       nil,
		"":                         nil,
		" [ authorized_body ] ":    {"authorized_body"},
		"[applicant, operator]":    {"applicant", "operator"},
	}
	for in, want := range cases {
		if got := ParseListClaim(in); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("ParseListClaim(%q) = %q, want %q", in, got, want)
		}
	}
}

// Request decoding never panics, and every refusal is a client error of the vocabulary.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"name":"x"}`, `{"flags":{"a":true}}`, `[`, `{"list":["a"]}`, "\xff", `{"count":-0}`} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, body []byte, optional bool) {
		var v sampleBody
		err := Decode(body, &v, optional)
		if err != nil && fault.KindOf(err) != fault.Invalid {
			t.Fatalf("decode error of kind %v: %v", fault.KindOf(err), err)
		}
	})
}

func FuzzParseListClaim(f *testing.F) {
	f.Add("[applicant operator]")
	f.Add(`["a","b"]`)
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range ParseListClaim(s) {
			if r == "" || strings.ContainsAny(r, " ,") && !strings.HasPrefix(s, "[\"") {
				t.Fatalf("ParseListClaim(%q) gave %q", s, r)
			}
		}
	})
}
