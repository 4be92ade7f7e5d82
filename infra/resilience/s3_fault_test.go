package resilience

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/ictgov/ictgov/infra/apitest"
	"github.com/ictgov/ictgov/infra/testenv"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/s3store"
	"github.com/ictgov/ictgov/shared/validator"
)

type upload struct {
	docID   string
	content []byte
	slotErr int // status of the slot request when not 201
	put     int // S3's answer to the PUT; 0 when the connection failed
}

// The S3 server killed or stopped during uploads: a PUT that meets the dead server fails
// cleanly (no answer, nothing stored), the document stays pending_upload, and no document
// is ever recorded valid whose bytes are not stored. After the restart the same slots
// work, and every upload S3 acknowledged is judged valid.
func runS3Fault(t *testing.T, n, workers int, faults []syscall.Signal) {
	srv := startServer(t, "s3")
	s3c := srv.s3()
	bucket := "res-docs-" + apitest.Suffix()
	ctx := context.Background()
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &bucket}); err != nil {
		t.Fatalf("create bucket: %v", err)
	}
	if _, err := s3c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: &bucket,
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatalf("versioning: %v", err)
	}
	db := testenv.DynamoDB(t)
	store := dynamo.New(db, testenv.Tables(t, db))
	docs := s3store.New(s3c, bucket)
	apps := lambdaapp.HTTP((&httpapi.Applications{Store: store, Docs: docs}).Routes())
	v := &validator.Validator{Store: store, Docs: docs, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	clerk := apitest.Who{Sub: "clerk-s3", Org: "kz-res-s3-" + apitest.Suffix(), Roles: []string{"applicant"}}

	res := apitest.Call(ctx, apps, clerk, "POST", "/v1/applications", map[string]any{"procedure": "kz-operator-list",
		"object": map[string]string{"name": "S3 fault", "type": "information_system"}})
	if res.Status != 201 {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var a envApp
	apitest.DecodeInto(t, res.Body, &a)
	deliver := func(docID string) error {
		return v.Handle(ctx, events.S3Event{Records: []events.S3EventRecord{{EventName: "ObjectCreated:Put",
			S3: events.S3Entity{Bucket: events.S3Bucket{Name: bucket}, Object: events.S3Object{Key: "documents/" + a.ID + "/" + docID}}}}})
	}
	putClient := &http.Client{Timeout: 5 * time.Second}
	slots := map[string]apitest.Slot{}
	var mu sync.Mutex
	var answered atomic.Int64
	ups := make([]*upload, n)
	var bad []string
	one := func(i int) {
		// Each file differs, so each slot is bound to its own SHA-256.
		content := append(document.SamplePDF(), []byte(fmt.Sprintf("%% upload %d\n", i))...)
		sum := sha256.Sum256(content)
		u := &upload{content: content}
		ups[i] = u
		defer answered.Add(1)
		r := apitest.Call(ctx, apps, clerk, "POST", "/v1/applications/"+a.ID+"/documents", map[string]any{"kind": kindsIS[i%len(kindsIS)],
			"fileName": fmt.Sprintf("doc-%d.pdf", i), "contentType": "application/pdf", "size": len(content), "sha256": hex.EncodeToString(sum[:])})
		if r.Status != 201 {
			u.slotErr = r.Status
			if r.Status != 503 || !r.Problem() {
				mu.Lock()
				bad = append(bad, fmt.Sprintf("slot %d: %d %s", i, r.Status, r.Body))
				mu.Unlock()
			}
			return
		}
		var s apitest.Slot
		apitest.DecodeInto(t, r.Body, &s)
		u.docID = s.ID
		mu.Lock()
		slots[s.ID] = s
		mu.Unlock()
		u.put = putOnce(putClient, s, content)
		_ = deliver(s.ID) // an error asks S3 to deliver again: expected while the server is down
	}
	t0 := time.Now()
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			one(i)
		}()
	}
	health503 := 0
	for k, sig := range faults {
		at := int64(n * (k + 1) / (len(faults) + 1))
		for answered.Load() < at {
			time.Sleep(5 * time.Millisecond)
		}
		srv.kill(sig)
		time.Sleep(400 * time.Millisecond)
		h := apitest.Call(ctx, apps, clerk, "GET", "/v1/health", nil)
		if h.Status != 503 || !bytes.Contains(h.Body, []byte(`"s3":"down"`)) {
			t.Errorf("health while S3 is down: %d %s", h.Status, h.Body)
		} else {
			health503++
		}
		time.Sleep(400 * time.Millisecond)
		srv.start()
	}
	wg.Wait()
	for _, b := range bad {
		t.Error(b)
	}

	// What the judge decided, before any retry: valid only where the bytes are stored.
	failedPuts := 0
	for i, u := range ups {
		if u.docID == "" {
			continue
		}
		if u.put != 200 {
			failedPuts++
		}
		checkStored(t, store, s3c, bucket, a.ID, u, fmt.Sprintf("upload %d before retries", i))
	}
	// Redeliver every event (S3 retries; duplicates are harmless) and retry each failed
	// PUT with its own slot: the slots work again, and nothing acknowledged is lost.
	for _, u := range ups {
		if u.docID == "" {
			continue
		}
		if err := deliver(u.docID); err != nil && u.put == 200 {
			t.Errorf("redelivery for stored %s: %v", u.docID, err)
		}
		if u.put != 200 {
			u.put = putOnce(putClient, slots[u.docID], u.content)
			if u.put != 200 {
				t.Errorf("retry of the PUT of %s after the restart: %d", u.docID, u.put)
			}
			if err := deliver(u.docID); err != nil {
				t.Errorf("delivery after retry for %s: %v", u.docID, err)
			}
		}
	}
	for i, u := range ups {
		if u.docID == "" {
			continue
		}
		d := checkStored(t, store, s3c, bucket, a.ID, u, fmt.Sprintf("upload %d after retries", i))
		if d != "valid" {
			t.Errorf("upload %d (%s): %s after the restart and a stored PUT, want valid", i, u.docID, d)
		}
	}
	t.Logf("%d uploads, %d PUTs met the dead server, %d faults, health 503 %d times, %v", n, failedPuts, srv.faults, health503, time.Since(t0).Round(time.Millisecond))
	if failedPuts == 0 {
		t.Errorf("no PUT met the fault: the injection missed the load")
	}
}

func putOnce(c *http.Client, s apitest.Slot, content []byte) int {
	req, err := http.NewRequest(s.Upload.Method, s.Upload.URL, bytes.NewReader(content))
	if err != nil {
		return -1
	}
	for k, v := range s.Upload.Headers {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// checkStored holds a document's verdict to the bytes in the bucket: valid means the
// judged version is stored and is exactly the declared file.
func checkStored(t *testing.T, store *dynamo.Store, c *s3.Client, bucket, appID string, u *upload, what string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := store.GetDocument(ctx, document.Owner{Kind: document.OfApplication, ID: appID}, u.docID)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	switch d.Status {
	case "valid":
		out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: aws.String(d.Key), VersionId: aws.String(d.VersionID)})
		if err != nil {
			t.Errorf("%s: recorded valid but version %q is not stored: %v", what, d.VersionID, err)
			return d.Status
		}
		b, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if !bytes.Equal(b, u.content) {
			t.Errorf("%s: recorded valid but the stored bytes differ (%d bytes)", what, len(b))
		}
	case "pending_upload":
		// Fine: the upload or its event met the dead server; the caller judges the rest.
	default:
		t.Errorf("%s: status %s (%v)", what, d.Status, d.Reasons)
	}
	return d.Status
}

func TestS3KilledDuringUploads(t *testing.T) {
	runS3Fault(t, 24, 6, []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM})
}

func TestSoakS3KilledDuringUploads(t *testing.T) {
	if !soak() {
		t.Skip("soak: runs only with ICTGOV_SOAK=1 (make soak)") // the suite's one allowed skip
	}
	runS3Fault(t, 160, 8, []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM, syscall.SIGKILL, syscall.SIGKILL, syscall.SIGTERM, syscall.SIGKILL})
}
