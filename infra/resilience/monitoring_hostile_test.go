package resilience

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/monitoring"
)

// monitoringTarget is what the hostile corpus aims at on the monitoring routes (004
// ¶19–¶29): a project of the cast's applicant with an assessment and its recommendation,
// and a report of a past period (the current ones are the e2e suite's), so every route's
// path values name something real and its bodies reach its validation.
type monitoringTarget struct {
	valid map[string]string // path placeholder → a real id
	reads []string          // what the corpus must not change, read as the applicant and the authorized body
}

func newMonitoringTarget(t *testing.T, c cast) monitoringTarget {
	t.Helper()
	var p struct {
		ID              string
		Recommendations []struct{ ID string }
	}
	apitest.Do(t, c.clerk, "POST", "/v1/projects", map[string]any{"name": "Hostile target project"}).Want(t, 201).Decode(t, &p)
	due := monitoring.DateOf(time.Now()).AddDays(60).String()
	apitest.Do(t, c.si, "POST", "/v1/projects/"+p.ID+"/assessments", map[string]any{"stage": "planning",
		"checks": map[string]bool{"P1": true, "P2": false}, "level": 2,
		"recommendations": []map[string]string{{"text": "Hostile target", "dueOn": due}}}).Want(t, 201).Decode(t, &p)
	// The assessment's notice reaches the applicant's inbox (which the corpus's state
	// includes) before the corpus starts.
	apitest.Eventually(t, "the assessment's notice", func() bool {
		var in struct {
			Items []struct{ Ref *struct{ ID string } }
		}
		apitest.Do(t, c.clerk, "GET", "/v1/notifications?limit=200", nil).Want(t, 200).Decode(t, &in)
		for _, n := range in.Items {
			if n.Ref != nil && n.Ref.ID == p.ID {
				return true
			}
		}
		return false
	})
	// A past period no other test freezes: 2023, the first year of seed 004 in force.
	const period = "2023"
	var rep struct{ ID string }
	r := apitest.Do(t, c.si, "POST", "/v1/monitoring-reports", map[string]string{"period": period})
	if r.Status == 409 { // a rerun against the same stack: take the period's report
		var list struct{ Items []struct{ ID, Period string } }
		apitest.Do(t, c.ab, "GET", "/v1/monitoring-reports?limit=200", nil).Want(t, 200).Decode(t, &list)
		for _, x := range list.Items {
			if x.Period == period {
				rep.ID = x.ID
			}
		}
	} else {
		r.Want(t, 201).Decode(t, &rep)
	}
	return monitoringTarget{
		valid: map[string]string{"projectId": p.ID, "recommendationId": p.Recommendations[0].ID, "reportId": rep.ID},
		reads: []string{"/v1/projects/" + p.ID, "/v1/projects/" + p.ID + "/events?limit=200", "/v1/recommendations/" + p.Recommendations[0].ID,
			"/v1/monitoring-reports/" + rep.ID},
	}
}

// state reads the target as its applicant and as the authorized body.
func (m monitoringTarget) state(t *testing.T, c cast) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, u := range []*apitest.User{c.clerk, c.ab} {
		for _, p := range m.reads {
			r := apitest.Do(t, u, "GET", p, nil)
			out[u.Sub+" "+p] = append([]byte(fmt.Sprintf("%d ", r.Status)), r.Body...)
		}
	}
	return out
}

func (m monitoringTarget) unchanged(t *testing.T, before, after map[string][]byte) bool {
	t.Helper()
	ok := true
	for k, v := range before {
		if !bytes.Equal(v, after[k]) {
			ok = false
			t.Errorf("monitoring state changed by the corpus: %s\n before %s\n after  %s", k, short(string(v)), short(string(after[k])))
		}
	}
	return ok
}
