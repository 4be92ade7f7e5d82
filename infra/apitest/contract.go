package apitest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// The contract check: with CheckContract on, every request Raw sends to the gateway and
// every answer it gets are validated against the OpenAPI document the gateway's functions
// serve (GET /v1/openapi.yaml, the local form with the /dev routes). A request the
// document does not allow must be refused with a 4xx, and every answer must be one the
// document describes, so the document cannot drift from what the system does. The
// validator (libopenapi-validator) is test-only: no function imports this package.
var contract struct {
	on        atomic.Bool
	once      sync.Once
	v         validator.Validator
	err       error
	checked   atomic.Int64
	refused   atomic.Int64
	unchecked atomic.Int64
}

// CheckContract turns the contract check on for the test binary (call it from TestMain).
func CheckContract() { contract.on.Store(true) }

// ContractStats reports how many exchanges were validated, how many of them were
// requests outside the document (each refused with a 4xx, or the test failed), and how
// many were not checked (answers of the gateway's own AWS stand-ins).
func ContractStats() (checked, refused, unchecked int64) {
	return contract.checked.Load(), contract.refused.Load(), contract.unchecked.Load()
}

func contractValidator(t testing.TB) validator.Validator {
	t.Helper()
	contract.once.Do(func() {
		res, err := hc.Get(Base(t) + "/v1/openapi.yaml")
		if err != nil {
			contract.err = err
			return
		}
		defer res.Body.Close()
		spec, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != 200 {
			contract.err = fmt.Errorf("GET /v1/openapi.yaml: %d %v", res.StatusCode, err)
			return
		}
		doc, err := libopenapi.NewDocument(spec)
		if err != nil {
			contract.err = fmt.Errorf("parse the served document: %w", err)
			return
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			contract.err = fmt.Errorf("build the validator: %v", errs)
			return
		}
		if ok, verrs := v.ValidateDocument(); !ok {
			contract.err = fmt.Errorf("the served document is not valid OpenAPI: %v", verrs)
			return
		}
		contract.v = v
	})
	if contract.err != nil {
		t.Fatalf("contract check: %v", contract.err)
	}
	return contract.v
}

// checkContract validates one exchange; body and respBody are the bytes sent and read.
func checkContract(t testing.TB, req *http.Request, body []byte, res *http.Response, respBody []byte) {
	t.Helper()
	if !contract.on.Load() {
		return
	}
	if strings.HasPrefix(req.URL.Path, "/dev/aws") {
		contract.unchecked.Add(1) // AWS's own protocols, not the project's API
		return
	}
	v := contractValidator(t)
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(body))
	reqOK, reqErrs := v.ValidateHttpRequest(r)
	contract.checked.Add(1)
	if !reqOK {
		contract.refused.Add(1)
		if res.StatusCode < 400 || res.StatusCode >= 500 {
			t.Errorf("contract: %s %s is outside the OpenAPI document (%s) but was answered %d",
				req.Method, req.URL.Path, summary(reqErrs), res.StatusCode)
		}
		if res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed {
			return // no operation of the document to hold the answer to
		}
	}
	r = req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(body))
	resp := *res
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if ok, errs := v.ValidateHttpResponse(r, &resp); !ok {
		t.Errorf("contract: the answer %d to %s %s is not one the OpenAPI document describes: %s",
			res.StatusCode, req.Method, req.URL.Path, summary(errs))
	}
}

func summary[E error](errs []E) string {
	var parts []string
	for i, e := range errs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(errs)-5))
			break
		}
		parts = append(parts, e.Error())
	}
	return strings.Join(parts, "; ")
}
