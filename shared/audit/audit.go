// Package audit is the append-only trail every record keeps (applications, objects,
// decisions, plans...): who did what, when, from which state to which, with the data the
// change relied on. An event also carries the notices its change sends: the trail is the
// outbox, so a change and what it tells people are written in one transaction.
package audit

import (
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/notify"
)

// Event is one entry of a trail, as the contract returns it
// ({"at","actor":{"sub","org","role"},"type","from","to","data"}).
type Event struct {
	At    time.Time      `json:"at"`
	Actor actor.Actor    `json:"actor"`
	Type  string         `json:"type"`
	From  string         `json:"from,omitempty"`
	To    string         `json:"to,omitempty"`
	Round int            `json:"round,omitempty"`
	Data  map[string]any `json:"data,omitempty"`
	// Notices are delivered from the trail by the notifier; they are not shown in it.
	Notices []notify.Notice `json:"-"`
	// Seq orders events at the same instant and makes a repeated write of the same event
	// collide with the first (e.g. "v000003" for an application's version 3).
	Seq string `json:"-"`
}
