// Package mail sends notification messages: SMTP to a local sink (Mailpit) and Amazon
// SES v2 in AWS. It is the adapter behind notify.Sender.
package mail

import (
	"context"
	"errors"
	"fmt"
	"github.com/ictgov/ictgov/shared/notify"
	"net"
	"net/smtp"
	"net/textproto"
	"time"
)

// SMTPSender sends through a plain SMTP server: Mailpit locally (ICTGOV_SMTP_ADDR). It uses
// no authentication and no TLS, which is right for a local sink and wrong for anything
// else; in AWS mail leaves through SES.
type SMTPSender struct {
	Addr    string        // host:port
	Timeout time.Duration // the whole conversation; 0 means 10 s
	Hello   string        // EHLO name; "" means "localhost"
}

// Send runs one SMTP transaction: every recipient in the envelope, the message once. A 5xx
// answer is permanent; a 4xx answer, a timeout or a broken connection is worth a retry.
// Nothing is delivered unless every recipient is accepted, so a retry never doubles mail.
func (s SMTPSender) Send(ctx context.Context, m notify.Message) error {
	raw, err := m.Bytes()
	if err != nil {
		return notify.Permanent(err)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("smtp dial %s: %w", s.Addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		// net/smtp has no context; the connection's deadline bounds every exchange.
		if err := conn.SetDeadline(dl); err != nil {
			return fmt.Errorf("smtp set deadline: %w", err)
		}
	}
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return notify.Permanent(fmt.Errorf("smtp address %q: %w", s.Addr, err))
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return smtpErr("greeting", err)
	}
	defer c.Close()
	hello := s.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return smtpErr("EHLO", err)
	}
	if err := c.Mail(m.From); err != nil {
		return smtpErr("MAIL FROM", err)
	}
	for i, to := range m.To {
		if err := c.Rcpt(to); err != nil {
			// The server's text usually repeats the address; logs must not carry it.
			return smtpErr(fmt.Sprintf("RCPT TO (recipient %d of %d)", i+1, len(m.To)), redact(err))
		}
	}
	w, err := c.Data()
	if err != nil {
		return smtpErr("DATA", err)
	}
	if _, err := w.Write(raw); err != nil {
		return smtpErr("DATA write", err)
	}
	if err := w.Close(); err != nil {
		return smtpErr("DATA end", err)
	}
	// The message is accepted once DATA ends with 250; a failed QUIT changes nothing.
	_ = c.Quit()
	return nil
}

func smtpErr(stage string, err error) error {
	err = fmt.Errorf("smtp %s: %w", stage, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return notify.Permanent(err)
	}
	return err
}

// redact keeps an SMTP reply's code and drops its text.
func redact(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		return &textproto.Error{Code: te.Code, Msg: "(reply text withheld)"}
	}
	return err
}
