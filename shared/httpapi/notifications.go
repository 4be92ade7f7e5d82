package httpapi

import (
	"net/http"

	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/procedure"
)

// notifications is the caller's inbox: notices addressed to their organisation and to
// each role they hold, newest first. The inbox keys come from the token, never the query.
func (h *Applications) notifications(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	limit, cursor, err := Page(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	var keys []string
	if c.Org != "" && c.Has(procedure.Applicant) {
		keys = append(keys, procedure.Recipient{Org: c.Org}.Key())
	}
	for _, role := range c.Roles {
		if role.Reviewer() {
			keys = append(keys, procedure.Recipient{Role: role}.Key())
		}
	}
	items, next, err := h.Store.ListInbox(r.Context(), keys, limit, cursor)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, List[dynamo.InboxEntry]{Items: items, NextCursor: next})
}
