package procedure

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/fault"
)

// Caller is the person acting, as the JWT claims describe them.
type Caller struct {
	Sub   string
	Org   string
	Roles []Role
}

// Has reports whether the caller holds role r.
func (c Caller) Has(r Role) bool { return slices.Contains(c.Roles, r) }

// Reviewer reports whether the caller holds a reviewing role (not scoped by org).
func (c Caller) Reviewer() bool {
	return slices.ContainsFunc(c.Roles, Role.Reviewer)
}

// Actor is how the caller is recorded when acting in role r.
func (c Caller) Actor(r Role) Actor { return Actor{Sub: c.Sub, Org: c.Org, Role: r} }

// CanSee reports whether the caller may know the application exists: reviewers see all,
// an applicant only their own organisation's (contract: 404 otherwise, no leak).
func CanSee(c Caller, a *Application) bool { return c.MaySee(a.Org) }

// MaySee reports whether the caller may know of what belongs to org: reviewers see every
// organisation's, an applicant only their own.
func (c Caller) MaySee(org string) bool {
	return c.Reviewer() || (c.Has(Applicant) && c.Org != "" && c.Org == org)
}

// Change is everything one state change writes, in one conditional transaction
// (principle 3): the application at its new version, the audit event, the clocks that
// start or stop, the notices for the outbox and the registry effect.
type Change struct {
	Procedure   *Procedure
	PrevVersion int    // the version the write is conditioned on (0: a new application)
	PrevStatus  Status // the status the write is conditioned on
	App         *Application
	Event       AuditEvent
	Clocks      []Clock // clocks to write as they now are
	Notices     []Notice
	Effect      Effect
	ValidDocs   []string // documents the change relied on being valid
	// PrevClockStates holds, for each clock the change stops, the state it was read in:
	// the write is conditioned on it so a concurrent firing is never overwritten.
	PrevClockStates map[string]ClockState
}

// Draft is what an applicant sends to open or to replace a draft.
type Draft struct {
	Procedure   string
	Object      *Object // nil in a patch: keep
	Criteria    criteria.Answers
	Environment *Environment
}

const maxNameBytes = 500

func checkObject(p *Procedure, o *Object) []fault.Field {
	var fs []fault.Field
	name := strings.TrimSpace(o.Name)
	switch {
	case name == "":
		fs = append(fs, fault.Field{Field: "object.name", Reason: "required"})
	case len(name) > maxNameBytes:
		fs = append(fs, fault.Field{Field: "object.name", Reason: fmt.Sprintf("longer than %d bytes", maxNameBytes)})
	case !utf8.ValidString(o.Name) || strings.ContainsFunc(o.Name, unicode.IsControl):
		fs = append(fs, fault.Field{Field: "object.name", Reason: "contains control characters"})
	}
	if _, ok := p.ObjectTypes[o.Type]; !ok {
		fs = append(fs, fault.Field{Field: "object.type", Reason: "must be one of " + strings.Join(objectTypes(p), ", ")})
	}
	return fs
}

func objectTypes(p *Procedure) []string {
	out := make([]string, 0, len(p.ObjectTypes))
	for t := range p.ObjectTypes {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

func checkEnvironment(e *Environment) []fault.Field {
	var fs []fault.Field
	for i, t := range e.Types {
		if !slices.Contains(EnvironmentTypes, t) {
			fs = append(fs, fault.Field{Field: fmt.Sprintf("environment.types[%d]", i),
				Reason: "must be one of " + strings.Join(EnvironmentTypes, ", ")})
		}
	}
	if e.AgreementDate != "" {
		if _, err := calendar.ParseDate(e.AgreementDate); err != nil {
			fs = append(fs, fault.Field{Field: "environment.agreementDate", Reason: "must be a date YYYY-MM-DD"})
		}
	}
	if len(e.AgreementRef) > maxNameBytes || strings.ContainsFunc(e.AgreementRef, unicode.IsControl) {
		fs = append(fs, fault.Field{Field: "environment.agreementRef", Reason: "too long or contains control characters"})
	}
	return fs
}

func applyDraft(p *Procedure, a *Application, d Draft) error {
	var fs []fault.Field
	if d.Object != nil {
		fs = append(fs, checkObject(p, d.Object)...)
	}
	if d.Criteria != nil {
		if !p.Criteria {
			fs = append(fs, fault.Field{Field: "criteria", Reason: "procedure " + p.ID + " has no criteria"})
		} else if err := criteria.Validate(d.Criteria); err != nil {
			fs = append(fs, criteriaFields(err)...)
		}
	}
	if d.Environment != nil {
		if !p.Environment {
			fs = append(fs, fault.Field{Field: "environment", Reason: "procedure " + p.ID + " takes no environment"})
		} else {
			fs = append(fs, checkEnvironment(d.Environment)...)
		}
	}
	if len(fs) > 0 {
		return fault.WithFields(fault.Unprocessable, "the application is not valid", fs...)
	}
	if d.Object != nil {
		a.Object.Name = strings.TrimSpace(d.Object.Name)
		a.Object.Type = d.Object.Type
	}
	if d.Criteria != nil {
		a.Criteria = d.Criteria
	}
	if p.Criteria {
		if a.Criteria == nil {
			a.Criteria = criteria.Answers{}
		}
		s := criteria.ScoreOf(a.Criteria)
		a.Score = &s
	}
	if d.Environment != nil {
		e := *d.Environment
		a.Environment = &e
	}
	return nil
}

func criteriaFields(err error) []fault.Field {
	var ve *criteria.ValidationError
	if errors.As(err, &ve) {
		out := make([]fault.Field, 0, len(ve.Errors))
		for _, f := range ve.Errors {
			out = append(out, fault.Field{Field: f.Field, Reason: f.Reason})
		}
		return out
	}
	return []fault.Field{{Field: "criteria", Reason: err.Error()}}
}

// Create opens a new application in the procedure's initial status. The ids come from
// the caller so that the store can make them (time-ordered) and tests can fix them.
func Create(d Draft, c Caller, now time.Time, appID, objectID string) (*Change, error) {
	p, ok := Lookup(d.Procedure)
	if !ok {
		return nil, fault.WithFields(fault.Unprocessable, "unknown procedure",
			fault.Field{Field: "procedure", Reason: "must be one of " + strings.Join(procedureIDs("applications"), ", ")})
	}
	if p.CreatedBy != "applications" {
		return nil, fault.WithFields(fault.Unprocessable, "procedure "+p.ID+" is not opened by an application",
			fault.Field{Field: "procedure", Reason: "opened by " + p.CreatedBy})
	}
	if !c.Has(Applicant) || c.Org == "" {
		return nil, fault.E(fault.Forbidden, "only an applicant of an organisation may apply")
	}
	if d.Object == nil {
		return nil, fault.WithFields(fault.Unprocessable, "the application is not valid",
			fault.Field{Field: "object", Reason: "required"})
	}
	now = now.UTC()
	a := &Application{
		ID: appID, Procedure: p.ID, Org: c.Org, Status: p.Initial, Version: 1,
		CreatedAt: now, CreatedBy: c.Sub, UpdatedAt: now,
		Object:    Object{ID: objectID},
		Documents: []DocumentSummary{}, Clocks: []Clock{},
	}
	if err := applyDraft(p, a, d); err != nil {
		return nil, err
	}
	ch := &Change{Procedure: p, App: a,
		Event: AuditEvent{At: now, Actor: c.Actor(Applicant), Type: "created", To: a.Status,
			Data: map[string]any{"object": a.Object}},
	}
	if st, ok := p.Step(a.Status); ok { // a procedure opened straight into a step
		if err := enterStep(ch, p, st, c, now); err != nil {
			return nil, err
		}
	}
	return ch, nil
}

// OpenFor starts a procedure that is opened by an event on an existing object rather
// than by an application, e.g. a cessation report (002 ¶11).
func OpenFor(procID string, obj Object, org string, c Caller, now time.Time, appID string, data map[string]any) (*Change, error) {
	p, ok := Lookup(procID)
	if !ok || p.CreatedBy == "applications" {
		return nil, fmt.Errorf("open %s: no procedure of that id is opened from an object", procID)
	}
	now = now.UTC()
	a := &Application{ID: appID, Procedure: p.ID, Org: org, Status: p.Initial, Version: 1,
		CreatedAt: now, CreatedBy: c.Sub, UpdatedAt: now, SubmittedAt: &now,
		Object: obj, Documents: []DocumentSummary{}, Clocks: []Clock{}}
	ch := &Change{Procedure: p, App: a,
		Event: AuditEvent{At: now, Actor: c.Actor(Applicant), Type: p.CreatedBy, To: a.Status, Data: data}}
	ch.Notices = append(ch.Notices, statusNotice(p, a, "", now))
	if st, ok := p.Step(a.Status); ok {
		if err := enterStep(ch, p, st, c, now); err != nil {
			return nil, err
		}
	}
	return ch, nil
}

func procedureIDs(createdBy string) []string {
	var out []string
	for _, p := range All() {
		if p.CreatedBy == createdBy {
			out = append(out, p.ID)
		}
	}
	return out
}

// Patch replaces the object and/or the criteria of a draft.
func Patch(a *Application, d Draft, c Caller, now time.Time) (*Change, error) {
	p, err := procedureOf(a)
	if err != nil {
		return nil, err
	}
	if !CanSee(c, a) {
		return nil, fault.E(fault.NotFound, "no such application")
	}
	if !c.Has(Applicant) || c.Org != a.Org {
		return nil, fault.E(fault.Forbidden, "only the applicant organisation may change its application")
	}
	if a.Status != p.Initial || p.CreatedBy != "applications" {
		return nil, fault.E(fault.Conflict, "the application is %s; only a %s application can be changed", a.Status, p.Initial)
	}
	next := clone(a)
	if err := applyDraft(p, next, d); err != nil {
		return nil, err
	}
	now = now.UTC()
	next.Version++
	next.UpdatedAt = now
	return &Change{Procedure: p, PrevVersion: a.Version, PrevStatus: a.Status, App: next,
		Event: AuditEvent{At: now, Actor: c.Actor(Applicant), Type: "changed", From: a.Status, To: a.Status,
			Data: map[string]any{"object": next.Object, "criteria": next.Criteria, "environment": next.Environment}},
	}, nil
}

func procedureOf(a *Application) (*Procedure, error) {
	p, ok := Lookup(a.Procedure)
	if !ok {
		return nil, fmt.Errorf("application %s: procedure %q is not declared", a.ID, a.Procedure)
	}
	return p, nil
}

// Input is the body of an action, by kind.
type Input struct {
	Recommendation *RecommendationInput
	Decision       *DecisionInput
	Provision      *ProvisionInput
}

// RecommendationInput is the SI's recommendation (002 ¶6).
type RecommendationInput struct {
	Architecture string `json:"architecture"`
	Note         string `json:"note"`
}

// DecisionInput is the AB's decision (002 ¶8). Architecture is the AB's own finding on
// ¶7.2 when it differs from the SI's recommendation: the SI only recommends, the AB
// decides ([AMBIGUITY] of A4.3).
type DecisionInput struct {
	Decision     string   `json:"decision"`
	Reasons      []string `json:"reasons"`
	Architecture string   `json:"architecture,omitempty"`
}

// ProvisionInput is the operator's report that the environments are provided.
type ProvisionInput struct {
	Note string `json:"note"`
}

const maxNoteBytes = 4000

func checkText(field, s string, fs []fault.Field) []fault.Field {
	if len(s) > maxNoteBytes {
		return append(fs, fault.Field{Field: field, Reason: fmt.Sprintf("longer than %d bytes", maxNoteBytes)})
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' }) {
		return append(fs, fault.Field{Field: field, Reason: "contains control characters"})
	}
	return fs
}

// Transition applies a named action to an application on behalf of the caller.
func Transition(a *Application, action string, in Input, c Caller, now time.Time) (*Change, error) {
	p, err := procedureOf(a)
	if err != nil {
		return nil, err
	}
	if !CanSee(c, a) {
		return nil, fault.E(fault.NotFound, "no such application")
	}
	act, ok := p.Action(action)
	if !ok {
		return nil, fault.E(fault.NotFound, "procedure %s has no action %q", p.ID, action)
	}
	if !c.Has(act.Role) || (act.Role == Applicant && c.Org != a.Org) {
		return nil, fault.E(fault.Forbidden, "only %s may %s this application", act.Role, action)
	}
	if a.Status != act.From {
		return nil, fault.E(fault.Conflict, "the application is %s; %s needs %s", a.Status, action, act.From)
	}
	if act.Input == NoInput && (in.Decision != nil || in.Recommendation != nil || in.Provision != nil) {
		return nil, fault.E(fault.Invalid, "%s takes no fields", action)
	}
	now = now.UTC()
	next := clone(a)
	next.Version++
	next.UpdatedAt = now
	ch := &Change{Procedure: p, PrevVersion: a.Version, PrevStatus: a.Status, App: next,
		Event: AuditEvent{At: now, Actor: c.Actor(act.Role), Type: action, From: a.Status, Data: map[string]any{"basis": act.Basis}}}
	to := act.To
	switch act.Input {
	case Recommendation:
		if err := recommend(next, in.Recommendation, c, now, ch); err != nil {
			return nil, err
		}
	case Decision:
		if to, err = decide(p, act, next, in.Decision, c, now, ch); err != nil {
			return nil, err
		}
	case Provision:
		if err := provide(next, in.Provision, c, now); err != nil {
			return nil, err
		}
	}
	if act.From == p.Initial && p.CreatedBy == "applications" && to != p.Withdrawn {
		if err := checkComplete(p, a, ch); err != nil {
			return nil, err
		}
		next.SubmittedAt = &now
	}
	next.Status = to
	ch.Event.To = to
	if err := move(ch, p, a.Status, to, c, now); err != nil {
		return nil, err
	}
	return ch, nil
}

func recommend(a *Application, in *RecommendationInput, c Caller, now time.Time, ch *Change) error {
	if in == nil {
		return fault.WithFields(fault.Unprocessable, "a recommendation is required",
			fault.Field{Field: "architecture", Reason: "required"})
	}
	arch, err := criteria.ParseArchitecture(in.Architecture)
	if err != nil {
		return fault.WithFields(fault.Unprocessable, "the recommendation is not valid",
			fault.Field{Field: "architecture", Reason: "must be complies, does_not_comply or no_architecture"})
	}
	if fs := checkText("note", in.Note, nil); len(fs) > 0 {
		return fault.WithFields(fault.Unprocessable, "the recommendation is not valid", fs...)
	}
	a.Recommendation = &RecommendationResult{Architecture: arch, Note: in.Note, At: now, By: c.Sub}
	ch.Event.Data["architecture"] = string(arch)
	return nil
}

// decide applies 002 ¶7–¶8: the grounds of ¶7 are a closed list, so an inclusion while a
// ground holds is refused with the grounds named, and a refusal records every ground
// that holds plus the reasons given. A refusal with no ground is refused too: ¶7 admits
// no other ground.
func decide(p *Procedure, act Action, a *Application, in *DecisionInput, c Caller, now time.Time, ch *Change) (Status, error) {
	if in == nil {
		return "", fault.WithFields(fault.Unprocessable, "a decision is required",
			fault.Field{Field: "decision", Reason: "required"})
	}
	var fs []fault.Field
	if in.Decision != "include" && in.Decision != "refuse" {
		fs = append(fs, fault.Field{Field: "decision", Reason: "must be include or refuse"})
	}
	for i, r := range in.Reasons {
		fs = checkText(fmt.Sprintf("reasons[%d]", i), r, fs)
	}
	if len(in.Reasons) > 50 {
		fs = append(fs, fault.Field{Field: "reasons", Reason: "at most 50 reasons"})
	}
	arch := criteria.Architecture("")
	if a.Recommendation != nil {
		arch = a.Recommendation.Architecture
	}
	if in.Architecture != "" {
		own, err := criteria.ParseArchitecture(in.Architecture)
		if err != nil {
			fs = append(fs, fault.Field{Field: "architecture", Reason: "must be complies, does_not_comply or no_architecture"})
		}
		arch = own
	}
	if len(fs) > 0 {
		return "", fault.WithFields(fault.Unprocessable, "the decision is not valid", fs...)
	}
	var grounds []string
	if p.Criteria {
		score := criteria.ScoreOf(a.Criteria)
		a.Score = &score
		grounds = criteria.Grounds(score, arch)
	}
	if grounds == nil {
		grounds = []string{}
	}
	reasons := in.Reasons
	if reasons == nil {
		reasons = []string{}
	}
	switch in.Decision {
	case "include":
		if len(grounds) > 0 {
			f := make([]fault.Field, 0, len(grounds))
			for _, g := range grounds {
				f = append(f, fault.Field{Field: "decision", Reason: groundText(g)})
			}
			return "", fault.WithFields(fault.Unprocessable,
				"the object cannot be included while a ground for refusal of 002 ¶7 holds: "+strings.Join(grounds, ", "), f...)
		}
	case "refuse":
		if len(grounds) == 0 {
			return "", fault.WithFields(fault.Unprocessable,
				"no ground for refusal of 002 ¶7 holds; ¶7 lists the only grounds",
				fault.Field{Field: "decision", Reason: "no ground of 002 ¶7 holds"})
		}
	}
	a.Decision = &DecisionResult{Decision: in.Decision, Grounds: grounds, Reasons: reasons, At: now, By: c.Sub}
	ch.Event.Data["decision"] = in.Decision
	ch.Event.Data["grounds"] = grounds
	ch.Event.Data["reasons"] = reasons
	if arch != "" {
		ch.Event.Data["architecture"] = string(arch)
	}
	if in.Decision == "refuse" {
		return act.Alt, nil
	}
	return act.To, nil
}

func groundText(g string) string {
	switch g {
	case "7.1":
		return "7.1: fewer than three points, or a criterion group without a point (Annex 2)"
	case "7.2":
		return "7.2: the object does not comply with the state body's approved architecture"
	}
	return g
}

func provide(a *Application, in *ProvisionInput, c Caller, now time.Time) error {
	note := ""
	if in != nil {
		if fs := checkText("note", in.Note, nil); len(fs) > 0 {
			return fault.WithFields(fault.Unprocessable, "the provision is not valid", fs...)
		}
		note = in.Note
	}
	a.Provision = &ProvisionResult{At: now, By: c.Sub, Note: note}
	return nil
}

// checkComplete is the check at submission: every required document kind has a valid
// document (002 ¶4.1/¶4.2), every criterion is answered (Annex 2), an environment request
// names its environments and its Agreement (003 §12). It lists everything missing at once.
func checkComplete(p *Procedure, a *Application, ch *Change) error {
	var fs []fault.Field
	for _, rule := range p.ObjectTypes[a.Object.Type] {
		id := ""
		for _, d := range a.Documents {
			if d.Kind == rule.Kind && d.Status == "valid" {
				id = d.ID
				break
			}
		}
		if id == "" {
			reason := "missing"
			for _, d := range a.Documents {
				if d.Kind == rule.Kind {
					reason = "not valid (" + d.Status + ")"
				}
			}
			fs = append(fs, fault.Field{Field: "documents." + rule.Kind, Reason: reason + "; required by " + rule.Basis})
			continue
		}
		ch.ValidDocs = append(ch.ValidDocs, id)
	}
	if p.Criteria {
		for _, k := range criteria.Unanswered(a.Criteria) {
			fs = append(fs, fault.Field{Field: "criteria." + k, Reason: "unanswered; required by 002 ¶4 and Annex 2"})
		}
	}
	if p.Environment {
		if a.Environment == nil || len(a.Environment.Types) == 0 {
			fs = append(fs, fault.Field{Field: "environment.types", Reason: "name at least one environment (003 §12)"})
		}
		if a.Environment == nil || a.Environment.AgreementDate == "" {
			fs = append(fs, fault.Field{Field: "environment.agreementDate", Reason: "required: environments are provided under a concluded Agreement (003 §12)"})
		}
	}
	if len(fs) > 0 {
		return fault.WithFields(fault.Unprocessable, "the application is not complete", fs...)
	}
	return nil
}

// move leaves status from for status to: stops the old step's clock, starts the new
// step's clock or the outcome's terms, and addresses the notices.
func move(ch *Change, p *Procedure, from, to Status, c Caller, now time.Time) error {
	a := ch.App
	if _, ok := p.Step(from); ok {
		for i := range a.Clocks {
			cl := &a.Clocks[i]
			if cl.Step == string(from) && cl.CompletedAt == nil && !cl.Term {
				if ch.PrevClockStates == nil {
					ch.PrevClockStates = map[string]ClockState{}
				}
				ch.PrevClockStates[cl.Step] = cl.State
				stop(cl, now)
				ch.Clocks = append(ch.Clocks, *cl)
			}
		}
	}
	ch.Notices = append(ch.Notices, statusNotice(p, a, from, now))
	if st, ok := p.Step(to); ok {
		if err := enterStep(ch, p, st, c, now); err != nil {
			return err
		}
	}
	if o, ok := p.Outcome(to); ok {
		ch.Effect = o.Effect
		if len(o.Notify) > 0 {
			ch.Notices = append(ch.Notices, outcomeNotice(p, a, o, now))
		}
		for _, t := range p.Terms {
			if t.After == to {
				if err := startTerm(ch, p, t, now); err != nil {
					return err
				}
			}
		}
	}
	a.Overdue = anyOverdue(a.Clocks)
	return nil
}

func anyOverdue(cs []Clock) bool {
	for _, c := range cs {
		if c.State == Overdue && c.CompletedAt == nil {
			return true
		}
	}
	return false
}

// stop ends a clock when its step is left. A clock that went overdue stays overdue (it
// was late, and the trail says so); a running one is met.
func stop(cl *Clock, now time.Time) {
	t := now
	cl.CompletedAt = &t
	if cl.State == Running {
		cl.State = Met
	}
	cl.Next, cl.NextAt = FireNone, nil
}

func enterStep(ch *Change, p *Procedure, st Step, c Caller, now time.Time) error {
	a := ch.App
	if !st.Limit.None() {
		cl := Clock{Step: string(st.Status), Owner: st.Owner, Basis: st.Basis, Limit: st.Limit,
			Calendar: p.Country, StartedAt: now}
		if err := Schedule(&cl, p.Country, "", now); err != nil {
			return err
		}
		a.Clocks = append(a.Clocks, cl)
		ch.Clocks = append(ch.Clocks, cl)
		if cl.State == Unscheduled {
			ch.Notices = append(ch.Notices, adminNotice(p, a, cl, now))
		}
	}
	ch.Notices = append(ch.Notices, stepNotice(p, a, st, now))
	return nil
}

func startTerm(ch *Change, p *Procedure, t Term, now time.Time) error {
	a := ch.App
	from := ""
	if t.FromField == "agreementDate" && a.Environment != nil {
		from = a.Environment.AgreementDate
	}
	cl := Clock{Step: t.Name, Basis: t.Basis, Limit: t.Limit, Calendar: p.Country, StartedAt: now, Term: true}
	if err := Schedule(&cl, p.Country, from, now); err != nil {
		return err
	}
	a.Clocks = append(a.Clocks, cl)
	ch.Clocks = append(ch.Clocks, cl)
	if cl.State == Unscheduled {
		ch.Notices = append(ch.Notices, adminNotice(p, a, cl, now))
	}
	return nil
}

// reminderHour is when, in the country's zone, a reminder goes out on the working day
// before the due date: at the start of office hours rather than at midnight.
const reminderHour = 9

// Schedule computes a clock's due date and moments from its start on the country's
// calendar. from, when set (YYYY-MM-DD), is day 0 instead of the start date (a term
// counted from an agreement). A due date in a year that is not loaded leaves the clock
// Unscheduled, never guessed (contract, "Deadlines").
func Schedule(cl *Clock, country, from string, now time.Time) error {
	cal, err := calendar.For(country)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", cl.Step, err)
	}
	day0 := calendar.DateOf(cl.StartedAt, cal.Location())
	if from != "" {
		if day0, err = calendar.ParseDate(from); err != nil {
			return fmt.Errorf("schedule %s: %w", cl.Step, err)
		}
	}
	cl.FromDate = day0.String()
	if cl.Limit.Kind == WorkingDays {
		cl.WorkingDays = cl.Limit.N
	}
	var due calendar.Date
	switch cl.Limit.Kind {
	case WorkingDays:
		due, err = cal.AddWorkingDays(day0, cl.Limit.N)
	case CalendarDays:
		due, err = cal.AddCalendarDays(day0, cl.Limit.N)
	case Months:
		// A month term ends on the same-numbered day (or the month's last day); it is a
		// period of free use, not a time to act, so it is not moved off a day off.
		due = calendar.AddMonths(day0, cl.Limit.N)
		_, err = cal.IsWorkingDay(due) // fails closed outside the loaded years
	default:
		return fmt.Errorf("schedule %s: unknown limit kind %q", cl.Step, cl.Limit.Kind)
	}
	if err != nil {
		if errors.Is(err, calendar.ErrYearNotLoaded) {
			cl.State, cl.Problem = Unscheduled, err.Error()
			cl.DueDate, cl.DueAt, cl.RemindAt, cl.Next, cl.NextAt = "", nil, nil, FireNone, nil
			return nil
		}
		return fmt.Errorf("schedule %s: %w", cl.Step, err)
	}
	dueAt := cal.EndOfDay(due)
	cl.State, cl.Problem = Running, ""
	cl.DueDate, cl.DueAt = due.String(), &dueAt
	cl.RemindAt = nil
	if !cl.Term && cl.Limit.Kind == WorkingDays {
		if prev, err := cal.WorkingDaysBefore(due, 1); err == nil && prev.After(day0) {
			r := time.Date(prev.Year, prev.Month, prev.Day, reminderHour, 0, 0, 0, cal.Location()).UTC()
			cl.RemindAt = &r
		}
	}
	switch {
	case cl.Term:
		cl.Next, cl.NextAt = FireTermEnd, cl.DueAt
	case cl.RemindAt != nil && now.Before(*cl.RemindAt):
		cl.Next, cl.NextAt = FireReminder, cl.RemindAt
	default:
		cl.Next, cl.NextAt = FireOverdue, cl.DueAt
	}
	return nil
}

func clone(a *Application) *Application {
	b := *a
	b.Documents = slices.Clone(a.Documents)
	b.Clocks = slices.Clone(a.Clocks)
	if a.Criteria != nil {
		b.Criteria = make(criteria.Answers, len(a.Criteria))
		for k, v := range a.Criteria {
			b.Criteria[k] = v
		}
	}
	return &b
}
