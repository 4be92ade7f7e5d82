package resilience

import (
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/document"
)

// Over HTTP through the local gateway of `make test` (ICTGOV_API_URL), with infra/apitest.

type application struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Org       string `json:"org"`
	Version   int    `json:"version"`
	Object    struct{ ID, Name, Type string }
	Documents []struct{ ID, Kind, Status string }
	Clocks    []struct {
		Step, State, DueDate string
		DueAt, RemindAt      *time.Time
	}
}

var kindsIS = []string{"is_description", "technical_documentation", "commissioning_document", "user_count",
	"services_or_functions_list", "deployment_counts", "security_certificate", "criteria_compliance"}

func allCriteria() map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4"} {
		m[k] = true
	}
	return m
}

// cast is one test's people: an applicant organisation of its own and the reviewers.
type cast struct {
	clerk, ab, si, op *apitest.User
}

func newCast(t testing.TB) cast {
	org := "kz-res-" + apitest.Suffix()
	return cast{
		clerk: apitest.Login(t, "clerk-"+org, org, "applicant"),
		ab:    apitest.Login(t, "ab-res", "kz-mdai", "authorized_body"),
		si:    apitest.Login(t, "si-res", "kz-si", "service_integrator"),
		op:    apitest.Login(t, "op-res", "kz-op", "operator"),
	}
}

// ready creates an information-system application with every document valid.
func ready(t testing.TB, c cast) application {
	t.Helper()
	var a application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Resilience IS", "type": "information_system"}, "criteria": allCriteria()}).Want(t, 201).Decode(t, &a)
	for _, k := range kindsIS {
		s := apitest.SlotFor(t, c.clerk, a.ID, k, k+".pdf", "application/pdf", document.SamplePDF())
		if code := apitest.Put(t, s, document.SamplePDF()); code != 200 {
			t.Fatalf("upload %s: S3 answered %d", k, code)
		}
		if st, _ := apitest.DocStatus(t, c.clerk, a.ID, s.ID); st != "valid" {
			t.Fatalf("document %s judged %s", k, st)
		}
	}
	return a
}

func act(t testing.TB, u *apitest.User, appID, action string, body any, status int) application {
	t.Helper()
	return apitest.Act[application](t, u, appID, action, body, status)
}
