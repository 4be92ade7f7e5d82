package procedure

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
)

// Application is one application under a procedure. It has no field of its own for any
// one procedure: the procedure's fields are in Details (and, for the contract's part one
// shapes, in Sections such as "criteria"), the facts its rules derive in Facts (the
// Annex 2 "score"), and what its actions recorded in Results ("decision").
type Application struct {
	ID          string
	Procedure   string
	Org         string // the owner organisation: whoever opened it
	Status      Status
	Version     int
	Round       int // 1 for the first submission, +1 for each resubmission
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
	SubmittedAt *time.Time
	Object      *ObjectRef
	// RegistersObject says the application registered its object (rather than naming an
	// existing one), so that its draft may still rename it.
	RegistersObject bool
	// Parties are organisations that take part besides the owner, by role name
	// ("supplier": the object's supplier, 003 §17).
	Parties   map[string]string
	Details   Values
	Sections  map[string]Values // top-level draft sections other than details
	Facts     map[string]any
	Results   map[string]*Result
	Documents []DocumentSummary
	Clocks    []clock.Clock
	Overdue   bool
	// DocSeq counts the documents added; a submission is conditioned on it, so a document
	// added while a transition is in flight is either counted or refused, never half.
	DocSeq int
}

// ObjectRef is the informatization object an application is about. Its life-cycle stage
// lives on the registry record, not here (principle 6).
type ObjectRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// Result is what an action recorded: its input and the facts its rules found, when and
// by whom, in which round.
type Result struct {
	Values Values
	At     time.Time
	By     string
	Round  int
}

// MarshalJSON renders a result as its values with "at", "by" and "round" beside them.
func (r Result) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(r.Values)+3)
	for k, v := range r.Values {
		m[k] = v
	}
	m["at"], m["by"], m["round"] = r.At, r.By, r.Round
	return json.Marshal(m)
}

// DocumentSummary is a document as listed on its application.
type DocumentSummary struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Status string `json:"status"` // pending_upload | valid | rejected
}

// Document statuses.
const (
	DocPending  = "pending_upload"
	DocValid    = "valid"
	DocRejected = "rejected"
)

// Clock returns the application's newest clock of rule r.
func (a *Application) Clock(rule string) (clock.Clock, bool) {
	var out clock.Clock
	found := false
	for _, c := range a.Clocks {
		if c.Rule == rule && (!found || c.Round >= out.Round) {
			out, found = c, true
		}
	}
	return out, found
}

// CanSee reports whether the caller may know the application exists: the unscoped
// roles see all; the owner organisation's applicants, and a party in its role, their own
// (contract: 404 otherwise, no leak of existence).
func CanSee(c actor.Caller, a *Application) bool {
	if c.Reviewer() || c.Member(actor.Applicant, a.Org) {
		return true
	}
	for role, org := range a.Parties {
		if c.Member(actor.Role(role), org) {
			return true
		}
	}
	// The owner organisation sees its own whatever role opened it (e.g. the service
	// integrator's draft architecture, 004 ¶12).
	p, ok := Lookup(a.Procedure)
	return ok && c.Member(p.Opening.Role, a.Org)
}

// MarshalJSON renders the application as the contract returns it: the common fields, the
// draft sections at the top level ("criteria"), the facts ("score") and every result the
// procedure records ("recommendation", "decision"; null until recorded).
func (a *Application) MarshalJSON() ([]byte, error) {
	m := map[string]any{
		"id": a.ID, "procedure": a.Procedure, "org": a.Org, "status": a.Status, "version": a.Version,
		"round": a.Round, "createdAt": a.CreatedAt, "createdBy": a.CreatedBy, "updatedAt": a.UpdatedAt,
		"submittedAt": a.SubmittedAt, "object": a.Object, "details": nonNil(a.Details),
		"documents": nonNilSlice(a.Documents), "clocks": nonNilSlice(a.Clocks), "overdue": a.Overdue,
	}
	if len(a.Parties) > 0 {
		m["parties"] = a.Parties
	}
	p, _ := Lookup(a.Procedure)
	if p != nil {
		for _, s := range p.Draft {
			if s.Key != DetailsKey {
				m[s.Key] = nonNil(a.Sections[s.Key])
			}
		}
		for _, k := range p.derivedFacts() {
			m[k] = nil
		}
		for _, k := range p.resultKeys() {
			m[k] = nil
		}
	}
	for k, v := range a.Facts {
		m[k] = v
	}
	for k, r := range a.Results {
		if r != nil {
			m[k] = r
		}
	}
	return json.Marshal(m)
}

// DetailsKey is the draft section every procedure may have.
const DetailsKey = "details"

func nonNil(v Values) Values {
	if v == nil {
		return Values{}
	}
	return v
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (a *Application) clone() *Application {
	b := *a
	b.Documents = slices.Clone(a.Documents)
	b.Clocks = slices.Clone(a.Clocks)
	b.Details = a.Details.Clone()
	if a.Object != nil {
		o := *a.Object
		b.Object = &o
	}
	if a.Sections != nil {
		b.Sections = make(map[string]Values, len(a.Sections))
		for k, v := range a.Sections {
			b.Sections[k] = v.Clone()
		}
	}
	if a.Facts != nil {
		b.Facts = Values(a.Facts).Clone()
	}
	if a.Results != nil {
		b.Results = make(map[string]*Result, len(a.Results))
		for k, r := range a.Results {
			c := *r
			c.Values = r.Values.Clone()
			b.Results[k] = &c
		}
	}
	if a.Parties != nil {
		b.Parties = make(map[string]string, len(a.Parties))
		for k, v := range a.Parties {
			b.Parties[k] = v
		}
	}
	return &b
}
