package dynamo

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/notify"
)

// Items packed with d1 are readable only with these exact bytes: a change to the
// dictionary is a new encoding, never an edit (codec.go).
func TestDictionaryD1IsFrozen(t *testing.T) {
	sum := sha256.Sum256(dictD1)
	const want = "73a07201393b72605531228cd3c8aaa1d34c84d61ee5f1c61fadb748777510f6"
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("codec_d1.dict changed (sha256 %s, want %s): items written with d1 would no longer unpack; add a new encoding instead", got, want)
	}
}

func TestPackRoundTrip(t *testing.T) {
	app := `{"id":"01kbench0000000000000000aa","procedure":"kz-operator-list","status":"ab_check","clocks":[{"step":"ab_check","round":1}]}`
	for name, in := range map[string][]byte{
		"empty":       {},
		"application": []byte(app),
		"cyrillic":    []byte(`{"name":"Информационная система «Е-нотариат»","subject":"Қазақстан"}`),
		"binary":      bytes.Repeat([]byte{0, 1, 2, 250, 251, 255}, 1000),
		"large":       []byte(strings.Repeat(app, 2000)),
	} {
		t.Run(name, func(t *testing.T) {
			p, err := pack(in)
			if err != nil {
				t.Fatal(err)
			}
			out, err := unpack(encD1, p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, in) {
				t.Fatalf("round trip changed %d bytes into %d", len(in), len(out))
			}
		})
	}
}

// The dictionary earns its keep: an answer packs to well under what gzip made of it.
func TestPackBeatsGzipOnAnApplication(t *testing.T) {
	app := []byte(`{"clocks":[{"step":"si_review","round":1,"kind":"step","owner":"service_integrator","basis":"002 ¶6","title":"recommend on compliance with the state body's approved architecture","limit":{"kind":"working_days","n":5},"workingDays":5,"calendar":"KZ","startedAt":"2026-11-16T05:00:00Z","fromDate":"2026-11-16","dueDate":"2026-11-23","dueAt":"2026-11-23T19:00:00Z","remindAt":"2026-11-20T04:00:00Z","state":"running","completedAt":null,"count":{"anchor":"entry","limit":{"kind":"working_days","n":5}}}],"createdAt":"2026-11-16T04:00:00Z","createdBy":"u-7","criteria":{"1.1":true,"1.2":true,"1.3":false,"1.4":true,"2.1":true,"2.2":true,"2.3":true,"2.4":true,"2.5":true,"3.1":true,"3.2":true,"3.3":true,"3.4":true},"documents":[{"id":"01kdoc00000000000000000001","kind":"is_description","status":"valid"},{"id":"01kdoc00000000000000000002","kind":"technical_documentation","status":"valid"}],"id":"01kapp00000000000000000001","object":{"id":"01kobj00000000000000000001","name":"Е-нотариат","type":"information_system"},"org":"kz-minjust","procedure":"kz-operator-list","round":1,"status":"si_review","version":3}`)
	p, err := pack(app)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(app)
	w.Close()
	if len(p)*3 > gz.Len()*2 {
		t.Fatalf("packed %d bytes, gzip %d: the dictionary saves less than a third", len(p), gz.Len())
	}
	t.Logf("%d bytes of JSON: gzip %d, d1 %d", len(app), gz.Len(), len(p))
}

func TestUnpackEarlierEncodings(t *testing.T) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(`{"a":1}`))
	w.Close()
	for _, c := range []struct {
		enc  string
		in   []byte
		want string
		err  bool
	}{
		{"gzip", gz.Bytes(), `{"a":1}`, false}, // the first release's idempotency records
		{"", []byte(`{"b":2}`), `{"b":2}`, false},
		{"json", []byte(`{"c":3}`), `{"c":3}`, false},
		{"zstd", []byte{1, 2, 3}, "", true},
		{"gzip", []byte("not gzip"), "", true},
		{encD1, []byte{0xff, 0xff, 0xff}, "", true},
	} {
		out, err := unpack(c.enc, c.in)
		if (err != nil) != c.err || (!c.err && string(out) != c.want) {
			t.Errorf("unpack(%q, %q) = %q, %v", c.enc, c.in, out, err)
		}
	}
}

func FuzzUnpack(f *testing.F) {
	p, _ := pack([]byte(`{"id":"x","type":"status_changed"}`))
	f.Add(p)
	f.Add([]byte{})
	f.Add([]byte{0x78, 0x9c, 0x03, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, enc := range []string{encD1, "gzip"} {
			out, err := unpack(enc, b)
			if err == nil && len(out) > maxUnpacked {
				t.Fatalf("%s: %d bytes past the limit", enc, len(out))
			}
		}
	})
}

// A trail entry's notices survive the item both ways: packed as written now, and as a
// list of maps as the first release wrote them.
func TestEventNoticesBothForms(t *testing.T) {
	at := time.Date(2026, 11, 16, 5, 0, 0, 0, time.UTC)
	ns := []notify.Notice{{ID: "a.v2.step_started", Type: notify.StepStarted, At: at, ApplicationID: "a", Procedure: "kz-operator-list",
		Step: "ab_check", Round: 1, DueDate: "2026-11-23", Calendar: "KZ", Basis: "002 ¶5",
		To: []notify.Recipient{{Role: "authorized_body"}}, Subject: "[kz-operator-list] Е-нотариат: to check", Body: "awaits you"}}
	e := audit.Event{Type: "submit", At: at, Seq: "v000002", Notices: ns}
	m, err := eventItem("APP#a", e)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m["notices"].(*types.AttributeValueMemberB); !ok || str(m, "NoticesEnc") != encD1 {
		t.Fatalf("notices stored as %T, encoding %q", m["notices"], str(m, "NoticesEnc"))
	}
	l, err := attributevalue.MarshalListWithOptions(ns, jsonTags)
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]types.AttributeValue{}
	for k, v := range m {
		old[k] = v
	}
	old["notices"] = &types.AttributeValueMemberL{Value: l}
	delete(old, "NoticesEnc")
	for name, item := range map[string]map[string]types.AttributeValue{"packed": m, "first release": old} {
		got, err := NoticesOf(item)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(ns)
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: %s, want %s", name, a, b)
		}
	}
}

// A state change packs twice (its notices, its answer): make bench's transition figures
// carry the cost, this shows it alone.
func BenchmarkPack(b *testing.B) {
	app := bytes.Repeat([]byte(`{"step":"si_review","round":1,"owner":"service_integrator","basis":"002 ¶6","dueDate":"2026-11-23"}`), 20)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := pack(app); err != nil {
			b.Fatal(err)
		}
	}
}
