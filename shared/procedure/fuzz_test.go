package procedure

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/fault"
)

type fuzzBase struct {
	name string
	app  *Application
	at   time.Time // when it reached its status
}

// fuzzBases drives real applications of every procedure into each of their statuses, so
// that the fuzzer starts from states the store can actually hold.
func fuzzBases() ([]fuzzBase, error) {
	var out []fuzzBase
	add := func(name string, ch *Change, err error, at time.Time) (*Application, error) {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, fuzzBase{name, ch.App, at})
		return ch.App, nil
	}
	list := func(prefix string, ans criteria.Answers, arch, decision string, start time.Time) error {
		ch, err := Create(Draft{Procedure: "kz-operator-list", Object: &Object{Name: "IS " + prefix, Type: "information_system"}, Criteria: ans}, owner, start, "app-"+prefix, "obj-"+prefix)
		a, err := add(prefix+"/draft-empty", ch, err, start)
		if err != nil {
			return err
		}
		a = clone(a)
		a.Documents = validDocs("information_system")
		out = append(out, fuzzBase{prefix + "/draft", a, start})
		steps := []struct {
			action string
			in     Input
			c      Caller
		}{
			{"submit", Input{}, owner},
			{"forward", Input{}, abUser},
			{"recommendation", Input{Recommendation: &RecommendationInput{Architecture: arch}}, siUser},
			{"decision", Input{Decision: &DecisionInput{Decision: decision, Reasons: []string{"r"}}}, abUser},
		}
		at := start
		for _, s := range steps {
			at = at.Add(26 * time.Hour)
			ch, err := Transition(a, s.action, s.in, s.c, at)
			if a, err = add(prefix+"/"+s.action, ch, err, at); err != nil {
				return err
			}
		}
		return nil
	}
	if err := list("in", passing(), "complies", "include", t0); err != nil {
		return nil, err
	}
	if err := list("out", failing(), "does_not_comply", "refuse", t0); err != nil {
		return nil, err
	}
	// Late in 2027: the AB's clock is unscheduled (2028 is not loaded).
	if err := list("late", passing(), "no_architecture", "include", utc("2027-12-27T05:00:00Z")); err != nil {
		return nil, err
	}
	ch, err := Create(Draft{Procedure: "kz-operator-list", Object: &Object{Name: "W", Type: "hardware_software_complex"}}, owner, t0, "app-w", "obj-w")
	w, err := add("withdraw-draft", ch, err, t0)
	if err != nil {
		return nil, err
	}
	ch, err = Transition(w, "withdraw", Input{}, owner, t1)
	if _, err = add("withdrawn", ch, err, t1); err != nil {
		return nil, err
	}

	ch, err = Create(Draft{Procedure: "kz-environment", Object: &Object{Name: "Env", Type: "information_system"},
		Environment: &Environment{Types: []string{"testing"}, AgreementDate: "2026-11-30"}}, owner, t0, "app-env", "obj-env")
	e, err := add("env/draft", ch, err, t0)
	if err != nil {
		return nil, err
	}
	ch, err = Transition(e, "submit", Input{}, owner, t1)
	if e, err = add("env/submit", ch, err, t1); err != nil {
		return nil, err
	}
	ch, err = Transition(e, "provide", Input{}, opUser, t2)
	if _, err = add("env/provide", ch, err, t2); err != nil {
		return nil, err
	}

	ch, err = OpenFor("kz-operator-exclusion", Object{ID: "obj-in", Name: "IS in", Type: "information_system"}, org, owner, t3, "app-ex", nil)
	x, err := add("ex/open", ch, err, t3)
	if err != nil {
		return nil, err
	}
	ch, err = Transition(x, "exclusion", Input{}, abUser, t3)
	if _, err = add("ex/exclusion", ch, err, t3); err != nil {
		return nil, err
	}
	return out, nil
}

func snapshot(a *Application) string {
	b, err := json.Marshal(a)
	if err != nil {
		panic(err)
	}
	// Next and NextAt are not in the JSON form; the store indexes them.
	for _, c := range a.Clocks {
		b = fmt.Appendf(b, "|%s %s %s", c.Step, c.Next, ptime(c.NextAt))
	}
	return string(b)
}

// FuzzTransition: arbitrary action names, roles, organisations, statuses and bodies
// never panic, and either fail with a fault Kind a client can act on (never an internal
// error for a declared procedure), or return a Change at version old+1 whose status is a
// declared status reached by the named action, leaving the input untouched.
func FuzzTransition(f *testing.F) {
	bases, err := fuzzBases()
	if err != nil {
		f.Fatal(err)
	}
	// base, statusPick, status, action, roles, org, decision, arch, reasons, note, inputs, minutes
	f.Add(uint8(1), uint8(0), "", "submit", "applicant", org, "", "", "", "", uint8(0), uint16(0))
	f.Add(uint8(2), uint8(0), "", "forward", "authorized_body", "kz-mdai", "", "", "", "", uint8(0), uint16(60))
	f.Add(uint8(3), uint8(0), "", "recommendation", "service_integrator", "", "", "complies", "", "fine", uint8(1), uint16(0))
	f.Add(uint8(4), uint8(0), "", "decision", "authorized_body", "", "include", "", "", "", uint8(2), uint16(0))
	f.Add(uint8(10), uint8(0), "", "decision", "authorized_body", "", "refuse", "does_not_comply", "a|b", "", uint8(2), uint16(0))
	f.Add(uint8(10), uint8(0), "", "decision", "authorized_body", "", "include", "complies", "", "", uint8(3), uint16(0))
	f.Add(uint8(0), uint8(0), "", "withdraw", "applicant", org, "", "", "", "", uint8(0), uint16(0))
	f.Add(uint8(2), uint8(2), "draft", "submit", "applicant,authorized_body", org, "", "", "", "", uint8(7), uint16(9999))
	f.Add(uint8(20), uint8(0), "", "provide", "operator", "", "", "", "", "n\x00", uint8(4), uint16(0))
	f.Add(uint8(24), uint8(0), "", "exclusion", "authorized_body", "", "", "", "", "", uint8(0), uint16(0))
	f.Add(uint8(5), uint8(1), "", "decision", "authorized_body", otherOrg, "include", "", "", "", uint8(2), uint16(0))
	f.Add(uint8(13), uint8(5), "\xff", "forward", "admin,operator", "", "", "", "", "", uint8(0), uint16(0))
	f.Fuzz(func(t *testing.T, base, statusPick uint8, status, action, roles, callerOrg, decision, arch, reasons, note string, inputs uint8, minutes uint16) {
		b := bases[int(base)%len(bases)]
		a := clone(b.app)
		p, ok := Lookup(a.Procedure)
		if !ok {
			t.Fatalf("base %s: procedure %s", b.name, a.Procedure)
		}
		switch statusPick % 4 {
		case 1: // any declared status, whether or not the clocks agree
			sts := p.Statuses()
			a.Status = sts[int(statusPick/4)%len(sts)]
		case 2: // anything at all
			a.Status = Status(status)
		}
		c := Caller{Sub: "fuzz", Org: callerOrg}
		if callerOrg == "=" {
			c.Org = a.Org
		}
		for _, r := range strings.Split(roles, ",") {
			if r != "" {
				c.Roles = append(c.Roles, Role(r))
			}
		}
		var in Input
		if inputs&1 != 0 {
			in.Recommendation = &RecommendationInput{Architecture: arch, Note: note}
		}
		if inputs&2 != 0 {
			d := &DecisionInput{Decision: decision, Architecture: arch}
			if reasons != "" {
				d.Reasons = strings.Split(reasons, "|")
			}
			in.Decision = d
		}
		if inputs&4 != 0 {
			in.Provision = &ProvisionInput{Note: note}
		}
		now := b.at.Add(time.Duration(minutes) * time.Minute)
		before := snapshot(a)

		ch, err := Transition(a, action, in, c, now)

		if after := snapshot(a); after != before {
			t.Fatalf("Transition changed its input:\n%s\n%s", before, after)
		}
		if err != nil {
			if ch != nil {
				t.Fatalf("a change came with the error %v", err)
			}
			var fe *fault.Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %v carries no fault Kind", err)
			}
			switch fe.Kind {
			case fault.Invalid, fault.Forbidden, fault.NotFound, fault.Conflict, fault.Unprocessable:
			default:
				t.Fatalf("error of kind %s: %v", fe.Kind, err)
			}
			return
		}
		n := ch.App
		if n.Version != a.Version+1 || ch.PrevVersion != a.Version || ch.PrevStatus != a.Status {
			t.Fatalf("version %d (prev %d, status %s), input at %d %s", n.Version, ch.PrevVersion, ch.PrevStatus, a.Version, a.Status)
		}
		if !slices.Contains(p.Statuses(), n.Status) {
			t.Fatalf("status %q is not declared by %s", n.Status, p.ID)
		}
		act, ok := p.Action(action)
		if !ok || act.From != a.Status || !c.Has(act.Role) || (n.Status != act.To && (act.Alt == "" || n.Status != act.Alt)) {
			t.Fatalf("%s by %v moved %s → %s; declared %+v", action, c.Roles, a.Status, n.Status, act)
		}
		if act.Role == Applicant && c.Org != a.Org {
			t.Fatalf("an applicant of %q acted on %q's application", c.Org, a.Org)
		}
		if ch.Event.From != a.Status || ch.Event.To != n.Status || ch.Event.Type != action || !ch.Event.At.Equal(now) {
			t.Fatalf("event %+v", ch.Event)
		}
		ids := map[string]bool{}
		told := false
		for _, no := range ch.Notices {
			if no.ID == "" || ids[no.ID] {
				t.Fatalf("notice id %q empty or repeated in %+v", no.ID, ch.Notices)
			}
			ids[no.ID] = true
			if no.Type == NoticeStatusChanged && slices.Equal(no.To, []Recipient{{Org: a.Org}}) {
				told = true
			}
		}
		if !told {
			t.Fatalf("the applicant org is not told of %s → %s", a.Status, n.Status)
		}
		if st, ok := p.Step(n.Status); ok && !st.Limit.None() {
			cl, ok := n.Clock(string(st.Status))
			if !ok || (cl.CompletedAt == nil && cl.State != Running && cl.State != Unscheduled) {
				t.Fatalf("entered %s without a clock: %+v", n.Status, n.Clocks)
			}
		}
		for _, cl := range n.Clocks {
			if !cl.Term && cl.Step == string(a.Status) && cl.CompletedAt == nil && a.Status != n.Status {
				t.Fatalf("left %s with its clock open: %+v", a.Status, cl)
			}
		}
		if n.Overdue != anyOverdue(n.Clocks) {
			t.Fatalf("overdue flag %v disagrees with the clocks", n.Overdue)
		}
		if act.Input == Decision {
			d := n.Decision
			if d == nil || d.Grounds == nil || d.Reasons == nil {
				t.Fatalf("decision %+v", d)
			}
			if (d.Decision == "include") != (len(d.Grounds) == 0) || (d.Decision == "include") != (n.Status == act.To) {
				t.Fatalf("decision %s with grounds %v led to %s", d.Decision, d.Grounds, n.Status)
			}
		}
		if o, ok := p.Outcome(n.Status); ok && ch.Effect != o.Effect {
			t.Fatalf("effect %q, declared %q", ch.Effect, o.Effect)
		}
	})
}

// FuzzCreate: any draft body either fails with 422 (or 403 for a caller who may not
// apply) or opens a draft whose stored object name is trimmed, non-empty, at most 500
// bytes of valid UTF-8 without control characters, of a declared type, scored under the
// current rule version when the procedure has criteria (002 Annex 2).
func FuzzCreate(f *testing.F) {
	f.Add("kz-operator-list", "E-Notary", "information_system", "1.1,2.1,3.1", "", "", true)
	f.Add("kz-environment", " Portal ", "hardware_software_complex", "", "testing,trial_operation", "2026-11-30", true)
	f.Add("kz-operator-exclusion", "X", "information_system", "", "", "", true)
	f.Add("kz-operator-list", "\t", "x", "9.9", "testing", "2026-13-01", false)
	f.Add("kz-environment", "a\u2028b", "information_system", "1.1", "", "0000-00-00", true)
	f.Fuzz(func(t *testing.T, proc, name, typ, yes, envTypes, agreed string, isApplicant bool) {
		d := Draft{Procedure: proc, Object: &Object{Name: name, Type: typ}}
		if yes != "" {
			d.Criteria = criteria.Answers{}
			for _, k := range strings.Split(yes, ",") {
				d.Criteria[k] = true
			}
		}
		if envTypes != "" || agreed != "" {
			d.Environment = &Environment{AgreementDate: agreed}
			if envTypes != "" {
				d.Environment.Types = strings.Split(envTypes, ",")
			}
		}
		c := owner
		if !isApplicant {
			c = abUser
		}
		ch, err := Create(d, c, t0, "app-f", "obj-f")
		if err != nil {
			var fe *fault.Error
			if ch != nil || !errors.As(err, &fe) || (fe.Kind != fault.Unprocessable && fe.Kind != fault.Forbidden) {
				t.Fatalf("Create: %v (change %v)", err, ch)
			}
			if fe.Kind == fault.Unprocessable && len(fe.Fields) == 0 {
				t.Fatalf("422 without the fields at fault: %v", err)
			}
			return
		}
		if !isApplicant {
			t.Fatal("a non-applicant created an application")
		}
		p, ok := Lookup(proc)
		if !ok || p.CreatedBy != "applications" {
			t.Fatalf("created under %q", proc)
		}
		a := ch.App
		n := a.Object.Name
		if n == "" || n != strings.TrimSpace(n) || len(n) > maxNameBytes || !utf8ValidNoControl(n) {
			t.Fatalf("stored object name %q", n)
		}
		if _, ok := p.ObjectTypes[a.Object.Type]; !ok {
			t.Fatalf("stored object type %q", a.Object.Type)
		}
		if a.Status != p.Initial || a.Version != 1 || a.Org != owner.Org || a.Object.ID != "obj-f" {
			t.Fatalf("draft %+v", a)
		}
		if p.Criteria != (a.Score != nil) || (a.Score != nil && a.Score.RuleVersion != criteria.RuleVersion) {
			t.Fatalf("score %+v for %s", a.Score, p.ID)
		}
		if err := criteria.Validate(a.Criteria); err != nil {
			t.Fatalf("stored criteria: %v", err)
		}
	})
}

func utf8ValidNoControl(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, unicode.IsControl)
}
