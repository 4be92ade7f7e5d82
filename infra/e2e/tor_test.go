package e2e

import (
	"slices"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
)

// 003 §10 ¶2 through the gateway: the TOR of a trustee's development of an existing
// object, refused with comments, then agreed; the object records the agreement.
func TestTORAgreementThroughTheGateway(t *testing.T) {
	t.Parallel()
	sfx := apitest.Suffix()
	clerk := apitest.Login(t, "clerk-tor-"+sfx, "kz-e2e-"+sfx, "applicant")
	ab := apitest.Login(t, "ab-tor", "kz-mdai", "authorized_body")
	// An object of the organisation, registered by a draft of another procedure.
	var reg generic
	apitest.Do(t, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]any{"name": "Е-нотариат " + sfx, "type": "information_system"}}).Want(t, 201).Decode(t, &reg)
	objID := reg.Object.ID

	open := func() generic {
		var a generic
		apitest.Do(t, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-tor-agreement",
			"object": map[string]any{"id": objID}, "details": map[string]any{"trustee": "ТОО «Сенім» " + sfx}}).Want(t, 201).Decode(t, &a)
		uploadValid(t, clerk, a.ID, "terms_of_reference")
		return actG(t, clerk, a.ID, "submit", nil, 200)
	}
	a := open()
	if a.Status != "ab_tor" || len(a.Clocks) != 0 {
		t.Fatalf("submitted (003 §10 ¶2 sets no time limit): %+v", a)
	}
	r := apitest.Do(t, ab, "POST", "/v1/applications/"+a.ID+"/agreement", map[string]any{"decision": "refuse"}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"comments"}) {
		t.Fatalf("refuse without comments: %v", got)
	}
	a = actG(t, ab, a.ID, "agreement", map[string]any{"decision": "refuse", "comments": "ТЗ не описывает интеграции"}, 200)
	if a.Status != "not_agreed" {
		t.Fatalf("refused: %+v", a)
	}
	b := open()
	b = actG(t, ab, b.ID, "agreement", map[string]any{"decision": "agree"}, 200)
	var obj struct {
		TORAgreement *struct{ ApplicationID string } `json:"torAgreement"`
	}
	apitest.Do(t, clerk, "GET", "/v1/objects/"+objID, nil).Want(t, 200).Decode(t, &obj)
	if b.Status != "agreed" || obj.TORAgreement == nil || obj.TORAgreement.ApplicationID != b.ID {
		t.Fatalf("agreed: %+v, object %+v", b, obj.TORAgreement)
	}
}
