package procedure_test

import (
	"fmt"
	"time"

	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/procedure"
)

// A ministry submits an information system for the operator's list on Monday 16 March
// 2026 at 10:00 in Astana. The authorized body has five working days from the day of
// receipt (seed 002 ¶5); Nauryz and its moved days off (21–25 March) are not counted,
// so the documents are due by the end of Thursday 26 March, Asia/Almaty time.
func ExampleTransition() {
	clerk := procedure.Caller{Sub: "clerk-1", Org: "kz-minjust", Roles: []procedure.Role{procedure.Applicant}}
	now := time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)

	answers := criteria.Answers{}
	for _, k := range criteria.Keys() {
		answers[k] = k == "1.1" || k == "2.1" || k == "3.1"
	}
	created, err := procedure.Create(procedure.Draft{
		Procedure: "kz-operator-list",
		Object:    &procedure.Object{Name: "E-Notary", Type: "information_system"},
		Criteria:  answers,
	}, clerk, now.Add(-time.Hour), "app-1", "obj-1")
	if err != nil {
		fmt.Println(err)
		return
	}
	app := created.App
	for i, kind := range procedure.KZOperatorList.DocumentKinds("information_system") {
		app.Documents = append(app.Documents, procedure.DocumentSummary{ID: fmt.Sprint("doc-", i), Kind: kind, Status: procedure.DocValid})
	}

	ch, err := procedure.Transition(app, "submit", procedure.Input{}, clerk, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	cl, _ := ch.App.Clock("ab_check")
	fmt.Println("status:", ch.App.Status, "version:", ch.App.Version)
	fmt.Println("owed by:", cl.Owner, "under", cl.Basis)
	fmt.Println("day 0:", cl.FromDate)
	fmt.Println("due date:", cl.DueDate)
	fmt.Println("overdue from:", cl.DueAt.Format(time.RFC3339))
	fmt.Println("reminder at:", cl.RemindAt.Format(time.RFC3339))
	for _, n := range ch.Notices {
		fmt.Println("notice:", n.Type, "to", n.To[0].Key())
	}
	// Output:
	// status: ab_check version: 2
	// owed by: authorized_body under 002 ¶5
	// day 0: 2026-03-16
	// due date: 2026-03-26
	// overdue from: 2026-03-26T19:00:00Z
	// reminder at: 2026-03-20T04:00:00Z
	// notice: status_changed to org:kz-minjust
	// notice: step_started to role:authorized_body
}

// An incomplete submission is refused with every missing item listed at once.
func ExampleTransition_incomplete() {
	clerk := procedure.Caller{Sub: "clerk-1", Org: "kz-minjust", Roles: []procedure.Role{procedure.Applicant}}
	now := time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)
	created, err := procedure.Create(procedure.Draft{
		Procedure: "kz-operator-list",
		Object:    &procedure.Object{Name: "Border HSC", Type: "hardware_software_complex"},
		Criteria:  criteria.Answers{"1.1": true, "1.2": false, "1.3": false, "1.4": false, "2.1": true, "2.2": false, "2.3": false, "2.4": false, "2.5": false, "3.1": true, "3.2": false, "3.3": false},
	}, clerk, now, "app-2", "obj-2")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = procedure.Transition(created.App, "submit", procedure.Input{}, clerk, now)
	fmt.Println(err)
	// Output:
	// unprocessable: the application is not complete
}
