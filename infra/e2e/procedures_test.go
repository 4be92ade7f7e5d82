package e2e

import (
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/procedure"
)

// generic is an application as the e2e tests of part two read it: the common fields and
// whatever the procedure records, by key.
type generic struct {
	ID      string
	Status  string
	Org     string
	Version int
	Round   int
	Object  *struct{ ID, Name, Type string }
	Details map[string]any
	Clocks  []struct {
		Step, State, DueDate string
		Round                int
	}
	Raw map[string]any `json:"-"`
}

func actG(t *testing.T, u *apitest.User, appID, action string, body any, status int) generic {
	t.Helper()
	r := apitest.Do(t, u, "POST", "/v1/applications/"+appID+"/"+action, body).Want(t, status)
	var g generic
	if status == 200 {
		r.Decode(t, &g)
		r.Decode(t, &g.Raw)
	}
	return g
}

// result reads a recorded result of the application (e.g. "agreement").
func (g generic) result(key string) map[string]any {
	m, _ := g.Raw[key].(map[string]any)
	return m
}

// uploadValid uploads a PDF of a document kind and waits for the validator's verdict.
func uploadValid(t *testing.T, u *apitest.User, appID, kind string) string {
	t.Helper()
	id := apitest.Upload(t, u, appID, kind, kind+".pdf", "application/pdf", document.SamplePDF())
	if st, reasons := apitest.DocStatus(t, u, appID, id); st != "valid" {
		t.Fatalf("%s judged %s: %v", kind, st, reasons)
	}
	return id
}

// problemFields reads the fields a problem document names.
func problemFields(t *testing.T, r apitest.Reply) []string {
	t.Helper()
	var p struct {
		Errors []struct{ Field, Reason string }
	}
	r.Decode(t, &p)
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

// Every procedure is served as data, publicly, with the JSON Schema of its bodies.
func TestProceduresServedAsData(t *testing.T) {
	t.Parallel()
	var list struct {
		Items []struct {
			ID      string
			Actions []struct {
				Name  string
				Input map[string]any
			}
			Create map[string]any
		}
	}
	r := apitest.Do(t, nil, "GET", "/v1/procedures", nil).Want(t, 200)
	r.Decode(t, &list)
	if len(list.Items) != len(procedure.All()) {
		t.Fatalf("%d procedures served, %d declared", len(list.Items), len(procedure.All()))
	}
	for _, p := range list.Items {
		if p.Create == nil && p.ID != procedure.KZOperatorExclusion.ID {
			t.Errorf("%s is served without its create schema", p.ID)
		}
	}
	etag := r.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on the procedures")
	}
	apitest.Do(t, nil, "GET", "/v1/procedures", nil, "If-None-Match", etag).Want(t, 304)
	apitest.Do(t, nil, "GET", "/v1/procedures/kz-nothing", nil).Want(t, 404)
}
