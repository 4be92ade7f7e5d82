package dynamo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/monitoring"
	"github.com/ictgov/ictgov/shared/s3store"
)

type reportFixture struct {
	*monFixture
	s3     *s3.Client
	bucket *s3store.Bucket
}

func newReportFixture(t *testing.T) *reportFixture {
	c := testenv.S3(t)
	return &reportFixture{monFixture: newMonFixture(t), s3: c, bucket: s3store.New(c, testenv.Bucket(t, c))}
}

func (f *reportFixture) freeze(period string, at time.Time, request string, save func(context.Context, *monitoring.ReportChange) error) (*monitoring.Report, error) {
	f.t.Helper()
	p, err := monitoring.ParsePeriod(period)
	if err != nil {
		f.t.Fatal(err)
	}
	if save == nil {
		save = func(ctx context.Context, rc *monitoring.ReportChange) error {
			return f.st.SaveReport(ctx, rc, dynamo.ApplyOptions{})
		}
	}
	r, _, err := monitoring.Freeze(f.ctx, f.st, f.bucket, save, monitoring.FreezeRequest{Period: p, Caller: monSI, Now: at,
		NewID: id.New(at), Request: request, SpoolDir: f.t.TempDir()})
	return r, err
}

func (f *reportFixture) object(period string) ([]byte, int) {
	f.t.Helper()
	key := "monitoring-reports/" + period + ".json"
	rc, err := f.bucket.Open(f.ctx, key, "")
	if err != nil {
		f.t.Fatal(err)
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	vs, err := f.s3.ListObjectVersions(f.ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(f.bucket.Name()), Prefix: &key})
	if err != nil {
		f.t.Fatal(err)
	}
	return b, len(vs.Versions)
}

// 004 ¶26: the report is a snapshot of the period frozen in S3 under a key never
// rewritten (one version), with the record's SHA-256; one report per period (409, the
// object untouched); later assessments leave it as it was; the authorized body is told.
func TestFreezeReport(t *testing.T) {
	f := newReportFixture(t)
	p1, p2 := f.project(), f.project()
	f.assess(p1.ID, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": false}, Level: 2,
		Recommendations: []monitoring.RecommendationInput{{Text: "Смета қайта", DueOn: "2027-01-20"}}}, monNow)
	f.assess(p2.ID, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": true}, Level: 3}, monNow.Add(time.Hour))
	// An assessment of the previous quarter is not in Q4's report.
	f.assess(p2.ID, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": true}, Level: 3},
		time.Date(2026, 9, 30, 18, 59, 0, 0, time.UTC)) // 23:59 on 30 September in Almaty
	if _, err := f.st.UpdateProject(f.ctx, p1.ID, func(p *monitoring.Project) (*monitoring.Change, error) {
		return monitoring.RecordRisk(p, monitoring.RiskInput{Factor: "R1", Evidence: "Сроки сорваны"}, monitoring.DefaultConfig(), monAB, monNow, id.New(monNow))
	}, dynamo.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.UpdateProject(f.ctx, p2.ID, func(p *monitoring.Project) (*monitoring.Change, error) {
		return monitoring.RecordFinding(p, monitoring.FindingInput{Kind: "reusable_elements", Text: "ЭЦП модулі"}, monSI, monNow, id.New(monNow))
	}, dynamo.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}

	at := monNow.Add(2 * time.Hour)
	if _, err := f.freeze("2027-Q1", at, "", nil); !fault.Is(err, fault.Unprocessable) {
		t.Fatalf("a period not begun: %v", err)
	}
	r, err := f.freeze("2026-Q4", at, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Totals.Assessments != 2 || r.Totals.Levels["2"] != 1 || r.Totals.Levels["3"] != 1 || r.Totals.Recommendations["open"] != 1 ||
		r.Totals.Risks["R1"] != 1 || r.Totals.Findings != 1 || r.Status != "submitted" || r.Snapshot.VersionID == "" {
		t.Fatalf("report %+v", r)
	}
	body, versions := f.object("2026-Q4")
	sum := sha256.Sum256(body)
	if versions != 1 || hex.EncodeToString(sum[:]) != r.Snapshot.SHA256 || int64(len(body)) != r.Snapshot.Size {
		t.Fatalf("%d versions, sha %x, record %+v", versions, sum, r.Snapshot)
	}
	var seen []string
	if _, err := monitoring.ReadSnapshot(bytes.NewReader(body), monitoring.SnapshotVisitor{
		Header:         func(h monitoring.SnapshotHeader) error { seen = append(seen, "header "+h.ID+" "+h.Period); return nil },
		Assessment:     func(a monitoring.Assessment) error { seen = append(seen, "assessment "+a.On); return nil },
		Recommendation: func(x monitoring.RecommendationRow) error { seen = append(seen, "recommendation "+x.Text); return nil },
		Risk:           func(x monitoring.Risk) error { seen = append(seen, "risk "+x.Evidence); return nil },
		Finding:        func(x monitoring.Finding) error { seen = append(seen, "finding "+x.Text); return nil },
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{"header " + r.ID + " 2026-Q4", "assessment 2026-12-07", "assessment 2026-12-07", "recommendation Смета қайта",
		"risk Сроки сорваны", "finding ЭЦП модулі"}
	if len(seen) != len(want) {
		t.Fatalf("snapshot %v", seen)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("snapshot %v, want %v", seen, want)
		}
	}
	if tr := types_(f.trail("RPT#" + r.ID)); len(tr) != 1 || tr[0] != "report_submitted" {
		t.Fatalf("trail %v", tr)
	}

	// One report per period: the second is 409 and changes nothing.
	if _, err := f.freeze("2026-Q4", at.Add(time.Minute), "", nil); !fault.Is(err, fault.Conflict) {
		t.Fatalf("second report: %v", err)
	}
	// A later assessment in the same period leaves the report as it was.
	f.assess(p1.ID, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": true}, Level: 3}, at.Add(time.Hour))
	after, versions := f.object("2026-Q4")
	if versions != 1 || !bytes.Equal(after, body) {
		t.Fatalf("the snapshot changed: %d versions", versions)
	}
	got, _ := f.st.GetReport(f.ctx, r.ID)
	if got.Snapshot != r.Snapshot || got.Totals.Assessments != 2 {
		t.Fatalf("record %+v", got)
	}
	// The year is another period, with its own report, holding all three assessments of
	// the year made by then and the one of September.
	y, err := f.freeze("2026", at.Add(2*time.Hour), "", nil)
	if err != nil || y.Totals.Assessments != 4 {
		t.Fatalf("the year: %+v %v", y, err)
	}
	// Coordination (004 ¶27): once, by the authorized body.
	coord := func(c actor.Caller) error {
		_, err := f.st.UpdateReport(f.ctx, r.ID, func(x *monitoring.Report) (*monitoring.Report, audit.Event, error) {
			return monitoring.Coordinate(x, monitoring.NoteInput{Note: "Келісілді"}, c, at.Add(24*time.Hour))
		}, dynamo.ApplyOptions{})
		return err
	}
	if err := coord(monSI); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("by the integrator: %v", err)
	}
	if err := coord(monAB); err != nil {
		t.Fatal(err)
	}
	if err := coord(monAB); !fault.Is(err, fault.Conflict) {
		t.Fatalf("twice: %v", err)
	}
	list, _, err := f.st.ListReports(f.ctx, 10, "")
	if err != nil || len(list) != 2 || list[0].Period != "2026-Q4" || list[0].Status != "coordinated" || list[1].Period != "2026" {
		t.Fatalf("list %+v %v", list, err)
	}
}

// Two requests race for one period: S3's conditional put lets one snapshot stand, one
// request gets 201 and the others 409, and the key has one version.
func TestConcurrentReportsOneWins(t *testing.T) {
	f := newReportFixture(t)
	p := f.project()
	f.assess(p.ID, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": true}, Level: 3}, monNow)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	reps := make([]*monitoring.Report, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			reps[i], errs[i] = f.freeze("2026", monNow.Add(time.Hour), "", nil)
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !fault.Is(err, fault.Conflict):
			t.Errorf("request %d: %v", i, err)
		}
	}
	if _, versions := f.object("2026"); won != 1 || versions != 1 {
		t.Fatalf("%d won, %d versions", won, versions)
	}
}

// A crash between the S3 put and the registry write (004 ¶26; the order in
// monitoring/freeze.go): nothing is visible; the same request retried (same
// Idempotency-Key) completes the first attempt's report and gets it; anyone else's
// request completes it too but gets 409; the key keeps one version throughout.
func TestReportSurvivesACrashBetweenPutAndWrite(t *testing.T) {
	for _, who := range []string{"the same request", "another request first"} {
		t.Run(who, func(t *testing.T) {
			f := newReportFixture(t)
			p := f.project()
			f.assess(p.ID, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": true}, Level: 3}, monNow)
			crash := errors.New("the function died")
			_, err := f.freeze("2026-Q4", monNow.Add(time.Hour), "req-1", func(context.Context, *monitoring.ReportChange) error { return crash })
			if !errors.Is(err, crash) {
				t.Fatalf("first attempt: %v", err)
			}
			first, versions := f.object("2026-Q4")
			if r, _ := f.st.ReportOfPeriod(f.ctx, "2026-Q4"); r != nil || versions != 1 {
				t.Fatalf("half-made: record %+v, %d versions", r, versions)
			}
			// Meanwhile another assessment: the retry must not take it into the report.
			f.assess(p.ID, monitoring.AssessmentInput{Stage: "planning", Checks: map[string]bool{"P1": true, "P2": true}, Level: 3}, monNow.Add(2*time.Hour))
			if who == "another request first" {
				if _, err := f.freeze("2026-Q4", monNow.Add(3*time.Hour), "req-2", nil); !fault.Is(err, fault.Conflict) {
					t.Fatalf("another request: %v", err)
				}
			}
			r, err := f.freeze("2026-Q4", monNow.Add(4*time.Hour), "req-1", nil)
			if err != nil {
				t.Fatalf("the retry: %v", err)
			}
			body, versions := f.object("2026-Q4")
			sum := sha256.Sum256(body)
			if versions != 1 || !bytes.Equal(body, first) || r.Totals.Assessments != 1 || !r.CreatedAt.Equal(monNow.Add(time.Hour)) ||
				r.Snapshot.SHA256 != hex.EncodeToString(sum[:]) {
				t.Fatalf("completed %+v, %d versions", r, versions)
			}
			if tr := types_(f.trail("RPT#" + r.ID)); len(tr) != 1 {
				t.Fatalf("trail %v", tr)
			}
			if _, err := f.freeze("2026-Q4", monNow.Add(5*time.Hour), "req-3", nil); !fault.Is(err, fault.Conflict) {
				t.Fatalf("after completion: %v", err)
			}
		})
	}
}
