package e2e

import (
	"slices"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
)

// 004 ¶12 through the gateway: the SI drafts, the AB refuses with comments, the SI
// revises and resubmits (a new round with its own clock), the AB agrees, the SI publishes.
func TestArchitectureAgreementThroughTheGateway(t *testing.T) {
	t.Parallel()
	sfx := apitest.Suffix()
	si := apitest.Login(t, "si-arch-"+sfx, "kz-si-"+sfx, "service_integrator")
	otherSI := apitest.Login(t, "si-other-"+sfx, "kz-si-other-"+sfx, "service_integrator")
	ab := apitest.Login(t, "ab-arch", "kz-mdai", "authorized_body")
	clerk := apitest.Login(t, "clerk-arch-"+sfx, "kz-e2e-"+sfx, "applicant")

	apitest.Do(t, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-architecture-agreement",
		"details": map[string]any{"title": "x", "domain": "y"}}).Want(t, 403)
	var a generic
	apitest.Do(t, si, "POST", "/v1/applications", map[string]any{"procedure": "kz-architecture-agreement",
		"details": map[string]any{"title": "Архитектура юстиции 2026", "domain": "Юстиция"}}).Want(t, 201).Decode(t, &a)
	if a.Status != "draft" || a.Org != si.Org || a.Object != nil || a.Round != 1 {
		t.Fatalf("created: %+v", a)
	}
	r := apitest.Do(t, si, "POST", "/v1/applications/"+a.ID+"/submit", nil).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"documents.architecture_draft"}) {
		t.Fatalf("submit without the draft: %v", got)
	}
	uploadValid(t, si, a.ID, "architecture_draft")
	actG(t, otherSI, a.ID, "submit", nil, 403)
	a = actG(t, si, a.ID, "submit", nil, 200)
	if a.Status != "ab_agreement" || len(a.Clocks) != 1 || a.Clocks[0].Round != 1 {
		t.Fatalf("submitted: %+v", a)
	}
	r = apitest.Do(t, ab, "POST", "/v1/applications/"+a.ID+"/agreement", map[string]any{"decision": "refuse"}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"comments"}) {
		t.Fatalf("refuse without comments: %v", got)
	}
	a = actG(t, ab, a.ID, "agreement", map[string]any{"decision": "refuse", "comments": "Нет паспортов данных"}, 200)
	if a.Status != "revision" || a.result("agreement")["comments"] != "Нет паспортов данных" {
		t.Fatalf("refused: %+v", a)
	}
	apitest.Eventually(t, "the revision_requested notice", func() bool { return slices.Contains(inbox(t, si, a.ID), "revision_requested") })
	uploadValid(t, si, a.ID, "architecture_draft") // a new draft for the next round
	a = actG(t, si, a.ID, "resubmit", nil, 200)
	if a.Round != 2 || a.Status != "ab_agreement" || len(a.Clocks) != 2 || a.Clocks[0].State != "met" ||
		a.Clocks[1].Round != 2 || a.Clocks[1].State != "running" {
		t.Fatalf("resubmitted: %+v", a)
	}
	a = actG(t, ab, a.ID, "agreement", map[string]any{"decision": "agree"}, 200)
	if a.Status != "agreed" || a.result("agreement")["round"] != float64(2) {
		t.Fatalf("agreed: %+v", a.Raw)
	}
	actG(t, otherSI, a.ID, "publish", nil, 403)
	a = actG(t, si, a.ID, "publish", nil, 200)
	if a.Status != "published" {
		t.Fatalf("published: %+v", a)
	}
	tr := trail(t, si, a.ID)
	if !slices.Equal(filter(tr, "submit", "agreement", "resubmit", "publish"), []string{"submit", "agreement", "resubmit", "agreement", "publish"}) {
		t.Fatalf("trail %v", tr)
	}
	apitest.Do(t, clerk, "GET", "/v1/applications/"+a.ID, nil).Want(t, 404)
}

func filter(list []string, keep ...string) []string {
	var out []string
	for _, v := range list {
		if slices.Contains(keep, v) {
			out = append(out, v)
		}
	}
	return out
}
