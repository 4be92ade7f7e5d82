// Command calendars is the Calendars function: working-day arithmetic on the national
// calendars. It needs no storage: the calendars are compiled in.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/logging"
)

func main() {
	logging.Setup()
	lambda.Start(lambdaapp.HTTP(httpapi.Calendars{}.Routes()))
}
