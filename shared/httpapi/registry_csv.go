package httpapi

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"time"

	"github.com/ictgov/ictgov/shared/registry"
)

// operatorCSV writes the whole list, unpaginated (contract), page by page as the store
// reads it, so the function never holds the list itself. Cells that a spreadsheet would
// run as a formula are prefixed with an apostrophe (CSV injection). A store failure
// before the first row is a problem document; a failure after it panics, so the answer
// can never be a 200 with a list cut short: under Cacheable (which holds the answer until
// it is complete) the recovery turns it into a logged 500.
func (h *Registry) operatorCSV(w http.ResponseWriter, r *http.Request) {
	var cw *csv.Writer
	_, err := h.Store.OperatorList(r.Context(), 0, "", func(page []registry.ListEntry) error {
		if cw == nil {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			w.Header().Set("Content-Disposition", `attachment; filename="operator-list.csv"`)
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
			cw = csv.NewWriter(w)
			if err := cw.Write([]string{"objectId", "name", "type", "org", "listedAt", "applicationId"}); err != nil {
				return err
			}
		}
		for _, e := range page {
			if err := cw.Write([]string{e.ObjectID, safeCell(e.Name), e.Type, safeCell(e.Org), e.ListedAt.UTC().Format(time.RFC3339), e.ApplicationID}); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
	switch {
	case err != nil && cw == nil:
		WriteError(w, r, err)
	case err != nil:
		panic(fmt.Errorf("operator list CSV cut short: %w", err))
	}
}
