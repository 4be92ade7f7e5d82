package procedure

import (
	"slices"
	"strings"

	"github.com/ictgov/ictgov/shared/clock"
)

// Served is a procedure as GET /v1/procedures/{id} returns it (contract part two, "Procedures
// are served as data"), with what a portal needs to build its forms: a JSON Schema for the
// body that opens an application and for every action's input.
type Served struct {
	ID          string                 `json:"id"`
	Country     string                 `json:"country"`
	Title       string                 `json:"title"`
	Basis       string                 `json:"basis"`
	Initial     Status                 `json:"initial"`
	Subject     ServedSubject          `json:"subject"`
	Opening     ServedOpening          `json:"opening"`
	ObjectTypes map[string][]ServedDoc `json:"objectTypes"`
	Documents   []ServedDocRule        `json:"documents"`
	Uploads     []Status               `json:"uploads"`
	Statuses    []Status               `json:"statuses"`
	Steps       []ServedStep           `json:"steps"`
	Actions     []ServedAction         `json:"actions"`
	Outcomes    []ServedOutcome        `json:"outcomes"`
	Terms       []ServedClock          `json:"terms"`
	Rules       []ServedRule           `json:"rules"`
	Create      map[string]any         `json:"create"` // JSON Schema of POST /v1/applications
}

// ServedSubject is what the applications are about.
type ServedSubject struct {
	Kind    SubjectKind `json:"kind"`
	Types   []string    `json:"types,omitempty"`
	Parties []string    `json:"parties,omitempty"`
	Stages  []string    `json:"stages,omitempty"`
	Basis   string      `json:"basis"`
}

// ServedOpening is who opens the procedure and how.
type ServedOpening struct {
	Role  string `json:"role"`
	Via   string `json:"via"`
	Basis string `json:"basis"`
}

// ServedDoc is one required document kind of an object type (contract shape).
type ServedDoc struct {
	Kind  string `json:"kind"`
	Basis string `json:"basis"`
}

// ServedDocRule is one required document with the conditions it is required under.
type ServedDocRule struct {
	Kind        string   `json:"kind"`
	ObjectTypes []string `json:"objectTypes,omitempty"`
	When        string   `json:"when,omitempty"`
	Basis       string   `json:"basis"`
}

// ServedStep is a step with its limit (contract shape) and its full clock rule.
type ServedStep struct {
	Status Status       `json:"status"`
	Owner  string       `json:"owner"`
	Limit  clock.Limit  `json:"limit"`
	Basis  string       `json:"basis"`
	Title  string       `json:"title"`
	Clock  *ServedClock `json:"clock,omitempty"`
}

// ServedClock is a clock rule.
type ServedClock struct {
	Name  string      `json:"name"`
	Kind  clock.Kind  `json:"kind"`
	After Status      `json:"after,omitempty"`
	Count clock.Count `json:"count"`
	Basis string      `json:"basis"`
	Title string      `json:"title"`
}

// ServedAction is an action with the JSON Schema of its body (null: it takes none).
type ServedAction struct {
	Name     string         `json:"name"`
	Role     string         `json:"role"`
	Party    string         `json:"party,omitempty"`
	From     Status         `json:"from"`
	To       []Status       `json:"to"`
	Basis    string         `json:"basis"`
	Input    map[string]any `json:"input"`
	Branches []ServedBranch `json:"branches,omitempty"`
	Rules    []string       `json:"rules,omitempty"`
	Records  string         `json:"records,omitempty"`
	Submits  bool           `json:"submits,omitempty"`
	NewRound bool           `json:"newRound,omitempty"`
}

// ServedBranch is one outcome of an action and the input that chooses it.
type ServedBranch struct {
	When  string `json:"when,omitempty"`
	To    Status `json:"to"`
	Basis string `json:"basis"`
}

// ServedOutcome is a final status.
type ServedOutcome struct {
	Status  Status   `json:"status"`
	Basis   string   `json:"basis"`
	Effects []Effect `json:"effects,omitempty"`
}

// ServedRule is a named legal rule.
type ServedRule struct {
	Name  string   `json:"name"`
	Basis string   `json:"basis"`
	Doc   string   `json:"doc"`
	Facts []string `json:"facts,omitempty"`
}

// Serve renders the declaration as data.
func (p *Procedure) Serve() Served {
	s := Served{ID: p.ID, Country: p.Country, Title: p.Title, Basis: p.Basis, Initial: p.Initial,
		Subject:     ServedSubject{Kind: p.Subject.Kind, Types: p.ObjectTypes(), Parties: p.Subject.Parties, Stages: p.Subject.Stages, Basis: p.Subject.Basis},
		Opening:     ServedOpening{Role: string(p.Opening.Role), Via: p.Opening.Via, Basis: p.Opening.Basis},
		ObjectTypes: map[string][]ServedDoc{}, Documents: []ServedDocRule{}, Uploads: p.UploadStatuses(),
		Statuses: p.Statuses(), Steps: []ServedStep{}, Actions: []ServedAction{}, Outcomes: []ServedOutcome{},
		Terms: []ServedClock{}, Rules: []ServedRule{}, Create: p.CreateSchema()}
	for _, t := range p.Subject.Types {
		s.ObjectTypes[t] = []ServedDoc{}
	}
	for _, d := range p.Documents {
		sd := ServedDocRule{Kind: d.Kind, ObjectTypes: d.ObjectTypes, Basis: d.Basis}
		if d.When != nil {
			sd.When = d.When.String()
		}
		s.Documents = append(s.Documents, sd)
		types := d.ObjectTypes
		if len(types) == 0 {
			types = p.Subject.Types
		}
		for _, t := range types {
			s.ObjectTypes[t] = append(s.ObjectTypes[t], ServedDoc{Kind: d.Kind, Basis: d.Basis})
		}
	}
	for _, st := range p.Steps {
		ss := ServedStep{Status: st.Status, Owner: string(st.Owner), Limit: clock.Limit{Kind: clock.NoLimit}, Basis: st.Basis, Title: st.Title}
		if r, ok := p.StepRule(st); ok {
			ss.Limit = r.Count.Limit
			ss.Clock = &ServedClock{Name: r.Name, Kind: r.Kind, Count: r.Count, Basis: r.Basis, Title: r.Title}
		}
		s.Steps = append(s.Steps, ss)
	}
	for _, a := range p.Actions {
		sa := ServedAction{Name: a.Name, Role: string(a.Role), Party: a.Party, From: a.From, To: a.Targets(), Basis: a.Basis,
			Records: a.Records, Submits: a.Submits, NewRound: a.NewRound}
		if a.Input != nil {
			sa.Input = a.Input.Schema(true)
		}
		for _, b := range a.Branches {
			sb := ServedBranch{To: b.To, Basis: b.Basis}
			if b.When != nil {
				sb.When = b.When.String()
			}
			sa.Branches = append(sa.Branches, sb)
		}
		for _, r := range a.Rules {
			sa.Rules = append(sa.Rules, r.Name)
		}
		s.Actions = append(s.Actions, sa)
	}
	for _, o := range p.Outcomes {
		s.Outcomes = append(s.Outcomes, ServedOutcome{Status: o.Status, Basis: o.Basis, Effects: o.Effects})
	}
	for _, t := range p.Terms {
		s.Terms = append(s.Terms, ServedClock{Name: t.Rule.Name, Kind: t.Rule.Kind, After: t.After, Count: t.Rule.Count, Basis: t.Rule.Basis, Title: t.Rule.Title})
	}
	for _, r := range p.rules() {
		if !slices.ContainsFunc(s.Rules, func(x ServedRule) bool { return x.Name == r.Name }) {
			s.Rules = append(s.Rules, ServedRule{Name: r.Name, Basis: r.Basis, Doc: r.Doc, Facts: r.Facts})
		}
	}
	return s
}

// CreateSchema is the JSON Schema of the body that opens an application of the procedure
// (POST /v1/applications): the procedure's id, its object, its draft sections.
func (p *Procedure) CreateSchema() map[string]any {
	props := map[string]any{"procedure": map[string]any{"const": p.ID}}
	required := []string{"procedure"}
	if p.Subject.HasObject() {
		newObj := map[string]any{"type": "object", "additionalProperties": false, "required": []string{"name", "type"},
			"properties": map[string]any{"name": map[string]any{"type": "string", "minLength": 1, "maxLength": maxNameBytes},
				"type": map[string]any{"enum": p.ObjectTypes()}}}
		oldObj := map[string]any{"type": "object", "additionalProperties": false, "required": []string{"id"},
			"properties": map[string]any{"id": map[string]any{"type": "string"}}}
		switch p.Subject.Kind {
		case NewObject:
			props["object"] = newObj
		case ExistingObject:
			props["object"] = oldObj
		default:
			props["object"] = map[string]any{"oneOf": []any{newObj, oldObj}}
		}
		required = append(required, "object")
	}
	for _, sec := range p.Draft {
		props[sec.Key] = sec.Form.Schema(false)
	}
	return map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
		"additionalProperties": false, "properties": props, "required": required}
}

// Schema is the form as a JSON Schema (2020-12). complete marks required fields required
// (an action's input); a draft's fields are required only at submission.
func (f *Form) Schema(complete bool) map[string]any {
	props := map[string]any{}
	var required []string
	var conds []any
	for _, fl := range f.Fields {
		fs := fl.schema()
		props[fl.Name] = fs
		if !complete {
			continue
		}
		if fl.Required {
			required = append(required, fl.Name)
			switch fl.Kind {
			case BoolSet:
				fs["required"] = fl.Keys
			case List:
				fs["minItems"] = max(fl.MinItems, 1)
			case Text:
				fs["minLength"] = 1
			}
		}
		if c := fl.RequiredWhen; c != nil && !strings.Contains(c.Field, ".") && !c.Not {
			then := map[string]any{"required": []string{fl.Name}}
			if fl.Kind == Text {
				then["properties"] = map[string]any{fl.Name: map[string]any{"minLength": 1}}
			}
			conds = append(conds, map[string]any{
				"if":   map[string]any{"required": []string{c.Field}, "properties": map[string]any{c.Field: map[string]any{"enum": c.In}}},
				"then": then})
		}
	}
	s := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	if len(conds) > 0 {
		s["allOf"] = conds
	}
	return s
}

func (fl Field) schema() map[string]any {
	s := map[string]any{"description": strings.TrimSpace(fl.Title + " (" + fl.Basis + ")")}
	str := func(kind FieldKind) map[string]any {
		switch kind {
		case Enum:
			return map[string]any{"type": "string", "enum": fl.Values}
		case Date:
			return map[string]any{"type": "string", "format": "date", "pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`}
		}
		return map[string]any{"type": "string", "maxLength": fl.maxLen()}
	}
	switch fl.Kind {
	case Text, Enum, Date:
		for k, v := range str(fl.Kind) {
			s[k] = v
		}
	case Bool:
		s["type"] = "boolean"
	case Number:
		s["type"] = "number"
		if fl.Integer {
			s["type"] = "integer"
		}
		if len(fl.Numbers) > 0 {
			s["enum"] = fl.Numbers
		}
		if fl.Min != nil {
			s["minimum"] = *fl.Min
		}
		if fl.Max != nil {
			s["maximum"] = *fl.Max
		}
	case BoolSet:
		ps := map[string]any{}
		for _, k := range fl.Keys {
			ps[k] = map[string]any{"type": "boolean"}
		}
		s["type"], s["properties"], s["additionalProperties"] = "object", ps, false
	case List:
		s["type"], s["items"], s["maxItems"] = "array", str(fl.Item), fl.maxItems()
		if fl.Unique {
			s["uniqueItems"] = true
		}
	}
	return s
}
