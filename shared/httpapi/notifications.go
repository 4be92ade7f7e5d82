package httpapi

import (
	"context"
	"net/http"
	"regexp"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
)

// notifications is the caller's inbox: notices addressed to their organisation and to
// each role they hold, newest first.
func (h *Applications) notifications(w http.ResponseWriter, r *http.Request) {
	c, limit, cursor, ok := pagedCaller(w, r)
	if !ok {
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

// noticeIDPattern is the shape of the ids the procedures give notices: the application's
// id, then what the notice is about (procedure/notice.go).
var noticeIDPattern = regexp.MustCompile(`^[0-7][0-9a-hjkmnp-tv-z]{25}\.[A-Za-z0-9_.:-]{1,200}$`)

// markRead marks one notice of the caller's inboxes read and answers with the entry. A
// notice the caller's inboxes do not hold is 404, whoever else it was sent to.
func (h *Applications) markRead(w http.ResponseWriter, r *http.Request) {
	var none struct{}
	c, body, ok := request(w, r, &none, true)
	if !ok {
		return
	}
	noticeID := r.PathValue("noticeId")
	if !noticeIDPattern.MatchString(noticeID) {
		WriteError(w, r, fault.E(fault.NotFound, "no such notification"))
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		var (
			resp Response
			b    []byte
		)
		// The answer goes into the idempotency record before the write, as for every POST,
		// so a replay answers byte for byte.
		_, err := h.Store.MarkRead(ctx, InboxKeys(c), noticeID, c.Sub, now, idem, func(e *dynamo.InboxEntry) error {
			resp = Response{Status: http.StatusOK, Body: e}
			var err error
			b, err = Fill(idem, resp)
			return err
		})
		if err != nil {
			return Response{}, nil, err
		}
		return resp, b, nil
	})
}

// me answers who the caller is, as the token says: what the portal needs to show the
// right queues and inboxes.
func (h *Applications) me(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	roles := c.Roles
	if roles == nil {
		roles = []actor.Role{}
	}
	WriteJSON(w, http.StatusOK, Me{Sub: c.Sub, Org: c.Org, Roles: roles, Inboxes: append([]string{}, InboxKeys(c)...)})
}

// Me is the answer of GET /v1/me.
type Me struct {
	Sub   string       `json:"sub"`
	Org   string       `json:"org,omitempty"`
	Roles []actor.Role `json:"roles"`
	// Inboxes are the inbox keys GET /v1/notifications reads for the caller.
	Inboxes []string `json:"inboxes"`
}
