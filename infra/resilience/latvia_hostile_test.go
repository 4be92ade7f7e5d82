package resilience

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
)

// latviaTargets makes real Latvian records for the hostile corpus to aim at (seed 000: an
// organisation and a decision; seed 001: a plan, a measure and a report year), so that
// every Latvian route is probed with valid ids as well as hostile ones, and returns the
// path values and a reader of their state, which the corpus must leave unchanged.
func latviaTargets(t *testing.T) (map[string]string, func() map[string][]byte) {
	t.Helper()
	sfx := apitest.Suffix()
	varam := apitest.Login(t, "varam-res-"+sfx, "lv-varam", "coordinator")
	org := "lv-res-" + sfx
	apitest.Do(t, varam, "POST", "/v1/orgs/"+org, map[string]any{"parent": nil, "name": "Rezilences ministrija — ā č ē ģ ī ķ ļ ņ š ū ž"}).Want(t, 201)
	var d, p, m struct{ ID string }
	apitest.Do(t, varam, "POST", "/v1/decisions", map[string]any{"title": "Lēmums", "adoptedOn": nil, "orgs": []string{org},
		"tasks": []any{}}).Want(t, 201).Decode(t, &d)
	apitest.Do(t, varam, "POST", "/v1/plans", map[string]any{"title": "Rīcības plāns", "period": map[string]any{"from": "2026-01-01", "to": "2026-12-31"}}).Want(t, 201).Decode(t, &p)
	apitest.Do(t, varam, "POST", "/v1/plans/"+p.ID+"/measures", map[string]any{"title": "Pasākums", "owner": org, "start": "2026-01-01", "end": "2026-12-31"}).Want(t, 201).Decode(t, &m)
	valid := map[string]string{"decisionId": d.ID, "org": org, "planId": p.ID, "measureId": m.ID, "year": "2026"}
	state := func() map[string][]byte {
		out := map[string][]byte{}
		for _, path := range []string{"/v1/decisions/" + d.ID, "/v1/decisions/" + d.ID + "/events?limit=200", "/v1/orgs/" + org,
			"/v1/plans/" + p.ID, "/v1/measures/" + m.ID, "/v1/measures/" + m.ID + "/events?limit=200"} {
			r := apitest.Do(t, varam, "GET", path, nil)
			out[path] = append([]byte(fmt.Sprintf("%d ", r.Status)), r.Body...)
		}
		// The plan's overdue days are counted to today: the state is the same within a day.
		return out
	}
	return valid, state
}

// latviaSegments are the Latvian routes' path parameters the corpus replaces with hostile values.
var latviaSegments = []string{"decisionId", "org", "planId", "measureId", "year"}

// latviaHostileBodies break the Latvian routes' closed fields: dates that do not exist or
// are written month first, statuses in Latvian, negative delays, a year as a string.
func latviaHostileBodies() map[string][]byte {
	return map[string][]byte{
		"LV dates month first": []byte(`{"adoptedOn":"02.31.2026","period":{"from":"2026-13-01","to":"31.02.2026"},"start":"1.2.2026","end":"2026/01/02"}`),
		"LV closed fields":     []byte(`{"status":"izdarīts","expectedDelayDays":-5,"year":"2026","ground":"7.3","category":"racks","parent":{"$ne":null}}`),
		"LV NUL in name":       []byte("{\"name\":\"Ministrija\x00\",\"parent\":\"lv-zm\\u0000\",\"orgs\":[\"LV ZM\"]}"),
	}
}

func sameState(t *testing.T, before, after map[string][]byte) {
	t.Helper()
	for k, v := range before {
		if !bytes.Equal(v, after[k]) {
			t.Errorf("Latvian state changed by the corpus: %s\n before %s\n after  %s", k, short(string(v)), short(string(after[k])))
		}
	}
}
