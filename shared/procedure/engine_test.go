package procedure_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
)

var (
	t0    = time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC) // Mon 16 March 2026, 10:00 Almaty
	clerk = actor.Caller{Sub: "clerk-1", Org: "kz-minjust", Roles: []actor.Role{actor.Applicant}}
	other = actor.Caller{Sub: "clerk-2", Org: "kz-mef", Roles: []actor.Role{actor.Applicant}}
	ab    = actor.Caller{Sub: "ab-1", Org: "kz-mdai", Roles: []actor.Role{actor.AuthorizedBody}}
	si    = actor.Caller{Sub: "si-1", Org: "kz-si", Roles: []actor.Role{actor.ServiceIntegrator}}
	si2   = actor.Caller{Sub: "si-2", Org: "kz-si-2", Roles: []actor.Role{actor.ServiceIntegrator}}
	op    = actor.Caller{Sub: "op-1", Org: "kz-op", Roles: []actor.Role{actor.Operator}}
)

var seq int

func nextID() string { seq++; return fmt.Sprintf("01test%020d", seq) }

// kindOf returns the fault kind of err, failing the test when err is not a fault.
func kindOf(t *testing.T, err error) fault.Kind {
	t.Helper()
	var fe *fault.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a fault", err)
	}
	return fe.Kind
}

func fields(err error) []string {
	var fe *fault.Error
	if !errors.As(err, &fe) {
		return nil
	}
	var out []string
	for _, f := range fe.Fields {
		out = append(out, f.Field)
	}
	return out
}

// reasons is everything a problem document would say: detail and field reasons.
func reasons(err error) string {
	var fe *fault.Error
	if !errors.As(err, &fe) {
		return fmt.Sprint(err)
	}
	out := fe.Detail
	for _, f := range fe.Fields {
		out += "; " + f.Field + ": " + f.Reason
	}
	return out
}

func mustCreate(t *testing.T, d procedure.Draft, c actor.Caller, obj *procedure.ObjectFacts) *procedure.Application {
	t.Helper()
	ch, err := procedure.Create(d, c, t0, nextID(), nextID(), obj)
	if err != nil {
		t.Fatalf("create %s: %v", d.Procedure, err)
	}
	return ch.App
}

// act takes an action and returns the application after it, with the change.
func act(t *testing.T, a *procedure.Application, name string, body map[string]any, c actor.Caller, at time.Time) (*procedure.Application, *procedure.Change) {
	t.Helper()
	ch, err := procedure.Act(a, name, body, c, at, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ch.App, ch
}

func withValidDocs(a *procedure.Application, kinds ...string) *procedure.Application {
	for _, k := range kinds {
		a.Documents = append(a.Documents, procedure.DocumentSummary{ID: nextID(), Kind: k, Status: procedure.DocValid})
	}
	return a
}

func allCriteria(v bool) map[string]any {
	m := map[string]any{}
	for _, k := range criteria.Keys() {
		m[k] = v
	}
	return m
}

func operatorList(t *testing.T, crit map[string]any) *procedure.Application {
	return mustCreate(t, procedure.Draft{Procedure: "kz-operator-list", Object: &procedure.ObjectInput{Name: "Е-нотариат", Type: "information_system"},
		Sections: map[string]any{"criteria": crit}}, clerk, nil)
}

func noticeTypes(ch *procedure.Change) []string {
	var out []string
	for _, n := range ch.Event.Notices {
		out = append(out, n.Type)
	}
	return out
}

// wantRefused opens an application that the engine must refuse with the given kind and
// fields (nil: any fields).
func wantRefused(t *testing.T, d procedure.Draft, c actor.Caller, obj *procedure.ObjectFacts, kind fault.Kind, want []string) {
	t.Helper()
	_, err := procedure.Create(d, c, t0, nextID(), nextID(), obj)
	if err == nil {
		t.Fatal("accepted")
	}
	if k := kindOf(t, err); k != kind {
		t.Errorf("kind %s, want %s (%v)", k, kind, err)
	}
	if want != nil && !slices.Equal(fields(err), want) {
		t.Errorf("fields %v, want %v", fields(err), want)
	}
}

func TestCreateChecksTheDraft(t *testing.T) {
	wantRefusedDrafts(t, []refusedDraft{
		{"unknown procedure", procedure.Draft{Procedure: "kz-nothing"}, clerk, nil, fault.Unprocessable, []string{"procedure"}},
		{"opened by an object event", procedure.Draft{Procedure: "kz-operator-exclusion"}, clerk, nil, fault.Unprocessable, []string{"procedure"}},
		{"002 ¶4 a reviewer cannot apply", procedure.Draft{Procedure: "kz-operator-list", Object: &procedure.ObjectInput{Name: "x", Type: "information_system"}},
			ab, nil, fault.Forbidden, nil},
		{"no object", procedure.Draft{Procedure: "kz-operator-list"}, clerk, nil, fault.Unprocessable, []string{"object"}},
		{"a bad name and type", procedure.Draft{Procedure: "kz-operator-list", Object: &procedure.ObjectInput{Name: " ", Type: "server"}},
			clerk, nil, fault.Unprocessable, []string{"object.name", "object.type"}},
		{"an unknown section", procedure.Draft{Procedure: "kz-operator-list", Object: &procedure.ObjectInput{Name: "x", Type: "information_system"},
			Sections: map[string]any{"details": map[string]any{"class": 1}}}, clerk, nil, fault.Invalid, []string{"details"}},
		{"an unknown criterion", procedure.Draft{Procedure: "kz-operator-list", Object: &procedure.ObjectInput{Name: "x", Type: "information_system"},
			Sections: map[string]any{"criteria": map[string]any{"9.9": true}}}, clerk, nil, fault.Invalid, []string{"criteria.9.9"}},
		{"a criterion that is not a boolean", procedure.Draft{Procedure: "kz-operator-list", Object: &procedure.ObjectInput{Name: "x", Type: "information_system"},
			Sections: map[string]any{"criteria": map[string]any{"1.1": "yes"}}}, clerk, nil, fault.Invalid, []string{"criteria.1.1"}},
	})
}

// refusedDraft is a draft the engine must refuse, with the kind of fault and the fields
// the problem names.
type refusedDraft struct {
	name   string
	d      procedure.Draft
	c      actor.Caller
	obj    *procedure.ObjectFacts
	kind   fault.Kind
	fields []string
}

func wantRefusedDrafts(t *testing.T, cases []refusedDraft) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantRefused(t, c.d, c.c, c.obj, c.kind, c.fields) })
	}
}

func appWithCriteria(yes ...string) *procedure.Application {
	c := procedure.Values{}
	for _, k := range criteria.Keys() {
		c[k] = slices.Contains(yes, k)
	}
	return &procedure.Application{Procedure: procedure.KZOperatorList.ID, Sections: map[string]procedure.Values{"criteria": c}}
}

func withResult(a *procedure.Application, key string, v procedure.Values) *procedure.Application {
	if a.Results == nil {
		a.Results = map[string]*procedure.Result{}
	}
	a.Results[key] = &procedure.Result{Values: v}
	return a
}

func violated(v procedure.Verdict) []string {
	var out []string
	for _, x := range v.Violations {
		out = append(out, x.Field+"@"+x.Basis)
	}
	return out
}
