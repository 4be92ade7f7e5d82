package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/template"
	"github.com/ictgov/ictgov/infra/testenv"
)

func loadTemplate(t *testing.T) *template.Template {
	t.Helper()
	tmpl, err := template.Load(filepath.Join(testenv.RepoRoot(), "template.yaml"), template.Options{Parameters: map[string]string{
		"JwtIssuer": "https://local", "JwtAudience": "local"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tmpl.Validate(testenv.RepoRoot()); err != nil {
		t.Fatal(err)
	}
	return tmpl
}

// Every sample event in events/ invokes its function successfully through RIE, as
// `sam local invoke -e` would, and every function has at least one sample.
func TestSampleEventsInvokeTheirFunctions(t *testing.T) {
	tmpl := loadTemplate(t)
	files, err := filepath.Glob(filepath.Join(testenv.RepoRoot(), "events", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample events: %v", err)
	}
	covered := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		var fn *template.Function
		for _, cand := range tmpl.Functions {
			if strings.HasPrefix(name, cand.EventPrefix()) {
				fn = cand
			}
		}
		if fn == nil {
			t.Errorf("%s names no function folder (events/<folder>-<what>.json)", name)
			continue
		}
		covered[fn.LogicalID] = true
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := apitest.Do(t, nil, "POST", "/dev/invoke/"+fn.LogicalID, body)
		if r.Status != 200 {
			t.Errorf("%s → %s: gateway answered %d %s", name, fn.LogicalID, r.Status, r.Body)
			continue
		}
		var out map[string]any
		if json.Unmarshal(r.Body, &out) == nil {
			if msg, ok := out["errorMessage"]; ok {
				t.Errorf("%s → %s failed: %v", name, fn.LogicalID, msg)
			}
			if code, ok := out["statusCode"].(float64); ok && code >= 400 {
				t.Errorf("%s → %s answered HTTP %v: %v", name, fn.LogicalID, code, out["body"])
			}
		}
	}
	for _, fn := range tmpl.Functions {
		if !covered[fn.LogicalID] {
			t.Errorf("function %s has no sample event in events/", fn.LogicalID)
		}
	}
}

// The running gateway serves every route and event source the template declares.
func TestGatewayServesTheTemplate(t *testing.T) {
	tmpl := loadTemplate(t)
	r := apitest.Do(t, nil, "GET", "/dev/status", nil).Want(t, 200)
	status := string(r.Body)
	kinds := map[string]bool{}
	for _, fn := range tmpl.Functions {
		if !strings.Contains(status, fn.LogicalID) {
			t.Errorf("/dev/status does not list function %s", fn.LogicalID)
		}
		for _, ev := range fn.Events {
			kinds[ev.Type] = true
			if ev.HTTP != nil && !strings.Contains(status, ev.HTTP.Path) {
				t.Errorf("route %s %s is not served", ev.HTTP.Method, ev.HTTP.Path)
			}
		}
	}
	for _, k := range []string{"HttpApi", "S3", "ScheduleV2", "DynamoDB"} {
		if !kinds[k] {
			t.Errorf("the template uses no %s event; the gateway test expects all four", k)
		}
	}
	// A protected route without a token is refused by the gateway, as by the authorizer.
	apitest.Do(t, nil, "GET", "/v1/applications", nil).Want(t, 401)
	apitest.Do(t, nil, "GET", "/v1/health", nil).Want(t, 200)
}
