package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// deadlineOrg is configured with an e-mail address in infra/test.sh's
// NotificationRecipients, so this test can find its mails in Mailpit.
const deadlineOrg = "kz-e2e-deadline"

type mail struct {
	MessageID string
	To, Bcc   []struct{ Address string }
}

// mails counts the messages to an address about one notice kind of one application. The
// Message-ID is made from the notice id (application, step, kind), and recipients travel
// in the envelope only, which Mailpit shows as Bcc.
func mails(t *testing.T, to, appID, kind string) int {
	t.Helper()
	base := os.Getenv("ICTGOV_MAILPIT_URL")
	if base == "" {
		t.Fatal("ICTGOV_MAILPIT_URL is not set: run `make test`")
	}
	res, err := http.Get(base + "/api/v1/messages?limit=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Messages []mail }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range out.Messages {
		if !strings.Contains(m.MessageID, appID) || !strings.Contains(m.MessageID, "."+kind+"@") {
			continue
		}
		for _, r := range append(m.To, m.Bcc...) {
			if r.Address == to {
				n++
			}
		}
	}
	return n
}

func sweep(t *testing.T, at time.Time) {
	t.Helper()
	r := do(t, nil, "POST", "/dev/schedules/DeadlineCheck/Hourly?time="+at.UTC().Format(time.RFC3339), nil)
	if r.status != 200 {
		t.Fatalf("firing DeadlineCheck: %d %s", r.status, r.body)
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
	c.clerk = login(t, "clerk-deadline", deadlineOrg, "applicant")
	a := prepared(t, c, "information_system", criteria("1.1", "2.1", "3.1"))
	a = act(t, c.clerk, a.ID, "submit", nil, 200)
	var full struct {
		Clocks []struct {
			Step, State     string
			DueAt, RemindAt *time.Time
		}
	}
	do(t, c.clerk, "GET", "/v1/applications/"+a.ID, nil).want(t, 200).decode(t, &full)
	if len(full.Clocks) != 1 || full.Clocks[0].DueAt == nil || full.Clocks[0].RemindAt == nil {
		t.Fatalf("clock: %+v", full.Clocks)
	}
	cl := full.Clocks[0]

	sweep(t, cl.RemindAt.Add(-time.Hour)) // before the reminder moment: nothing
	sweep(t, cl.RemindAt.Add(5*time.Minute))
	sweep(t, cl.RemindAt.Add(65*time.Minute)) // again: still one reminder
	eventually(t, "the reminder", func() bool { return count(inbox(t, c.ab, a.ID), "reminder") == 1 })

	var got application
	do(t, c.clerk, "GET", "/v1/applications/"+a.ID, nil).want(t, 200).decode(t, &got)
	if st, _ := got.clock("ab_check"); st != "running" || got.Overdue {
		t.Fatalf("overdue before the due moment: %+v", got)
	}

	for i := 0; i < 3; i++ { // however often it runs, the step goes overdue once
		sweep(t, cl.DueAt.Add(time.Duration(5+60*i)*time.Minute))
	}
	do(t, c.clerk, "GET", "/v1/applications/"+a.ID, nil).want(t, 200).decode(t, &got)
	if st, _ := got.clock("ab_check"); st != "overdue" || !got.Overdue {
		t.Fatalf("after the due moment: %+v", got)
	}
	var q struct{ Items []application }
	do(t, c.ab, "GET", "/v1/applications?overdue=true&limit=200", nil).want(t, 200).decode(t, &q)
	if !slices.ContainsFunc(q.Items, func(x application) bool { return x.ID == a.ID }) {
		t.Fatal("the overdue application is missing from ?overdue=true")
	}
	eventually(t, "the overdue notices", func() bool {
		return count(inbox(t, c.ab, a.ID), "overdue") == 1 && count(inbox(t, c.clerk, a.ID), "overdue") == 1
	})
	eventually(t, "the overdue e-mails", func() bool {
		return mails(t, "ab@ministry.test", a.ID, "overdue") >= 1 && mails(t, "clerk@minjust.test", a.ID, "overdue") >= 1
	})
	time.Sleep(time.Second) // a duplicate delivery would arrive by now
	if n := mails(t, "clerk@minjust.test", a.ID, "overdue"); n != 1 {
		t.Fatalf("%d overdue e-mails to the applicant, want 1", n)
	}
	// Leaving the step late keeps the record of lateness.
	a = act(t, c.ab, a.ID, "forward", nil, 200)
	if st, _ := a.clock("ab_check"); st != "overdue" || a.Overdue {
		t.Fatalf("after forwarding late: %+v", a)
	}
}
