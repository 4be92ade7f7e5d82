package resilience

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
)

// race fires n copies of one transition at once and wants exactly one winner.
func race(t *testing.T, n int, u *apitest.User, appID, action string, body func(i int) any) {
	t.Helper()
	wins, codes := apitest.Race(t, n, 200, func(i int) int {
		return apitest.Do(t, u, "POST", "/v1/applications/"+appID+"/"+action, body(i)).Status
	})
	if wins != 1 {
		t.Fatalf("%s: %d winners, want 1: %v", action, wins, codes)
	}
}

func trailTypes(t *testing.T, u *apitest.User, appID string) []string {
	t.Helper()
	var trail struct{ Items []struct{ Type string } }
	apitest.Do(t, u, "GET", "/v1/applications/"+appID+"/events?limit=200", nil).Want(t, 200).Decode(t, &trail)
	var out []string
	for _, e := range trail.Items {
		out = append(out, e.Type)
	}
	return out
}

// 20 concurrent copies of every transition of one application through the gateway: one
// winner each, and the trail records each step once.
func TestTwentyConcurrentTransitions(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	a := ready(t, c)
	race(t, 20, c.clerk, a.ID, "submit", func(int) any { return nil })
	race(t, 20, c.ab, a.ID, "forward", func(int) any { return nil })
	race(t, 20, c.si, a.ID, "recommendation", func(i int) any {
		return map[string]string{"architecture": "complies", "note": fmt.Sprint("n", i)}
	})
	race(t, 20, c.ab, a.ID, "decision", func(i int) any {
		return map[string]any{"decision": "include", "reasons": []string{fmt.Sprint("r", i)}}
	})
	n := map[string]int{}
	for _, ty := range trailTypes(t, c.clerk, a.ID) {
		n[ty]++
	}
	for _, ty := range []string{"submit", "forward", "recommendation", "decision"} {
		if n[ty] != 1 {
			t.Errorf("trail has %d %q events: %v", n[ty], ty, n)
		}
	}
	var got application
	apitest.Do(t, c.clerk, "GET", "/v1/applications/"+a.ID, nil).Want(t, 200).Decode(t, &got)
	if got.Status != "included" {
		t.Fatalf("status %s after the races", got.Status)
	}
}

// 100 applications from 10 organisations created and raced at once, while every
// organisation tries to read, list, change and act on the others' applications
// throughout: one winner per race, and not one answer leaks across organisations.
func TestHundredApplicationsTenOrgs(t *testing.T) {
	t.Parallel()
	runOrgs(t, 10, 10, 30*time.Second)
}

func TestSoakThousandApplicationsTenOrgs(t *testing.T) {
	if !soak() {
		t.Skip("soak: runs only with ICTGOV_SOAK=1 (make soak)") // the suite's one allowed skip
	}
	runOrgs(t, 10, 100, 5*time.Minute)
}

func runOrgs(t *testing.T, orgs, perOrg int, budget time.Duration) {
	sfx := apitest.Suffix()
	clerks := make([]*apitest.User, orgs)
	for i := range clerks {
		org := fmt.Sprintf("kz-res-org%d-%s", i, sfx)
		clerks[i] = apitest.Login(t, "clerk-"+org, org, "applicant")
	}
	op := apitest.Login(t, "op-res", "kz-op", "operator")
	type made struct {
		id  string
		org int
		obj string // the object the application registered
	}
	var mu sync.Mutex
	var apps []made
	var leaks, crossTries atomic.Int64
	leak := func(format string, args ...any) {
		leaks.Add(1)
		t.Errorf("LEAK: "+format, args...)
	}
	done := make(chan struct{})
	// Cross-org readers: each org hammers the others' applications as they appear.
	var rw sync.WaitGroup
	for i := range clerks {
		rw.Add(1)
		go func() {
			defer rw.Done()
			me := clerks[i]
			for k := 0; ; k++ {
				select {
				case <-done:
					return
				default:
				}
				mu.Lock()
				var target *made
				for j := len(apps) - 1 - k%7; j >= 0; j-- {
					if apps[j].org != i {
						x := apps[j]
						target = &x
						break
					}
				}
				mu.Unlock()
				if target == nil {
					time.Sleep(20 * time.Millisecond)
					continue
				}
				probes := []struct {
					method, path string
					body         any
				}{
					{"GET", "/v1/applications/" + target.id, nil},
					{"GET", "/v1/applications/" + target.id + "/events", nil},
					{"PATCH", "/v1/applications/" + target.id, map[string]any{"object": map[string]string{"name": "stolen", "type": "information_system"}}},
					{"POST", "/v1/applications/" + target.id + "/submit", nil},
					{"POST", "/v1/applications/" + target.id + "/withdraw", nil},
					{"POST", "/v1/applications/" + target.id + "/documents", map[string]any{"kind": "is_description", "fileName": "x.pdf",
						"contentType": "application/pdf", "size": 10, "sha256": strings.Repeat("a", 64)}},
					// Every route of the object the application registered (issue 9).
					{"GET", "/v1/objects/" + target.obj, nil},
					{"PATCH", "/v1/objects/" + target.obj, map[string]any{"supplier": "kz-stolen"}},
					{"POST", "/v1/objects/" + target.obj + "/stage", map[string]any{"to": "engineering", "on": "2026-01-01"}},
					{"POST", "/v1/objects/" + target.obj + "/documents", map[string]any{"kind": "technical_documentation", "fileName": "x.pdf",
						"contentType": "application/pdf", "size": 10, "sha256": strings.Repeat("a", 64)}},
					{"GET", "/v1/objects/" + target.obj + "/budget-eligibility", nil},
					{"GET", "/v1/objects/" + target.obj + "/events", nil},
					{"POST", "/v1/objects/" + target.obj + "/developments", map[string]any{"performer": "owner"}},
					{"POST", "/v1/objects/" + target.obj + "/developments/" + target.id + "/stage", map[string]any{"to": "engineering", "on": "2026-01-01"}},
					{"GET", "/v1/objects/" + target.obj + "/documents/" + target.id, nil},
				}
				p := probes[k%len(probes)]
				r := apitest.Do(t, me, p.method, p.path, p.body)
				crossTries.Add(1)
				if r.Status != 404 {
					leak("org %d %s %s of org %d's application: %d %s", i, p.method, p.path, target.org, r.Status, r.Body)
				}
				if k%5 == 0 { // the org's own queue holds only its own applications
					var q struct{ Items []application }
					apitest.Do(t, me, "GET", "/v1/applications?limit=200", nil).Want(t, 200).Decode(t, &q)
					crossTries.Add(1)
					for _, x := range q.Items {
						if x.Org != me.Org {
							leak("org %d's queue lists %s of %s", i, x.ID, x.Org)
						}
					}
				}
				if k%7 == 0 { // and its objects only its own
					var q struct{ Items []struct{ ID, Org string } }
					apitest.Do(t, me, "GET", "/v1/objects?limit=200", nil).Want(t, 200).Decode(t, &q)
					crossTries.Add(1)
					for _, x := range q.Items {
						if x.Org != me.Org {
							leak("org %d's objects list %s of %s", i, x.ID, x.Org)
						}
					}
				}
				if k%9 == 0 { // and its inbox only its own applications' notices
					var inbox struct {
						Items []struct{ ApplicationID string }
					}
					apitest.Do(t, me, "GET", "/v1/notifications?limit=200", nil).Want(t, 200).Decode(t, &inbox)
					crossTries.Add(1)
					mu.Lock()
					owner := map[string]int{}
					for _, x := range apps {
						owner[x.id] = x.org
					}
					mu.Unlock()
					for _, x := range inbox.Items {
						if o, ok := owner[x.ApplicationID]; ok && o != i {
							leak("org %d's inbox has a notice of org %d's application %s", i, o, x.ApplicationID)
						}
					}
				}
			}
		}()
	}

	t0 := time.Now()
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	var races atomic.Int64
	for i := range clerks {
		for k := 0; k < perOrg; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				me := clerks[i]
				var a application
				apitest.Do(t, me, "POST", "/v1/applications", envBody).Want(t, 201).Decode(t, &a)
				mu.Lock()
				apps = append(apps, made{a.ID, i, a.Object.ID})
				mu.Unlock()
				// Three submits and a withdraw race from draft: exactly one wins.
				codes := make([]int, 4)
				var rg sync.WaitGroup
				for j := range codes {
					rg.Add(1)
					go func() {
						defer rg.Done()
						action := "submit"
						if j == 3 {
							action = "withdraw"
						}
						codes[j] = apitest.Do(t, me, "POST", "/v1/applications/"+a.ID+"/"+action, nil).Status
					}()
				}
				rg.Wait()
				wins := 0
				for _, c := range codes {
					if c == 200 {
						wins++
					} else if c != 409 {
						t.Errorf("race on %s: status %d among %v", a.ID, c, codes)
					}
				}
				if wins != 1 {
					t.Errorf("race on %s: %d winners %v", a.ID, wins, codes)
				}
				races.Add(1)
				var got application
				apitest.Do(t, me, "GET", "/v1/applications/"+a.ID, nil).Want(t, 200).Decode(t, &got)
				if got.Status == "op_provision" { // the operator provides once, racing itself
					race(t, 3, op, a.ID, "provide", func(int) any { return map[string]string{"note": "ok"} })
				}
				steps := 0
				for _, ty := range trailTypes(t, me, a.ID) {
					if ty == "submit" || ty == "withdraw" {
						steps++
					}
				}
				if steps != 1 {
					t.Errorf("%s: trail records %d submit/withdraw events", a.ID, steps)
				}
			}()
		}
	}
	wg.Wait()
	// Keep the readers on the finished set a little longer, then stop them.
	time.Sleep(500 * time.Millisecond)
	close(done)
	rw.Wait()
	if d := time.Since(t0); d > budget {
		t.Errorf("took %v, budget %v", d, budget)
	}
	if crossTries.Load() < int64(orgs) {
		t.Errorf("only %d cross-organisation attempts", crossTries.Load())
	}
	t.Logf("%d applications from %d orgs, %d races, %d cross-organisation attempts, %d leaks, %v",
		len(apps), orgs, races.Load(), crossTries.Load(), leaks.Load(), time.Since(t0).Round(time.Millisecond))
}
