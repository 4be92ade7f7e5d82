package e2e

import (
	"fmt"
	"os"
	"testing"

	"github.com/ictgov/ictgov/infra/apitest"
)

// TestMain validates every request and answer of the suite against the OpenAPI document
// the functions serve (infra/apitest, CheckContract) and says how many were checked.
func TestMain(m *testing.M) {
	apitest.CheckContract()
	code := m.Run()
	checked, refused, unchecked := apitest.ContractStats()
	fmt.Printf("contract: %d requests and answers validated against the OpenAPI document (%d requests outside it, each refused with a 4xx); %d to the AWS stand-ins not checked\n",
		checked, refused, unchecked)
	if code == 0 && checked == 0 {
		fmt.Println("contract: nothing was validated")
		code = 1
	}
	os.Exit(code)
}
