package mail

import (
	"context"
	"encoding/json"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/notify"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/infra/testenv"
)

// mailpitMessage is the part of Mailpit's message summary the tests read.
type mailpitMessage struct {
	ID        string
	MessageID string
	Subject   string
	To, Bcc   []struct{ Address string }
}

// mailpitSearch returns the messages whose notify.Message-ID contains id, as Mailpit's API lists
// them (GET /api/v1/search?query=message-id:...).
func mailpitSearch(t *testing.T, base, id string) []mailpitMessage {
	t.Helper()
	u := base + "/api/v1/search?query=" + url.QueryEscape("message-id:"+id)
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("mailpit search: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit search: %s", resp.Status)
	}
	var out struct{ Messages []mailpitMessage }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("mailpit search: %v", err)
	}
	return out.Messages
}

func mailpitText(t *testing.T, base, id string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/message/" + url.PathEscape(id))
	if err != nil {
		t.Fatalf("mailpit message: %v", err)
	}
	defer resp.Body.Close()
	var out struct{ Text string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("mailpit message: %v", err)
	}
	return out.Text
}

func TestSMTPSenderToMailpit(t *testing.T) {
	base, addr := testenv.MailpitURL(t), testenv.SMTPAddr(t)
	sfx := testenv.Suffix()
	object := "Электрондық үкімет порталы " + sfx
	n := sampleNotice("[kz-operator-list] "+object+": мерзімі 2026-03-26", "Өтінім "+object+" бойынша бір жұмыс күні қалды.")
	n.ID = "t" + sfx + ".ab_check.reminder"
	m, err := notify.Render(n, "no-reply@example.gov", []string{"ab-" + sfx + "@example.gov", "ab2-" + sfx + "@example.gov"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := (SMTPSender{Addr: addr, Timeout: 5 * time.Second}).Send(ctx, m); err != nil {
		t.Fatalf("send: %v", err)
	}
	var got []mailpitMessage
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got = mailpitSearch(t, base, n.ID); len(got) > 0 {
			break
		}
	}
	if len(got) != 1 {
		t.Fatalf("want exactly one message with notify.Message-ID %s in Mailpit, got %d", n.ID, len(got))
	}
	if got[0].Subject != n.Subject {
		t.Errorf("subject in Mailpit %q, want %q", got[0].Subject, n.Subject)
	}
	if got[0].MessageID != n.ID+"@example.gov" {
		t.Errorf("notify.Message-ID in Mailpit %q", got[0].MessageID)
	}
	var rcpts []string
	for _, a := range append(got[0].To, got[0].Bcc...) {
		rcpts = append(rcpts, a.Address)
	}
	if !strings.Contains(strings.Join(rcpts, ","), "ab-"+sfx+"@example.gov") || !strings.Contains(strings.Join(rcpts, ","), "ab2-"+sfx) {
		t.Errorf("recipients in Mailpit %v", rcpts)
	}
	if text := mailpitText(t, base, got[0].ID); !strings.Contains(text, "Өтінім "+object) || !strings.Contains(text, "Legal basis:  002 ¶5") {
		t.Errorf("body in Mailpit:\n%s", text)
	}
}

func TestSMTPSenderUnreachableIsTransient(t *testing.T) {
	// A port nobody listens on: take a free one and close it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	m, err := notify.Render(sampleNotice("s", "b"), "no-reply@example.gov", []string{"a@x.example"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = SMTPSender{Addr: addr, Timeout: time.Second}.Send(context.Background(), m)
	if err == nil || notify.IsPermanent(err) {
		t.Errorf("unreachable server: err %v; want a transient error", err)
	}
}

func sampleNotice(subject, body string) notify.Notice {
	return notify.Notice{
		ID: "01jh5x3k7m9q2r4t6v8w0y1z3a.ab_check.reminder", Type: notify.Reminder,
		At:            time.Date(2026, 3, 20, 4, 0, 0, 0, time.UTC),
		ApplicationID: "01jh5x3k7m9q2r4t6v8w0y1z3a", Procedure: "kz-operator-list", Step: "ab_check",
		DueDate: "2026-03-26", Basis: "002 ¶5",
		To:      []notify.Recipient{{Role: actor.AuthorizedBody}},
		Subject: subject, Body: body,
	}
}
