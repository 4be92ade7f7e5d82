package resilience

import (
	"context"
	"encoding/json"
	"io"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/monitoring"
	"github.com/ictgov/ictgov/shared/s3store"
)

// faultAfterPut is the snapshot store with a fault injected the moment a report's S3 put
// has landed, before the registry is written: the crash between a report's two writes.
type faultAfterPut struct {
	httpapi.ReportArchive
	once  sync.Once
	fault func()
}

func (f *faultAfterPut) PutNew(ctx context.Context, key string, body io.ReadSeeker, size int64, sum []byte, meta map[string]string) (string, error) {
	v, err := f.ReportArchive.PutNew(ctx, key, body, size, sum, meta)
	if err == nil {
		f.once.Do(f.fault)
	}
	return v, err
}

// A monitoring report survives its registry dying between the S3 put and the registry
// write (004 ¶26; the order in shared/monitoring/freeze.go): the request fails cleanly
// (503, a problem document), nothing is visible, the snapshot's key has one version; after
// the restart the request retried with its Idempotency-Key gets the report the first
// attempt froze (its id, its moment, its bytes), a replay of it is byte for byte the same,
// and any other request for the period gets 409. Killed (SIGKILL) and wedged (SIGSTOP,
// where the write may land after the client gave up) alike.
func TestMonitoringReportSurvivesRegistryDeathBetweenItsWrites(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGSTOP} {
		t.Run(map[syscall.Signal]string{syscall.SIGKILL: "SIGKILL", syscall.SIGSTOP: "SIGSTOP"}[sig], func(t *testing.T) {
			srv := startServer(t, "dynamodb")
			db := srv.dynamo()
			tables := dynamo.Tables{Registry: "res-registry", Idempotency: "res-idempotency"}
			for logical, name := range map[string]string{"RegistryTable": tables.Registry, "IdempotencyTable": tables.Idempotency} {
				in, err := testenv.TableInput(logical, name)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.CreateTable(context.Background(), in); err != nil {
					t.Fatalf("create table %s: %v", name, err)
				}
			}
			s3c := testenv.S3(t)
			bucket := s3store.New(s3c, testenv.Bucket(t, s3c))
			store := dynamo.New(db, tables)
			archive := &faultAfterPut{ReportArchive: bucket, fault: func() {
				if sig == syscall.SIGSTOP {
					srv.freeze()
				} else {
					srv.kill(sig)
				}
			}}
			now := time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
			h := lambdaapp.HTTP((&httpapi.Monitoring{Store: store, Reports: archive, Config: monitoring.DefaultConfig(), SpoolDir: t.TempDir(),
				Now: func() time.Time { return now }}).Routes())
			ctx := context.Background()
			clerk := apitest.Who{Sub: "clerk-crash", Org: "kz-res-mon", Roles: []string{"applicant"}}
			si := apitest.Who{Sub: "si-crash", Org: "kz-si", Roles: []string{"service_integrator"}}
			ab := apitest.Who{Sub: "ab-crash", Org: "kz-mdai", Roles: []string{"authorized_body"}}
			var p struct{ ID string }
			r := apitest.Call(ctx, h, clerk, "POST", "/v1/projects", map[string]any{"name": "Crash-tested project"})
			if r.Status != 201 {
				t.Fatalf("project: %d %s", r.Status, r.Body)
			}
			apitest.DecodeInto(t, r.Body, &p)
			r = apitest.Call(ctx, h, si, "POST", "/v1/projects/"+p.ID+"/assessments", map[string]any{"stage": "planning",
				"checks": map[string]bool{"P1": true, "P2": false}, "level": 2, "recommendations": []map[string]string{{"text": "Fix P2", "dueOn": "2027-01-20"}}})
			if r.Status != 201 {
				t.Fatalf("assessment: %d %s", r.Status, r.Body)
			}

			body := map[string]string{"period": "2026-Q4"}
			r = apitest.Call(ctx, h, si, "POST", "/v1/monitoring-reports", body, "Idempotency-Key", "freeze-q4")
			if r.Status != 503 || !r.Problem() {
				t.Fatalf("with the registry down after the put: %d %s", r.Status, r.Body)
			}
			key := "monitoring-reports/2026-Q4.json"
			versions := func() int {
				vs, err := s3c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket.Name()), Prefix: aws.String(key)})
				if err != nil {
					t.Fatal(err)
				}
				return len(vs.Versions)
			}
			meta, _, _, err := bucket.Head(ctx, key)
			if err != nil || versions() != 1 {
				t.Fatalf("the snapshot after the crash: %v, %d versions", err, versions())
			}
			if sig == syscall.SIGSTOP {
				srv.thaw()
			} else {
				srv.start()
			}
			srv.waitHTTP(30 * time.Second)
			if sig == syscall.SIGKILL {
				// Nothing is visible: no record, no claim, the list empty.
				if rep, err := store.ReportOfPeriod(ctx, "2026-Q4"); err != nil || rep != nil {
					t.Fatalf("half-made after the kill: %+v %v", rep, err)
				}
				var list struct{ Items []any }
				lr := apitest.Call(ctx, h, ab, "GET", "/v1/monitoring-reports", nil)
				apitest.DecodeInto(t, lr.Body, &list)
				if lr.Status != 200 || len(list.Items) != 0 {
					t.Fatalf("list after the kill: %d %s", lr.Status, lr.Body)
				}
			}

			r = apitest.Call(ctx, h, si, "POST", "/v1/monitoring-reports", body, "Idempotency-Key", "freeze-q4")
			if r.Status != 201 {
				t.Fatalf("the retry: %d %s", r.Status, r.Body)
			}
			var rep struct {
				ID        string
				CreatedAt time.Time
				Content   json.RawMessage
				Snapshot  struct{ SHA256 string }
			}
			apitest.DecodeInto(t, r.Body, &rep)
			obj, err := bucket.Open(ctx, key, "")
			if err != nil {
				t.Fatal(err)
			}
			stored, _ := io.ReadAll(obj)
			obj.Close()
			if rep.ID != meta["report-id"] || string(rep.Content) != string(stored) || rep.Snapshot.SHA256 != meta["sha256"] {
				t.Fatalf("the retry got report %s, the first attempt froze %s", rep.ID, meta["report-id"])
			}
			again := apitest.Call(ctx, h, si, "POST", "/v1/monitoring-reports", body, "Idempotency-Key", "freeze-q4")
			if again.Status != 201 || string(again.Body) != string(r.Body) {
				t.Fatalf("a replay of the retry: %d", again.Status)
			}
			if other := apitest.Call(ctx, h, si, "POST", "/v1/monitoring-reports", body, "Idempotency-Key", "another"); other.Status != 409 {
				t.Fatalf("another request for the period: %d %s", other.Status, other.Body)
			}
			if n := versions(); n != 1 {
				t.Fatalf("%d versions of the snapshot", n)
			}
			t.Logf("%s between the put and the write: 503, then report %s completed by the retry, one version", sig, rep.ID)
		})
	}
}
