package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
)

var (
	varam  = apitest.Who{Sub: "varam-1", Org: "lv-varam", Roles: []string{"coordinator"}}
	vk     = apitest.Who{Sub: "vk-1", Org: "lv-vk", Roles: []string{"coordinator"}}
	lvZM   = apitest.Who{Sub: "zm-1", Org: "lv-zm", Roles: []string{"applicant"}}
	anyone = apitest.Who{Sub: "ngo-1", Org: "lv-delna", Roles: []string{"observer"}}
)

func (e *env) latvia() apitest.Handler {
	return lambdaapp.HTTP((&httpapi.Latvia{Store: e.store, Reports: e.docs, Now: func() time.Time { return e.now }}).Routes())
}

func fieldsOf(t *testing.T, r apitest.Resp) []string {
	t.Helper()
	var p struct{ Errors []struct{ Field string } }
	r.Decode(t, &p)
	var out []string
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	return out
}

// Bad input to the Latvian routes: a problem document naming the field, never a 500,
// nothing written.
func TestLatviaBadInput(t *testing.T) {
	e := newEnv(t)
	h := e.latvia()
	for _, tc := range []struct {
		name   string
		who    apitest.Who
		method string
		target string
		body   any
		status int
		fields []string
	}{
		{"000 §6 a decision naming an organisation not recorded", varam, "POST", "/v1/decisions",
			map[string]any{"title": "Lēmums", "orgs": []string{"lv-zm"}}, 422, []string{"orgs[0]"}},
		{"000 §6 a decision by an applicant", lvZM, "POST", "/v1/decisions", map[string]any{"title": "Lēmums", "orgs": []string{"lv-zm"}}, 403, nil},
		{"000 a date month first", varam, "POST", "/v1/decisions", map[string]any{"title": "Lēmums", "orgs": []string{"lv-zm"},
			"adoptedOn": "11.30.2026"}, 422, []string{"adoptedOn"}},
		{"000 an unknown field", varam, "POST", "/v1/decisions", map[string]any{"title": "x", "orgs": []string{"lv-zm"}, "D": "x"}, 400, []string{"D"}},
		{"000 §6 an organisation id in capitals", varam, "POST", "/v1/orgs/LV-ZM", map[string]any{"name": "Zemkopības ministrija"}, 422, []string{"org"}},
		{"000 §6 an organisation under one not recorded", varam, "POST", "/v1/orgs/lv-lad", map[string]any{"name": "LAD", "parent": "lv-zm"}, 422, []string{"parent"}},
		{"000 §6 a nameless organisation", varam, "POST", "/v1/orgs/lv-zm", map[string]any{"name": " "}, 422, []string{"name"}},
		{"000 §6.2 the investment check without a category", anyone, "GET", "/v1/orgs/lv-zm/investment-check", nil, 400, []string{"category"}},
		{"000 §6.2 an unknown organisation", anyone, "GET", "/v1/orgs/lv-nobody", nil, 404, nil},
		{"000 an id never issued", anyone, "GET", "/v1/decisions/not-an-id", nil, 404, nil},
		{"001 a plan without its period", vk, "POST", "/v1/plans", map[string]any{"title": "Plāns"}, 422, []string{"period"}},
		{"001 a plan's period reversed", vk, "POST", "/v1/plans", map[string]any{"title": "Plāns", "period": map[string]any{"from": "31.12.2021", "to": "01.01.2020"}},
			422, []string{"period.to"}},
		{"001 an unknown plan's public page", apitest.Who{}, "GET", "/v1/public/plans/01jd8w0a1b2c3d4e5f6g7h8j9k", nil, 404, nil},
		{"001 a public page in XML", apitest.Who{}, "GET", "/v1/public/plans/01jd8w0a1b2c3d4e5f6g7h8j9k?format=xml", nil, 400, []string{"format"}},
		{"001 the year as a string", vk, "POST", "/v1/plans/01jd8w0a1b2c3d4e5f6g7h8j9k/reports", `{"year":"2026"}`, 400, []string{"year"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.expect(e.call(h, tc.who, tc.method, tc.target, tc.body), tc.status)
			if tc.fields != nil {
				if got := fieldsOf(t, r); !slices.Equal(got, tc.fields) {
					t.Fatalf("fields %v, want %v: %s", got, tc.fields, r.Body)
				}
			}
		})
	}
}

// 001 S3: a report whose snapshot was stored but not recorded (the function died between
// the two) is completed with the snapshot already stored: never rewritten, one version.
func TestReportCompletesAnInterruptedOne(t *testing.T) {
	e := newEnv(t)
	h := e.latvia()
	var plan struct{ ID string }
	e.expect(e.call(h, vk, "POST", "/v1/plans", map[string]any{"title": "Rīcības plāns", "period": map[string]any{"from": "2026-01-01", "to": "2026-12-31"}}), 201).Decode(t, &plan)
	e.expect(e.call(h, vk, "POST", "/v1/plans/"+plan.ID+"/measures", map[string]any{"title": "Pasākums", "owner": "lv-iub",
		"start": "2026-01-01", "end": "2026-06-30"}), 201)
	key := fmt.Sprintf("reports/plans/%s/2026/īstenošanas-atskaite-2026.json", plan.ID)
	stored := []byte(`{"planId":"` + plan.ID + `","title":"Rīcības plāns","period":{"from":"2026-01-01","to":"2026-12-31"},"year":2026,"dueOn":"2027-02-01",` +
		`"madeAt":"2026-03-16T05:00:00Z","madeBy":"vk-1","asOf":"2026-03-16","summary":{"measures":0,"notStarted":0,"inProgress":0,"done":0,"cancelled":0,"overdue":0},"measures":[]}`)
	if _, err := e.docs.PutOnce(context.Background(), key, stored, "application/json", nil); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Content json.RawMessage
		SHA256  string
	}
	e.expect(e.call(h, vk, "POST", "/v1/plans/"+plan.ID+"/reports", map[string]any{"year": 2026}), 201).Decode(t, &rep)
	if !bytes.Equal(rep.Content, stored) {
		t.Fatalf("the report is not the stored snapshot: %s", rep.Content)
	}
	e.expect(e.call(h, vk, "POST", "/v1/plans/"+plan.ID+"/reports", map[string]any{"year": 2026}), 409)
	var back struct{ Content json.RawMessage }
	e.expect(e.call(h, anyone, "GET", "/v1/plans/"+plan.ID+"/reports/2026", nil), 200).Decode(t, &back)
	if !bytes.Equal(back.Content, stored) {
		t.Fatalf("read back: %s", back.Content)
	}
	name := e.docs.Name()
	vs, err := testenv.S3(t).ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: &name, Prefix: aws.String(key)})
	if err != nil || len(vs.Versions) != 1 {
		t.Fatalf("versions: %v %d", err, len(vs.Versions))
	}
}
