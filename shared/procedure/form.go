package procedure

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/fault"
)

// Values are the fields of a form as the engine holds them: string (text, enum, date),
// float64 (number), bool, []any (list), map[string]any of bool (bool set).
type Values map[string]any

// FieldKind is the type of a form field.
type FieldKind string

// The field kinds.
const (
	Enum    FieldKind = "enum"    // one of Values
	Text    FieldKind = "text"    // a string of at most MaxLen bytes, no control characters
	Date    FieldKind = "date"    // YYYY-MM-DD, parsed strictly
	BoolSet FieldKind = "boolset" // an object of the Keys, each true or false
	List    FieldKind = "list"    // an array of Item
	Number  FieldKind = "number"  // a number, optionally integral, within bounds or one of Numbers
	Bool    FieldKind = "bool"    // true or false
)

// Field is one field of a form. Every field names its basis.
type Field struct {
	Name  string
	Kind  FieldKind
	Title string
	Basis string
	// Values are an enum's values (and a list's, when its items are enums).
	Values []string
	// Keys are a bool set's keys.
	Keys []string
	// Item is a list's item kind: Text or Enum.
	Item FieldKind
	// Numbers, when set, are the only numbers a Number field takes (e.g. class 1, 2, 3).
	Numbers []float64
	// Integer requires a Number to be whole; Min and Max bound it.
	Integer  bool
	Min, Max *float64
	// MinItems, MaxItems and Unique bound a List.
	MinItems, MaxItems int
	Unique             bool
	// MaxLen bounds a Text (and a list of texts' items), in bytes; 0 means 4000.
	MaxLen int
	// Multiline lets a Text hold line breaks and tabs.
	Multiline bool
	// Required: the field must be given (non-empty; a bool set must answer every key)
	// when the form is complete: an action's input, or a draft at submission.
	Required bool
	// RequiredWhen makes the field required when the condition holds.
	RequiredWhen *Cond
}

// Form is a set of typed fields.
type Form struct {
	Fields []Field
}

// Field returns the named field.
func (f *Form) Field(name string) (Field, bool) {
	if f == nil {
		return Field{}, false
	}
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl, true
		}
	}
	return Field{}, false
}

const (
	defaultMaxLen = 4000
	maxListItems  = 200
)

func (fl Field) maxLen() int {
	if fl.MaxLen > 0 {
		return fl.MaxLen
	}
	return defaultMaxLen
}

func (fl Field) maxItems() int {
	if fl.MaxItems > 0 {
		return fl.MaxItems
	}
	return maxListItems
}

// Problems collects what is wrong with input: Invalid (400: not the shape the schema
// says) and Unprocessable (422: the shape is right, a rule is not met).
type Problems struct {
	Invalid       []fault.Field
	Unprocessable []fault.Field
}

func (p *Problems) bad(field, reason string) {
	p.Invalid = append(p.Invalid, fault.Field{Field: field, Reason: reason})
}
func (p *Problems) unmet(field, reason string) {
	p.Unprocessable = append(p.Unprocessable, fault.Field{Field: field, Reason: reason})
}
func (p *Problems) any() bool { return len(p.Invalid)+len(p.Unprocessable) > 0 }
func (p *Problems) add(o Problems) {
	p.Invalid = append(p.Invalid, o.Invalid...)
	p.Unprocessable = append(p.Unprocessable, o.Unprocessable...)
}
func (p *Problems) err(detail string) error {
	switch {
	case len(p.Invalid) > 0:
		return fault.WithFields(fault.Invalid, detail, append(p.Invalid, p.Unprocessable...)...)
	case len(p.Unprocessable) > 0:
		return fault.WithFields(fault.Unprocessable, detail, p.Unprocessable...)
	}
	return nil
}

// Decode reads raw JSON values (as encoding/json decodes them with UseNumber) into the
// form's typed values. Unknown fields and values of the wrong JSON type are Invalid; an
// enum value, a date, a bound or a length that does not hold is Unprocessable. prefix
// is put before field names in problems ("details.").
func (f *Form) Decode(raw map[string]any, prefix string) (Values, Problems) {
	var p Problems
	out := Values{}
	names := make([]string, 0, len(raw))
	for k := range raw {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fl, ok := f.Field(k)
		if !ok {
			p.bad(prefix+k, "unknown field")
			continue
		}
		if v, ok := fl.decode(raw[k], prefix+k, &p); ok {
			out[k] = v
		}
	}
	return out, p
}

func (fl Field) decode(raw any, name string, p *Problems) (any, bool) {
	switch fl.Kind {
	case Text, Enum, Date:
		s, ok := raw.(string)
		if !ok {
			p.bad(name, "must be a string")
			return nil, false
		}
		return s, fl.checkString(s, fl.Kind, name, p)
	case Bool:
		b, ok := raw.(bool)
		if !ok {
			p.bad(name, "must be true or false")
			return nil, false
		}
		return b, true
	case Number:
		x, ok := number(raw)
		if !ok {
			p.bad(name, "must be a number")
			return nil, false
		}
		return x, fl.checkNumber(x, name, p)
	case BoolSet:
		m, ok := raw.(map[string]any)
		if !ok {
			p.bad(name, "must be an object of true/false answers")
			return nil, false
		}
		out := map[string]any{}
		good := true
		for _, k := range sortedKeys(m) {
			if !slices.Contains(fl.Keys, k) {
				p.bad(name+"."+k, "unknown key; one of "+strings.Join(fl.Keys, ", "))
				good = false
				continue
			}
			b, ok := m[k].(bool)
			if !ok {
				p.bad(name+"."+k, "must be true or false")
				good = false
				continue
			}
			out[k] = b
		}
		return out, good
	case List:
		arr, ok := raw.([]any)
		if !ok {
			p.bad(name, "must be an array")
			return nil, false
		}
		if len(arr) > fl.maxItems() {
			p.unmet(name, fmt.Sprintf("at most %d items", fl.maxItems()))
			return nil, false
		}
		out := make([]any, 0, len(arr))
		good := true
		for i, v := range arr {
			s, ok := v.(string)
			item := fmt.Sprintf("%s[%d]", name, i)
			if !ok {
				p.bad(item, "must be a string")
				good = false
				continue
			}
			if !fl.checkString(s, fl.Item, item, p) {
				good = false
				continue
			}
			if fl.Unique && slices.Contains(out, any(s)) {
				p.unmet(item, "repeats "+s)
				good = false
				continue
			}
			out = append(out, s)
		}
		return out, good
	}
	p.bad(name, "cannot be set")
	return nil, false
}

func (fl Field) checkString(s string, kind FieldKind, name string, p *Problems) bool {
	if !utf8.ValidString(s) {
		p.bad(name, "must be valid UTF-8")
		return false
	}
	switch kind {
	case Enum:
		if !slices.Contains(fl.Values, s) {
			p.unmet(name, "must be one of "+strings.Join(fl.Values, ", "))
			return false
		}
	case Date:
		if _, err := calendar.ParseDate(s); err != nil {
			p.unmet(name, "must be a date YYYY-MM-DD")
			return false
		}
	default:
		if len(s) > fl.maxLen() {
			p.unmet(name, fmt.Sprintf("longer than %d bytes", fl.maxLen()))
			return false
		}
		if strings.ContainsFunc(s, func(r rune) bool {
			return unicode.IsControl(r) && !(fl.Multiline && (r == '\n' || r == '\r' || r == '\t'))
		}) {
			p.unmet(name, "contains control characters")
			return false
		}
	}
	return true
}

func (fl Field) checkNumber(x float64, name string, p *Problems) bool {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		p.bad(name, "must be a finite number")
	case fl.Integer && x != math.Trunc(x):
		p.unmet(name, "must be a whole number")
	case len(fl.Numbers) > 0 && !slices.Contains(fl.Numbers, x):
		p.unmet(name, "must be one of "+numbersText(fl.Numbers))
	case fl.Min != nil && x < *fl.Min:
		p.unmet(name, fmt.Sprintf("at least %g", *fl.Min))
	case fl.Max != nil && x > *fl.Max:
		p.unmet(name, fmt.Sprintf("at most %g", *fl.Max))
	default:
		return true
	}
	return false
}

func numbersText(ns []float64) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprintf("%g", n)
	}
	return strings.Join(parts, ", ")
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Complete checks that every required field is given: prefix names the section in
// problems. env resolves conditions (nil: the form's own values).
func (f *Form) Complete(v Values, prefix string, env condEnv) []fault.Field {
	if env == nil {
		env = condEnv{"": v} // the form on its own: conditions on its own fields
	}
	var out []fault.Field
	for _, fl := range f.Fields {
		required := fl.Required
		if fl.RequiredWhen != nil && fl.RequiredWhen.holds(env) {
			required = true
		}
		if !required {
			continue
		}
		x, ok := v[fl.Name]
		switch fl.Kind {
		case BoolSet:
			m, _ := x.(map[string]any)
			for _, k := range fl.Keys {
				if _, ok := m[k]; !ok {
					out = append(out, fault.Field{Field: prefix + fl.Name + "." + k, Reason: "unanswered; required by " + fl.Basis})
				}
			}
		case List:
			arr, _ := x.([]any)
			min := max(fl.MinItems, 1)
			if len(arr) < min {
				out = append(out, fault.Field{Field: prefix + fl.Name, Reason: fmt.Sprintf("name at least %d; required by %s", min, fl.Basis)})
			}
		case Bool:
			if !ok {
				out = append(out, fault.Field{Field: prefix + fl.Name, Reason: "unanswered; required by " + fl.Basis})
			}
		case Text:
			if s, _ := x.(string); !ok || strings.TrimSpace(s) == "" {
				out = append(out, fault.Field{Field: prefix + fl.Name, Reason: "required (non-empty) by " + fl.Basis})
			}
		default:
			if !ok {
				out = append(out, fault.Field{Field: prefix + fl.Name, Reason: "required by " + fl.Basis})
			}
		}
	}
	return out
}

// Clone copies values deeply enough that a change never aliases the state it came from.
func (v Values) Clone() Values {
	if v == nil {
		return nil
	}
	out := make(Values, len(v))
	for k, x := range v {
		out[k] = cloneValue(x)
	}
	return out
}

func cloneValue(x any) any {
	switch t := x.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, v := range t {
			m[k] = cloneValue(v)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, v := range t {
			s[i] = cloneValue(v)
		}
		return s
	}
	return x
}

// String returns a text, enum or date value, or "".
func (v Values) String(k string) string { s, _ := v[k].(string); return s }

// Number returns a number value and whether it is set.
func (v Values) Number(k string) (float64, bool) { return number(v[k]) }

// Bool returns a bool value.
func (v Values) Bool(k string) bool { b, _ := v[k].(bool); return b }

// Strings returns a list value as strings.
func (v Values) Strings(k string) []string {
	arr, _ := v[k].([]any)
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Set returns a bool set value (absent keys are not in the map).
func (v Values) Set(k string) map[string]bool {
	m, _ := v[k].(map[string]any)
	out := make(map[string]bool, len(m))
	for key, x := range m {
		if b, ok := x.(bool); ok {
			out[key] = b
		}
	}
	return out
}

// check verifies a form declaration: names unique, kinds known, enums and sets listed,
// conditions naming fields of the form (or qualified paths), every field with a basis.
func (f *Form) check(where string) error {
	seen := map[string]bool{}
	for _, fl := range f.Fields {
		w := where + " field " + fl.Name
		switch {
		case fl.Name == "":
			return fmt.Errorf("%s: a field without a name", where)
		case seen[fl.Name]:
			return fmt.Errorf("%s: declared twice", w)
		case fl.Basis == "":
			return fmt.Errorf("%s: no basis", w)
		}
		seen[fl.Name] = true
		switch fl.Kind {
		case Enum:
			if len(fl.Values) == 0 {
				return fmt.Errorf("%s: an enum lists its values", w)
			}
		case BoolSet:
			if len(fl.Keys) == 0 {
				return fmt.Errorf("%s: a bool set lists its keys", w)
			}
		case List:
			if fl.Item != Text && fl.Item != Enum {
				return fmt.Errorf("%s: a list holds texts or enums", w)
			}
			if fl.Item == Enum && len(fl.Values) == 0 {
				return fmt.Errorf("%s: a list of enums lists its values", w)
			}
		case Text, Date, Number, Bool:
		default:
			return fmt.Errorf("%s: unknown kind %q", w, fl.Kind)
		}
	}
	for _, fl := range f.Fields {
		if c := fl.RequiredWhen; c != nil {
			if err := c.check(f, where+" field "+fl.Name); err != nil {
				return err
			}
		}
	}
	return nil
}
