package procedure

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/fault"
)

// t0 is Monday 16 March 2026, 10:00 in Astana/Almaty (UTC+5): the day the AB receives
// the application. Nauryz (21–23 March) falls on Sat–Mon, so Sat 21 and Sun 22 move to
// Tue 24 and Wed 25 (KZ-2026.json weekend_rule): 21–25 March are all days off.
var t0 = time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)

const (
	org      = "kz-minjust"
	otherOrg = "kz-minfin"
	appID    = "app-1"
	objID    = "obj-1"
)

var (
	owner    = Caller{Sub: "clerk-1", Org: org, Roles: []Role{Applicant}}
	stranger = Caller{Sub: "clerk-2", Org: otherOrg, Roles: []Role{Applicant}}
	abUser   = Caller{Sub: "ab-1", Org: "kz-mdai", Roles: []Role{AuthorizedBody}}
	siUser   = Caller{Sub: "si-1", Org: "kz-zerde", Roles: []Role{ServiceIntegrator}}
	opUser   = Caller{Sub: "op-1", Org: "kz-nit", Roles: []Role{Operator}}
	admin    = Caller{Sub: "admin-1", Org: "ops", Roles: []Role{Admin}}
	nobody   = Caller{Sub: "x", Org: org}
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// answers builds a full set of Annex 2 answers with the given keys true.
func answers(yes ...string) criteria.Answers {
	a := criteria.Answers{}
	for _, k := range criteria.Keys() {
		a[k] = slices.Contains(yes, k)
	}
	return a
}

// passing meets ¶7.1: one point in each of the three criteria, three in total.
func passing() criteria.Answers { return answers("1.1", "2.1", "3.1") }

// failing misses criterion 3 entirely (¶7.1: "a minimum of one point in each criterion").
func failing() criteria.Answers { return answers("1.1", "1.2", "2.1", "2.2") }

func validDocs(typ string) []DocumentSummary {
	var out []DocumentSummary
	for i, k := range KZOperatorList.DocumentKinds(typ) {
		out = append(out, DocumentSummary{ID: fmt.Sprintf("doc-%d", i+1), Kind: k, Status: DocValid})
	}
	return out
}

func faultOf(t *testing.T, err error, want fault.Kind) *fault.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s", want)
	}
	var fe *fault.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a fault.Error; want %s", err, want)
	}
	if fe.Kind != want {
		t.Fatalf("error %v has kind %s; want %s", err, fe.Kind, want)
	}
	return fe
}

func fieldNames(fe *fault.Error) []string {
	var out []string
	for _, f := range fe.Fields {
		out = append(out, f.Field)
	}
	return out
}

func fieldReason(fe *fault.Error, field string) string {
	for _, f := range fe.Fields {
		if f.Field == field {
			return f.Reason
		}
	}
	return ""
}

// must is mustOK for a call: must(t)(Transition(...)).
func must(t *testing.T) func(*Change, error) *Change {
	return func(ch *Change, err error) *Change {
		t.Helper()
		return mustOK(t, ch, err)
	}
}

func mustOK(t *testing.T, ch *Change, err error) *Change {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if ch == nil || ch.App == nil {
		t.Fatal("nil change")
	}
	return ch
}

// newList creates a kz-operator-list draft of an information system with the given answers.
func newList(t *testing.T, typ string, ans criteria.Answers, now time.Time) *Application {
	t.Helper()
	ch := must(t)(Create(Draft{Procedure: "kz-operator-list", Object: &Object{Name: "E-Notary", Type: typ}, Criteria: ans}, owner, now, appID, objID))
	return ch.App
}

// submitted is a complete kz-operator-list application submitted at now.
func submitted(t *testing.T, ans criteria.Answers, now time.Time) (*Application, *Change) {
	t.Helper()
	a := newList(t, "information_system", ans, now.Add(-time.Hour))
	a.Documents = validDocs("information_system")
	ch := must(t)(Transition(a, "submit", Input{}, owner, now))
	return ch.App, ch
}

// t1, t2, t3 are when the SI receives the documents, the AB the recommendation, and
// the AB decides.
var (
	t1 = utc("2026-03-18T05:00:00Z") // Wed
	t2 = utc("2026-03-20T05:00:00Z") // Fri
	t3 = utc("2026-03-26T05:00:00Z") // Thu
)

// atDecision drives an application to ab_decision with the SI's recommendation arch.
func atDecision(t *testing.T, ans criteria.Answers, arch string) *Application {
	t.Helper()
	a, _ := submitted(t, ans, t0)
	a = must(t)(Transition(a, "forward", Input{}, abUser, t1)).App
	return must(t)(Transition(a, "recommendation", Input{Recommendation: &RecommendationInput{Architecture: arch}}, siUser, t2)).App
}

func ptime(t *time.Time) string {
	if t == nil {
		return "<nil>"
	}
	return t.UTC().Format(time.RFC3339)
}

// ---- Create ----

func TestCreateValidation(t *testing.T) {
	long := strings.Repeat("я", 250) + "x" // 501 bytes
	cases := []struct {
		name   string
		d      Draft
		c      Caller
		kind   fault.Kind
		fields []string
	}{
		{"unknown procedure", Draft{Procedure: "kz-nope", Object: &Object{Name: "N", Type: "information_system"}}, owner, fault.Unprocessable, []string{"procedure"}},
		{"empty procedure", Draft{Object: &Object{Name: "N", Type: "information_system"}}, owner, fault.Unprocessable, []string{"procedure"}},
		// 002 ¶11: exclusion is opened by a cessation report, not by POST /v1/applications.
		{"procedure opened by cessation", Draft{Procedure: "kz-operator-exclusion", Object: &Object{Name: "N", Type: "information_system"}}, owner, fault.Unprocessable, []string{"procedure"}},
		{"no object", Draft{Procedure: "kz-operator-list"}, owner, fault.Unprocessable, []string{"object"}},
		{"empty name", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "", Type: "information_system"}}, owner, fault.Unprocessable, []string{"object.name"}},
		{"blank name", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "  \u00a0 ", Type: "information_system"}}, owner, fault.Unprocessable, []string{"object.name"}},
		{"name over 500 bytes", Draft{Procedure: "kz-operator-list", Object: &Object{Name: long, Type: "information_system"}}, owner, fault.Unprocessable, []string{"object.name"}},
		{"NUL in name", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "E\x00Notary", Type: "information_system"}}, owner, fault.Unprocessable, []string{"object.name"}},
		{"newline in name", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "E-\nNotary", Type: "information_system"}}, owner, fault.Unprocessable, []string{"object.name"}},
		{"C1 control in name", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "E\u0085Notary", Type: "information_system"}}, owner, fault.Unprocessable, []string{"object.name"}},
		{"invalid UTF-8 in name", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "E\xffNotary", Type: "information_system"}}, owner, fault.Unprocessable, []string{"object.name"}},
		// 002 A2.1: attachment lists exist only for an IS and an HSC.
		{"unknown type", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "DC-1", Type: "server_premises"}}, owner, fault.Unprocessable, []string{"object.type"}},
		{"empty type", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "DC-1"}}, owner, fault.Unprocessable, []string{"object.type"}},
		{"everything at once", Draft{Procedure: "kz-operator-list", Object: &Object{Name: " ", Type: "x"}, Criteria: criteria.Answers{"4.1": true, "1.1": true, "0": false}, Environment: &Environment{}}, owner, fault.Unprocessable,
			[]string{"object.name", "object.type", "criteria.0", "criteria.4.1", "environment"}},
		// Annex 2 has keys 1.1–3.4 only.
		{"unknown criteria keys", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "N", Type: "information_system"}, Criteria: criteria.Answers{"1.1": true, "1.5": true, "3.5": false}}, owner, fault.Unprocessable, []string{"criteria.1.5", "criteria.3.5"}},
		// 003 §12: only the environment procedure takes an environment, only 002 has criteria.
		{"environment on kz-operator-list", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "N", Type: "information_system"}, Environment: &Environment{Types: []string{"testing"}}}, owner, fault.Unprocessable, []string{"environment"}},
		{"criteria on kz-environment", Draft{Procedure: "kz-environment", Object: &Object{Name: "N", Type: "information_system"}, Criteria: passing()}, owner, fault.Unprocessable, []string{"criteria"}},
		{"unknown environment type", Draft{Procedure: "kz-environment", Object: &Object{Name: "N", Type: "information_system"}, Environment: &Environment{Types: []string{"testing", "production"}}}, owner, fault.Unprocessable, []string{"environment.types[1]"}},
		{"impossible agreement date", Draft{Procedure: "kz-environment", Object: &Object{Name: "N", Type: "information_system"}, Environment: &Environment{Types: []string{"testing"}, AgreementDate: "2026-02-30"}}, owner, fault.Unprocessable, []string{"environment.agreementDate"}},
		{"agreement ref with control", Draft{Procedure: "kz-environment", Object: &Object{Name: "N", Type: "information_system"}, Environment: &Environment{AgreementRef: "A\x07"}}, owner, fault.Unprocessable, []string{"environment.agreementRef"}},
		// Contract: POST /v1/applications is for the applicant role only.
		{"authorized body", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "N", Type: "information_system"}}, abUser, fault.Forbidden, nil},
		{"admin", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "N", Type: "information_system"}}, admin, fault.Forbidden, nil},
		{"no roles", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "N", Type: "information_system"}}, nobody, fault.Forbidden, nil},
		{"applicant without org", Draft{Procedure: "kz-operator-list", Object: &Object{Name: "N", Type: "information_system"}}, Caller{Sub: "c", Roles: []Role{Applicant}}, fault.Forbidden, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ch, err := Create(c.d, c.c, t0, appID, objID)
			if ch != nil {
				t.Errorf("a change came with the error")
			}
			fe := faultOf(t, err, c.kind)
			if c.fields != nil {
				got := fieldNames(fe)
				slices.Sort(got)
				want := slices.Clone(c.fields)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("fields %v, want %v (%v)", got, want, fe.Fields)
				}
			}
		})
	}
}

func TestCreateDraft(t *testing.T) {
	name500 := strings.Repeat("a", 500)
	now := t0.In(time.FixedZone("Almaty", 5*3600)) // any zone; stored as UTC
	ch := must(t)(Create(Draft{Procedure: "kz-operator-list", Object: &Object{ID: "forged", Name: "  " + "E-Notary" + "  ", Type: "information_system"},
		Criteria: answers("1.1", "1.2", "2.3", "3.1", "3.2")}, owner, now, appID, objID))
	a := ch.App
	if a.ID != appID || a.Procedure != "kz-operator-list" || a.Org != org || a.Status != "draft" || a.Version != 1 || a.CreatedBy != owner.Sub {
		t.Errorf("draft = %+v", a)
	}
	if a.Object != (Object{ID: objID, Name: "E-Notary", Type: "information_system"}) {
		t.Errorf("object %+v: the id comes from the store, the name is trimmed", a.Object)
	}
	if !a.CreatedAt.Equal(t0) || a.CreatedAt.Location() != time.UTC || !a.UpdatedAt.Equal(t0) || a.SubmittedAt != nil {
		t.Errorf("times created %v updated %v submitted %v", a.CreatedAt, a.UpdatedAt, a.SubmittedAt)
	}
	if a.Documents == nil || a.Clocks == nil || len(a.Documents)+len(a.Clocks) != 0 {
		t.Errorf("documents %v clocks %v: want empty, non-nil lists", a.Documents, a.Clocks)
	}
	// 002 Annex 2 / ¶7.1 scored with the rule version it was scored under.
	if a.Score == nil {
		t.Fatal("no score")
	}
	if s := *a.Score; s.Total != 5 || s.Groups["1"] != 2 || s.Groups["2"] != 1 || s.Groups["3"] != 2 || !s.Passes || s.RuleVersion != criteria.RuleVersion {
		t.Errorf("score %+v", s)
	}
	if ch.PrevVersion != 0 || len(ch.Notices) != 0 || len(ch.Clocks) != 0 || ch.Effect != NoEffect {
		t.Errorf("a draft starts no clock and tells no one: %+v", ch)
	}
	if ch.Event.Type != "created" || ch.Event.To != "draft" || ch.Event.Actor != (Actor{Sub: owner.Sub, Org: org, Role: Applicant}) || !ch.Event.At.Equal(t0) {
		t.Errorf("event %+v", ch.Event)
	}

	// A draft may be partial; no answers score zero and fail ¶7.1.
	ch = must(t)(Create(Draft{Procedure: "kz-operator-list", Object: &Object{Name: name500, Type: "hardware_software_complex"}}, owner, t0, "app-2", "obj-2"))
	if s := ch.App.Score; s == nil || s.Total != 0 || s.Passes || s.RuleVersion != criteria.RuleVersion {
		t.Errorf("empty answers score %+v", s)
	}
	if ch.App.Criteria == nil {
		t.Error("criteria nil: want an empty map")
	}

	// The environment procedure has no score (003 has no criteria).
	ch = must(t)(Create(Draft{Procedure: "kz-environment", Object: &Object{Name: "Portal", Type: "information_system"},
		Environment: &Environment{Types: []string{"development_testing"}, AgreementRef: "AG-7", AgreementDate: "2026-11-30"}}, owner, t0, "app-3", "obj-3"))
	if ch.App.Score != nil || ch.App.Criteria != nil {
		t.Errorf("environment draft scored: %+v %+v", ch.App.Score, ch.App.Criteria)
	}
	if e := ch.App.Environment; e == nil || e.AgreementDate != "2026-11-30" || e.AgreementRef != "AG-7" || !slices.Equal(e.Types, []string{"development_testing"}) {
		t.Errorf("environment %+v", e)
	}
}

// ---- Patch ----

func TestPatch(t *testing.T) {
	draft := newList(t, "information_system", failing(), t0)
	later := t0.Add(time.Hour)

	ch := must(t)(Patch(draft, Draft{Criteria: passing()}, owner, later))
	if ch.App.Version != 2 || ch.PrevVersion != 1 || ch.PrevStatus != "draft" || ch.App.Status != "draft" || !ch.App.UpdatedAt.Equal(later) {
		t.Errorf("patched %+v (prev %d %s)", ch.App, ch.PrevVersion, ch.PrevStatus)
	}
	if s := ch.App.Score; s == nil || !s.Passes || s.Total != 3 || s.RuleVersion != criteria.RuleVersion {
		t.Errorf("not rescored: %+v", s)
	}
	if ch.Event.Type != "changed" || ch.Event.From != "draft" || ch.Event.To != "draft" {
		t.Errorf("event %+v", ch.Event)
	}
	if draft.Version != 1 || draft.Score.Passes || !draft.Criteria["1.2"] {
		t.Errorf("Patch changed its input: %+v", draft)
	}
	if len(ch.Notices) != 0 || len(ch.Clocks) != 0 {
		t.Errorf("a patch tells no one and starts nothing: %+v", ch)
	}

	ch = must(t)(Patch(ch.App, Draft{Object: &Object{ID: "other", Name: " Notary 2 ", Type: "hardware_software_complex"}}, owner, later))
	if ch.App.Version != 3 || ch.App.Object != (Object{ID: objID, Name: "Notary 2", Type: "hardware_software_complex"}) {
		t.Errorf("object patch: %+v v%d", ch.App.Object, ch.App.Version)
	}
	if !ch.App.Score.Passes || ch.App.Criteria["1.2"] {
		t.Error("an object-only patch lost the criteria")
	}

	sub, _ := submitted(t, passing(), t0)
	cases := []struct {
		name string
		a    *Application
		d    Draft
		c    Caller
		kind fault.Kind
	}{
		{"another org's applicant", draft, Draft{Criteria: passing()}, stranger, fault.NotFound},
		{"no roles", draft, Draft{Criteria: passing()}, nobody, fault.NotFound},
		{"a reviewer", draft, Draft{Criteria: passing()}, abUser, fault.Forbidden},
		{"the operator", draft, Draft{Criteria: passing()}, opUser, fault.Forbidden},
		{"reviewer-applicant of another org", draft, Draft{Criteria: passing()}, Caller{Sub: "dual", Org: otherOrg, Roles: []Role{Applicant, ServiceIntegrator}}, fault.Forbidden},
		{"after submission", sub, Draft{Criteria: passing()}, owner, fault.Conflict},
		{"unknown criterion", draft, Draft{Criteria: criteria.Answers{"2.6": true}}, owner, fault.Unprocessable},
		{"bad object", draft, Draft{Object: &Object{Name: "", Type: "information_system"}}, owner, fault.Unprocessable},
		{"environment on the list procedure", draft, Draft{Environment: &Environment{Types: []string{"testing"}}}, owner, fault.Unprocessable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ch, err := Patch(c.a, c.d, c.c, later)
			faultOf(t, err, c.kind)
			if ch != nil {
				t.Error("a change came with the error")
			}
		})
	}
	// An exclusion application is not a draft of anyone's: it cannot be patched.
	ex := must(t)(OpenFor("kz-operator-exclusion", Object{ID: objID, Name: "E-Notary", Type: "information_system"}, org, owner, t0, "app-x", nil)).App
	_, err := Patch(ex, Draft{Object: &Object{Name: "X", Type: "information_system"}}, owner, later)
	faultOf(t, err, fault.Conflict)
}

// ---- Transition: kz-operator-list, 002 ¶4–¶10 ----

// 002 ¶4.1 / ¶4.2 and the contract: submit is refused with 422 listing EVERY missing or
// not-valid required document kind and EVERY unanswered criterion.
func TestSubmitListsEverythingMissing(t *testing.T) {
	partial := criteria.Answers{"1.1": true, "2.1": false, "3.4": true}
	cases := []struct {
		name string
		typ  string
		ans  criteria.Answers
		docs []DocumentSummary
		want map[string]string // field → reason prefix
	}{
		{"IS, nothing", "information_system", nil, nil, map[string]string{
			"documents.is_description": "missing; required by 002 ¶4.1 1)", "documents.technical_documentation": "missing; required by 002 ¶4.1 2)",
			"documents.commissioning_document": "missing", "documents.user_count": "missing", "documents.services_or_functions_list": "missing",
			"documents.deployment_counts": "missing", "documents.security_certificate": "missing", "documents.criteria_compliance": "missing; required by 002 ¶4.1 8)",
			"criteria.1.1": "unanswered", "criteria.1.2": "unanswered", "criteria.1.3": "unanswered", "criteria.1.4": "unanswered",
			"criteria.2.1": "unanswered", "criteria.2.2": "unanswered", "criteria.2.3": "unanswered", "criteria.2.4": "unanswered", "criteria.2.5": "unanswered",
			"criteria.3.1": "unanswered", "criteria.3.2": "unanswered", "criteria.3.3": "unanswered", "criteria.3.4": "unanswered"}},
		{"HSC, answered, no documents", "hardware_software_complex", passing(), nil, map[string]string{
			"documents.hsc_description": "missing; required by 002 ¶4.2 1)", "documents.hsc_technical_specification": "missing",
			"documents.user_count": "missing", "documents.interacting_systems_list": "missing", "documents.subdivision_users_list": "missing",
			"documents.allowed_software_list": "missing", "documents.criteria_compliance": "missing; required by 002 ¶4.2 7)"}},
		{"HSC, IS documents do not count", "hardware_software_complex", passing(), validDocs("information_system"), map[string]string{
			"documents.hsc_description": "missing", "documents.hsc_technical_specification": "missing",
			"documents.interacting_systems_list": "missing", "documents.subdivision_users_list": "missing",
			"documents.allowed_software_list": "missing"}},
		{"IS, rejected and pending documents, partial answers", "information_system", partial,
			append(validDocs("information_system")[:6], // the first six are valid
				DocumentSummary{ID: "d7", Kind: "security_certificate", Status: DocRejected},
				DocumentSummary{ID: "d8", Kind: "criteria_compliance", Status: DocPending}),
			map[string]string{
				"documents.security_certificate": "not valid (rejected)", "documents.criteria_compliance": "not valid (pending_upload)",
				"criteria.1.2": "unanswered", "criteria.1.3": "unanswered", "criteria.1.4": "unanswered", "criteria.2.2": "unanswered",
				"criteria.2.3": "unanswered", "criteria.2.4": "unanswered", "criteria.2.5": "unanswered", "criteria.3.1": "unanswered",
				"criteria.3.2": "unanswered", "criteria.3.3": "unanswered"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newList(t, c.typ, c.ans, t0.Add(-time.Hour))
			a.Documents = c.docs
			ch, err := Transition(a, "submit", Input{}, owner, t0)
			if ch != nil {
				t.Error("a change came with the error")
			}
			fe := faultOf(t, err, fault.Unprocessable)
			if len(fe.Fields) != len(c.want) {
				t.Errorf("%d fields %v, want %d", len(fe.Fields), fieldNames(fe), len(c.want))
			}
			for field, prefix := range c.want {
				if r := fieldReason(fe, field); !strings.HasPrefix(r, prefix) {
					t.Errorf("%s: reason %q, want prefix %q", field, r, prefix)
				}
			}
		})
	}
	// Valid documents but unanswered criteria: only the criteria are listed.
	a := newList(t, "information_system", criteria.Answers{"1.1": true}, t0)
	a.Documents = validDocs("information_system")
	_, err := Transition(a, "submit", Input{}, owner, t0)
	fe := faultOf(t, err, fault.Unprocessable)
	if len(fe.Fields) != 12 || fe.Fields[0].Field != "criteria.1.2" {
		t.Errorf("fields %v, want the 12 unanswered criteria in annex order", fieldNames(fe))
	}
}

// 002 ¶5 and the contract's "Deadlines": day 0 is the day of receipt, the due date the
// 5th KZ working day after it, overdue from the end of that day in Asia/Almaty.
func TestSubmitStartsTheABCheckClock(t *testing.T) {
	before := newList(t, "information_system", passing(), t0.Add(-time.Hour))
	before.Documents = validDocs("information_system")
	ch := must(t)(Transition(before, "submit", Input{}, owner, t0))
	a := ch.App
	if a.Status != "ab_check" || a.Version != 2 || a.SubmittedAt == nil || !a.SubmittedAt.Equal(t0) || ch.PrevVersion != 1 || ch.PrevStatus != "draft" {
		t.Fatalf("submitted %+v", a)
	}
	if ch.Event.Type != "submit" || ch.Event.From != "draft" || ch.Event.To != "ab_check" || ch.Event.Data["basis"] != "002 ¶4" {
		t.Errorf("event %+v", ch.Event)
	}
	if want := []string{"doc-1", "doc-2", "doc-3", "doc-4", "doc-5", "doc-6", "doc-7", "doc-8"}; !slices.Equal(ch.ValidDocs, want) {
		t.Errorf("ValidDocs %v, want %v", ch.ValidDocs, want)
	}
	cl, ok := a.Clock("ab_check")
	if !ok || len(a.Clocks) != 1 || len(ch.Clocks) != 1 {
		t.Fatalf("clocks %+v / %+v", a.Clocks, ch.Clocks)
	}
	// By hand from KZ-2026.json: Mon 16 Mar is day 0; Tue 17 (1), Wed 18 (2), Thu 19 (3),
	// Fri 20 (4); Sat 21–Wed 25 are Nauryz and its moved days off; Thu 26 March is the 5th.
	if cl.FromDate != "2026-03-16" || cl.DueDate != "2026-03-26" {
		t.Errorf("from %s due %s, want 2026-03-16 and 2026-03-26", cl.FromDate, cl.DueDate)
	}
	// The midnight after 26 March in UTC+5.
	if got := ptime(cl.DueAt); got != "2026-03-26T19:00:00Z" {
		t.Errorf("dueAt %s, want 2026-03-26T19:00:00Z", got)
	}
	// 09:00 in Almaty on the working day before the due date, Fri 20 March.
	if got := ptime(cl.RemindAt); got != "2026-03-20T04:00:00Z" {
		t.Errorf("remindAt %s, want 2026-03-20T04:00:00Z", got)
	}
	if cl.State != Running || cl.Next != FireReminder || ptime(cl.NextAt) != "2026-03-20T04:00:00Z" || cl.CompletedAt != nil {
		t.Errorf("clock %+v", cl)
	}
	if cl.Owner != AuthorizedBody || cl.Basis != "002 ¶5" || cl.Limit != (Limit{WorkingDays, 5}) || cl.WorkingDays != 5 || cl.Calendar != "KZ" || !cl.StartedAt.Equal(t0) || cl.Term {
		t.Errorf("clock %+v", cl)
	}
	// Notices: the applicant org on the status change, the AB on the step start.
	if len(ch.Notices) != 2 {
		t.Fatalf("notices %+v", ch.Notices)
	}
	sn, st := ch.Notices[0], ch.Notices[1]
	if sn.Type != NoticeStatusChanged || !slices.Equal(sn.To, []Recipient{{Org: org}}) || sn.ID != "app-1.v2.status_changed" || sn.ApplicationID != appID || !sn.At.Equal(t0) {
		t.Errorf("status notice %+v", sn)
	}
	if st.Type != NoticeStepStarted || !slices.Equal(st.To, []Recipient{{Role: AuthorizedBody}}) || st.Step != "ab_check" || st.DueDate != "2026-03-26" || st.ID != "app-1.v2.step_started" {
		t.Errorf("step notice %+v", st)
	}
	if !strings.Contains(st.Body, "2026-03-26") || !strings.Contains(st.Body, "002 ¶5") {
		t.Errorf("step notice body %q names neither the due date nor the basis", st.Body)
	}
	// The input is not touched: the store conditions its write on it.
	if before.Status != "draft" || before.Version != 1 || len(before.Clocks) != 0 || before.SubmittedAt != nil {
		t.Errorf("Transition changed its input: %+v", before)
	}
}

// Day 0 is the civil date in Asia/Almaty, not in UTC; a day off as day 0 is not counted.
func TestDueDateCountsFromTheLocalDayOfReceipt(t *testing.T) {
	cases := []struct {
		at           string
		from, due    string
		dueAt, remAt string
	}{
		{"2026-03-16T18:59:59Z", "2026-03-16", "2026-03-26", "2026-03-26T19:00:00Z", "2026-03-20T04:00:00Z"}, // 23:59:59 local
		{"2026-03-16T19:00:00Z", "2026-03-17", "2026-03-27", "2026-03-27T19:00:00Z", "2026-03-26T04:00:00Z"}, // 00:00 local on the 17th
		{"2026-03-21T05:00:00Z", "2026-03-21", "2026-04-01", "2026-04-01T19:00:00Z", "2026-03-31T04:00:00Z"}, // received on Nauryz
		// 8 March 2026 is a Sunday, so Mon 9 March is off (weekend rule).
		{"2026-03-06T05:00:00Z", "2026-03-06", "2026-03-16", "2026-03-16T19:00:00Z", "2026-03-13T04:00:00Z"},
		// Across the year: 1–2 Jan 2027 (Fri–Sat, Saturday moved to Mon 4 Jan).
		{"2026-12-28T05:00:00Z", "2026-12-28", "2027-01-06", "2027-01-06T19:00:00Z", "2027-01-05T04:00:00Z"},
		// The last working day loaded: still scheduled.
		{"2027-12-24T05:00:00Z", "2027-12-24", "2027-12-31", "2027-12-31T19:00:00Z", "2027-12-30T04:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.at, func(t *testing.T) {
			a, _ := submitted(t, passing(), utc(c.at))
			cl, _ := a.Clock("ab_check")
			if cl.FromDate != c.from || cl.DueDate != c.due || ptime(cl.DueAt) != c.dueAt || ptime(cl.RemindAt) != c.remAt || cl.State != Running {
				t.Errorf("from %s due %s dueAt %s remindAt %s state %s; want %s %s %s %s running",
					cl.FromDate, cl.DueDate, ptime(cl.DueAt), ptime(cl.RemindAt), cl.State, c.from, c.due, c.dueAt, c.remAt)
			}
		})
	}
}

func TestTransitionRefusals(t *testing.T) {
	draft := newList(t, "information_system", passing(), t0)
	draft.Documents = validDocs("information_system")
	check, _ := submitted(t, passing(), t0)
	dec := atDecision(t, passing(), "complies")
	cases := []struct {
		name   string
		a      *Application
		action string
		in     Input
		c      Caller
		kind   fault.Kind
	}{
		// Contract, "Who is calling": 403 for a resource one may know exists.
		{"applicant forwards", check, "forward", Input{}, owner, fault.Forbidden},
		{"SI forwards", check, "forward", Input{}, siUser, fault.Forbidden},
		{"operator forwards", check, "forward", Input{}, opUser, fault.Forbidden},
		{"admin forwards", check, "forward", Input{}, admin, fault.Forbidden},
		{"AB submits", draft, "submit", Input{}, abUser, fault.Forbidden},
		{"AB recommends", atDecision(t, passing(), "complies"), "recommendation", Input{Recommendation: &RecommendationInput{Architecture: "complies"}}, abUser, fault.Forbidden},
		{"SI decides", dec, "decision", Input{Decision: &DecisionInput{Decision: "include"}}, siUser, fault.Forbidden},
		{"AB withdraws", draft, "withdraw", Input{}, abUser, fault.Forbidden},
		// ... and 404 for one of another organisation (no leak of existence).
		{"other org submits", draft, "submit", Input{}, stranger, fault.NotFound},
		{"other org withdraws", draft, "withdraw", Input{}, stranger, fault.NotFound},
		{"other org forwards", check, "forward", Input{}, stranger, fault.NotFound},
		{"no roles", check, "forward", Input{}, nobody, fault.NotFound},
		// A reviewer who is also an applicant of another org sees the draft (reviewers see
		// all) but may not act as its applicant: 403, not a submission for someone else.
		{"reviewer-applicant of another org submits", draft, "submit", Input{}, Caller{Sub: "dual", Org: otherOrg, Roles: []Role{Applicant, AuthorizedBody}}, fault.Forbidden},
		{"reviewer-applicant of another org withdraws", draft, "withdraw", Input{}, Caller{Sub: "dual", Org: otherOrg, Roles: []Role{AuthorizedBody, Applicant}}, fault.Forbidden},
		{"unknown action", check, "approve", Input{}, abUser, fault.NotFound},
		{"empty action", check, "", Input{}, abUser, fault.NotFound},
		// Contract: a transition from the wrong status is 409.
		{"submit twice", check, "submit", Input{}, owner, fault.Conflict},
		{"withdraw after submission", check, "withdraw", Input{}, owner, fault.Conflict},
		{"recommend in ab_check", check, "recommendation", Input{Recommendation: &RecommendationInput{Architecture: "complies"}}, siUser, fault.Conflict},
		{"decide in ab_check", check, "decision", Input{Decision: &DecisionInput{Decision: "include"}}, abUser, fault.Conflict},
		{"forward a draft", draft, "forward", Input{}, abUser, fault.Conflict},
		{"forward twice", atDecision(t, passing(), "complies"), "forward", Input{}, abUser, fault.Conflict},
		// Action routes take no fields.
		{"forward with a decision body", check, "forward", Input{Decision: &DecisionInput{Decision: "include"}}, abUser, fault.Invalid},
		{"submit with a provision body", draft, "submit", Input{Provision: &ProvisionInput{}}, owner, fault.Invalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, s := c.a.Version, c.a.Status
			ch, err := Transition(c.a, c.action, c.in, c.c, t1)
			faultOf(t, err, c.kind)
			if ch != nil {
				t.Error("a change came with the error")
			}
			if c.a.Version != v || c.a.Status != s {
				t.Error("a refused transition changed its input")
			}
		})
	}
}

// 002 ¶5–¶6: forward stops the AB's clock and starts the SI's; the recommendation needs
// a valid architecture finding and starts the AB's decision clock (¶8).
func TestForwardAndRecommendation(t *testing.T) {
	a, _ := submitted(t, passing(), t0)
	ch := must(t)(Transition(a, "forward", Input{}, abUser, t1))
	f := ch.App
	if f.Status != "si_review" || f.Version != 3 || ch.Event.Actor.Role != AuthorizedBody {
		t.Fatalf("forwarded %+v", f)
	}
	abc, _ := f.Clock("ab_check")
	if abc.State != Met || abc.CompletedAt == nil || !abc.CompletedAt.Equal(t1) || abc.Next != FireNone || abc.NextAt != nil {
		t.Errorf("ab_check clock after forward %+v", abc)
	}
	if ch.PrevClockStates["ab_check"] != Running {
		t.Errorf("PrevClockStates %v: the write must be conditioned on the running clock", ch.PrevClockStates)
	}
	sic, ok := f.Clock("si_review")
	// Wed 18 Mar is day 0: 19 (1), 20 (2), 26 (3), 27 (4), Mon 30 March (5). [002 ¶6, reading a]
	if !ok || sic.State != Running || sic.Owner != ServiceIntegrator || sic.FromDate != "2026-03-18" || sic.DueDate != "2026-03-30" ||
		ptime(sic.DueAt) != "2026-03-30T19:00:00Z" || ptime(sic.RemindAt) != "2026-03-27T04:00:00Z" || sic.Basis != "002 ¶6" {
		t.Errorf("si_review clock %+v due %s", sic, ptime(sic.DueAt))
	}
	if len(ch.Clocks) != 2 || ch.Clocks[0].Step != "ab_check" || ch.Clocks[1].Step != "si_review" {
		t.Errorf("change clocks %+v", ch.Clocks)
	}
	if len(ch.Notices) != 2 || ch.Notices[0].Type != NoticeStatusChanged || ch.Notices[1].Type != NoticeStepStarted ||
		!slices.Equal(ch.Notices[1].To, []Recipient{{Role: ServiceIntegrator}}) || ch.Notices[1].DueDate != "2026-03-30" {
		t.Errorf("notices %+v", ch.Notices)
	}
	// The forwarded input still shows the AB's clock running.
	if c, _ := a.Clock("ab_check"); c.State != Running || c.CompletedAt != nil {
		t.Errorf("Transition changed its input's clock: %+v", c)
	}

	bad := []struct {
		name  string
		in    Input
		field string
	}{
		{"no body", Input{}, "architecture"},
		{"unknown finding", Input{Recommendation: &RecommendationInput{Architecture: "partly"}}, "architecture"},
		{"empty finding", Input{Recommendation: &RecommendationInput{}}, "architecture"},
		{"control character in note", Input{Recommendation: &RecommendationInput{Architecture: "complies", Note: "ok\x1b[31m"}}, "note"},
		{"note too long", Input{Recommendation: &RecommendationInput{Architecture: "complies", Note: strings.Repeat("n", 4001)}}, "note"},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			_, err := Transition(f, "recommendation", b.in, siUser, t2)
			fe := faultOf(t, err, fault.Unprocessable)
			if !slices.Contains(fieldNames(fe), b.field) {
				t.Errorf("fields %v, want %s", fieldNames(fe), b.field)
			}
		})
	}

	ch = must(t)(Transition(f, "recommendation", Input{Recommendation: &RecommendationInput{Architecture: "no_architecture", Note: "line 1\nline 2\t."}}, siUser, t2))
	r := ch.App
	if r.Status != "ab_decision" || r.Recommendation == nil || r.Recommendation.Architecture != criteria.NoArchitecture ||
		r.Recommendation.By != siUser.Sub || !r.Recommendation.At.Equal(t2) || r.Recommendation.Note != "line 1\nline 2\t." {
		t.Errorf("recommended %+v %+v", r, r.Recommendation)
	}
	if ch.Event.Data["architecture"] != "no_architecture" {
		t.Errorf("event data %v", ch.Event.Data)
	}
	if c, _ := r.Clock("si_review"); c.State != Met || !c.CompletedAt.Equal(t2) {
		t.Errorf("si_review clock %+v", c)
	}
	// Fri 20 Mar is day 0: 26, 27, 30, 31 Mar, Wed 1 April is the 5th working day. [002 ¶8]
	if c, _ := r.Clock("ab_decision"); c.State != Running || c.DueDate != "2026-04-01" || c.Owner != AuthorizedBody || c.Basis != "002 ¶8" {
		t.Errorf("ab_decision clock %+v", c)
	}
}

// 002 ¶7–¶9 and the contract: include while a ground holds is 422 naming it; refuse
// records every ground; ¶7 is a closed list so a refusal needs a ground; the AB's own
// architecture finding overrides the SI's recommendation (A4.3 [AMBIGUITY]).
func TestDecision(t *testing.T) {
	cases := []struct {
		name    string
		ans     criteria.Answers
		siArch  string
		in      *DecisionInput
		status  Status   // on success
		grounds []string // on success
		errWith []string // on 422: substrings of the detail
		errOut  []string // on 422: substrings that must not be in the detail
		field   string   // on 422: a field that must be named
	}{
		{name: "include, complies", ans: passing(), siArch: "complies", in: &DecisionInput{Decision: "include"}, status: "included", grounds: []string{}},
		// ¶7.2 proviso: no approved architecture is not a ground.
		{name: "include, no architecture", ans: passing(), siArch: "no_architecture", in: &DecisionInput{Decision: "include"}, status: "included", grounds: []string{}},
		{name: "include, all thirteen", ans: answers(criteria.Keys()...), siArch: "complies", in: &DecisionInput{Decision: "include", Reasons: []string{"meets 1.1–3.4"}}, status: "included", grounds: []string{}},
		{name: "include while 7.1 holds", ans: failing(), siArch: "complies", in: &DecisionInput{Decision: "include"}, errWith: []string{"7.1"}, errOut: []string{"7.2"}, field: "decision"},
		{name: "include while 7.2 holds", ans: passing(), siArch: "does_not_comply", in: &DecisionInput{Decision: "include"}, errWith: []string{"7.2"}, errOut: []string{"7.1"}, field: "decision"},
		{name: "include while both hold", ans: failing(), siArch: "does_not_comply", in: &DecisionInput{Decision: "include"}, errWith: []string{"7.1", "7.2"}, field: "decision"},
		{name: "refuse records every ground", ans: failing(), siArch: "does_not_comply", in: &DecisionInput{Decision: "refuse", Reasons: []string{"scale too small", "architecture"}}, status: "refused", grounds: []string{"7.1", "7.2"}},
		{name: "refuse on 7.1", ans: failing(), siArch: "no_architecture", in: &DecisionInput{Decision: "refuse"}, status: "refused", grounds: []string{"7.1"}},
		{name: "refuse without a ground", ans: passing(), siArch: "complies", in: &DecisionInput{Decision: "refuse", Reasons: []string{"we do not like it"}}, errWith: []string{"no ground"}, field: "decision"},
		// The AB decides; its own finding replaces the SI's recommendation.
		{name: "AB overrides does_not_comply", ans: passing(), siArch: "does_not_comply", in: &DecisionInput{Decision: "include", Architecture: "complies"}, status: "included", grounds: []string{}},
		{name: "AB overrides complies, include", ans: passing(), siArch: "complies", in: &DecisionInput{Decision: "include", Architecture: "does_not_comply"}, errWith: []string{"7.2"}, field: "decision"},
		{name: "AB overrides complies, refuse", ans: passing(), siArch: "complies", in: &DecisionInput{Decision: "refuse", Architecture: "does_not_comply"}, status: "refused", grounds: []string{"7.2"}},
		{name: "AB finds no architecture", ans: passing(), siArch: "does_not_comply", in: &DecisionInput{Decision: "refuse", Architecture: "no_architecture"}, errWith: []string{"no ground"}, field: "decision"},
		{name: "no body", ans: passing(), siArch: "complies", in: nil, field: "decision"},
		{name: "unknown decision", ans: passing(), siArch: "complies", in: &DecisionInput{Decision: "exclude"}, field: "decision"},
		{name: "empty decision", ans: passing(), siArch: "complies", in: &DecisionInput{}, field: "decision"},
		{name: "unknown AB finding", ans: passing(), siArch: "complies", in: &DecisionInput{Decision: "include", Architecture: "maybe"}, field: "architecture"},
		{name: "control character in a reason", ans: failing(), siArch: "complies", in: &DecisionInput{Decision: "refuse", Reasons: []string{"ok", "bad\x00"}}, field: "reasons[1]"},
		{name: "too many reasons", ans: failing(), siArch: "complies", in: &DecisionInput{Decision: "refuse", Reasons: make([]string, 51)}, field: "reasons"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := atDecision(t, c.ans, c.siArch)
			ch, err := Transition(a, "decision", Input{Decision: c.in}, abUser, t3)
			if c.status == "" {
				fe := faultOf(t, err, fault.Unprocessable)
				for _, s := range c.errWith {
					if !strings.Contains(fe.Detail, s) {
						t.Errorf("detail %q does not name %s", fe.Detail, s)
					}
				}
				for _, s := range c.errOut {
					if strings.Contains(fe.Detail, s) {
						t.Errorf("detail %q names %s, which does not hold", fe.Detail, s)
					}
				}
				if c.field != "" && !slices.Contains(fieldNames(fe), c.field) {
					t.Errorf("fields %v, want %s", fieldNames(fe), c.field)
				}
				return
			}
			mustOK(t, ch, err)
			d := ch.App.Decision
			if ch.App.Status != c.status || d == nil || d.Decision != c.in.Decision || !slices.Equal(d.Grounds, c.grounds) || d.By != abUser.Sub || !d.At.Equal(t3) {
				t.Fatalf("status %s decision %+v; want %s with grounds %v", ch.App.Status, d, c.status, c.grounds)
			}
			wantReasons := c.in.Reasons
			if wantReasons == nil {
				wantReasons = []string{}
			}
			if !slices.Equal(d.Reasons, wantReasons) || d.Reasons == nil || d.Grounds == nil {
				t.Errorf("reasons %#v, want %#v (lists, never null)", d.Reasons, wantReasons)
			}
			if g, _ := ch.Event.Data["grounds"].([]string); !slices.Equal(g, c.grounds) || ch.Event.Data["decision"] != c.in.Decision {
				t.Errorf("event data %v", ch.Event.Data)
			}
			if c.in.Architecture != "" && ch.Event.Data["architecture"] != c.in.Architecture {
				t.Errorf("the AB's own finding is not in the trail: %v", ch.Event.Data)
			}
			if dc, _ := ch.App.Clock("ab_decision"); dc.State != Met || dc.CompletedAt == nil {
				t.Errorf("ab_decision clock %+v", dc)
			}
			if s := ch.App.Score; s == nil || s.Passes != (c.ans["1.1"] && c.ans["3.1"]) || s.RuleVersion != criteria.RuleVersion {
				t.Errorf("score at decision %+v", s)
			}
			// Notices: the applicant org is told; on inclusion the operator too (002 ¶9).
			var types []string
			for _, n := range ch.Notices {
				types = append(types, n.Type)
			}
			switch c.status {
			case "included":
				if ch.Effect != ListObject {
					t.Errorf("effect %q, want list (002 ¶10)", ch.Effect)
				}
				if !slices.Equal(types, []string{NoticeStatusChanged, NoticeIncluded}) {
					t.Fatalf("notices %v", types)
				}
				inc := ch.Notices[1]
				if !slices.Equal(inc.To, []Recipient{{Role: Operator}}) || inc.ID != "app-1.v5.included" || !strings.Contains(inc.Body, objID) {
					t.Errorf("included notice %+v", inc)
				}
			case "refused":
				if ch.Effect != NoEffect || !slices.Equal(types, []string{NoticeStatusChanged}) {
					t.Errorf("refusal: effect %q notices %v", ch.Effect, types)
				}
				// ¶8.2: the state body learns the reasons for refusal.
				for _, g := range c.grounds {
					if !strings.Contains(ch.Notices[0].Body, g) {
						t.Errorf("status notice %q omits ground %s", ch.Notices[0].Body, g)
					}
				}
			}
			if !slices.Equal(ch.Notices[0].To, []Recipient{{Org: org}}) {
				t.Errorf("status notice to %v", ch.Notices[0].To)
			}
			// Final: nothing more can be done.
			for _, act := range []string{"decision", "forward", "withdraw", "submit"} {
				_, err := Transition(ch.App, act, Input{Decision: &DecisionInput{Decision: "include"}}, Caller{Sub: "all", Org: org, Roles: []Role{Applicant, AuthorizedBody}}, t3)
				if !fault.Is(err, fault.Conflict) && !fault.Is(err, fault.Invalid) {
					t.Errorf("%s on a final application: %v", act, err)
				}
			}
		})
	}
}

// Contract: the applicant org on every status change, the role that owes a step when it
// starts; notice ids are deterministic and unique.
func TestNoticesAlongTheChain(t *testing.T) {
	run := func() ([]*Change, []string) {
		a := newList(t, "information_system", passing(), t0.Add(-time.Hour))
		a.Documents = validDocs("information_system")
		var chs []*Change
		var ids []string
		steps := []struct {
			action string
			in     Input
			c      Caller
			at     time.Time
		}{
			{"submit", Input{}, owner, t0},
			{"forward", Input{}, abUser, t1},
			{"recommendation", Input{Recommendation: &RecommendationInput{Architecture: "complies"}}, siUser, t2},
			{"decision", Input{Decision: &DecisionInput{Decision: "include"}}, abUser, t3},
		}
		for _, s := range steps {
			ch := must(t)(Transition(a, s.action, s.in, s.c, s.at))
			chs = append(chs, ch)
			for _, n := range ch.Notices {
				ids = append(ids, n.ID)
			}
			a = ch.App
		}
		return chs, ids
	}
	chs, ids := run()
	_, again := run()
	if !slices.Equal(ids, again) {
		t.Errorf("notice ids differ between identical runs:\n%v\n%v", ids, again)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("notice id %s used twice", id)
		}
		seen[id] = true
	}
	for _, ch := range chs {
		var status, step int
		for _, n := range ch.Notices {
			if n.ApplicationID != appID || n.Procedure != "kz-operator-list" || !n.At.Equal(ch.Event.At) {
				t.Errorf("notice %+v", n)
			}
			switch n.Type {
			case NoticeStatusChanged:
				status++
				if !slices.Equal(n.To, []Recipient{{Org: org}}) || !strings.Contains(n.Body, string(ch.PrevStatus)) || !strings.Contains(n.Body, string(ch.App.Status)) {
					t.Errorf("status notice %+v", n)
				}
			case NoticeStepStarted:
				step++
				st, _ := KZOperatorList.Step(ch.App.Status)
				if n.Step != string(st.Status) || !slices.Equal(n.To, []Recipient{{Role: st.Owner}}) {
					t.Errorf("step notice %+v, want to %s", n, st.Owner)
				}
			}
		}
		_, isStep := KZOperatorList.Step(ch.App.Status)
		if status != 1 || (step == 1) != isStep {
			t.Errorf("%s → %s: %d status and %d step notices", ch.PrevStatus, ch.App.Status, status, step)
		}
	}
}

func TestWithdraw(t *testing.T) {
	draft := newList(t, "information_system", nil, t0) // incomplete: a draft may still be abandoned
	ch := must(t)(Transition(draft, "withdraw", Input{}, owner, t1))
	if ch.App.Status != "withdrawn" || ch.App.Version != 2 || ch.App.SubmittedAt != nil || len(ch.App.Clocks) != 0 || ch.Effect != NoEffect {
		t.Errorf("withdrawn %+v effect %q", ch.App, ch.Effect)
	}
	if len(ch.Notices) != 1 || ch.Notices[0].Type != NoticeStatusChanged || !slices.Equal(ch.Notices[0].To, []Recipient{{Org: org}}) {
		t.Errorf("notices %+v", ch.Notices)
	}
	_, err := Transition(ch.App, "withdraw", Input{}, owner, t1)
	faultOf(t, err, fault.Conflict)
	_, err = Transition(ch.App, "submit", Input{}, owner, t1)
	faultOf(t, err, fault.Conflict)

	env := must(t)(Create(Draft{Procedure: "kz-environment", Object: &Object{Name: "P", Type: "information_system"}}, owner, t0, "app-e", "obj-e")).App
	if got := must(t)(Transition(env, "withdraw", Input{}, owner, t1)).App.Status; got != "withdrawn" {
		t.Errorf("environment draft withdrawn to %s", got)
	}
}

// An overdue clock stays overdue when its step is left late, and the write is
// conditioned on the overdue state it was read in.
func TestLeavingAnOverdueStep(t *testing.T) {
	a, _ := submitted(t, passing(), t0)
	cl, _ := a.Clock("ab_check")
	fired, _, kind := Fire(ref(cl), *cl.DueAt)
	if kind != FireOverdue {
		t.Fatalf("fired %s", kind)
	}
	a.Clocks[0] = fired
	a.Overdue = true
	late := cl.DueAt.Add(24 * time.Hour)
	ch := must(t)(Transition(a, "forward", Input{}, abUser, late))
	c, _ := ch.App.Clock("ab_check")
	if c.State != Overdue || c.CompletedAt == nil || !c.CompletedAt.Equal(late) || c.OverdueAt == nil {
		t.Errorf("late clock %+v", c)
	}
	if ch.PrevClockStates["ab_check"] != Overdue {
		t.Errorf("PrevClockStates %v", ch.PrevClockStates)
	}
	if ch.App.Overdue {
		t.Error("the application is still flagged overdue after the late step was left")
	}
}

// ---- kz-environment, 003 §12 ----

func newEnv(t *testing.T, env *Environment, now time.Time) *Application {
	t.Helper()
	return must(t)(Create(Draft{Procedure: "kz-environment", Object: &Object{Name: "Smart Akimat", Type: "information_system"}, Environment: env}, owner, now, "app-env", "obj-env")).App
}

func TestEnvironmentSubmitNeedsTypesAndAgreement(t *testing.T) {
	cases := []struct {
		name string
		env  *Environment
		want []string
	}{
		{"no environment", nil, []string{"environment.types", "environment.agreementDate"}},
		{"no types", &Environment{AgreementDate: "2026-11-30"}, []string{"environment.types"}},
		{"no agreement date", &Environment{Types: []string{"testing"}, AgreementRef: "AG-1"}, []string{"environment.agreementDate"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newEnv(t, c.env, t0)
			_, err := Transition(a, "submit", Input{}, owner, t0)
			fe := faultOf(t, err, fault.Unprocessable)
			if got := fieldNames(fe); !slices.Equal(got, c.want) {
				t.Errorf("fields %v, want %v", got, c.want)
			}
		})
	}
}

func TestEnvironmentProvision(t *testing.T) {
	recv := utc("2026-11-25T05:00:00Z") // Wed
	a := newEnv(t, &Environment{Types: []string{"development_testing", "testing"}, AgreementRef: "AG-42", AgreementDate: "2026-11-30"}, recv.Add(-time.Hour))
	ch := must(t)(Transition(a, "submit", Input{}, owner, recv))
	s := ch.App
	c, _ := s.Clock("op_provision")
	// 003 §12 ¶1: ten working days from 25 Nov: 26, 27, 30 Nov, 1, 2, 3, 4, 7, 8, 9 Dec.
	if s.Status != "op_provision" || c.Owner != Operator || c.DueDate != "2026-12-09" || ptime(c.DueAt) != "2026-12-09T19:00:00Z" ||
		ptime(c.RemindAt) != "2026-12-08T04:00:00Z" || c.WorkingDays != 10 || len(ch.ValidDocs) != 0 {
		t.Errorf("status %s clock %+v", s.Status, c)
	}
	if len(ch.Notices) != 2 || !slices.Equal(ch.Notices[1].To, []Recipient{{Role: Operator}}) {
		t.Errorf("notices %+v", ch.Notices)
	}
	for _, who := range []Caller{owner, abUser, siUser, admin} {
		_, err := Transition(s, "provide", Input{}, who, recv)
		faultOf(t, err, fault.Forbidden)
	}
	_, err := Transition(s, "provide", Input{Provision: &ProvisionInput{Note: "\x00"}}, opUser, recv)
	faultOf(t, err, fault.Unprocessable)

	at := utc("2026-12-01T06:00:00Z")
	ch = must(t)(Transition(s, "provide", Input{Provision: &ProvisionInput{Note: "credentials sent"}}, opUser, at))
	p := ch.App
	if p.Status != "provided" || p.Provision == nil || p.Provision.By != opUser.Sub || !p.Provision.At.Equal(at) || p.Provision.Note != "credentials sent" || ch.Effect != NoEffect {
		t.Errorf("provided %+v %+v", p, p.Provision)
	}
	if oc, _ := p.Clock("op_provision"); oc.State != Met || !oc.CompletedAt.Equal(at) {
		t.Errorf("op_provision clock %+v", oc)
	}
	ft, ok := p.Clock("free_term")
	// 003 §12 ¶2: at most three months from the conclusion of the Agreement; 30 Nov + 3
	// months has no 30 February, so the term ends on the month's last day.
	if !ok || !ft.Term || ft.FromDate != "2026-11-30" || ft.DueDate != "2027-02-28" || ptime(ft.DueAt) != "2027-02-28T19:00:00Z" ||
		ft.State != Running || ft.Next != FireTermEnd || ptime(ft.NextAt) != "2027-02-28T19:00:00Z" || ft.RemindAt != nil || ft.Owner != "" ||
		ft.Basis != "003 §12 ¶2" || ft.Limit != (Limit{Months, 3}) || ft.WorkingDays != 0 {
		t.Errorf("free term %+v", ft)
	}
	if len(ch.Clocks) != 2 || ch.Clocks[1].Step != "free_term" {
		t.Errorf("change clocks %+v", ch.Clocks)
	}
	if len(ch.Notices) != 1 || ch.Notices[0].Type != NoticeStatusChanged {
		t.Errorf("notices %+v", ch.Notices)
	}
	// A provision without a body is fine.
	if got := must(t)(Transition(s, "provide", Input{}, opUser, at)).App.Provision; got == nil || got.Note != "" {
		t.Errorf("provision without a note %+v", got)
	}
}

// The month-end rule of calendar.AddMonths, as the free term uses it.
func TestFreeTermMonthEnd(t *testing.T) {
	cases := []struct{ agreed, due string }{
		{"2026-11-30", "2027-02-28"},
		{"2026-11-29", "2027-02-28"}, // Sun 28 Feb 2027: a term of use is not moved off a day off (engine.go Schedule)
		{"2026-11-28", "2027-02-28"},
		{"2026-11-27", "2027-02-27"},
		{"2026-01-31", "2026-04-30"},
		{"2025-11-30", "2026-02-28"},
		{"2026-03-15", "2026-06-15"},
	}
	for _, c := range cases {
		t.Run(c.agreed, func(t *testing.T) {
			a := newEnv(t, &Environment{Types: []string{"trial_operation"}, AgreementDate: c.agreed}, t0)
			a = must(t)(Transition(a, "submit", Input{}, owner, t0)).App
			p := must(t)(Transition(a, "provide", Input{}, opUser, t1)).App
			ft, _ := p.Clock("free_term")
			if ft.DueDate != c.due || ft.State != Running {
				t.Errorf("agreement %s: term ends %s (%s), want %s", c.agreed, ft.DueDate, ft.State, c.due)
			}
		})
	}
}

// ---- kz-operator-exclusion, 002 ¶11 ----

func TestExclusion(t *testing.T) {
	obj := Object{ID: objID, Name: "E-Notary", Type: "information_system"}
	at := utc("2026-06-01T04:00:00Z")
	data := map[string]any{"cessationDate": "2026-05-29"}
	ch := must(t)(OpenFor("kz-operator-exclusion", obj, org, owner, at, "app-x", data))
	a := ch.App
	if a.Status != "ab_exclusion" || a.Version != 1 || a.Org != org || a.Object != obj || a.SubmittedAt == nil || !a.SubmittedAt.Equal(at) || len(a.Clocks) != 0 {
		t.Errorf("opened %+v", a)
	}
	if ch.Event.Type != "cessation" || ch.Event.To != "ab_exclusion" || ch.Event.Data["cessationDate"] != "2026-05-29" {
		t.Errorf("event %+v", ch.Event)
	}
	if len(ch.Notices) != 2 || ch.Notices[0].Type != NoticeStatusChanged || !slices.Equal(ch.Notices[0].To, []Recipient{{Org: org}}) ||
		ch.Notices[1].Type != NoticeStepStarted || !slices.Equal(ch.Notices[1].To, []Recipient{{Role: AuthorizedBody}}) || ch.Notices[1].DueDate != "" {
		t.Fatalf("notices %+v", ch.Notices)
	}
	// 002 ¶11 sets no time limit: none is invented.
	if !strings.Contains(ch.Notices[1].Body, "no time limit") {
		t.Errorf("step notice %q", ch.Notices[1].Body)
	}
	for _, who := range []Caller{owner, siUser, opUser} {
		_, err := Transition(a, "exclusion", Input{}, who, at)
		faultOf(t, err, fault.Forbidden)
	}
	_, err := Transition(a, "exclusion", Input{}, stranger, at)
	faultOf(t, err, fault.NotFound)
	_, err = Transition(a, "submit", Input{}, owner, at)
	faultOf(t, err, fault.NotFound) // the exclusion procedure has no submit

	ch = must(t)(Transition(a, "exclusion", Input{}, abUser, at.Add(time.Hour)))
	if ch.App.Status != "excluded" || ch.App.Version != 2 || ch.Effect != Unlist {
		t.Errorf("excluded %+v effect %q", ch.App, ch.Effect)
	}
	var types []string
	for _, n := range ch.Notices {
		types = append(types, n.Type)
	}
	if !slices.Equal(types, []string{NoticeStatusChanged, NoticeExcluded}) || !slices.Equal(ch.Notices[1].To, []Recipient{{Role: Operator}}) {
		t.Errorf("notices %+v", ch.Notices)
	}
	if _, err := OpenFor("kz-nope", obj, org, owner, at, "app-y", nil); err == nil {
		t.Error("OpenFor an undeclared procedure succeeded")
	}
}

// ---- Clocks: Fire, Reschedule, unscheduled ----

func abClock(t *testing.T) Clock {
	t.Helper()
	a, _ := submitted(t, passing(), t0)
	cl, _ := a.Clock("ab_check")
	return cl
}

func ref(cl Clock) ClockRef {
	return ClockRef{AppID: appID, Org: org, Procedure: "kz-operator-list", ObjectName: "E-Notary", Clock: cl}
}

func TestFire(t *testing.T) {
	cl := abClock(t)
	remind, due := *cl.RemindAt, *cl.DueAt

	// Before its moment nothing happens.
	for _, now := range []time.Time{t0, remind.Add(-time.Nanosecond)} {
		next, ns, kind := Fire(ref(cl), now)
		if kind != FireNone || ns != nil || next.Next != FireReminder || next.State != Running {
			t.Errorf("Fire at %v: %s %v %+v", now, kind, ns, next)
		}
	}
	// At the reminder moment: the owner is reminded; the next firing is the overdue one.
	r, ns, kind := Fire(ref(cl), remind)
	if kind != FireReminder || len(ns) != 1 {
		t.Fatalf("Fire at the reminder: %s %+v", kind, ns)
	}
	n := ns[0]
	if n.Type != NoticeReminder || !slices.Equal(n.To, []Recipient{{Role: AuthorizedBody}}) || n.ID != "app-1.ab_check.reminder" ||
		n.DueDate != "2026-03-26" || n.Step != "ab_check" || n.Basis != "002 ¶5" || !n.At.Equal(remind) || !strings.Contains(n.Body, "2026-03-26") {
		t.Errorf("reminder %+v", n)
	}
	if r.State != Running || r.Next != FireOverdue || r.NextAt == nil || !r.NextAt.Equal(due) || r.OverdueAt != nil {
		t.Errorf("after the reminder %+v", r)
	}
	if _, again, _ := Fire(ref(cl), remind.Add(time.Minute)); len(again) != 1 || again[0].ID != n.ID {
		t.Errorf("a repeated reminder firing names another notice: %+v", again)
	}
	// Not yet overdue during the last instant of the due date.
	if _, ns, kind := Fire(ref(r), due.Add(-time.Nanosecond)); kind != FireNone || ns != nil {
		t.Errorf("Fire before dueAt: %s %v", kind, ns)
	}
	// At dueAt: overdue once, to the owner and the applicant org (contract, "Deadlines").
	o, ns, kind := Fire(ref(r), due)
	if kind != FireOverdue || len(ns) != 1 {
		t.Fatalf("Fire at dueAt: %s %+v", kind, ns)
	}
	n = ns[0]
	if n.Type != NoticeOverdue || !slices.Equal(n.To, []Recipient{{Role: AuthorizedBody}, {Org: org}}) || n.ID != "app-1.ab_check.overdue" || n.DueDate != "2026-03-26" {
		t.Errorf("overdue notice %+v", n)
	}
	if o.State != Overdue || o.OverdueAt == nil || !o.OverdueAt.Equal(due) || o.Next != FireNone || o.NextAt != nil || o.CompletedAt != nil {
		t.Errorf("overdue clock %+v", o)
	}
	for _, later := range []time.Time{due, due.Add(time.Hour), due.Add(30 * 24 * time.Hour)} {
		if again, ns, kind := Fire(ref(o), later); kind != FireNone || ns != nil || again.State != Overdue || !again.OverdueAt.Equal(due) {
			t.Errorf("firing an overdue clock again at %v: %s %v %+v", later, kind, ns, again)
		}
	}
	// A reminder whose due moment has passed goes straight to overdue.
	o2, ns, kind := Fire(ref(cl), due.Add(time.Second))
	if kind != FireOverdue || len(ns) != 1 || ns[0].Type != NoticeOverdue || o2.State != Overdue || ns[0].ID != "app-1.ab_check.overdue" {
		t.Errorf("late reminder: %s %+v %+v", kind, ns, o2)
	}
	// Met and unscheduled clocks never fire.
	met := cl
	met.State, met.CompletedAt = Met, &t1
	un := cl
	un.State = Unscheduled
	for _, c := range []Clock{met, un} {
		if _, ns, kind := Fire(ref(c), due.Add(time.Hour)); kind != FireNone || ns != nil {
			t.Errorf("a %s clock fired %s", c.State, kind)
		}
	}
}

func TestFireTermEnd(t *testing.T) {
	a := newEnv(t, &Environment{Types: []string{"testing"}, AgreementDate: "2026-11-30"}, t0)
	a = must(t)(Transition(a, "submit", Input{}, owner, t0)).App
	a = must(t)(Transition(a, "provide", Input{}, opUser, t1)).App
	ft, _ := a.Clock("free_term")
	r := ClockRef{AppID: "app-env", Org: org, Procedure: "kz-environment", ObjectName: "Smart Akimat", Clock: ft}
	if _, ns, kind := Fire(r, ft.DueAt.Add(-time.Nanosecond)); kind != FireNone || ns != nil {
		t.Errorf("term fired early: %s", kind)
	}
	end, ns, kind := Fire(r, *ft.DueAt)
	if kind != FireTermEnd || len(ns) != 1 {
		t.Fatalf("term end: %s %+v", kind, ns)
	}
	n := ns[0]
	// 003 §12 ¶2: the applicant and the operator learn that the free term ended.
	if n.Type != NoticeReminder || !slices.Equal(n.To, []Recipient{{Org: org}, {Role: Operator}}) || n.ID != "app-env.free_term.term_ended" || n.DueDate != "2027-02-28" {
		t.Errorf("term notice %+v", n)
	}
	if end.State != Met || end.CompletedAt == nil || !end.CompletedAt.Equal(*ft.DueAt) || end.Next != FireNone || end.NextAt != nil {
		t.Errorf("ended term %+v", end)
	}
	if _, ns, kind := Fire(ClockRef{AppID: "app-env", Org: org, Procedure: "kz-environment", Clock: end}, ft.DueAt.Add(time.Hour)); kind != FireNone || ns != nil {
		t.Errorf("an ended term fired again: %s", kind)
	}
}

// Contract, "Deadlines": a step whose due date falls in a year not loaded is still
// entered; its clock is unscheduled and admin is told until the year is loaded.
func TestUnscheduledStep(t *testing.T) {
	// Mon 27 Dec 2027: 28, 29, 30, 31 Dec are working days 1–4; the 5th is in 2028.
	at := utc("2027-12-27T05:00:00Z")
	a, ch := submitted(t, passing(), at)
	if a.Status != "ab_check" {
		t.Fatalf("status %s: the step must still be entered", a.Status)
	}
	cl, _ := a.Clock("ab_check")
	if cl.State != Unscheduled || cl.DueDate != "" || cl.DueAt != nil || cl.RemindAt != nil || cl.Next != FireNone || cl.NextAt != nil ||
		cl.FromDate != "2027-12-27" || !strings.Contains(cl.Problem, "2028") {
		t.Errorf("clock %+v", cl)
	}
	var adm, step *Notice
	for i := range ch.Notices {
		switch ch.Notices[i].Type {
		case NoticeAdmin:
			adm = &ch.Notices[i]
		case NoticeStepStarted:
			step = &ch.Notices[i]
		}
	}
	if adm == nil || !slices.Equal(adm.To, []Recipient{{Role: Admin}}) || adm.Step != "ab_check" || adm.ID != "app-1.ab_check.admin.2027-12-27" || !strings.Contains(adm.Body, "2028") {
		t.Fatalf("admin notice %+v", adm)
	}
	if step == nil || step.DueDate != "" || !strings.Contains(step.Body, "cannot be computed") {
		t.Errorf("step notice %+v", step)
	}
	// An unscheduled clock never fires.
	if _, ns, kind := Fire(ref(cl), utc("2028-06-01T00:00:00Z")); kind != FireNone || ns != nil {
		t.Errorf("unscheduled clock fired %s", kind)
	}
	// Reschedule while 2028 is still missing: unscheduled, a fresh admin notice per day.
	next := utc("2027-12-28T03:00:00Z")
	rc, ns, err := Reschedule(ref(cl), next)
	if err != nil {
		t.Fatal(err)
	}
	if rc.State != Unscheduled || rc.DueAt != nil || len(ns) != 1 || ns[0].Type != NoticeAdmin || ns[0].ID != "app-1.ab_check.admin.2027-12-28" || !ns[0].At.Equal(next) {
		t.Errorf("rescheduled %+v %+v", rc, ns)
	}
	_, same, _ := Reschedule(ref(cl), at.Add(time.Hour))
	if len(same) != 1 || same[0].ID != adm.ID {
		t.Errorf("a second try on the same day names a new notice: %+v", same)
	}
	// Leaving the step stops the clock; it is no longer waiting for a year.
	f := must(t)(Transition(a, "forward", Input{}, abUser, next)).App
	if c, _ := f.Clock("ab_check"); c.CompletedAt == nil {
		t.Errorf("stopped unscheduled clock %+v", c)
	}
}

// A term whose end falls in a year not loaded is unscheduled too.
func TestUnscheduledTerm(t *testing.T) {
	a := newEnv(t, &Environment{Types: []string{"testing"}, AgreementDate: "2027-11-30"}, t0)
	a = must(t)(Transition(a, "submit", Input{}, owner, t0)).App
	ch := must(t)(Transition(a, "provide", Input{}, opUser, t1))
	ft, _ := ch.App.Clock("free_term")
	if ft.State != Unscheduled || ft.DueAt != nil || ft.FromDate != "2027-11-30" {
		t.Errorf("free term %+v: 2028-02-29 is not loaded", ft)
	}
	if n := ch.Notices[len(ch.Notices)-1]; n.Type != NoticeAdmin || n.Step != "free_term" {
		t.Errorf("notices %+v", ch.Notices)
	}
	rc, ns, err := Reschedule(ClockRef{AppID: "app-env", Org: org, Procedure: "kz-environment", Clock: ft}, t2)
	if err != nil || rc.State != Unscheduled || rc.FromDate != "2027-11-30" || len(ns) != 1 {
		t.Errorf("reschedule term: %+v %+v %v", rc, ns, err)
	}
}

// Reschedule gives a clock its due date once its year is there.
func TestRescheduleRecovers(t *testing.T) {
	cl := abClock(t)
	lost := cl
	lost.State, lost.Problem = Unscheduled, "KZ 2026: calendar year not loaded"
	lost.DueDate, lost.DueAt, lost.RemindAt, lost.Next, lost.NextAt = "", nil, nil, FireNone, nil
	got, ns, err := Reschedule(ref(lost), t0.Add(time.Hour))
	if err != nil || ns != nil {
		t.Fatalf("%v %v", ns, err)
	}
	if got.State != Running || got.Problem != "" || got.DueDate != "2026-03-26" || ptime(got.DueAt) != ptime(cl.DueAt) || got.Next != FireReminder || ptime(got.NextAt) != "2026-03-20T04:00:00Z" {
		t.Errorf("rescheduled %+v", got)
	}
	// Rescheduled after the reminder moment, the next firing is the overdue one.
	got, _, _ = Reschedule(ref(lost), utc("2026-03-23T00:00:00Z"))
	if got.Next != FireOverdue || ptime(got.NextAt) != "2026-03-26T19:00:00Z" {
		t.Errorf("late reschedule %+v", got)
	}
	// A term is rescheduled from its agreement date, not from when it started.
	term := Clock{Step: "free_term", Term: true, Limit: Limit{Months, 3}, Calendar: "KZ", StartedAt: t1, FromDate: "2026-11-30", State: Unscheduled}
	got, _, err = Reschedule(ClockRef{AppID: "app-env", Org: org, Procedure: "kz-environment", Clock: term}, t1)
	if err != nil || got.DueDate != "2027-02-28" || got.Next != FireTermEnd {
		t.Errorf("term reschedule %+v %v", got, err)
	}
}

func TestScheduleRefusesUnknownInputs(t *testing.T) {
	for _, c := range []struct {
		cl      Clock
		country string
		from    string
	}{
		{Clock{Step: "x", Limit: Limit{WorkingDays, 5}, StartedAt: t0}, "XX", ""},
		{Clock{Step: "x", Limit: Limit{"fortnights", 1}, StartedAt: t0}, "KZ", ""},
		{Clock{Step: "x", Limit: Limit{Months, 3}, StartedAt: t0, Term: true}, "KZ", "30.11.2026"},
	} {
		cl := c.cl
		if err := Schedule(&cl, c.country, c.from, t0); err == nil {
			t.Errorf("Schedule(%+v, %s, %q) accepted", c.cl, c.country, c.from)
		}
	}
	// Calendar days (no procedure uses them yet) count every day.
	cl := Clock{Step: "x", Limit: Limit{CalendarDays, 10}, StartedAt: t0}
	if err := Schedule(&cl, "KZ", "", t0); err != nil || cl.DueDate != "2026-03-26" || cl.RemindAt != nil || cl.Next != FireOverdue || cl.WorkingDays != 0 {
		t.Errorf("calendar days: %+v %v", cl, err)
	}
}

// The whole chain is a function of its inputs: the same inputs give the same Change.
func TestTransitionIsDeterministicAndZoneFree(t *testing.T) {
	a := newList(t, "information_system", passing(), t0.Add(-time.Hour))
	a.Documents = validDocs("information_system")
	x := must(t)(Transition(a, "submit", Input{}, owner, t0))
	y := must(t)(Transition(a, "submit", Input{}, owner, t0.In(time.FixedZone("X", -11*3600))))
	jx, _ := json.Marshal(struct {
		A *Application
		N []Notice
		E AuditEvent
	}{x.App, x.Notices, x.Event})
	jy, _ := json.Marshal(struct {
		A *Application
		N []Notice
		E AuditEvent
	}{y.App, y.Notices, y.Event})
	if string(jx) != string(jy) {
		t.Errorf("the same submit differs by the zone of now:\n%s\n%s", jx, jy)
	}
	if y.App.UpdatedAt.Location() != time.UTC || y.Event.At.Location() != time.UTC {
		t.Error("times are not stored in UTC (contract: timestamps are UTC)")
	}
}
