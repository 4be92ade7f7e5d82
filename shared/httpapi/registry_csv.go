package httpapi

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"time"

	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/registry"
)

// operatorCSV writes the whole list, unpaginated (contract), page by page as the store
// reads it, so the function never holds the list itself. Cells that a spreadsheet would
// run as a formula are prefixed with an apostrophe (CSV injection). The answer is never a
// 200 with a list cut short: the route is Cacheable, which holds the answer until it is
// complete, so a store failure after the first row drops the rows written and answers a
// problem document instead.
func (h *Registry) operatorCSV(w http.ResponseWriter, r *http.Request) {
	held, ok := w.(holder)
	if !ok {
		WriteError(w, r, fault.E(fault.Internal, "the operator list CSV is served only where the answer is held until complete (Cacheable)"))
		return
	}
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
	if err != nil {
		held.discard()
		w.Header().Del("Content-Disposition")
		WriteError(w, r, fmt.Errorf("operator list CSV: %w", err))
	}
}
