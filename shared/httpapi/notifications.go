package httpapi

import (
	"net/http"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/notify"
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
	items, next, err := h.Store.ListInbox(r.Context(), InboxKeys(c), limit, cursor)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, List[dynamo.InboxEntry]{Items: items, NextCursor: next})
}

// InboxKeys are the inboxes a caller reads: their organisation's (whatever role they act
// in for it) and, for each role not scoped by organisation, the role's.
func InboxKeys(c actor.Caller) []string {
	var keys []string
	if c.Org != "" && len(c.Roles) > 0 {
		keys = append(keys, notify.Recipient{Org: c.Org}.Key())
	}
	for _, role := range c.Roles {
		if role.Unscoped() || role == actor.Observer {
			keys = append(keys, notify.Recipient{Role: role}.Key())
		}
	}
	return keys
}
