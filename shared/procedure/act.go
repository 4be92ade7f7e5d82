package procedure

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
)

// NeedsObject reports whether taking the action needs the registry's facts of the
// application's object (a rule reads them).
func (a Action) NeedsObject() bool {
	return slices.ContainsFunc(a.Rules, func(r *Rule) bool { return r.NeedsObject })
}

// Act applies a named action to an application on behalf of the caller. raw is the
// request body as decoded JSON (nil for none); obj is the object's registry facts when
// the action needs them (NeedsObject).
func Act(a *Application, name string, raw map[string]any, c actor.Caller, now time.Time, obj *ObjectFacts) (*Change, error) {
	p, err := procedureOf(a)
	if err != nil {
		return nil, err
	}
	if !CanSee(c, a) {
		return nil, fault.E(fault.NotFound, "no such application")
	}
	act, ok := p.Action(name)
	if !ok {
		return nil, fault.E(fault.NotFound, "procedure %s has no action %q", p.ID, name)
	}
	if err := mayAct(p, act, a, c); err != nil {
		return nil, err
	}
	if a.Status != act.From {
		return nil, fault.E(fault.Conflict, "the application is %s; %s needs %s", a.Status, name, act.From)
	}
	now = now.UTC()
	var probs Problems
	input := Values{}
	switch {
	case act.Input == nil && len(raw) > 0:
		for _, k := range sortedKeys(raw) {
			probs.bad(k, "not taken by this action")
		}
		return nil, fault.WithFields(fault.Invalid, name+" takes no fields", probs.Invalid...)
	case act.Input != nil:
		input, probs = act.Input.Decode(raw, "")
	}
	if probs.any() {
		return nil, probs.err("the " + name + " is not valid")
	}
	env := envOf(a, input)
	if act.Input != nil {
		probs.Unprocessable = append(probs.Unprocessable, act.Input.Complete(input, "", env)...)
	}
	next := a.clone()
	var relied map[string]string
	if act.Submits {
		var fs []fault.Field
		fs, relied = completeness(p, a)
		probs.Unprocessable = append(probs.Unprocessable, fs...)
	}
	facts := map[string]any{}
	renv := &Env{App: next, Input: input, Object: obj, Now: now}
	for _, r := range act.Rules {
		v := r.Check(renv)
		for _, x := range v.Violations {
			probs.unmet(x.Field, x.Reason+" ("+x.Basis+")")
		}
		maps.Copy(facts, v.Facts)
	}
	if probs.any() {
		detail := "the " + name + " cannot be taken"
		if act.Submits {
			detail = "the application is not complete"
		}
		return nil, probs.err(detail)
	}
	to, branch := chooseOutcome(act, env)
	next.Version++
	next.UpdatedAt = now
	if act.NewRound {
		next.Round++
	}
	if act.Submits && next.SubmittedAt == nil {
		next.SubmittedAt = &now
	}
	data := map[string]any{"basis": act.Basis}
	if branch != nil && branch.Basis != act.Basis {
		data["basis"] = branch.Basis
	}
	maps.Copy(data, input)
	maps.Copy(data, facts)
	if len(relied) > 0 {
		data["documents"] = relied
	}
	if act.Records != "" {
		if next.Results == nil {
			next.Results = map[string]*Result{}
		}
		vals := input.Clone()
		maps.Copy(vals, facts)
		next.Results[act.Records] = &Result{Values: vals, At: now, By: c.Sub, Round: next.Round}
	}
	ch := &Change{Procedure: p, PrevVersion: a.Version, PrevStatus: a.Status, PrevDocSeq: a.DocSeq, App: next,
		Event: audit.Event{At: now, Actor: c.Actor(act.Role), Type: name, From: string(a.Status), To: string(to),
			Round: next.Round, Data: data}}
	notice := ""
	if branch != nil {
		notice = branch.Notice
	}
	next.Status = to
	ch.Effects = append(ch.Effects, act.Effects...)
	if err := move(ch, p, a.Status, to, now, notice); err != nil {
		return nil, err
	}
	return ch, nil
}

// mayAct checks that the caller may take the action: its role, and for a role scoped by
// organisation, the application's owner organisation or the party the action names.
func mayAct(p *Procedure, act Action, a *Application, c actor.Caller) error {
	deny := fault.E(fault.Forbidden, "only %s may %s this application (%s)", act.Role, act.Name, act.Basis)
	if !c.Has(act.Role) {
		return deny
	}
	party := act.Party
	if party == "" && act.Role == actor.Applicant {
		party = "owner" // an applicant acts for its own organisation only
	}
	switch party {
	case "":
		return nil
	case "owner":
		if c.Org != a.Org {
			return deny
		}
	default:
		if org := a.Parties[party]; org == "" || c.Org != org {
			return deny
		}
	}
	return nil
}

func envOf(a *Application, input Values) condEnv {
	env := condEnv{"": input, DetailsKey: a.Details}
	for k, v := range a.Sections {
		env[k] = v
	}
	if a.Object != nil {
		env["object"] = Values{"id": a.Object.ID, "name": a.Object.Name, "type": a.Object.Type}
	}
	return env
}

func chooseOutcome(act Action, env condEnv) (Status, *Branch) {
	for i := range act.Branches {
		b := &act.Branches[i]
		if b.When == nil || b.When.holds(env) {
			return b.To, b
		}
	}
	return act.To, nil
}

// completeness is the check at submission: every required document kind has a valid
// document, every required field of the draft is given. It lists everything missing at
// once, and returns the documents relied on (kind → id): the newest valid one of each.
func completeness(p *Procedure, a *Application) ([]fault.Field, map[string]string) {
	var fs []fault.Field
	relied := map[string]string{}
	env := envOf(a, nil)
	objType := ""
	if a.Object != nil {
		objType = a.Object.Type
	}
	for _, rule := range p.Documents {
		if len(rule.ObjectTypes) > 0 && !slices.Contains(rule.ObjectTypes, objType) {
			continue
		}
		if rule.When != nil && !rule.When.holds(env) {
			continue
		}
		id, reason := "", "missing"
		for _, d := range a.Documents { // ids are time-ordered: the last valid one is the newest
			if d.Kind != rule.Kind {
				continue
			}
			if d.Status == DocValid {
				id = d.ID
			} else {
				reason = "not valid (" + d.Status + ")"
			}
		}
		if id == "" {
			fs = append(fs, fault.Field{Field: "documents." + rule.Kind, Reason: reason + "; required by " + rule.Basis})
			continue
		}
		relied[rule.Kind] = id
	}
	for _, s := range p.Draft {
		prefix := s.Key + "."
		v := a.Sections[s.Key]
		if s.Key == DetailsKey {
			v = a.Details
		}
		env[""] = v
		fs = append(fs, s.Form.Complete(v, prefix, env)...)
	}
	return fs, relied
}

// move leaves status from for status to: stops the old step's clock, starts the new
// step's clock or the outcome's terms, and addresses the notices.
func move(ch *Change, p *Procedure, from, to Status, now time.Time, notice string) error {
	a := ch.App
	for i := range a.Clocks {
		cl := &a.Clocks[i]
		if cl.Kind == clock.Step && cl.Rule == string(from) && cl.Open() {
			if ch.PrevClockStates == nil {
				ch.PrevClockStates = map[string]clock.State{}
			}
			ch.PrevClockStates[cl.Key()] = cl.State
			cl.Stop(now)
			ch.Clocks = append(ch.Clocks, *cl)
		}
	}
	ch.Event.Notices = append(ch.Event.Notices, statusNotice(p, a, from, now, notice))
	if st, ok := p.Step(to); ok {
		if err := enterStep(ch, p, st, now); err != nil {
			return err
		}
	}
	if o, ok := p.Outcome(to); ok {
		ch.Effects = append(ch.Effects, o.Effects...)
		if len(o.Notify) > 0 {
			ch.Event.Notices = append(ch.Event.Notices, outcomeNotice(p, a, o, now))
		}
		for _, t := range p.Terms {
			if t.After != to {
				continue
			}
			day0 := ""
			if t.Rule.Count.Anchor == clock.FromDate {
				day0 = a.dateAt(t.Rule.Count.Field)
			}
			cl, err := t.Rule.Start(p.Country, a.Round, now, day0)
			if err != nil {
				return err
			}
			addClock(ch, p, cl, now)
		}
	}
	a.Overdue = slices.ContainsFunc(a.Clocks, func(c clock.Clock) bool { return c.State == clock.Overdue && c.CompletedAt == nil })
	return nil
}

// dateAt reads a date of the application by path: "details.x" or "<section>.x".
func (a *Application) dateAt(path string) string {
	section, field, _ := strings.Cut(path, ".")
	if section == DetailsKey {
		return a.Details.String(field)
	}
	return a.Sections[section].String(field)
}

func enterStep(ch *Change, p *Procedure, st Step, now time.Time) error {
	a := ch.App
	if r, ok := p.StepRule(st); ok {
		for _, c := range a.Clocks {
			if c.Rule == r.Name && c.Round == a.Round {
				return fmt.Errorf("application %s: step %s entered twice in round %d", a.ID, st.Status, a.Round)
			}
		}
		cl, err := r.Start(p.Country, a.Round, now, "")
		if err != nil {
			return err
		}
		addClock(ch, p, cl, now)
	}
	ch.Event.Notices = append(ch.Event.Notices, stepNotice(p, a, st, now))
	return nil
}

func addClock(ch *Change, p *Procedure, cl clock.Clock, now time.Time) {
	a := ch.App
	a.Clocks = append(a.Clocks, cl)
	ch.Clocks = append(ch.Clocks, cl)
	if cl.State == clock.Unscheduled {
		ch.Event.Notices = append(ch.Event.Notices, clock.AdminNotice(ClockRef(a, cl), cl, now))
	}
}

// ClockRef is an application's clock with what its notices must say, as the store keeps
// it beside the clock so a sweep can fire it alone.
func ClockRef(a *Application, cl clock.Clock) clock.Ref {
	name := a.Procedure
	if a.Object != nil {
		name = a.Object.Name
	}
	r := clock.Ref{Owner: clock.Owner{Kind: clock.OwnerApplication, ID: a.ID}, Org: a.Org, Procedure: a.Procedure,
		Label: label(a), Name: name, Clock: cl}
	if cl.Kind == clock.Step {
		r.Status = cl.Rule
	}
	return r
}

// Open starts a procedure that is opened by an event on an existing object rather than
// by an application, e.g. a cessation report (002 ¶11).
func Open(procID string, obj ObjectFacts, c actor.Caller, now time.Time, appID string, data map[string]any) (*Change, error) {
	p, ok := Lookup(procID)
	if !ok || p.Opening.Via == ViaApplication {
		return nil, fmt.Errorf("open %s: no procedure of that id is opened from an object", procID)
	}
	now = now.UTC()
	a := &Application{ID: appID, Procedure: p.ID, Org: obj.Org, Status: p.Initial, Version: 1, Round: 1,
		CreatedAt: now, CreatedBy: c.Sub, UpdatedAt: now, SubmittedAt: &now, Details: Values{},
		Object: &ObjectRef{ID: obj.ID, Name: obj.Name, Type: obj.Type}}
	role := p.Opening.Role
	if !c.Has(role) {
		role = actor.System // opened by the system on another change (a termination)
	}
	ch := &Change{Procedure: p, App: a, OpenedVia: p.Opening.Via,
		Event: audit.Event{At: now, Actor: c.Actor(role), Type: p.Opening.Via, To: string(a.Status), Round: 1, Data: data}}
	ch.Event.Notices = append(ch.Event.Notices, statusNotice(p, a, "", now, ""))
	if st, ok := p.Step(a.Status); ok {
		if err := enterStep(ch, p, st, now); err != nil {
			return nil, err
		}
	}
	return ch, nil
}

// Fold sets the application's results from its trail: the newest event of each action
// that records a result. Results live in the trail, so the application's own item stays
// small and a result is written once, with the change that made it.
func Fold(a *Application, events []audit.Event) {
	p, ok := Lookup(a.Procedure)
	if !ok {
		return
	}
	for _, e := range events {
		act, ok := p.Action(e.Type)
		if !ok || act.Records == "" {
			continue
		}
		vals := Values{}
		keep := map[string]bool{}
		if act.Input != nil {
			for _, f := range act.Input.Fields {
				keep[f.Name] = true
			}
		}
		for _, r := range act.Rules {
			for _, f := range r.Facts {
				keep[f] = true
			}
		}
		for k, v := range e.Data {
			if keep[k] {
				vals[k] = v
			}
		}
		if a.Results == nil {
			a.Results = map[string]*Result{}
		}
		round := e.Round
		if round == 0 {
			round = 1
		}
		a.Results[act.Records] = &Result{Values: vals, At: e.At, By: e.Actor.Sub, Round: round}
	}
}
