package criteria_test

import (
	"encoding/json"
	"fmt"

	"github.com/ictgov/ictgov/shared/criteria"
)

// A state body declares its answers; the authorized body scores them (002
// Annex 2, ¶7.1) and, with the service integrator's finding (¶6, ¶7.2),
// gets the refusal grounds that hold.
func Example() {
	answers := criteria.Answers{
		"1.1": true, "1.2": false, "1.3": true, "1.4": false,
		"2.1": false, "2.2": false, "2.3": false, "2.4": false, "2.5": false,
		"3.1": true, "3.2": true, "3.3": false, "3.4": false,
	}
	if err := criteria.Validate(answers); err != nil {
		fmt.Println(err)
		return
	}
	score := criteria.ScoreOf(answers)
	b, _ := json.Marshal(score)
	fmt.Println(string(b))

	arch, _ := criteria.ParseArchitecture("no_architecture")
	fmt.Println(criteria.Grounds(score, arch))

	fmt.Println(criteria.Validate(criteria.Answers{"4.1": true}))
	// Output:
	// {"groups":{"1":2,"2":0,"3":2},"total":4,"passes":false,"ruleVersion":"kz-002-annex2@2020-09-22"}
	// [7.1]
	// criteria: criteria.4.1: unknown_criterion
}
