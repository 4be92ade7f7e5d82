// Command portal is the Portal function: it serves the portal's built page and assets,
// embedded at compile time, behind the same HTTP API as the API (README, "The portal").
package main

import (
	"embed"
	"io/fs"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ictgov/ictgov/shared/httpapi"
	"github.com/ictgov/ictgov/shared/lambdaapp"
	"github.com/ictgov/ictgov/shared/logging"
)

// site holds site/README.md, committed so that this compiles on a fresh clone, and
// site/app/, which `make portal` builds from portal/ (the page says so when it is missing).
//
//go:embed all:site
var site embed.FS

func main() {
	log := logging.Setup()
	sub, err := fs.Sub(site, "site")
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	lambda.Start(lambdaapp.HTTP(httpapi.Portal{Site: sub, Config: httpapi.PortalConfigFromEnv()}.Routes()))
}
