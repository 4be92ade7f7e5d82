package resilience

import (
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
)

// Regression for a bug this suite's hostile corpus found: a reviewer's queue without a
// filter (GET /v1/applications as authorized_body, service_integrator or operator, no
// ?status= and no ?overdue=) answered 500. shared/dynamo/store.go ListApplications
// queries index "GSI3" (gsiAll: GSI3PK = "APP#ALL", GSI3SK, written by items.go
// appItem), but template.yaml's RegistryTable declared only GSI1, GSI2 and Due, so
// DynamoDB answered ValidationException "The table does not have the specified index:
// GSI3", which classify passes on as an internal error. Fixed by commit 2a29386, which
// declares GSI3 (GSI3PK HASH, GSI3SK RANGE, projection ALL) in template.yaml.
func TestReviewerQueueWithoutFilter(t *testing.T) {
	t.Parallel()
	c := newCast(t)
	for _, u := range []*apitest.User{c.ab, c.si, c.op} {
		r := apitest.Do(t, u, "GET", "/v1/applications", nil)
		if r.Status != 200 {
			t.Errorf("GET /v1/applications as %v: %d %s", u.Roles, r.Status, r.Body)
		}
	}
}
