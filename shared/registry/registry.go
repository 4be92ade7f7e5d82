// Package registry is the registry of informatization objects: the record of each
// object, its place on the operator's list (002 ¶10–¶11) and what procedures recorded on
// it (placement, 003 §13–§14; the agreed terms of reference, 003 §10 ¶2). An object's
// life-cycle stage and an application's review status are different things (principle 6).
package registry

import "time"

// List membership stages of an object (the operator's list, seed 002).
const (
	StageRegistered = "registered" // known to the registry, not on the list
	StageListed     = "listed"     // on the operator's list (002 ¶10)
	StageExcluded   = "excluded"   // removed after cessation of operation (002 ¶11)
)

// Object is an informatization object in the registry.
type Object struct {
	ID                     string        `json:"id"`
	Name                   string        `json:"name"`
	Type                   string        `json:"type"`
	Org                    string        `json:"org"`
	Supplier               string        `json:"supplier,omitempty"`
	Stage                  string        `json:"stage"`
	Listed                 bool          `json:"listed"`
	CreatedAt              time.Time     `json:"createdAt"`
	ApplicationID          string        `json:"applicationId"` // the application that registered it
	ListedAt               *time.Time    `json:"listedAt,omitempty"`
	ListedBy               string        `json:"listedBy,omitempty"` // the application that put it on the list
	CessationAt            *time.Time    `json:"cessationAt,omitempty"`
	ExclusionApplicationID string        `json:"exclusionApplicationId,omitempty"`
	ExcludedAt             *time.Time    `json:"excludedAt,omitempty"`
	Placement              *Placement    `json:"placement"`
	TOR                    *TORAgreement `json:"torAgreement,omitempty"`
}

// Placement is where the operator placed the object (003 §13–§14, §30).
type Placement struct {
	Outcome       string    `json:"outcome"` // placed | placed_elsewhere
	Services      []string  `json:"services"`
	Note          string    `json:"note,omitempty"`
	ApplicationID string    `json:"applicationId"`
	At            time.Time `json:"at"`
}

// TORAgreement records that the authorized body agreed the object's terms of reference
// for a development by a trustee (003 §10 ¶2).
type TORAgreement struct {
	ApplicationID string    `json:"applicationId"`
	At            time.Time `json:"at"`
}

// ListEntry is one object on the public operator's list (contract, "Registry and list").
type ListEntry struct {
	ObjectID      string    `json:"objectId"`
	Name          string    `json:"name"`
	Type          string    `json:"type"`
	Org           string    `json:"org"`
	ListedAt      time.Time `json:"listedAt"`
	ApplicationID string    `json:"applicationId"`
}
