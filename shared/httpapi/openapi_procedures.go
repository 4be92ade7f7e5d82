package httpapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/procedure"
)

// actionsMarker is where the action route's description gets the generated table.
const actionsMarker = "<!-- procedure actions -->"

// generateFromDeclarations writes into the assembled document what the procedure
// declarations say: the enums (procedures, statuses, document kinds, object types, roles,
// actions, clock rules), a create schema per procedure, a body schema per action, and the
// table of actions. Adding a procedure is then one declaration file: the document follows.
func generateFromDeclarations(doc *yaml.Node) error {
	schemas := MappingValue(MappingValue(doc, "components", true), "schemas", true)
	var ids, statuses, kinds, types, actions, rules []string
	add := func(list *[]string, v string) {
		if v != "" && !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	var createRefs, bodyRefs []any
	mapping := map[string]any{}
	var rows []any
	table := "| action | procedure | role | from → to | body | basis |\n|---|---|---|---|---|---|\n"
	for _, p := range procedure.All() {
		add(&ids, p.ID)
		for _, s := range p.Statuses() {
			add(&statuses, string(s))
		}
		for _, d := range p.Documents {
			add(&kinds, d.Kind)
		}
		for _, t := range p.Subject.Types {
			add(&types, t)
		}
		for _, st := range p.Steps {
			if r, ok := p.StepRule(st); ok {
				add(&rules, r.Name)
			}
		}
		for _, t := range p.Terms {
			add(&rules, t.Rule.Name)
		}
		if p.Opening.Via == procedure.ViaApplication {
			name := "Create_" + schemaName(p.ID)
			cs := p.CreateSchema()
			delete(cs, "$schema")
			cs["title"] = p.ID + " (" + p.Basis + ")"
			if err := setSchema(schemas, name, cs); err != nil {
				return err
			}
			ref := "#/components/schemas/" + name
			createRefs = append(createRefs, map[string]any{"$ref": ref})
			mapping[p.ID] = ref
		}
		for _, a := range p.Actions {
			add(&actions, a.Name)
			body := "none"
			if a.Input != nil {
				name := "ActionBody_" + schemaName(p.ID) + "_" + a.Name
				s := a.Input.Schema(true)
				s["title"] = a.Name + " of " + p.ID + " (" + a.Basis + ")"
				if err := setSchema(schemas, name, s); err != nil {
					return err
				}
				bodyRefs = append(bodyRefs, map[string]any{"$ref": "#/components/schemas/" + name})
				body = name
			}
			to := make([]string, 0, len(a.Targets()))
			for _, t := range a.Targets() {
				to = append(to, string(t))
			}
			role := string(a.Role)
			switch {
			case a.Party != "":
				role += " (" + a.Party + ")"
			case a.Role == actor.Applicant:
				role += " (owner org)"
			}
			rows = append(rows, map[string]any{"procedure": p.ID, "action": a.Name, "role": role, "from": string(a.From),
				"to": to, "body": body, "basis": a.Basis})
			table += fmt.Sprintf("| `%s` | `%s` | `%s` | `%s` → `%s` | %s | %s |\n", a.Name, p.ID, role, a.From,
				strings.Join(to, "` \\| `"), bodyText(body), strings.ReplaceAll(a.Basis, "|", "\\|"))
		}
	}
	roles := make([]string, 0, len(actor.Roles))
	for _, r := range actor.Roles {
		roles = append(roles, string(r))
	}
	for name, values := range map[string][]string{"ProcedureId": ids, "ApplicationStatus": statuses, "DocumentKind": kinds,
		"ObjectType": types, "Role": roles} {
		if err := setSchema(schemas, name, map[string]any{"type": "string", "enum": values,
			"description": "Generated from the procedure declarations."}); err != nil {
			return err
		}
	}
	if err := setSchema(schemas, "CreateApplicationRequest", map[string]any{
		"description": "The draft to open; its fields depend on the procedure (generated from the declarations).",
		"oneOf":       createRefs, "discriminator": map[string]any{"propertyName": "procedure", "mapping": mapping}}); err != nil {
		return err
	}
	if err := setSchema(schemas, "ActionBody", map[string]any{
		"description": "None, `{}`, or the action's body, by procedure and action (generated from the declarations).",
		"anyOf":       append([]any{map[string]any{"$ref": "#/components/schemas/EmptyActionBody"}}, bodyRefs...)}); err != nil {
		return err
	}
	if clk := MappingValue(MappingValue(MappingValue(schemas, "Clock", false), "properties", false), "step", false); clk != nil {
		setKey(clk, "enum", toNode(rules))
	}
	params := MappingValue(MappingValue(doc, "components", true), "parameters", true)
	if p := MappingValue(MappingValue(params, "Action", false), "schema", false); p != nil {
		setKey(p, "enum", toNode(actions))
	}
	op := MappingValue(MappingValue(MappingValue(doc, "paths", false), "/v1/applications/{id}/{action}", false), "post", false)
	if op == nil {
		return fmt.Errorf("no POST /v1/applications/{id}/{action} to describe")
	}
	setKey(op, "x-procedure-actions", toNode(rows))
	if d := MappingValue(op, "description", false); d != nil {
		if !strings.Contains(d.Value, actionsMarker) {
			return fmt.Errorf("the action route's description has no %s", actionsMarker)
		}
		d.Value = strings.Replace(d.Value, actionsMarker, strings.TrimSpace(table), 1)
	}
	return nil
}

func bodyText(body string) string {
	if body == "none" {
		return "none or `{}`"
	}
	return "`" + body + "`"
}

// schemaName makes an OpenAPI component name of a procedure id (kz-operator-list →
// kz_operator_list): component names allow letters, digits, '.', '-' and '_', but a
// readable, stable underscore form is what generated clients name their types after.
func schemaName(id string) string { return strings.ReplaceAll(id, "-", "_") }

func setSchema(schemas *yaml.Node, name string, v any) error {
	n := toNode(v)
	if n == nil {
		return fmt.Errorf("schema %s: cannot encode", name)
	}
	setKey(schemas, name, n)
	return nil
}

// setKey replaces the value of key in mapping m, or adds it.
func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

// toNode turns a JSON-able value into a YAML node (JSON is YAML), with keys sorted as
// encoding/json sorts them, so the document is the same on every start.
func toNode(v any) *yaml.Node {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var n yaml.Node
	if err := yaml.Unmarshal(b, &n); err != nil || len(n.Content) == 0 {
		return nil
	}
	clearStyle(n.Content[0])
	return n.Content[0]
}

// clearStyle writes generated parts in block style, as the hand-written ones are.
func clearStyle(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style = 0
		if n.Kind == yaml.SequenceNode && len(n.Content) > 0 && n.Content[0].Kind == yaml.ScalarNode {
			n.Style = yaml.FlowStyle
		}
	}
	for _, c := range n.Content {
		clearStyle(c)
	}
}
