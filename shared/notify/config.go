// Package notify turns outbox notices into messages people receive: it knows who gets
// e-mail (the recipients configuration), what the e-mail says (rendering), and how it
// leaves (a Sender: SMTP to Mailpit locally, Amazon SES v2 in AWS), with bounded retries.
// The inbox side of delivery lives in shared/dynamo; functions/notify wires them.
package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"unicode"

	"github.com/ictgov/ictgov/shared/actor"
)

// Recipients maps an inbox key ("org:<id>" or "role:<name>", as Recipient.Key
// makes it) to the e-mail addresses that stand for it. It comes from configuration
// (NOTIFICATION_RECIPIENTS), never from a request: who gets mail is an operator's choice.
type Recipients map[string][]string

// maxAddressLen is RFC 5321's limit on a forward path (254 octets of address).
const maxAddressLen = 254

// ParseRecipients reads the NOTIFICATION_RECIPIENTS JSON object, e.g.
// {"org:kz-minjust":["it@minjust.example"],"role:authorized_body":["ab@example.gov"]}.
// An empty value is an empty configuration (the template's default is "{}"). Every key and
// address is checked, and every problem is reported at once, so one deploy fixes them all.
// Addresses are kept in their bare form (a display name, if given, is dropped) because they
// are used as SMTP envelope recipients.
func ParseRecipients(raw string) (Recipients, error) {
	if strings.TrimSpace(raw) == "" {
		return Recipients{}, nil
	}
	var m map[string][]string
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, fmt.Errorf("NOTIFICATION_RECIPIENTS: want a JSON object of \"org:<id>\"|\"role:<name>\" to lists of addresses: %w", err)
	}
	var errs []error
	out := make(Recipients, len(m))
	for key, addrs := range m {
		if err := checkKey(key); err != nil {
			errs = append(errs, fmt.Errorf("NOTIFICATION_RECIPIENTS: key %q: %w", key, err))
			continue
		}
		clean := make([]string, 0, len(addrs))
		for i, a := range addrs {
			bare, err := parseAddress(a)
			if err != nil {
				errs = append(errs, fmt.Errorf("NOTIFICATION_RECIPIENTS[%q][%d]: %w", key, i, err))
				continue
			}
			if !slices.Contains(clean, bare) {
				clean = append(clean, bare)
			}
		}
		slices.Sort(clean)
		out[key] = clean
	}
	if len(errs) > 0 {
		// Sorted so the message is stable from one cold start to the next.
		slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func checkKey(key string) error {
	kind, name, ok := strings.Cut(key, ":")
	if !ok || name == "" || strings.TrimSpace(name) != name || strings.ContainsFunc(name, unicode.IsControl) {
		return errors.New(`must be "org:<id>" or "role:<name>"`)
	}
	switch kind {
	case "org":
		return nil
	case "role":
		if !actor.Known(name) {
			return fmt.Errorf("unknown role %q", name)
		}
		return nil
	}
	return errors.New(`must start with "org:" or "role:"`)
}

// ParseAddress accepts one plain RFC 5322 address (as MAIL_FROM or a configured recipient)
// and returns its bare addr-spec.
func ParseAddress(a string) (string, error) { return parseAddress(a) }

func parseAddress(a string) (string, error) {
	if strings.ContainsAny(a, "\r\n") {
		return "", errors.New("not an e-mail address: contains a line break")
	}
	p, err := mail.ParseAddress(a)
	if err != nil {
		return "", fmt.Errorf("%q is not an e-mail address: %w", a, err)
	}
	if len(p.Address) > maxAddressLen {
		return "", fmt.Errorf("%q is longer than %d bytes", a, maxAddressLen)
	}
	// net/mail accepts a quoted or otherwise odd local part; an address that needs quoting
	// is nothing an organisation publishes, and it would need care in the SMTP envelope.
	local, domain, _ := strings.Cut(p.Address, "@")
	if local == "" || domain == "" || strings.ContainsAny(p.Address, " \"\\<>") {
		return "", fmt.Errorf("%q is not a plain e-mail address", a)
	}
	// SES accepts only ASCII addresses, and SMTP needs SMTPUTF8 for anything else; an
	// internationalised domain is written in its xn-- (punycode) form.
	if strings.ContainsFunc(p.Address, func(r rune) bool { return r > unicode.MaxASCII }) {
		return "", fmt.Errorf("%q is not ASCII: write an internationalised domain in its xn-- form", a)
	}
	return p.Address, nil
}

// Addresses returns the configured addresses for the notice's recipients: each address once,
// sorted. A recipient without configured addresses is simply not mailed (it still gets its
// inbox entry).
func Addresses(cfg Recipients, to []Recipient) []string {
	var out []string
	for _, r := range to {
		list, ok := cfg[r.Key()]
		if !ok && r.Org != "" {
			// "org:*" is the catch-all for organisations without their own entry: a
			// development stack sends every organisation's mail to one Mailpit inbox.
			list = cfg["org:*"]
		}
		for _, a := range list {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	slices.Sort(out)
	return out
}
