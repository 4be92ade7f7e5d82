package procedure_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/procedure"
)

type formCase struct {
	name   string
	form   *procedure.Form
	schema *jsonschema.Schema
}

// actionForms are every action input of every procedure, with its served schema compiled.
func actionForms(f interface{ Fatal(...any) }) []formCase {
	var out []formCase
	for _, p := range procedure.All() {
		for _, a := range p.Actions {
			if a.Input == nil {
				continue
			}
			out = append(out, formCase{p.ID + " " + a.Name, a.Input, compile(f, p.ID+"/"+a.Name, a.Input.Schema(true))})
		}
	}
	return out
}

func compile(f interface{ Fatal(...any) }, name string, s map[string]any) *jsonschema.Schema {
	b, err := json.Marshal(s)
	if err != nil {
		f.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		f.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	url := "mem://schema/" + name
	if err := c.AddResource(url, doc); err != nil {
		f.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		f.Fatal(err)
	}
	return sch
}

// trailing reports data after the first JSON value, which the HTTP layer refuses (400).
func trailing(dec *json.Decoder) bool {
	var junk any
	return dec.Decode(&junk) != io.EOF
}

// FuzzActionForms: any JSON body never panics the engine's forms, and a body the form
// accepts (decoded, complete) always satisfies the JSON Schema served for the action at
// GET /v1/procedures/{id}, so a portal that validates with the schema never sends a body
// it knows to be bad, and never rejects one the API would take.
func FuzzActionForms(f *testing.F) {
	forms := actionForms(f)
	for i := range forms {
		for _, seed := range []string{`{}`, `{"decision":"agree"}`, `{"decision":"refuse","comments":"x"}`,
			`{"decision":"include","reasons":["a","b"]}`, `{"architecture":"complies","note":"ok"}`,
			`{"outcome":"placed_elsewhere","note":"нет"}`, `{"checks":{"I2a":true,"I2b":false,"I2c":true,"I2d":true,"I2e":true}}`,
			`{"I1":true,"conclusion":"negative","reasons":[]}`, `{"note":"\u0000"}`, `{"decision":1}`, `[]`, `null`} {
			f.Add(uint8(i), []byte(seed))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, raw []byte) {
		fc := forms[int(which)%len(forms)]
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var body any
		if err := dec.Decode(&body); err != nil || trailing(dec) {
			return
		}
		m, ok := body.(map[string]any)
		if !ok {
			return
		}
		v, probs := fc.form.Decode(m, "")
		if len(probs.Invalid)+len(probs.Unprocessable) > 0 {
			return
		}
		if missing := fc.form.Complete(v, "", nil); len(missing) > 0 {
			return
		}
		var inst any
		if err := json.Unmarshal(raw, &inst); err != nil {
			t.Fatalf("%s: re-read %q: %v", fc.name, raw, err)
		}
		if err := fc.schema.Validate(inst); err != nil {
			t.Fatalf("%s accepted %s, which its served schema refuses: %v", fc.name, raw, err)
		}
	})
}

// FuzzCreate: any draft never panics Create, and a draft it accepts satisfies the create
// schema served for the procedure.
func FuzzCreate(f *testing.F) {
	schemas := map[string]*jsonschema.Schema{}
	var ids []string
	for _, p := range procedure.All() {
		if p.Opening.Via == procedure.ViaApplication {
			schemas[p.ID] = compile(f, p.ID+"/create", p.CreateSchema())
			ids = append(ids, p.ID)
		}
	}
	for i := range ids {
		for _, seed := range []string{`{"object":{"name":"IS","type":"information_system"}}`,
			`{"object":{"name":"IS","type":"information_system"},"criteria":{"1.1":true}}`,
			`{"details":{"title":"Архитектура","domain":"Юстиция"}}`,
			`{"object":{"name":"E","type":"information_system"},"details":{"class":2,"services":["platform"]}}`,
			`{"object":{"id":"01kmb2x4q7r8s9t0v1w2x3y4z5"}}`,
			`{"object":{"name":"E","type":"information_system"},"environment":{"types":["testing"],"agreementDate":"2026-03-13"}}`,
			`{"details":{"class":1.5}}`, `{"object":"x"}`} {
			f.Add(uint8(i), []byte(seed))
		}
	}
	c := actor.Caller{Sub: "fuzz", Org: "kz-fuzz", Roles: []actor.Role{actor.Applicant, actor.ServiceIntegrator}}
	f.Fuzz(func(t *testing.T, which uint8, raw []byte) {
		id := ids[int(which)%len(ids)]
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var body map[string]any
		if err := dec.Decode(&body); err != nil || body == nil || trailing(dec) {
			return
		}
		d := procedure.Draft{Procedure: id}
		for k, v := range body {
			switch k {
			case "procedure":
				return // the draft names its procedure by the fuzzer's choice
			case "object":
				o, ok := v.(map[string]any)
				if !ok {
					return
				}
				d.Object = &procedure.ObjectInput{}
				for ok2, x := range o {
					s, isStr := x.(string)
					if !isStr {
						return
					}
					switch ok2 {
					case "id":
						d.Object.ID = s
					case "name":
						d.Object.Name = s
					case "type":
						d.Object.Type = s
					default:
						return
					}
				}
			default:
				if d.Sections == nil {
					d.Sections = map[string]any{}
				}
				d.Sections[k] = v
			}
		}
		obj := &procedure.ObjectFacts{Org: "kz-fuzz", Type: "information_system", Stage: "operation", Supplier: "kz-supplier"}
		if d.Object != nil {
			obj.ID = d.Object.ID
		}
		if _, err := procedure.Create(d, c, t0, "01fuzzapp", "01fuzzobj", obj); err != nil {
			return
		}
		body["procedure"] = id
		b, _ := json.Marshal(body)
		var inst any
		_ = json.Unmarshal(b, &inst)
		if err := schemas[id].Validate(inst); err != nil {
			t.Fatalf("%s accepted %s, which its create schema refuses: %v", id, b, err)
		}
	})
}

// The schemas a portal builds its forms from describe every field with its basis.
func TestServedSchemasCarryTheBasis(t *testing.T) {
	for _, p := range procedure.All() {
		s := p.Serve()
		for _, a := range s.Actions {
			if a.Input == nil {
				continue
			}
			for name, prop := range a.Input["properties"].(map[string]any) {
				d, _ := prop.(map[string]any)["description"].(string)
				if !strings.Contains(d, "(") {
					t.Errorf("%s %s: field %s has no basis in its description: %q", p.ID, a.Name, name, d)
				}
			}
		}
		if fmt.Sprint(s.Create["properties"].(map[string]any)["procedure"]) != fmt.Sprint(map[string]any{"const": p.ID}) {
			t.Errorf("%s: the create schema does not fix the procedure", p.ID)
		}
	}
}
