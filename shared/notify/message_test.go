package notify

import (
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
)

func sampleNotice(subject, body string) Notice {
	return Notice{
		ID: "01jh5x3k7m9q2r4t6v8w0y1z3a.ab_check.reminder", Type: Reminder,
		At:            time.Date(2026, 3, 20, 4, 0, 0, 0, time.UTC),
		ApplicationID: "01jh5x3k7m9q2r4t6v8w0y1z3a", Procedure: "kz-operator-list", Step: "ab_check",
		DueDate: "2026-03-26", Calendar: "KZ", Basis: "002 ¶5",
		To:      []Recipient{{Role: actor.AuthorizedBody}},
		Subject: subject, Body: body,
	}
}

// parse reads a rendered message back the way a mail client does.
func parse(t *testing.T, raw []byte) (*mail.Message, string, string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v\n%s", err, raw)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	text, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("body: %v", err)
	}
	return msg, subject, string(text)
}

func TestRenderNonASCII(t *testing.T) {
	for _, tc := range []struct{ lang, object string }{
		{"kk", "Электрондық үкіметтің ақпараттық жүйесі «Е-лицензиялау» — өңірлік қызметтер"},
		{"lv", "Valsts informācijas sistēma „Ēku reģistrs” — ģeotelpiskā daļa"},
		{"ru", "Информационная система «Е-лицензирование»: региональные сервисы и их интеграция"},
		{"en", strings.Repeat("Long ASCII object name ", 8)},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			n := sampleNotice("[kz-operator-list] "+tc.object+": due 2026-03-26",
				"One working day is left for application 01jh5x3k7m9q2r4t6v8w0y1z3a (kz-operator-list, \""+tc.object+"\").")
			m, err := Render(n, "ICTGov <no-reply@example.gov>", []string{"ab@example.gov", "ab2@example.gov"}, testTitles{})
			if err != nil {
				t.Fatal(err)
			}
			raw, err := m.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(raw), "\r\n") {
				if len(line) > 998 {
					t.Fatalf("line %d longer than 998 octets", i)
				}
				if i < 12 && strings.IndexFunc(line, func(r rune) bool { return r > 127 }) >= 0 {
					t.Fatalf("header line %d is not ASCII: %q", i, line)
				}
			}
			msg, subject, text := parse(t, raw)
			if subject != n.Subject {
				t.Errorf("subject did not survive:\n got %q\nwant %q", subject, n.Subject)
			}
			for _, want := range []string{tc.object, "Application:  01jh5x3k7m9q2r4t6v8w0y1z3a",
				"Procedure:    kz-operator-list (Inclusion in the list", "Step:         ab_check (",
				"Due date:     2026-03-26 (end of the day, Asia/Almaty)", "Legal basis:  002 ¶5",
				"Notice:       " + n.ID} {
				if !strings.Contains(text, want) {
					t.Errorf("body lacks %q:\n%s", want, text)
				}
			}
			h := msg.Header
			if got := h.Get("Message-ID"); got != "<"+n.ID+"@example.gov>" {
				t.Errorf("Message-ID %q", got)
			}
			if d, err := h.Date(); err != nil || !d.Equal(n.At) {
				t.Errorf("Date %q: %v", h.Get("Date"), err)
			}
			if h.Get("From") != "no-reply@example.gov" || h.Get("To") != "undisclosed-recipients:;" ||
				h.Get("Auto-Submitted") != "auto-generated" || h.Get("X-Ictgov-Notice-Id") != n.ID {
				t.Errorf("headers: %v", h)
			}
			if strings.Contains(string(raw), "ab@example.gov") {
				t.Error("recipient addresses leaked into the message")
			}
		})
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	n := sampleNotice("Tēma", "Teksts")
	a, _ := Render(n, "no-reply@example.gov", []string{"a@x.example"}, testTitles{})
	b, _ := Render(n, "no-reply@example.gov", []string{"a@x.example"}, testTitles{})
	ra, _ := a.Bytes()
	rb, _ := b.Bytes()
	if !bytes.Equal(ra, rb) {
		t.Error("the same notice rendered two different messages")
	}
}

func TestRenderGuards(t *testing.T) {
	n := sampleNotice("Injected\r\nBcc: evil@x.example", "body")
	m, err := Render(n, "no-reply@example.gov", []string{"a@x.example"}, testTitles{})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := m.Bytes()
	msg, _, _ := parse(t, raw)
	if msg.Header.Get("Bcc") != "" {
		t.Error("a line break in the subject injected a header")
	}
	if _, err := Render(n, "not an address", []string{"a@x.example"}, testTitles{}); err == nil {
		t.Error("bad MAIL_FROM accepted")
	}
	if _, err := Render(n, "no-reply@example.gov", nil, testTitles{}); err == nil {
		t.Error("no recipients accepted")
	}
	if _, err := Render(Notice{}, "no-reply@example.gov", []string{"a@x.example"}, testTitles{}); err == nil {
		t.Error("notice without id accepted")
	}
}

func TestMessageID(t *testing.T) {
	if got := MessageID("app.v3.status_changed", "example.gov"); got != "<app.v3.status_changed@example.gov>" {
		t.Errorf("got %s", got)
	}
	odd := MessageID("идентификатор с пробелом", "example.gov")
	if odd != MessageID("идентификатор с пробелом", "example.gov") || !strings.HasPrefix(odd, "<n.") {
		t.Errorf("non-atom id: got %s", odd)
	}
	if got := MessageID("a..b", "[127.0.0.1]"); !strings.HasSuffix(got, "@ictgov.invalid>") {
		t.Errorf("got %s", got)
	}
}

// testTitles stands in for the procedure declarations, which notify does not import.
type testTitles struct{}

func (testTitles) Titles(proc, step string) (string, string) {
	if proc != "kz-operator-list" {
		return "", ""
	}
	st := ""
	if step == "ab_check" {
		st = "check the documents and forward them to the service integrator"
	}
	return "Inclusion in the list of e-government ICT infrastructure objects assigned to the operator", st
}
