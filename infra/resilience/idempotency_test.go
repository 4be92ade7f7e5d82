package resilience

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/shared/document"
)

// keyed is one POST sent with an Idempotency-Key, and what it first answered.
type keyed struct {
	u          *apitest.User
	path, key  string
	body, diff any
	first      apitest.Reply
}

func bodyBytes(t *testing.T, b any) []byte {
	switch x := b.(type) {
	case nil:
		return nil
	case string:
		return []byte(x)
	}
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// send posts once, replays at once (same answer, marked replayed), then sends another
// body with the same key (422, nothing changes).
func (k *keyed) send(t *testing.T, status int) apitest.Reply {
	t.Helper()
	k.first = apitest.Do(t, k.u, "POST", k.path, bodyBytes(t, k.body), "Idempotency-Key", k.key).Want(t, status)
	k.replay(t)
	r := apitest.Do(t, k.u, "POST", k.path, bodyBytes(t, k.diff), "Idempotency-Key", k.key)
	r.Want(t, 422)
	return k.first
}

func (k *keyed) replay(t *testing.T) {
	t.Helper()
	r := apitest.Do(t, k.u, "POST", k.path, bodyBytes(t, k.body), "Idempotency-Key", k.key)
	if r.Status != k.first.Status || !bytes.Equal(r.Body, k.first.Body) || r.Header.Get("Location") != k.first.Header.Get("Location") {
		t.Fatalf("replay of %s differs:\n first %d %s\n again %d %s", k.path, k.first.Status, k.first.Body, r.Status, r.Body)
	}
	if r.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay of %s not marked Idempotent-Replayed", k.path)
	}
}

// Every POST route, replayed with the same key: the first answer again and no second
// change, also after the application moved on; another body with the same key is 422.
func TestIdempotentReplayOfEveryPost(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	sfx := apitest.Suffix()
	key := func(name string) string { return "res-" + sfx + "-" + name }
	var all []*keyed
	post := func(u *apitest.User, path, name string, body, diff any, status int) apitest.Reply {
		t.Helper()
		k := &keyed{u: u, path: path, key: key(name), body: body, diff: diff}
		all = append(all, k)
		return k.send(t, status)
	}

	create := map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Idempotent IS", "type": "information_system"}, "criteria": allCriteria()}
	other := map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "Another IS", "type": "information_system"}, "criteria": allCriteria()}
	var a application
	post(c.clerk, "/v1/applications", "create", create, other, 201).Decode(t, &a)

	for i, kind := range kindsIS {
		pdf := document.SamplePDF()
		s := apitest.SlotFor(t, c.clerk, a.ID, kind, kind+".pdf", "application/pdf", pdf) // (no key) the ordinary path
		_ = s
		var ks apitest.Slot
		body := map[string]any{"kind": kind, "fileName": kind + ".pdf", "contentType": "application/pdf", "size": len(pdf),
			"sha256": sha256hex(pdf)}
		diff := map[string]any{"kind": kind, "fileName": fmt.Sprintf("other-%d.pdf", i), "contentType": "application/pdf", "size": len(pdf),
			"sha256": sha256hex(pdf)}
		post(c.clerk, "/v1/applications/"+a.ID+"/documents", "doc-"+kind, body, diff, 201).Decode(t, &ks)
		if code := apitest.Put(t, ks, pdf); code != 200 {
			t.Fatalf("upload: %d", code)
		}
		if st, _ := apitest.DocStatus(t, c.clerk, a.ID, ks.ID); st != "valid" {
			t.Fatalf("document %s: %s", kind, st)
		}
	}
	var got application
	apitest.Do(t, c.clerk, "GET", "/v1/applications/"+a.ID, nil).Want(t, 200).Decode(t, &got)
	if len(got.Documents) != 2*len(kindsIS) { // one slot without a key, one with, per kind
		t.Fatalf("%d documents, want %d: replays made slots", len(got.Documents), 2*len(kindsIS))
	}
	base := "/v1/applications/" + a.ID
	post(c.clerk, base+"/submit", "submit", nil, "{}", 200)
	post(c.ab, base+"/forward", "forward", nil, "{}", 200)
	post(c.si, base+"/recommendation", "rec", map[string]string{"architecture": "complies", "note": "a"},
		map[string]string{"architecture": "complies", "note": "b"}, 200)
	post(c.ab, base+"/decision", "decision", map[string]any{"decision": "include", "reasons": []string{"a"}},
		map[string]any{"decision": "include", "reasons": []string{"b"}}, 200)
	apitest.Do(t, c.clerk, "GET", base, nil).Want(t, 200).Decode(t, &got)
	if got.Status != "included" {
		t.Fatalf("status %s", got.Status)
	}
	obj := "/v1/objects/" + got.Object.ID
	var excl application
	post(c.clerk, obj+"/cessation", "cessation", map[string]string{"note": "stopped"}, map[string]string{"note": "other"}, 200).Decode(t, &excl)
	post(c.ab, obj+"/exclusion", "exclusion", map[string]string{"note": "out"}, map[string]string{"note": "other"}, 200)

	// withdraw, on a draft of its own; provide, on an environment request.
	var d application
	apitest.Do(t, c.clerk, "POST", "/v1/applications", create).Want(t, 201).Decode(t, &d)
	post(c.clerk, "/v1/applications/"+d.ID+"/withdraw", "withdraw", nil, "{}", 200)
	var e application
	post(c.clerk, "/v1/applications", "create-env", envBody, create, 201).Decode(t, &e)
	post(c.clerk, "/v1/applications/"+e.ID+"/submit", "submit-env", nil, "{}", 200)
	post(c.op, "/v1/applications/"+e.ID+"/provide", "provide", map[string]string{"note": "a"}, map[string]string{"note": "b"}, 200)

	// Long after, every key still answers as it first did, though every state moved on.
	for _, k := range all {
		k.replay(t)
	}
	count := func(appID string) map[string]int {
		n := map[string]int{}
		for _, ty := range trailTypes(t, c.clerk, appID) {
			n[ty]++
		}
		return n
	}
	for app, want := range map[string][]string{a.ID: {"created", "submit", "forward", "recommendation", "decision"},
		d.ID: {"created", "withdraw"}, e.ID: {"created", "submit", "provide"}, excl.ID: {"cessation", "exclusion"}} {
		n := count(app)
		for _, ty := range want {
			if n[ty] != 1 {
				t.Errorf("application %s: %d %q events after the replays: %v", app, n[ty], ty, n)
			}
		}
		if n["document_requested"] != 0 && n["document_requested"] != 2*len(kindsIS) {
			t.Errorf("application %s: %d document_requested events", app, n["document_requested"])
		}
	}
	var q struct{ Items []application }
	apitest.Do(t, c.clerk, "GET", "/v1/applications?limit=200", nil).Want(t, 200).Decode(t, &q)
	if len(q.Items) != 4 { // a, d, e and the exclusion procedure: no replay created another
		t.Errorf("%d applications in the org's queue, want 4", len(q.Items))
	}
	t.Logf("%d keyed POSTs over the 10 POST routes (create, documents, submit, forward, recommendation, decision, withdraw, provide, cessation, exclusion): %d requests; each replayed twice and refused with 422 under another body", len(all), 4*len(all))
}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
