package e2e

import (
	"slices"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
)

// 003 §23 through the gateway: the SI assesses I2a–I2e, the AB concludes; a positive
// conclusion while an indicator fails is refused naming it, a negative one needs reasons.
func TestDonationConclusionThroughTheGateway(t *testing.T) {
	t.Parallel()
	sfx := apitest.Suffix()
	clerk := apitest.Login(t, "clerk-don-"+sfx, "kz-e2e-"+sfx, "applicant")
	si := apitest.Login(t, "si-don", "kz-si", "service_integrator")
	ab := apitest.Login(t, "ab-don", "kz-mdai", "authorized_body")
	var a generic
	apitest.Do(t, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-donation-conclusion",
		"object":  map[string]any{"name": "Сыйға тартылған жүйе " + sfx, "type": "information_system"},
		"details": map[string]any{"acquisition": "donation", "from": "АҚ «Сыйлаушы»"}}).Want(t, 201).Decode(t, &a)
	uploadValid(t, clerk, a.ID, "terms_of_reference")
	a = actG(t, clerk, a.ID, "submit", nil, 200)
	actG(t, ab, a.ID, "assessment", map[string]any{"checks": map[string]bool{"I2a": true}}, 403)
	r := apitest.Do(t, si, "POST", "/v1/applications/"+a.ID+"/assessment", map[string]any{"checks": map[string]bool{"I2a": true}}).Want(t, 422)
	if got := problemFields(t, r); len(got) != 4 {
		t.Fatalf("an incomplete assessment: %v", got)
	}
	a = actG(t, si, a.ID, "assessment", map[string]any{"checks": map[string]bool{"I2a": true, "I2b": true, "I2c": true, "I2d": true, "I2e": false}}, 200)
	r = apitest.Do(t, ab, "POST", "/v1/applications/"+a.ID+"/conclusion", map[string]any{"I1": true, "conclusion": "positive"}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"conclusion"}) {
		t.Fatalf("positive while I2e fails: %v", got)
	}
	r = apitest.Do(t, ab, "POST", "/v1/applications/"+a.ID+"/conclusion", map[string]any{"I1": true, "conclusion": "negative"}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"reasons"}) {
		t.Fatalf("negative without reasons: %v", got)
	}
	a = actG(t, ab, a.ID, "conclusion", map[string]any{"I1": true, "conclusion": "negative", "reasons": []string{"аналог есть в реестре"}}, 200)
	if a.Status != "negative" || len(a.result("conclusion")["failed"].([]any)) != 1 {
		t.Fatalf("concluded: %+v", a.Raw)
	}
}
