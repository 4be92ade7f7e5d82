// Command migrate brings a registry table written by the first release (commit 2a1556e)
// to today's layout and object model (package migration). An operator runs it once per
// table, with credentials that may Scan, Query, GetItem, PutItem, UpdateItem, DeleteItem
// and TransactWriteItems on the table:
//
//	go run ./infra/migrate -table <TableName>            # against AWS
//	AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000 go run ./infra/migrate -table ...
//
// It is safe to run again: every step is idempotent, and a run that stopped resumes where
// it left off. It prints what each step read and changed.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/ictgov/ictgov/infra/migrate/migration"
	"github.com/ictgov/ictgov/shared/dynamo"
)

func main() {
	table := flag.String("table", "", "the registry table (RegistryTable's physical name)")
	page := flag.Int("page-size", 200, "items per Scan page")
	flag.Parse()
	if *table == "" {
		fmt.Fprintln(os.Stderr, "migrate: -table is required (the stack's output TableName)")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := dynamo.NewClient(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		os.Exit(1)
	}
	m, err := migration.Run(ctx, db, *table, migration.Options{PageSize: int32(*page)})
	out, _ := json.MarshalIndent(m.Report, "", "  ")
	fmt.Println(string(out))
	if err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		os.Exit(1)
	}
	for _, s := range migration.Steps {
		fmt.Printf("step %d %s: %s\n", s.N, s.Name, s.Doc)
	}
}
