package notify

import (
	"slices"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/actor"
)

func TestParseRecipients(t *testing.T) {
	cfg, err := ParseRecipients(`{"org:kz-minjust":["it@minjust.example","IT Desk <desk@minjust.example>","it@minjust.example"],
		"role:authorized_body":["ab@example.gov"],"org:lv-varam":[]}`)
	if err != nil {
		t.Fatal(err)
	}
	want := Recipients{
		"org:kz-minjust":       {"desk@minjust.example", "it@minjust.example"},
		"role:authorized_body": {"ab@example.gov"},
		"org:lv-varam":         {},
	}
	if len(cfg) != len(want) {
		t.Fatalf("got %v, want %v", cfg, want)
	}
	for k, v := range want {
		if !slices.Equal(cfg[k], v) {
			t.Errorf("%s: got %v, want %v", k, cfg[k], v)
		}
	}
	for _, empty := range []string{"", "  ", "{}"} {
		cfg, err := ParseRecipients(empty)
		if err != nil || len(cfg) != 0 {
			t.Errorf("ParseRecipients(%q) = %v, %v; want empty", empty, cfg, err)
		}
	}
}

func TestParseRecipientsRefuses(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{`[]`, "want a JSON object"},
		{`{"org:x":"a@x.example"}`, "want a JSON object"},
		{`{"x@y":["a@x.example"]}`, `key "x@y"`},
		{`{"org:":["a@x.example"]}`, `must be "org:<id>" or "role:<name>"`},
		{`{"role:king":["a@x.example"]}`, `unknown role "king"`},
		{`{"team:x":["a@x.example"]}`, `must start with "org:" or "role:"`},
		{`{"org:x":["not-an-address"]}`, `NOTIFICATION_RECIPIENTS["org:x"][0]: "not-an-address" is not an e-mail address`},
		{`{"org:x":["a@x.example\r\nBcc: evil@x.example"]}`, "line break"},
		{`{"org:x":["\"a b\"@x.example"]}`, "not a plain e-mail address"},
		{`{"org:x":["ok@x.example","bad"],"role:king":[]}`, "[1]"},
		{`{"org:x":["қазақ@мысал.kz"]}`, "not ASCII"},
	} {
		_, err := ParseRecipients(tc.raw)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseRecipients(%s): err %v, want it to mention %q", tc.raw, err, tc.want)
		}
	}
	// Every problem is reported at once.
	_, err := ParseRecipients(`{"org:x":["bad"],"role:king":[]}`)
	if err == nil || !strings.Contains(err.Error(), "bad") || !strings.Contains(err.Error(), "king") {
		t.Errorf("want both problems reported, got %v", err)
	}
}

func TestAddresses(t *testing.T) {
	cfg := Recipients{
		"org:kz-minjust":       {"it@minjust.example", "shared@example.gov"},
		"role:authorized_body": {"ab@example.gov", "shared@example.gov"},
		"role:operator":        {"op@example.gov"},
	}
	got := Addresses(cfg, []Recipient{{Role: actor.AuthorizedBody}, {Org: "kz-minjust"}, {Org: "unknown-org"}})
	want := []string{"ab@example.gov", "it@minjust.example", "shared@example.gov"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := Addresses(cfg, []Recipient{{Org: "nobody"}}); len(got) != 0 {
		t.Errorf("unconfigured recipient: got %v", got)
	}
}

// FuzzParseRecipients: the parser never panics, and whatever it accepts is usable: known
// key shapes and plain addresses that parse again to themselves.
func FuzzParseRecipients(f *testing.F) {
	for _, s := range []string{`{}`, ``, `{"org:kz-minjust":["a@x.example"],"role:authorized_body":["ab@x.example"]}`,
		`{"org:x":["Name <a@x.example>"]}`, `{"role:king":[]}`, `{"org:x":["a@"]}`, `{"org:x":null}`, `[1]`,
		`{"org:ж":["қазақ@мысал.kz"]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		cfg, err := ParseRecipients(raw)
		if err != nil {
			return
		}
		for k, addrs := range cfg {
			if checkKey(k) != nil {
				t.Fatalf("accepted key %q", k)
			}
			for _, a := range addrs {
				if b, err := parseAddress(a); err != nil || b != a {
					t.Fatalf("accepted address %q does not parse to itself: %q, %v", a, b, err)
				}
				if strings.ContainsAny(a, "\r\n<>") || strings.ContainsFunc(a, func(r rune) bool { return r > 127 }) {
					t.Fatalf("accepted address %q with header syntax", a)
				}
			}
		}
	})
}

func TestAddressesOrgCatchAll(t *testing.T) {
	cfg, err := ParseRecipients(`{"org:*":["all@local.test"],"org:kz-minjust":["it@minjust.test"],"role:operator":["noc@op.test"]}`)
	if err != nil {
		t.Fatal(err)
	}
	got := Addresses(cfg, []Recipient{{Org: "kz-minjust"}, {Org: "kz-other"}, {Role: actor.Operator}})
	want := []string{"all@local.test", "it@minjust.test", "noc@op.test"}
	if !slices.Equal(got, want) {
		t.Fatalf("Addresses = %v, want %v", got, want)
	}
	if got := Addresses(cfg, []Recipient{{Role: actor.Admin}}); len(got) != 0 {
		t.Fatalf("the org catch-all must not reach roles: %v", got)
	}
}
