package procedure_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
)

// A procedure is a declaration: the engine opens an application of it, moves it by its
// actions, and starts each step's clock on the declared calendar. Here the architecture
// agreement of 004 ¶12, refused once and resubmitted: the second round has a clock of its
// own, so its notices never collide with the first round's.
func Example() {
	si := actor.Caller{Sub: "si-1", Org: "kz-si", Roles: []actor.Role{actor.ServiceIntegrator}}
	ab := actor.Caller{Sub: "ab-1", Org: "kz-mdai", Roles: []actor.Role{actor.AuthorizedBody}}
	at := time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC) // Mon 16 March 2026, 10:00 in Astana

	ch, err := procedure.Create(procedure.Draft{Procedure: "kz-architecture-agreement",
		Sections: map[string]any{"details": map[string]any{"title": "Архитектура юстиции", "domain": "Юстиция"}}},
		si, at, "app-1", "", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	a := ch.App
	// The validator judged the uploaded draft (004 ¶12 requires it before submission).
	a.Documents = append(a.Documents, procedure.DocumentSummary{ID: "doc-1", Kind: "architecture_draft", Status: procedure.DocValid})

	step := func(name string, input map[string]any, c actor.Caller, at time.Time) {
		ch, err := procedure.Act(a, name, input, c, at, nil)
		var refused *fault.Error
		if errors.As(err, &refused) { // the API answers 422 naming the field
			fmt.Printf("%-10s refused (%s): %s: %s\n", name, refused.Kind, refused.Fields[0].Field, refused.Fields[0].Reason)
			return
		}
		a = ch.App
		fmt.Printf("%-10s → %-12s round %d", name, a.Status, a.Round)
		if cl, ok := a.Clock(string(a.Status)); ok && cl.Round == a.Round {
			fmt.Printf(", due %s (%s)", cl.DueDate, cl.Basis)
		}
		fmt.Println()
	}
	step("submit", nil, si, at)
	step("agreement", map[string]any{"decision": "refuse"}, ab, at.Add(time.Hour))
	step("agreement", map[string]any{"decision": "refuse", "comments": "Нет паспортов данных"}, ab, at.Add(time.Hour))
	// Resubmitted Mon 23 March, a Nauryz day off (as are 24 and 25 March, for the
	// weekend's 21–22): the ten working days count from the 26th.
	step("resubmit", nil, si, at.Add(7*24*time.Hour))
	step("agreement", map[string]any{"decision": "agree"}, ab, at.Add(8*24*time.Hour))
	// Output:
	// submit     → ab_agreement round 1, due 2026-04-02 (004 ¶12)
	// agreement  refused (unprocessable): comments: required (non-empty) by 004 ¶12: a refusal gives reasoned comments and proposals
	// agreement  → revision     round 1
	// resubmit   → ab_agreement round 2, due 2026-04-08 (004 ¶12)
	// agreement  → agreed       round 2
}
