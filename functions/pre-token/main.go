// Command pre-token is the PreTokenGeneration function (template.yaml, created with
// IdentityProvider cognito): Cognito's pre-token-generation trigger (V2_0 events) that
// adds the org claim the HTTP contract needs.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/logging"
)

func main() {
	lambda.Start(handler{log: logging.Setup()}.handle)
}
