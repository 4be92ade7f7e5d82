package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/template"
	"github.com/ictgov/ictgov/infra/testenv"
)

type lvMeasure struct {
	ID, Title, Owner, Status, Start, End string
	StatusLabel                          struct{ LV, EN string }
	Overdue                              bool
	OverdueDays                          int
	Version                              int
	Risks                                []struct {
		Text    string
		Warning bool
	}
	Opinions []struct{ Text, Org string }
	Progress []struct{ Status, Note string }
}

// Seed 001 end to end through the gateway: the plan and its period, the two worksheet rows
// of 001 S6 (one done on time, one still "Notiek izstrāde" 210 days past its end), the
// responsible institution's status, progress and risks (an early warning to the
// coordinator), an observer's opinion, the overdue measure told once to its owner and the
// coordinator, the annual report for the past year overdue once and then made, frozen in
// S3 and never rewritten (one version), and the plan as open data (JSON, CSV, no
// authentication, cacheable). Not parallel: it sweeps.
func TestActionPlanThroughTheGateway(t *testing.T) {
	sfx := apitest.Suffix()
	vk := apitest.Login(t, "vk-"+sfx, "lv-vk", "coordinator")
	iub := apitest.Login(t, "iub-"+sfx, "lv-iub-"+sfx, "applicant")
	knab := apitest.Login(t, "knab-"+sfx, "lv-knab-"+sfx, "applicant")
	delna := apitest.Login(t, "delna-"+sfx, "lv-delna", "observer")

	today := rigaToday()
	lastYear := today.Year - 1
	var plan struct {
		ID      string
		Reports []struct {
			Year         int
			DueOn, State string
		}
		Measures []lvMeasure
	}
	apitest.Do(t, iub, "POST", "/v1/plans", map[string]any{"title": "x", "period": map[string]any{"from": "2025-01-01", "to": "2026-12-31"}}).Want(t, 403)
	apitest.Do(t, vk, "POST", "/v1/plans", map[string]any{"title": "Latvijas ceturtais nacionālais atvērtās pārvaldības rīcības plāns",
		"period": map[string]any{"from": fmt.Sprintf("01.01.%d", lastYear), "to": fmt.Sprintf("31.12.%d", today.Year)}}).Want(t, 201).Decode(t, &plan)
	if len(plan.Reports) != 2 || plan.Reports[0].DueOn != fmt.Sprintf("%d-02-01", today.Year) {
		t.Fatalf("001 S3 reports: %+v", plan.Reports)
	}

	// 001 S6: the two rows of the worksheet, with the seed's offset: ended 210 days ago.
	end := today.AddDays(-210)
	start := end.AddDays(-31)
	var done, late lvMeasure
	apitest.Do(t, vk, "POST", "/v1/plans/"+plan.ID+"/measures", map[string]any{
		"title": "Digitālā iepirkumu risku izvērtēšanas rīka datu atlasē metožu aprakstu izstrāde", "owner": iub.Org,
		"commitment": "1. apņemšanās: Publisko iepirkumu un līgumu atklātība",
		"start":      start.AddDays(-60).DayMonthYear() + ".", "end": start.DayMonthYear() + "."}).Want(t, 201).Decode(t, &done)
	apitest.Do(t, vk, "POST", "/v1/plans/"+plan.ID+"/measures", map[string]any{
		"title": "Digitālā iepirkumu risku izvērtēšanas rīka publicēšana", "owner": iub.Org, "coOwners": []string{knab.Org},
		"commitment": "1. apņemšanās: Publisko iepirkumu un līgumu atklātība", "start": start.String(), "end": end.String(),
		"definitionOfDone": "Rīks publicēts IUB tīmekļvietnē"}).Want(t, 201).Decode(t, &late)
	r := apitest.Do(t, vk, "POST", "/v1/plans/"+plan.ID+"/measures", map[string]any{"title": "Ārpus perioda", "owner": iub.Org,
		"start": "01.01.2019", "end": "01.02.2019"}).Want(t, 422)
	if got := problemFields(t, r); !slices.Equal(got, []string{"end"}) {
		t.Fatalf("a window outside the period: %v", got)
	}

	// The responsible institution reports; others may not.
	apitest.Do(t, knab, "PATCH", "/v1/measures/"+done.ID, map[string]any{"status": "done"}).Want(t, 403)
	apitest.Do(t, iub, "PATCH", "/v1/measures/"+done.ID, map[string]any{"status": "izdarīts"}).Want(t, 422)
	apitest.Do(t, iub, "PATCH", "/v1/measures/"+done.ID, map[string]any{"status": "done", "progressNote": "Izdarīts"}).Want(t, 200).Decode(t, &done)
	apitest.Do(t, iub, "PATCH", "/v1/measures/"+done.ID, map[string]any{"status": "in_progress"}).Want(t, 409)
	apitest.Do(t, iub, "PATCH", "/v1/measures/"+late.ID, map[string]any{"status": "in_progress", "progressNote": "Notiek izstrāde"},
		"If-Match", `"v9"`).Want(t, 412)
	apitest.Do(t, iub, "PATCH", "/v1/measures/"+late.ID, map[string]any{"status": "in_progress", "progressNote": "Notiek izstrāde"},
		"If-Match", `"v1"`).Want(t, 200).Decode(t, &late)
	if late.StatusLabel.LV != "Notiek izstrāde" || len(late.Progress) != 2 || late.Progress[1].Note != "Notiek izstrāde" {
		t.Fatalf("progress: %+v", late)
	}
	// A risk recorded today with any delay ends after an end 210 days ago: warned at once.
	apitest.Do(t, iub, "POST", "/v1/measures/"+late.ID+"/risks", map[string]any{
		"text": "Īstenošana varētu kavēties saistībā ar IUB tīmekļvietnes migrāciju uz jauno tīmekļvietņu platformu", "expectedDelayDays": 30}).Want(t, 201).Decode(t, &late)
	apitest.Do(t, iub, "POST", "/v1/measures/"+late.ID+"/risks", map[string]any{"text": "x", "expectedDelayDays": -1}).Want(t, 422)
	apitest.Do(t, iub, "POST", "/v1/measures/"+late.ID+"/opinions", map[string]any{"text": "x"}).Want(t, 403)
	apitest.Do(t, delna, "POST", "/v1/measures/"+late.ID+"/opinions", map[string]any{"text": "DELNA: publicēšana kavējas; ieteicams publicēt starprezultātus"}).Want(t, 201).Decode(t, &late)
	if len(late.Risks) != 1 || !late.Risks[0].Warning || len(late.Opinions) != 1 || late.Opinions[0].Org != "lv-delna" {
		t.Fatalf("risk and opinion: %+v", late)
	}
	apitest.Eventually(t, "the early warning", func() bool { return slices.Contains(refInbox(t, vk, "measure", late.ID), "risk_warning") })

	// The sweep: the late measure is overdue once; the past year's report too.
	sweep(t, time.Now())
	sweep(t, time.Now().Add(time.Minute))
	apitest.Do(t, delna, "GET", "/v1/measures/"+late.ID, nil).Want(t, 200).Decode(t, &late)
	if !late.Overdue || late.OverdueDays != 210 {
		t.Fatalf("001 S6: overdue %v by %d days, want 210", late.Overdue, late.OverdueDays)
	}
	apitest.Do(t, delna, "GET", "/v1/measures/"+done.ID, nil).Want(t, 200).Decode(t, &done)
	if done.Overdue || done.OverdueDays != 0 || done.StatusLabel.LV != "Izdarīts" {
		t.Fatalf("the done measure: %+v", done)
	}
	apitest.Eventually(t, "the overdue notices", func() bool {
		return count(refInbox(t, iub, "measure", late.ID), "overdue") == 1 && count(refInbox(t, knab, "measure", late.ID), "overdue") == 0 &&
			slices.Contains(refInbox(t, vk, "measure", late.ID), "overdue") &&
			slices.Equal(refInbox(t, vk, "plan", plan.ID), []string{"overdue"})
	})

	// 001 S3: the report for the past year, frozen; a second is refused; one version in S3.
	var rep struct {
		Year        int
		Key, SHA256 string
		VersionID   string `json:"versionId"`
		Content     struct {
			Measures []lvMeasure
			Summary  struct{ Measures, Done, Overdue int }
		}
	}
	apitest.Do(t, iub, "POST", "/v1/plans/"+plan.ID+"/reports", map[string]any{"year": lastYear}).Want(t, 403)
	apitest.Do(t, vk, "POST", "/v1/plans/"+plan.ID+"/reports", map[string]any{"year": 2019}).Want(t, 422)
	apitest.Do(t, vk, "POST", "/v1/plans/"+plan.ID+"/reports", map[string]any{"year": lastYear}, "Idempotency-Key", "rep-"+sfx).Want(t, 201).Decode(t, &rep)
	if rep.Content.Summary.Measures != 2 || rep.Content.Summary.Done != 1 || rep.Content.Summary.Overdue != 1 || len(rep.SHA256) != 64 ||
		!strings.Contains(rep.Key, "īstenošanas-atskaite") {
		t.Fatalf("the report: %+v", rep)
	}
	replay := apitest.Do(t, vk, "POST", "/v1/plans/"+plan.ID+"/reports", map[string]any{"year": lastYear}, "Idempotency-Key", "rep-"+sfx).Want(t, 201)
	if replay.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("the same key was not replayed")
	}
	apitest.Do(t, vk, "POST", "/v1/plans/"+plan.ID+"/reports", map[string]any{"year": lastYear}).Want(t, 409)
	var back struct{ SHA256, VersionID string }
	apitest.Do(t, delna, "GET", fmt.Sprintf("/v1/plans/%s/reports/%d", plan.ID, lastYear), nil).Want(t, 200).Decode(t, &back)
	if back.SHA256 != rep.SHA256 {
		t.Fatalf("read back %s, made %s", back.SHA256, rep.SHA256)
	}
	apitest.Do(t, delna, "GET", fmt.Sprintf("/v1/plans/%s/reports/%d", plan.ID, today.Year), nil).Want(t, 404)
	tm, err := template.LoadLocal(filepath.Join(testenv.RepoRoot(), "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bucket := tm.Function("Latvia").Environment["BUCKET_NAME"]
	vs, err := testenv.S3(t).ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: &bucket, Prefix: aws.String(rep.Key)})
	if err != nil || len(vs.Versions) != 1 {
		t.Fatalf("versions of the report: %v %+v", err, vs)
	}

	// The plan as open data: no token, JSON and CSV, Latvian letters, cacheable.
	var pub struct {
		Measures []lvMeasure
		Reports  []struct {
			Year  int
			State string
		}
	}
	r = apitest.Do(t, nil, "GET", "/v1/public/plans/"+plan.ID, nil).Want(t, 200)
	r.Decode(t, &pub)
	if len(pub.Measures) != 2 || pub.Measures[1].OverdueDays != 210 || pub.Measures[1].Risks != nil || pub.Reports[0].State != "met" {
		t.Fatalf("public plan: %+v", pub)
	}
	if etag := r.Header.Get("ETag"); etag == "" || apitest.Do(t, nil, "GET", "/v1/public/plans/"+plan.ID, nil, "If-None-Match", etag).Status != 304 {
		t.Fatal("the public plan is not cacheable")
	}
	r = apitest.Do(t, nil, "GET", "/v1/public/plans/"+plan.ID+"?format=csv", nil).Want(t, 200)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 3 || rows[2][2] != "Digitālā iepirkumu risku izvērtēšanas rīka publicēšana" || rows[2][8] != "Notiek izstrāde" || rows[2][10] != "210" {
		t.Fatalf("csv: %v %q", err, r.Body)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=utf-8''") {
		t.Fatalf("Content-Disposition %q does not carry the Latvian name", cd)
	}
	var events struct{ Items []struct{ Type string } }
	apitest.Do(t, delna, "GET", "/v1/measures/"+late.ID+"/events", nil).Want(t, 200).Decode(t, &events)
	var types []string
	for _, e := range events.Items {
		types = append(types, e.Type)
	}
	// The sweep's moment is a whole second, so its entry may sort among those of the same second.
	slices.Sort(types)
	if !slices.Equal(types, []string{"changed", "clock_overdue", "created", "opinion", "risk"}) {
		t.Fatalf("the measure's trail: %v", types)
	}
}
