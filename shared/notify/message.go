package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"
	"unicode"
)

// Message is one notification e-mail: what any Sender needs, independent of transport.
type Message struct {
	NoticeID  string
	From      string   // bare address (MAIL_FROM)
	To        []string // envelope recipients, bare addresses
	Subject   string   // plain text, may be any script
	Text      string   // plain-text body, may be any script
	Date      time.Time
	MessageID string // "<...>", derived from the notice id
}

// Render builds the e-mail for a notice. It is deterministic: the same notice renders the
// same message (Date and Message-ID included), so a resend after a lost acknowledgement is
// recognisable as the same message by people and by mail software.
// Titles names a procedure and one of its steps for the e-mail's footer; the notifier
// passes the procedure declarations. A nil Titles leaves the ids alone.
type Titles interface {
	Titles(procedure, step string) (procedureTitle, stepTitle string)
}

func Render(n Notice, from string, to []string, titles Titles) (Message, error) {
	if n.ID == "" {
		return Message{}, errors.New("render notice: no id")
	}
	bare, err := parseAddress(from)
	if err != nil {
		return Message{}, fmt.Errorf("render notice %s: MAIL_FROM: %w", n.ID, err)
	}
	if len(to) == 0 {
		return Message{}, fmt.Errorf("render notice %s: no recipients", n.ID)
	}
	_, domain, _ := strings.Cut(bare, "@")
	return Message{
		NoticeID:  n.ID,
		From:      bare,
		To:        to,
		Subject:   oneLine(n.Subject),
		Text:      body(n, titles),
		Date:      n.At.UTC(),
		MessageID: MessageID(n.ID, domain),
	}, nil
}

// MessageID derives the Message-ID of a notice's e-mail: the notice id itself when it is a
// valid dot-atom (the engine's ids are), otherwise a digest of it.
func MessageID(noticeID, domain string) string {
	if !dotAtom(domain) {
		domain = "ictgov.invalid"
	}
	local := noticeID
	if !dotAtom(local) || len(local) > 200 {
		sum := sha256.Sum256([]byte(noticeID))
		local = "n." + hex.EncodeToString(sum[:16])
	}
	return "<" + local + "@" + domain + ">"
}

// DotAtom reports whether s is an RFC 5322 dot-atom-text (safe as a header value).
func DotAtom(s string) bool { return dotAtom(s) }

func dotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		if r > 0x7e || !(r == '.' || isAtext(byte(r))) {
			return false
		}
	}
	return true
}

func isAtext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// oneLine keeps a header value on one logical line: control characters (a CR or LF would
// inject headers) become spaces.
// OneLine folds s to one line: control characters become spaces, runs of space one.
func OneLine(s string) string { return oneLine(s) }

func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// body is the plain-text body: the engine's sentence (which names the application and its
// object), then the facts a reader acts on, each on its own line so they survive any client.
func body(n Notice, titles Titles) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(n.Body))
	b.WriteString("\n\n")
	line := func(label, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%-13s %s\n", label+":", v)
		}
	}
	line("Application", n.ApplicationID)
	if n.Ref != nil {
		line(strings.ToUpper(n.Ref.Kind[:1])+n.Ref.Kind[1:], n.Ref.ID)
	}
	proc, step := n.Procedure, n.Step
	if titles != nil && n.Procedure != "" {
		pt, st := titles.Titles(n.Procedure, n.Step)
		if pt != "" {
			proc += " (" + pt + ")"
		}
		if st != "" && step != "" {
			step += " (" + st + ")"
		}
	}
	line("Procedure", proc)
	line("Step", step)
	if n.DueDate != "" {
		due := n.DueDate
		if z := zoneOf(n.Calendar); z != "" {
			due += " (end of the day, " + z + ")"
		}
		line("Due date", due)
	}
	line("Legal basis", n.Basis)
	line("Notice", n.ID)
	b.WriteString("\nThis message was sent automatically; replies are not read. ")
	b.WriteString("The same notification is in your notifications on the portal.\n")
	return b.String()
}

// zoneOf names the time zone in which a country's due dates end (contract, "Deadlines").
func zoneOf(country string) string {
	switch country {
	case "KZ":
		return "Asia/Almaty"
	case "LV":
		return "Europe/Riga"
	}
	return ""
}

// Bytes returns the message in RFC 5322 wire form with CRLF line ends: UTF-8 plain text in
// quoted-printable, the subject as RFC 2047 encoded-words when it is not ASCII, and no
// recipient list in the headers (To: undisclosed-recipients) so that the organisations and
// role holders told about one notice do not learn each other's addresses.
func (m Message) Bytes() ([]byte, error) {
	if m.From == "" || m.MessageID == "" {
		return nil, errors.New("message: From and Message-ID are required")
	}
	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(fold(name+": "+value) + "\r\n") }
	header("Date", m.Date.UTC().Format(time.RFC1123Z))
	header("From", m.From)
	header("To", "undisclosed-recipients:;")
	header("Subject", mime.BEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Message-ID", m.MessageID)
	if dotAtom(m.NoticeID) {
		header("X-Ictgov-Notice-Id", m.NoticeID)
	}
	// RFC 3834: an automatic message; vacation responders must not answer it.
	header("Auto-Submitted", "auto-generated")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	w := quotedprintable.NewWriter(&b)
	text := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n")
	if _, err := w.Write([]byte(text)); err != nil {
		return nil, fmt.Errorf("encode body: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encode body: %w", err)
	}
	return b.Bytes(), nil
}

// fold breaks a header line at spaces so that lines stay within RFC 5322's recommended 78
// characters where a space allows (encoded-words are separated by spaces).
func fold(line string) string {
	const max = 78
	if len(line) <= max {
		return line
	}
	words := strings.Split(line, " ")
	var out strings.Builder
	cur, rest := words[0], words[1:]
	if strings.HasSuffix(cur, ":") && len(rest) > 0 {
		// Keep the field name with the start of its value.
		cur, rest = cur+" "+rest[0], rest[1:]
	}
	for _, w := range rest {
		if len(cur)+1+len(w) > max {
			out.WriteString(cur + "\r\n")
			cur = " " + w
			continue
		}
		cur += " " + w
	}
	out.WriteString(cur)
	return out.String()
}
