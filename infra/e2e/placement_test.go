package e2e

import (
	"slices"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
)

// 003 §13 through the gateway: the operator places a class 1 object on the platform (never
// elsewhere) and a class 2 object elsewhere with the reason; the object records it.
func TestPlacementThroughTheGateway(t *testing.T) {
	t.Parallel()
	sfx := apitest.Suffix()
	clerk := apitest.Login(t, "clerk-pl-"+sfx, "kz-e2e-"+sfx, "applicant")
	op := apitest.Login(t, "op-pl", "kz-op", "operator")

	var one generic
	apitest.Do(t, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-placement",
		"object":  map[string]any{"name": "Е-өтініш " + sfx, "type": "information_system"},
		"details": map[string]any{"class": 1, "services": []string{"platform"}}}).Want(t, 201).Decode(t, &one)
	one = actG(t, clerk, one.ID, "submit", nil, 200)
	if one.Status != "op_placement" || len(one.Clocks) != 1 || one.Clocks[0].Step != "op_placement" {
		t.Fatalf("submitted: %+v", one)
	}
	r := apitest.Do(t, op, "POST", "/v1/applications/"+one.ID+"/placement", map[string]any{"outcome": "placed_elsewhere", "note": "no capacity"}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"outcome"}) {
		t.Fatalf("class 1 elsewhere: %v", got)
	}
	actG(t, clerk, one.ID, "placement", map[string]any{"outcome": "placed"}, 403)
	one = actG(t, op, one.ID, "placement", map[string]any{"outcome": "placed"}, 200)
	var obj struct {
		Placement *struct {
			Outcome, ApplicationID string
			Services               []string
		}
	}
	apitest.Do(t, clerk, "GET", "/v1/objects/"+one.Object.ID, nil).Want(t, 200).Decode(t, &obj)
	if obj.Placement == nil || obj.Placement.Outcome != "placed" || obj.Placement.ApplicationID != one.ID ||
		!slices.Equal(obj.Placement.Services, []string{"platform"}) {
		t.Fatalf("the object's placement: %+v", obj.Placement)
	}

	// Class 2, on the same object (an existing one of the clerk's organisation), elsewhere.
	var two generic
	apitest.Do(t, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-placement",
		"object":  map[string]any{"id": one.Object.ID},
		"details": map[string]any{"class": 2, "services": []string{"platform", "infrastructure"}}}).Want(t, 201).Decode(t, &two)
	if two.Object == nil || two.Object.ID != one.Object.ID {
		t.Fatalf("not the same object: %+v", two.Object)
	}
	two = actG(t, clerk, two.ID, "submit", nil, 200)
	r = apitest.Do(t, op, "POST", "/v1/applications/"+two.ID+"/placement", map[string]any{"outcome": "placed_elsewhere"}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"note"}) {
		t.Fatalf("class 2 elsewhere without the reason: %v", got)
	}
	two = actG(t, op, two.ID, "placement", map[string]any{"outcome": "placed_elsewhere", "note": "нет возможности на платформе"}, 200)
	apitest.Do(t, clerk, "GET", "/v1/objects/"+one.Object.ID, nil).Want(t, 200).Decode(t, &obj)
	if obj.Placement.Outcome != "placed_elsewhere" || obj.Placement.ApplicationID != two.ID {
		t.Fatalf("the object's placement after the second: %+v", obj.Placement)
	}
	other := apitest.Login(t, "clerk-pl-other-"+sfx, "kz-e2e-other-"+sfx, "applicant")
	apitest.Do(t, other, "POST", "/v1/applications", map[string]any{"procedure": "kz-placement",
		"object": map[string]any{"id": one.Object.ID}, "details": map[string]any{"class": 2, "services": []string{"platform"}}}).Want(t, 404)
}
