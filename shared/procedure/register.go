package procedure

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/notify"
)

var (
	registryMu sync.RWMutex
	registry   = map[string]*Procedure{}
	// rulesByName holds every rule a declaration references: one name, one rule.
	rulesByName = map[string]*Rule{}
)

// Register makes a procedure available. It panics when the declaration is broken or its
// id is taken, naming what is wrong: declarations are compiled in, so a broken one is a
// programming error that must stop the function at start-up (as database/sql.Register
// does), never be served half-checked.
func Register(p *Procedure) *Procedure {
	if err := p.check(); err != nil {
		panic(fmt.Sprintf("procedure.Register: %v", err))
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[p.ID]; dup {
		panic(fmt.Sprintf("procedure.Register: procedure %s registered twice", p.ID))
	}
	for _, r := range p.rules() {
		if prev, ok := rulesByName[r.Name]; ok && prev != r {
			panic(fmt.Sprintf("procedure.Register: procedure %s: two different rules are named %q", p.ID, r.Name))
		}
	}
	for _, r := range p.rules() {
		rulesByName[r.Name] = r
	}
	registry[p.ID] = p
	return p
}

// Lookup returns the declared procedure with the given id.
func Lookup(id string) (*Procedure, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	p, ok := registry[id]
	return p, ok
}

// All returns every declared procedure, ordered by id.
func All() []*Procedure {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]*Procedure, 0, len(registry))
	for _, p := range registry {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Step returns the step that runs in status s.
func (p *Procedure) Step(s Status) (Step, bool) {
	for _, st := range p.Steps {
		if st.Status == s {
			return st, true
		}
	}
	return Step{}, false
}

// Action returns the named action.
func (p *Procedure) Action(name string) (Action, bool) {
	for _, a := range p.Actions {
		if a.Name == name {
			return a, true
		}
	}
	return Action{}, false
}

// Outcome returns the outcome for a final status.
func (p *Procedure) Outcome(s Status) (Outcome, bool) {
	for _, o := range p.Outcomes {
		if o.Status == s {
			return o, true
		}
	}
	return Outcome{}, false
}

// Section returns the draft section with the given key.
func (p *Procedure) Section(key string) (Section, bool) {
	for _, s := range p.Draft {
		if s.Key == key {
			return s, true
		}
	}
	return Section{}, false
}

// Statuses lists every status of the procedure, sorted.
func (p *Procedure) Statuses() []Status {
	seen := map[Status]bool{p.Initial: true}
	for _, s := range p.Steps {
		seen[s.Status] = true
	}
	for _, o := range p.Outcomes {
		seen[o.Status] = true
	}
	for _, a := range p.Actions {
		seen[a.From] = true
		for _, to := range a.Targets() {
			seen[to] = true
		}
	}
	out := make([]Status, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// Targets lists the statuses an action may lead to.
func (a Action) Targets() []Status {
	if len(a.Branches) == 0 {
		return []Status{a.To}
	}
	out := make([]Status, 0, len(a.Branches))
	for _, b := range a.Branches {
		if !slices.Contains(out, b.To) {
			out = append(out, b.To)
		}
	}
	return out
}

// StepRule is the clock rule of a step, or false when the seed sets it no limit.
func (p *Procedure) StepRule(st Step) (clock.Rule, bool) {
	if st.Clock != nil {
		r := *st.Clock
		if r.Name == "" {
			r.Name = string(st.Status)
		}
		if r.Kind == "" {
			r.Kind = clock.Step
		}
		if r.Owes == "" {
			r.Owes = st.Owner
		}
		if r.Title == "" {
			r.Title = st.Title
		}
		if r.Basis == "" {
			r.Basis = st.Basis
		}
		return r, true
	}
	if st.Limit.None() {
		return clock.Rule{}, false
	}
	return clock.Rule{Name: string(st.Status), Kind: clock.Step, Owes: st.Owner, Basis: st.Basis, Title: st.Title,
		Count: clock.Count{Anchor: clock.FromEntry, Limit: st.Limit}}, true
}

// ObjectTypes returns the object types the procedure accepts, sorted.
func (p *Procedure) ObjectTypes() []string {
	out := slices.Clone(p.Subject.Types)
	slices.Sort(out)
	return out
}

// DocumentKinds returns the document kinds the procedure takes for an object type ("" for
// a procedure without an object): its required kinds.
func (p *Procedure) DocumentKinds(objectType string) []string {
	var out []string
	for _, r := range p.Documents {
		if (len(r.ObjectTypes) == 0 || slices.Contains(r.ObjectTypes, objectType)) && !slices.Contains(out, r.Kind) {
			out = append(out, r.Kind)
		}
	}
	return out
}

// UploadStatuses are the statuses in which documents may be added.
func (p *Procedure) UploadStatuses() []Status {
	if len(p.Uploads) > 0 {
		return p.Uploads
	}
	return []Status{p.Initial}
}

func (p *Procedure) resultKeys() []string {
	var out []string
	for _, a := range p.Actions {
		if a.Records != "" && !slices.Contains(out, a.Records) {
			out = append(out, a.Records)
		}
	}
	return out
}

func (p *Procedure) derivedFacts() []string {
	var out []string
	for _, r := range p.Derive {
		out = append(out, r.Facts...)
	}
	return out
}

func (p *Procedure) rules() []*Rule {
	out := slices.Clone(p.Derive)
	for _, a := range p.Actions {
		out = append(out, a.Rules...)
	}
	return out
}

// check verifies a declaration is whole: every status reachable by name, every step
// owned, every action joining known statuses, every rule, outcome, document, field and
// clock with its basis, every loop through a resubmission.
func (p *Procedure) check() error {
	if p.ID == "" {
		return errors.New("a procedure without an id")
	}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("procedure %s: "+format, append([]any{p.ID}, args...)...))
	}
	if p.Title == "" || p.Basis == "" {
		bad("needs a title and a basis")
	}
	if _, err := calendar.For(p.Country); err != nil {
		bad("country %q has no calendar", p.Country)
	}
	if p.Initial == "" {
		bad("needs an initial status")
	}
	switch p.Subject.Kind {
	case NewObject, ExistingObject, AnyObject:
		if len(p.Subject.Types) == 0 {
			bad("an object subject lists its object types")
		}
	case OrgSubject, NoSubject:
	default:
		bad("unknown subject kind %q", p.Subject.Kind)
	}
	if p.Subject.Basis == "" {
		bad("the subject has no basis")
	}
	if !actor.Known(string(p.Opening.Role)) || p.Opening.Basis == "" {
		bad("the opening needs a known role and a basis")
	}
	switch p.Opening.Via {
	case ViaApplication, ViaCessation, ViaTermination:
	default:
		bad("unknown opening %q", p.Opening.Via)
	}
	keys := map[string]bool{}
	for _, s := range p.Draft {
		if s.Key == "" || s.Key == "procedure" || s.Key == "object" || keys[s.Key] {
			bad("draft section %q: empty, reserved or repeated", s.Key)
		}
		keys[s.Key] = true
		if s.Basis == "" {
			bad("draft section %s has no basis", s.Key)
		}
		if err := s.Form.check("procedure " + p.ID + " section " + s.Key); err != nil {
			errs = append(errs, err)
		}
	}
	checkRule := func(r *Rule, where string) {
		switch {
		case r == nil:
			bad("%s: a nil rule", where)
		case r.Name == "" || r.Basis == "" || r.Check == nil:
			bad("%s: rule %q needs a name, a basis and a check", where, r.Name)
		}
	}
	for _, r := range p.Derive {
		checkRule(r, "derive")
	}
	known := map[Status]bool{p.Initial: true}
	for _, s := range p.Steps {
		if s.Owner == "" || s.Basis == "" || s.Title == "" {
			bad("step %s needs an owner, a title and a basis", s.Status)
		}
		if known[s.Status] && s.Status != p.Initial {
			bad("step %s declared twice", s.Status)
		}
		known[s.Status] = true
		if r, ok := p.StepRule(s); ok {
			if err := r.Check(); err != nil {
				bad("step %s: %v", s.Status, err)
			}
		}
	}
	for _, o := range p.Outcomes {
		if o.Basis == "" {
			bad("outcome %s has no basis", o.Status)
		}
		if _, step := p.Step(o.Status); step || o.Status == "" {
			bad("outcome %q is also a step, or empty", o.Status)
		}
		known[o.Status] = true
		for _, e := range o.Effects {
			if !slices.Contains(Effects, e) {
				bad("outcome %s: unknown effect %q", o.Status, e)
			}
			if ObjectEffect(e) && !p.Subject.HasObject() {
				bad("outcome %s: effect %s needs an object subject", o.Status, e)
			}
		}
		if len(o.Notify) > 0 && !slices.Contains(notify.Types, o.Notice) {
			bad("outcome %s: notice type %q is not a contract notice type", o.Status, o.Notice)
		}
	}
	names := map[string]bool{}
	records := map[string]bool{}
	for _, a := range p.Actions {
		w := "action " + a.Name
		if a.Name == "" || names[a.Name] {
			bad("%s: empty or repeated name", w)
		}
		names[a.Name] = true
		if !actor.Known(string(a.Role)) || a.Basis == "" {
			bad("%s needs a known role and a basis", w)
		}
		switch a.Party {
		case "", "owner":
		default:
			if !slices.Contains(p.Subject.Parties, a.Party) {
				bad("%s: party %q is not a party of the subject", w, a.Party)
			}
		}
		if !known[a.From] {
			bad("%s leaves unknown status %q", w, a.From)
		}
		if (a.To == "") == (len(a.Branches) == 0) {
			bad("%s needs either To or Branches", w)
		}
		for _, t := range a.Targets() {
			if !known[t] {
				bad("%s leads to unknown status %q", w, t)
			}
		}
		for i, b := range a.Branches {
			if b.Basis == "" {
				bad("%s: branch to %s has no basis", w, b.To)
			}
			if b.When == nil && i != len(a.Branches)-1 {
				bad("%s: only the last branch may be unconditional", w)
			}
			if b.When != nil {
				if a.Input == nil {
					bad("%s: branches need an input to choose from", w)
				} else if err := b.When.check(a.Input, "procedure "+p.ID+" "+w); err != nil {
					errs = append(errs, err)
				}
			}
			if b.Notice != "" && !slices.Contains(notify.Types, b.Notice) {
				bad("%s: notice type %q is not a contract notice type", w, b.Notice)
			}
		}
		if a.Input != nil {
			if err := a.Input.check("procedure " + p.ID + " " + w); err != nil {
				errs = append(errs, err)
			}
		}
		for _, r := range a.Rules {
			checkRule(r, w)
		}
		for _, e := range a.Effects {
			if !slices.Contains(Effects, e) || (ObjectEffect(e) && !p.Subject.HasObject()) {
				bad("%s: unknown effect %q, or one that needs an object subject", w, e)
			}
		}
		if a.Records != "" {
			if records[a.Records] || keys[a.Records] || slices.Contains(p.derivedFacts(), a.Records) {
				bad("%s records %q, which another action, a section or a fact already uses", w, a.Records)
			}
			records[a.Records] = true
		}
	}
	for _, d := range p.Documents {
		if d.Kind == "" || d.Basis == "" {
			bad("document rule %q needs a kind and a basis", d.Kind)
		}
		for _, t := range d.ObjectTypes {
			if !slices.Contains(p.Subject.Types, t) {
				bad("document %s: object type %q is not accepted", d.Kind, t)
			}
		}
	}
	for _, s := range p.Uploads {
		if !known[s] {
			bad("uploads in unknown status %q", s)
		}
	}
	for _, t := range p.Terms {
		if _, ok := p.Outcome(t.After); !ok {
			bad("term %s starts after %q, which is not an outcome", t.Rule.Name, t.After)
		}
		if t.Rule.Kind != clock.Term {
			bad("term %s must be a clock of kind term", t.Rule.Name)
		}
		if err := t.Rule.Check(); err != nil {
			bad("term: %v", err)
		}
	}
	if err := p.checkLoops(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// checkLoops refuses a cycle of statuses that does not pass through a resubmission: a
// step entered twice in one round would need two clocks under one key.
func (p *Procedure) checkLoops() error {
	edges := map[Status][]Status{}
	for _, a := range p.Actions {
		if a.NewRound {
			continue
		}
		edges[a.From] = append(edges[a.From], a.Targets()...)
	}
	state := map[Status]int{} // 0 new, 1 on the path, 2 done
	var visit func(s Status) error
	visit = func(s Status) error {
		state[s] = 1
		for _, t := range edges[s] {
			switch state[t] {
			case 1:
				return fmt.Errorf("procedure %s: the statuses loop back to %s without a resubmission (NewRound)", p.ID, t)
			case 0:
				if err := visit(t); err != nil {
					return err
				}
			}
		}
		state[s] = 2
		return nil
	}
	for _, s := range p.Statuses() {
		if state[s] == 0 {
			if err := visit(s); err != nil {
				return err
			}
		}
	}
	return nil
}
