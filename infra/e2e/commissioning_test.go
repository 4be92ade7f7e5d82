package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/dynamo"
)

// refNotices counts the notices of a type about an object in the user's inbox.
func refNotices(t *testing.T, u *apitest.User, objID, typ string) int {
	t.Helper()
	n := 0
	for _, x := range refInbox(t, u, "object", objID) {
		if x == typ {
			n++
		}
	}
	return n
}

// 003 §16 9), §17 ¶1: the warranty of an object commissioned on 31 January (2025) ends
// with 31 January 2026; the scheduled DeadlineCheck fires its end once, telling the owner
// organisation and the supplier, however often it runs, and the object shows it ended.
//
// Not parallel, and in a file that sorts before deadline_test.go: it sweeps as of the
// present moment only, which must come before that test's sweeps as of future moments
// move the sweep's watermark past today (a sweep reads from the watermark on).
func TestWarrantyEndFiredOnceBySweep(t *testing.T) {
	c := newCast(t)
	supplierOrg := "kz-e2e-soft-" + apitest.Suffix()
	sup := apitest.Login(t, "sup-"+supplierOrg, supplierOrg, "supplier")
	start := time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC)
	o := newObject(t, c.clerk, map[string]any{"name": "Е-кепілдік", "type": "information_system", "funding": "own_funds",
		"supplier": supplierOrg, "initiatedOn": "2025-01-02"})
	o = walkToOperation(t, c.clerk, o, start, "2025-01-31")
	if o.Warranty == nil || o.Warranty.From != "2025-01-31" || o.Warranty.Until != "2026-01-31" {
		t.Fatalf("warranty %+v", o.Warranty)
	}
	fire := func() dynamo.SweepStats {
		t.Helper()
		r := apitest.Do(t, nil, "POST", "/dev/schedules/DeadlineCheck/Hourly?time="+time.Now().UTC().Format(time.RFC3339), nil)
		if r.Status != 200 {
			t.Fatalf("firing DeadlineCheck: %d %s", r.Status, r.Body)
		}
		var st dynamo.SweepStats
		if err := json.Unmarshal(r.Body, &st); err != nil {
			t.Fatalf("sweep answer %s: %v", r.Body, err)
		}
		return st
	}
	if st := fire(); st.TermsEnded < 1 {
		t.Fatalf("the first sweep ended no term: %+v", st)
	}
	fire()
	fire()
	var got registryObject
	apitest.Do(t, c.clerk, "GET", "/v1/objects/"+o.ID, nil).Want(t, 200).Decode(t, &got)
	if got.Warranty == nil || got.Warranty.State != "ended" {
		t.Fatalf("warranty after its end: %+v", got.Warranty)
	}
	apitest.Eventually(t, "term_ended to the owner and the supplier", func() bool {
		return refNotices(t, c.clerk, o.ID, "term_ended") == 1 && refNotices(t, sup, o.ID, "term_ended") == 1
	})
	var trail struct{ Items []struct{ Type string } }
	apitest.Do(t, c.clerk, "GET", "/v1/objects/"+o.ID+"/events?limit=200", nil).Want(t, 200).Decode(t, &trail)
	if n := count(func() []string {
		var out []string
		for _, e := range trail.Items {
			out = append(out, e.Type)
		}
		return out
	}(), "clock_term_ended"); n != 1 {
		t.Fatalf("%d term ends in the trail", n)
	}
	if refNotices(t, c.other, o.ID, "term_ended") != 0 {
		t.Fatal("another organisation was told")
	}
}
