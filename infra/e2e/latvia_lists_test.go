package e2e

import (
	"slices"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
)

type lvPage[T any] struct {
	Items      []T
	NextCursor string
}

// The lists the coordinator and the public start from, through the gateway: the
// decisions newest first and paged, the organisations level by level, and the action
// plans as open data without sign-in. Other tests add to the same table, so each check
// is about the records this test made.
func TestLatviaListsThroughTheGateway(t *testing.T) {
	sfx := apitest.Suffix()
	varam := apitest.Login(t, "varam-list-"+sfx, "lv-varam", "coordinator")
	clerk := apitest.Login(t, "clerk-list-"+sfx, "lv-lm-"+sfx, "applicant")
	lm, ld := "lv-lm-"+sfx, "lv-ld-"+sfx
	apitest.Do(t, varam, "POST", "/v1/orgs/"+lm, map[string]any{"parent": nil, "name": "Labklājības ministrija"}).Want(t, 201)
	apitest.Do(t, varam, "POST", "/v1/orgs/"+ld, map[string]any{"parent": lm, "name": "Labklājības ministrijas pakļautības iestāde ā č ē"}).Want(t, 201)

	var first, second struct{ ID string }
	apitest.Do(t, varam, "POST", "/v1/decisions", map[string]any{"title": "Pirmais lēmums " + sfx, "adoptedOn": nil,
		"orgs": []string{lm}}).Want(t, 201).Decode(t, &first)
	apitest.Do(t, varam, "POST", "/v1/decisions", map[string]any{"title": "Otrais lēmums " + sfx, "adoptedOn": "2026-11-30",
		"orgs": []string{lm}}).Want(t, 201).Decode(t, &second)

	// Newest first, a page at a time: the second decision comes before the first.
	type decision struct {
		ID, Title, AdoptedOn string
		Orgs                 []string
	}
	var seen []decision
	cursor := ""
	for range 100 {
		var page lvPage[decision]
		apitest.Do(t, clerk, "GET", "/v1/decisions?limit=1&cursor="+cursor, nil).Want(t, 200).Decode(t, &page)
		if len(page.Items) > 1 {
			t.Fatalf("limit=1 answered %d decisions", len(page.Items))
		}
		seen = append(seen, page.Items...)
		if cursor = page.NextCursor; cursor == "" || slices.ContainsFunc(seen, func(d decision) bool { return d.ID == first.ID }) {
			break
		}
	}
	i := slices.IndexFunc(seen, func(d decision) bool { return d.ID == second.ID })
	j := slices.IndexFunc(seen, func(d decision) bool { return d.ID == first.ID })
	if i < 0 || j < 0 || i > j {
		t.Fatalf("decisions newest first: the second at %d, the first at %d of %+v", i, j, seen)
	}
	if d := seen[i]; d.Title != "Otrais lēmums "+sfx || d.AdoptedOn != "2026-11-30" || !slices.Equal(d.Orgs, []string{lm}) {
		t.Fatalf("the second decision listed as %+v", d)
	}
	if d := seen[j]; d.AdoptedOn != "" {
		t.Fatalf("a decision without D listed with one: %+v", d)
	}
	apitest.Do(t, nil, "GET", "/v1/decisions", nil).Want(t, 401)
	apitest.Do(t, clerk, "GET", "/v1/decisions?cursor=not-a-cursor", nil).Want(t, 400)

	// The organisations level by level.
	type org struct {
		Org, Name, Parent string
		Children          int
	}
	var top, under lvPage[org]
	apitest.Do(t, clerk, "GET", "/v1/orgs?limit=200", nil).Want(t, 200).Decode(t, &top)
	k := slices.IndexFunc(top.Items, func(o org) bool { return o.Org == lm })
	if k < 0 && top.NextCursor == "" {
		t.Fatalf("the ministry %s is not among the top organisations %+v", lm, top.Items)
	}
	if k >= 0 && (top.Items[k].Children != 1 || top.Items[k].Parent != "" || top.Items[k].Name != "Labklājības ministrija") {
		t.Fatalf("the ministry listed as %+v", top.Items[k])
	}
	apitest.Do(t, clerk, "GET", "/v1/orgs?parent="+lm, nil).Want(t, 200).Decode(t, &under)
	if len(under.Items) != 1 || under.Items[0] != (org{Org: ld, Name: "Labklājības ministrijas pakļautības iestāde ā č ē", Parent: lm}) {
		t.Fatalf("under %s: %+v", lm, under.Items)
	}
	apitest.Do(t, clerk, "GET", "/v1/orgs?parent="+ld, nil).Want(t, 200).Decode(t, &under)
	if len(under.Items) != 0 {
		t.Fatalf("under %s (no institutions): %+v", ld, under.Items)
	}
	apitest.Do(t, clerk, "GET", "/v1/orgs?parent=Not_An_Org", nil).Want(t, 400)

	// The plans as open data: no sign-in, cacheable, newest first.
	var plan struct{ ID string }
	apitest.Do(t, varam, "POST", "/v1/plans", map[string]any{"title": "Rīcības plāns " + sfx,
		"period": map[string]string{"from": "2026-01-01", "to": "2027-12-31"}}).Want(t, 201).Decode(t, &plan)
	type planItem struct {
		ID, Title string
		Period    struct{ From, To string }
	}
	var plans lvPage[planItem]
	r := apitest.Do(t, nil, "GET", "/v1/public/plans?limit=200", nil).Want(t, 200)
	r.Decode(t, &plans)
	k = slices.IndexFunc(plans.Items, func(p planItem) bool { return p.ID == plan.ID })
	if k < 0 || plans.Items[k].Title != "Rīcības plāns "+sfx || plans.Items[k].Period.From != "2026-01-01" || plans.Items[k].Period.To != "2027-12-31" {
		t.Fatalf("this test's plan is not among the newest public plans: %+v", plans.Items)
	}
	for n := 1; n < len(plans.Items); n++ {
		if plans.Items[n-1].ID < plans.Items[n].ID { // ids sort by creation time
			t.Fatalf("public plans not newest first at %d: %s before %s", n, plans.Items[n-1].ID, plans.Items[n].ID)
		}
	}
	if r.Header.Get("ETag") == "" || r.Header.Get("Cache-Control") == "" || r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("the public list's headers: %v", r.Header)
	}
}
