package procedure

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
)

// Change is everything one state change writes, in one conditional transaction
// (principle 3): the application at its new version, the audit event carrying its
// notices, the clocks that start or stop, and the registry effects.
type Change struct {
	Procedure   *Procedure
	PrevVersion int    // the version the write is conditioned on (0: a new application)
	PrevStatus  Status // the status the write is conditioned on
	PrevDocSeq  int    // the documents count the write is conditioned on
	App         *Application
	Event       audit.Event
	Clocks      []clock.Clock // clocks to write as they now are
	// PrevClockStates holds, for each clock the change stops (by key), the state it was
	// read in: the write is conditioned on it so a concurrent firing is never overwritten.
	PrevClockStates map[string]clock.State
	Effects         []Effect
	// NewObject is the object the application registers (on creation), ObjectChanged a
	// draft's new name or type for it.
	NewObject     *ObjectRef
	ObjectChanged bool
	// OpenedVia is set when an event on the object opened the application (a cessation):
	// the object records the application it opened.
	OpenedVia string
}

// Draft is what a body to open or to change an application carries: the procedure, the
// object (new: name and type; existing: id), and the draft sections by key as decoded
// JSON (e.g. "criteria", "details").
type Draft struct {
	Procedure string
	Object    *ObjectInput
	Sections  map[string]any
}

// ObjectInput is the body's "object": a new object's name and type, or an existing id.
type ObjectInput struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`
}

const maxNameBytes = 500

// Create opens a new application in the procedure's initial status. The ids come from
// the caller so that the store can make them (time-ordered) and tests can fix them; obj
// is the registry's facts of the existing object the draft names, nil when it names none
// or one the store does not have.
func Create(d Draft, c actor.Caller, now time.Time, appID, objectID string, obj *ObjectFacts) (*Change, error) {
	p, ok := Lookup(d.Procedure)
	if !ok {
		return nil, fault.WithFields(fault.Unprocessable, "unknown procedure",
			fault.Field{Field: "procedure", Reason: "must be one of " + strings.Join(openedBy(ViaApplication), ", ")})
	}
	if p.Opening.Via != ViaApplication {
		return nil, fault.WithFields(fault.Unprocessable, "procedure "+p.ID+" is not opened by an application",
			fault.Field{Field: "procedure", Reason: "opened by " + p.Opening.Via})
	}
	if !c.Has(p.Opening.Role) || c.Org == "" {
		return nil, fault.E(fault.Forbidden, "only %s of an organisation may open %s (%s)", p.Opening.Role, p.ID, p.Opening.Basis)
	}
	now = now.UTC()
	a := &Application{ID: appID, Procedure: p.ID, Org: c.Org, Status: p.Initial, Version: 1, Round: 1,
		CreatedAt: now, CreatedBy: c.Sub, UpdatedAt: now, Details: Values{}}
	ch := &Change{Procedure: p, App: a}
	var probs Problems
	switch {
	case !p.Subject.HasObject():
		if d.Object != nil {
			probs.bad("object", "procedure "+p.ID+" is not about an object ("+p.Subject.Basis+")")
		}
	case d.Object == nil:
		probs.unmet("object", "required: "+objectWanted(p))
	case d.Object.ID != "":
		if p.Subject.Kind == NewObject {
			probs.unmet("object.id", "procedure "+p.ID+" registers a new object: give its name and type")
			break
		}
		if d.Object.Name != "" || d.Object.Type != "" {
			probs.bad("object", "an existing object is named by its id alone")
			break
		}
		if obj == nil || obj.ID != d.Object.ID || obj.Org != c.Org {
			return nil, fault.E(fault.NotFound, "no such object")
		}
		if err := subjectFits(p, obj); err != nil {
			return nil, err
		}
		a.Object = &ObjectRef{ID: obj.ID, Name: obj.Name, Type: obj.Type}
		for _, role := range p.Subject.Parties {
			if org := obj.party(role); org != "" {
				if a.Parties == nil {
					a.Parties = map[string]string{}
				}
				a.Parties[role] = org
			}
		}
	default:
		if p.Subject.Kind == ExistingObject {
			probs.unmet("object.id", "procedure "+p.ID+" is about an existing object of your organisation: give its id")
			break
		}
		ref, ps := checkNewObject(p, *d.Object)
		probs.add(ps)
		ref.ID = objectID
		a.Object = &ref
		a.RegistersObject = true
		ch.NewObject = &ref
	}
	probs.add(applySections(p, a, d.Sections))
	if probs.any() {
		return nil, probs.err("the application is not valid")
	}
	if err := derive(p, a, now); err != nil {
		return nil, err
	}
	data := map[string]any{"basis": p.Opening.Basis}
	if a.Object != nil {
		data["object"] = a.Object
	}
	ch.Event = audit.Event{At: now, Actor: c.Actor(p.Opening.Role), Type: "created", To: string(a.Status), Round: a.Round, Data: data}
	if st, ok := p.Step(a.Status); ok { // a procedure opened straight into a step
		if err := enterStep(ch, p, st, now); err != nil {
			return nil, err
		}
	}
	return ch, nil
}

func objectWanted(p *Procedure) string {
	switch p.Subject.Kind {
	case NewObject:
		return "{name, type}"
	case ExistingObject:
		return "{id} of an object of your organisation"
	}
	return "{name, type} of a new object or {id} of one of your organisation's"
}

func (o *ObjectFacts) party(role string) string {
	if role == "supplier" {
		return o.Supplier
	}
	return ""
}

// subjectFits checks an existing object against what the procedure takes.
func subjectFits(p *Procedure, obj *ObjectFacts) error {
	var fs []fault.Field
	if !slices.Contains(p.Subject.Types, obj.Type) {
		fs = append(fs, fault.Field{Field: "object.id", Reason: fmt.Sprintf("the object is a %s; %s takes %s (%s)",
			obj.Type, p.ID, strings.Join(p.Subject.Types, ", "), p.Subject.Basis)})
	}
	if len(p.Subject.Stages) > 0 && !slices.Contains(p.Subject.Stages, obj.Stage) {
		fs = append(fs, fault.Field{Field: "object.id", Reason: fmt.Sprintf("the object is in stage %s; %s needs %s (%s)",
			obj.Stage, p.ID, strings.Join(p.Subject.Stages, " or "), p.Subject.Basis)})
	}
	for _, role := range p.Subject.Parties {
		if obj.party(role) == "" {
			fs = append(fs, fault.Field{Field: "object.id", Reason: fmt.Sprintf("the object names no %s (%s)", role, p.Subject.Basis)})
		}
	}
	if len(fs) > 0 {
		return fault.WithFields(fault.Unprocessable, "the object cannot be the subject of "+p.ID, fs...)
	}
	return nil
}

func checkNewObject(p *Procedure, o ObjectInput) (ObjectRef, Problems) {
	var probs Problems
	name := strings.TrimSpace(o.Name)
	switch {
	case name == "":
		probs.unmet("object.name", "required")
	case len(name) > maxNameBytes:
		probs.unmet("object.name", fmt.Sprintf("longer than %d bytes", maxNameBytes))
	case !utf8.ValidString(o.Name) || strings.ContainsFunc(o.Name, unicode.IsControl):
		probs.unmet("object.name", "contains control characters")
	}
	if !slices.Contains(p.Subject.Types, o.Type) {
		probs.unmet("object.type", "must be one of "+strings.Join(p.ObjectTypes(), ", "))
	}
	return ObjectRef{Name: name, Type: o.Type}, probs
}

// applySections decodes and replaces the draft sections the body names.
func applySections(p *Procedure, a *Application, raw map[string]any) Problems {
	var probs Problems
	for _, key := range sortedKeys(raw) {
		s, ok := p.Section(key)
		if !ok {
			probs.bad(key, "unknown field; procedure "+p.ID+" takes "+sectionKeys(p))
			continue
		}
		m, ok := raw[key].(map[string]any)
		if !ok {
			probs.bad(key, "must be an object")
			continue
		}
		v, ps := s.Form.Decode(m, key+".")
		probs.add(ps)
		if ps.any() {
			continue
		}
		if key == DetailsKey {
			a.Details = v
			continue
		}
		if a.Sections == nil {
			a.Sections = map[string]Values{}
		}
		a.Sections[key] = v
	}
	return probs
}

func sectionKeys(p *Procedure) string {
	keys := []string{"procedure"}
	if p.Subject.HasObject() {
		keys = append(keys, "object")
	}
	for _, s := range p.Draft {
		keys = append(keys, s.Key)
	}
	return strings.Join(keys, ", ")
}

// derive runs the procedure's derive rules and records their facts.
func derive(p *Procedure, a *Application, now time.Time) error {
	for _, r := range p.Derive {
		v := r.Check(&Env{App: a, Now: now})
		if len(v.Violations) > 0 {
			return violations("the application is not valid", v.Violations)
		}
		for k, x := range v.Facts {
			if a.Facts == nil {
				a.Facts = map[string]any{}
			}
			a.Facts[k] = x
		}
	}
	return nil
}

func violations(detail string, vs []Violation) error {
	fs := make([]fault.Field, 0, len(vs))
	for _, v := range vs {
		fs = append(fs, fault.Field{Field: v.Field, Reason: v.Reason + " (" + v.Basis + ")"})
	}
	return fault.WithFields(fault.Unprocessable, detail, fs...)
}

func openedBy(via string) []string {
	var out []string
	for _, p := range All() {
		if p.Opening.Via == via {
			out = append(out, p.ID)
		}
	}
	return out
}

// Patch replaces the object's name or type and/or whole draft sections of a draft.
func Patch(a *Application, d Draft, c actor.Caller, now time.Time) (*Change, error) {
	p, err := procedureOf(a)
	if err != nil {
		return nil, err
	}
	if !CanSee(c, a) {
		return nil, fault.E(fault.NotFound, "no such application")
	}
	if !c.Member(p.Opening.Role, a.Org) {
		return nil, fault.E(fault.Forbidden, "only the owner organisation may change its application")
	}
	if a.Status != p.Initial || p.Opening.Via != ViaApplication {
		return nil, fault.E(fault.Conflict, "the application is %s; only a %s application can be changed", a.Status, p.Initial)
	}
	if d.Procedure != "" && d.Procedure != a.Procedure {
		return nil, fault.WithFields(fault.Unprocessable, "the procedure of an application cannot change",
			fault.Field{Field: "procedure", Reason: "cannot change"})
	}
	now = now.UTC()
	next := a.clone()
	ch := &Change{Procedure: p, PrevVersion: a.Version, PrevStatus: a.Status, PrevDocSeq: a.DocSeq, App: next}
	var probs Problems
	if d.Object != nil {
		switch {
		case !p.Subject.HasObject():
			probs.bad("object", "procedure "+p.ID+" is not about an object")
		case d.Object.ID != "" && (a.Object == nil || d.Object.ID != a.Object.ID):
			probs.unmet("object.id", "the object of an application cannot change; open another application")
		case d.Object.ID != "":
			// The same object named again: nothing to change.
		case a.Object == nil || !a.ownsObject():
			probs.unmet("object", "the application is about an existing object; its name and type are the registry's")
		default:
			ref, ps := checkNewObject(p, *d.Object)
			probs.add(ps)
			next.Object.Name, next.Object.Type = ref.Name, ref.Type
			ch.ObjectChanged = true
		}
	}
	probs.add(applySections(p, next, d.Sections))
	if probs.any() {
		return nil, probs.err("the application is not valid")
	}
	if err := derive(p, next, now); err != nil {
		return nil, err
	}
	next.Version++
	next.UpdatedAt = now
	data := map[string]any{"details": next.Details}
	if next.Object != nil {
		data["object"] = next.Object
	}
	for k, v := range next.Sections {
		data[k] = v
	}
	ch.Event = audit.Event{At: now, Actor: c.Actor(p.Opening.Role), Type: "changed", From: string(a.Status), To: string(a.Status),
		Round: next.Round, Data: data}
	return ch, nil
}

// ownsObject reports whether the application registered its object (its draft may then
// rename it), as opposed to naming an existing one.
func (a *Application) ownsObject() bool { return a.Object != nil && a.RegistersObject }

func procedureOf(a *Application) (*Procedure, error) {
	p, ok := Lookup(a.Procedure)
	if !ok {
		return nil, fmt.Errorf("application %s: procedure %q is not declared", a.ID, a.Procedure)
	}
	return p, nil
}
