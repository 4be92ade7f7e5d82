package procedure

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
)

// valid is a small, whole declaration; each case below breaks one thing of it.
func valid(id string) *Procedure {
	return &Procedure{ID: id, Country: "KZ", Title: "A test procedure", Basis: "test ¶1",
		Subject: Subject{Kind: NoSubject, Basis: "test ¶1"},
		Opening: Opening{Role: actor.Applicant, Via: ViaApplication, Basis: "test ¶1"},
		Initial: "draft",
		Draft: []Section{{Key: DetailsKey, Basis: "test ¶2", Form: Form{Fields: []Field{
			{Name: "title", Kind: Text, Required: true, Basis: "test ¶2"}}}}},
		Documents: []DocRule{{Kind: "paper", Basis: "test ¶3"}},
		Steps: []Step{{Status: "review", Owner: actor.AuthorizedBody, Limit: clock.Limit{Kind: clock.WorkingDays, N: 5},
			Basis: "test ¶4", Title: "review"}},
		Actions: []Action{
			{Name: "submit", Role: actor.Applicant, From: "draft", To: "review", Submits: true, Basis: "test ¶4"},
			{Name: "decide", Role: actor.AuthorizedBody, From: "review", Basis: "test ¶5",
				Input: &Form{Fields: []Field{{Name: "decision", Kind: Enum, Values: []string{"yes", "no"}, Required: true, Basis: "test ¶5"}}},
				Branches: []Branch{{When: When("decision", "yes"), To: "done", Basis: "test ¶5"},
					{When: When("decision", "no"), To: "draft", Basis: "test ¶5"}}},
		},
		Outcomes: []Outcome{{Status: "done", Basis: "test ¶6"}},
	}
}

// registerPanics registers p and returns the panic's message ("" if none), leaving the
// registry as it was.
func registerPanics(p *Procedure) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
			return // nothing was registered
		}
		registryMu.Lock()
		delete(registry, p.ID)
		registryMu.Unlock()
	}()
	Register(p)
	return ""
}

// A broken declaration stops the function at start-up, as database/sql.Register does,
// and the panic says what is broken.
func TestRegisterRefusesBrokenDeclarations(t *testing.T) {
	noBasis := &Rule{Name: "test rule without basis", Check: func(*Env) Verdict { return Verdict{} }}
	for _, c := range []struct {
		name   string
		break_ func(p *Procedure)
		want   string
	}{
		{"a rule without basis", func(p *Procedure) { p.Actions[1].Rules = []*Rule{noBasis} }, "needs a name, a basis and a check"},
		{"an outcome without basis", func(p *Procedure) { p.Outcomes[0].Basis = "" }, "outcome done has no basis"},
		{"a document rule without basis", func(p *Procedure) { p.Documents[0].Basis = "" }, "document rule \"paper\" needs a kind and a basis"},
		{"a field without basis", func(p *Procedure) { p.Draft[0].Form.Fields[0].Basis = "" }, "field title: no basis"},
		{"a step without an owner", func(p *Procedure) { p.Steps[0].Owner = "" }, "step review needs an owner"},
		{"an action to an unknown status", func(p *Procedure) { p.Actions[0].To = "nowhere" }, "leads to unknown status \"nowhere\""},
		{"an action without basis", func(p *Procedure) { p.Actions[0].Basis = "" }, "action submit needs a known role and a basis"},
		{"a branch on an unknown field", func(p *Procedure) { p.Actions[1].Branches[0].When = When("verdict", "yes") }, "condition on unknown field \"verdict\""},
		{"a branch on a value the enum lacks", func(p *Procedure) { p.Actions[1].Branches[0].When = When("decision", "maybe") }, "is not a value of decision"},
		{"an enum without values", func(p *Procedure) { p.Actions[1].Input.Fields[0].Values = nil }, "an enum lists its values"},
		{"a loop without a resubmission", func(p *Procedure) {}, "loop back to draft without a resubmission"},
		{"an unknown effect", func(p *Procedure) { p.Outcomes[0].Effects = []Effect{"burn"} }, "unknown effect \"burn\""},
		{"an unknown country", func(p *Procedure) { p.Country = "XX" }, "country \"XX\" has no calendar"},
		{"a clock without basis", func(p *Procedure) {
			p.Steps[0].Clock = &clock.Rule{Count: clock.Count{Limit: clock.Limit{Kind: clock.WorkingDays}}}
		}, "needs a positive number"},
		{"a term after a status that is no outcome", func(p *Procedure) {
			p.Terms = []Term{{After: "review", Rule: clock.Rule{Name: "t", Kind: clock.Term, Basis: "b",
				Count: clock.Count{Limit: clock.Limit{Kind: clock.Months, N: 1}}}}}
		}, "term t starts after \"review\", which is not an outcome"},
		{"an effect on an object without one", func(p *Procedure) { p.Outcomes[0].Effects = []Effect{ListObject} }, "needs an object subject"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := valid("test-broken")
			if c.name != "a loop without a resubmission" {
				p.Actions[1].Branches[1].To = "done" // no loop, unless the case is about loops
			}
			c.break_(p)
			msg := registerPanics(p)
			if !strings.Contains(msg, c.want) {
				t.Errorf("Register panicked with %q, want it to say %q", msg, c.want)
			}
		})
	}
	t.Run("a loop through a resubmission is fine", func(t *testing.T) {
		p := valid("test-loop")
		p.Actions[1].Branches[1].To = "revision"
		p.Steps = append(p.Steps, Step{Status: "revision", Owner: actor.Applicant, Basis: "test ¶7", Title: "revise"})
		p.Actions = append(p.Actions, Action{Name: "resubmit", Role: actor.Applicant, From: "revision", To: "review", NewRound: true, Basis: "test ¶7"})
		if msg := registerPanics(p); msg != "" {
			t.Fatalf("panicked: %s", msg)
		}
	})
	t.Run("a duplicate id", func(t *testing.T) {
		p := valid(KZOperatorList.ID)
		p.Actions[1].Branches[1].To = "done"
		if msg := registerPanics(p); !strings.Contains(msg, "registered twice") {
			t.Errorf("panic %q", msg)
		}
	})
	t.Run("two rules of one name", func(t *testing.T) {
		p := valid("test-rule-names")
		p.Actions[1].Branches[1].To = "done"
		p.Actions[1].Rules = []*Rule{{Name: Grounds002.Name, Basis: "x", Check: Grounds002.Check}}
		if msg := registerPanics(p); !strings.Contains(msg, "two different rules are named") {
			t.Errorf("panic %q", msg)
		}
	})
}

// Every declaration in service passed Register's check, and each is served whole.
func TestDeclarationsInService(t *testing.T) {
	all := All()
	if len(all) == 0 {
		t.Fatal("no procedure is registered")
	}
	for _, p := range all {
		if err := p.check(); err != nil {
			t.Errorf("%s: %v", p.ID, err)
		}
		s := p.Serve()
		if s.ID != p.ID || len(s.Actions) != len(p.Actions) || len(s.Statuses) == 0 {
			t.Errorf("%s is not served whole: %+v", p.ID, s)
		}
	}
}
