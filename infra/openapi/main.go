// Command openapi writes the OpenAPI document the functions serve, assembled from the
// fragments in shared/httpapi/openapi, so that tools outside Go (make lint's spectral)
// check exactly what is served.
//
//	go run ./infra/openapi -o .build/openapi.yaml          # as deployed: no /dev routes
//	go run ./infra/openapi -local -o .build/openapi.local.yaml
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ictgov/ictgov/shared/httpapi"
)

func main() {
	out := flag.String("o", "", "the file to write (default: standard output)")
	local := flag.Bool("local", false, "the local gateway's form, with the /dev routes")
	flag.Parse()
	doc, err := httpapi.AssembleOpenAPI(*local)
	if err == nil && *out != "" {
		if err = os.MkdirAll(filepath.Dir(*out), 0o755); err == nil {
			err = os.WriteFile(*out, doc, 0o644)
		}
	} else if err == nil {
		_, err = os.Stdout.Write(doc)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapi:", err)
		os.Exit(1)
	}
}
