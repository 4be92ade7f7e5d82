package procedure

import (
	"fmt"
	"slices"
	"strings"
)

// Cond is a declared condition: the value at Field is one of In (or, with Not, none of
// them). Field is a field of the form it is declared in ("decision"), or a qualified
// path into the application: "details.class", "object.type", "<section>.<field>".
type Cond struct {
	Field string
	In    []any
	Not   bool
}

// When is the condition "field is one of values".
func When(field string, values ...any) *Cond { return &Cond{Field: field, In: values} }

// Unless is the condition "field is none of values".
func Unless(field string, values ...any) *Cond { return &Cond{Field: field, In: values, Not: true} }

// condEnv resolves a condition's field: "" is the form being checked, other scopes are
// the application's sections ("details", ...) and "object".
type condEnv map[string]Values

func (c *Cond) value(env condEnv) (any, bool) {
	scope, name := "", c.Field
	if i := strings.IndexByte(c.Field, '.'); i >= 0 {
		if _, ok := env[c.Field[:i]]; ok {
			scope, name = c.Field[:i], c.Field[i+1:]
		}
	}
	v, ok := env[scope][name]
	return v, ok
}

func (c *Cond) holds(env condEnv) bool {
	v, ok := c.value(env)
	in := ok && slices.ContainsFunc(c.In, func(w any) bool { return same(v, w) })
	return in != c.Not
}

// same compares a form value with a declared one: numbers by value whatever their Go type.
func same(v, w any) bool {
	if x, ok := number(v); ok {
		if y, ok := number(w); ok {
			return x == y
		}
	}
	return v == w
}

func (c *Cond) String() string {
	op := "in"
	if c.Not {
		op = "not in"
	}
	return fmt.Sprintf("%s %s %v", c.Field, op, c.In)
}

// check verifies that an unqualified field names a field of the form and that the
// values are of its kind.
func (c *Cond) check(f *Form, where string) error {
	if c.Field == "" || len(c.In) == 0 {
		return fmt.Errorf("%s: a condition names a field and values", where)
	}
	if strings.Contains(c.Field, ".") {
		return nil // a qualified path into the application; resolved at run time
	}
	fl, ok := f.Field(c.Field)
	if !ok {
		return fmt.Errorf("%s: condition on unknown field %q", where, c.Field)
	}
	for _, v := range c.In {
		switch fl.Kind {
		case Enum:
			if s, _ := v.(string); !slices.Contains(fl.Values, s) {
				return fmt.Errorf("%s: condition value %v is not a value of %s", where, v, fl.Name)
			}
		case Number:
			if _, ok := number(v); !ok {
				return fmt.Errorf("%s: condition value %v is not a number", where, v)
			}
		case Bool:
			if _, ok := v.(bool); !ok {
				return fmt.Errorf("%s: condition value %v is not a bool", where, v)
			}
		}
	}
	return nil
}
