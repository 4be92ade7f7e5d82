package e2e

import (
	"slices"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/apitest"
)

// deadlineOrg is configured with an e-mail address in infra/test.sh's
// recipients (-ssm /ictgov/local/recipients/org/...), so this test can find its mails in Mailpit.
const deadlineOrg = "kz-e2e-deadline"

func sweep(t *testing.T, at time.Time) {
	t.Helper()
	r := apitest.Do(t, nil, "POST", "/dev/schedules/DeadlineCheck/Hourly?time="+at.UTC().Format(time.RFC3339), nil)
	if r.Status != 200 {
		t.Fatalf("firing DeadlineCheck: %d %s", r.Status, r.Body)
	}
}

func count(list []string, v string) int {
	n := 0
	for _, s := range list {
		if s == v {
			n++
		}
	}
	return n
}

// Submit, then run the scheduled DeadlineCheck as of moments past the reminder and the
// due moment: one reminder, one overdue, seen in the inboxes, the queue and the mails,
// however often the sweep runs. Not parallel: a sweep as of a future moment judges every
// running clock of the system, so it runs before the parallel tests start.
func TestStepGoesOverdue(t *testing.T) {
	c := newCast(t)
	c.clerk = apitest.Login(t, "clerk-deadline", deadlineOrg, "applicant")
	a := prepared(t, c, "information_system", criteria("1.1", "2.1", "3.1"))
	a = act(t, c.clerk, a.ID, "submit", nil, 200)
	var full struct {
		Clocks []struct {
			Step, State     string
			DueAt, RemindAt *time.Time
		}
	}
	apitest.Do(t, c.clerk, "GET", "/v1/applications/"+a.ID, nil).Want(t, 200).Decode(t, &full)
	if len(full.Clocks) != 1 || full.Clocks[0].DueAt == nil || full.Clocks[0].RemindAt == nil {
		t.Fatalf("clock: %+v", full.Clocks)
	}
	cl := full.Clocks[0]

	sweep(t, cl.RemindAt.Add(-time.Hour)) // before the reminder moment: nothing
	sweep(t, cl.RemindAt.Add(5*time.Minute))
	sweep(t, cl.RemindAt.Add(65*time.Minute)) // again: still one reminder
	apitest.Eventually(t, "the reminder", func() bool { return count(inbox(t, c.ab, a.ID), "reminder") == 1 })

	var got application
	apitest.Do(t, c.clerk, "GET", "/v1/applications/"+a.ID, nil).Want(t, 200).Decode(t, &got)
	if st, _ := got.clock("ab_check"); st != "running" || got.Overdue {
		t.Fatalf("overdue before the due moment: %+v", got)
	}

	for i := 0; i < 3; i++ { // however often it runs, the step goes overdue once
		sweep(t, cl.DueAt.Add(time.Duration(5+60*i)*time.Minute))
	}
	apitest.Do(t, c.clerk, "GET", "/v1/applications/"+a.ID, nil).Want(t, 200).Decode(t, &got)
	if st, _ := got.clock("ab_check"); st != "overdue" || !got.Overdue {
		t.Fatalf("after the due moment: %+v", got)
	}
	var q struct{ Items []application }
	apitest.Do(t, c.ab, "GET", "/v1/applications?overdue=true&limit=200", nil).Want(t, 200).Decode(t, &q)
	if !slices.ContainsFunc(q.Items, func(x application) bool { return x.ID == a.ID }) {
		t.Fatal("the overdue application is missing from ?overdue=true")
	}
	apitest.Eventually(t, "the overdue notices", func() bool {
		return count(inbox(t, c.ab, a.ID), "overdue") == 1 && count(inbox(t, c.clerk, a.ID), "overdue") == 1
	})
	apitest.Eventually(t, "the overdue e-mails", func() bool {
		return apitest.Mails(t, "ab@ministry.test", a.ID, "overdue") >= 1 && apitest.Mails(t, "clerk@minjust.test", a.ID, "overdue") >= 1
	})
	time.Sleep(time.Second) // a duplicate delivery would arrive by now
	if n := apitest.Mails(t, "clerk@minjust.test", a.ID, "overdue"); n != 1 {
		t.Fatalf("%d overdue e-mails to the applicant, want 1", n)
	}
	// Leaving the step late keeps the record of lateness.
	a = act(t, c.ab, a.ID, "forward", nil, 200)
	if st, _ := a.clock("ab_check"); st != "overdue" || a.Overdue {
		t.Fatalf("after forwarding late: %+v", a)
	}
}
