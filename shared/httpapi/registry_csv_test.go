package httpapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/registry"
)

// cutList is the real store whose operator's list fails after its first page, as a
// throttled table would part way through a long list.
type cutList struct{ *dynamo.Store }

func (cutList) OperatorList(ctx context.Context, limit int, cursor string, each func([]registry.ListEntry) error) (string, error) {
	page := []registry.ListEntry{{ObjectID: "01KZFIRSTPAGEROW000000000A", Name: "Первая страница", Type: "information_system",
		Org: "kz-minjust", ListedAt: time.Date(2026, 3, 16, 5, 0, 0, 0, time.UTC)}}
	if err := each(page); err != nil {
		return "", err
	}
	return "", fault.E(fault.Unavailable, "the registry table is throttled")
}

// A list that fails after rows were written is answered as a problem, never as a 200
// with the list cut short: the rows already written are dropped.
func TestOperatorListCSVCutShortIsAProblemNotAShortList(t *testing.T) {
	e := newEnv(t)
	reg := lambdaapp.HTTP((&httpapi.Registry{Store: cutList{e.store}, Docs: e.docs}).Routes())
	r := e.expect(e.call(reg, nobody, "GET", "/v1/public/operator-list?format=csv", nil), 503)
	if strings.Contains(string(r.Body), "01KZFIRSTPAGEROW") || strings.Contains(string(r.Body), "objectId") {
		t.Fatalf("the rows written before the failure were sent: %s", r.Body)
	}
	if cd := r.Headers["Content-Disposition"]; cd != "" {
		t.Fatalf("a problem offered as a CSV attachment: Content-Disposition %q", cd)
	}
	if cc := r.Headers["Cache-Control"]; cc != "no-store" {
		t.Fatalf("a failed list may be cached: Cache-Control %q", cc)
	}
	// The same route with a healthy store answers the CSV.
	r = e.expect(e.call(e.reg, nobody, "GET", "/v1/public/operator-list?format=csv", nil), 200)
	if !strings.HasPrefix(string(r.Body), "\ufeffobjectId,") && !strings.HasPrefix(string(r.Body), "objectId,") {
		t.Fatalf("healthy CSV: %q", r.Body)
	}
}
