// Package registry is the registry of informatization objects: the record of each
// object, its life cycle from initiation to termination (003 §3 7), §9, §15, §19) with
// the documents each stage needs, its warranty (003 §16 9), §17), its development
// projects (003 §10), the budget gate (003 §18, 004 ¶18), its place on the operator's list
// (002 ¶10–¶11) and what procedures recorded on it (placement, 003 §13–§14; the agreed
// terms of reference, 003 §10 ¶2). An object's life-cycle stage and an application's
// review status are different things (principle 6), and so are the life-cycle stage and
// the object's membership of the operator's list (`listed`).
package registry

import "time"

// Object is an informatization object in the registry, as its own item holds it.
type Object struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Org      string `json:"org"`
	Supplier string `json:"supplier,omitempty"` // the supplier's organisation (003 §16 9), §17)
	// Stage is the life-cycle stage (Stages); Funding the route of its creation (003 §5),
	// empty for an object registered before it was asked.
	Stage   string `json:"stage"`
	Funding string `json:"funding,omitempty"`
	// Listed: on the operator's list (002 ¶10).
	Listed    bool      `json:"listed"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy string    `json:"createdBy,omitempty"`
	// ApplicationID is the application that registered the object, when one did (an
	// object created with POST /v1/objects has none).
	ApplicationID string       `json:"applicationId,omitempty"`
	StageHistory  []StageEntry `json:"stageHistory"`
	// Warranty is the object's current warranty (003 §16 9)), from entering operation.
	Warranty *Warranty `json:"warranty"`
	// TechnicalDocumentation is the first valid e-copy of the technical documentation on
	// record, uploaded to the object or to an application about it: half of the budget
	// gate (003 §18, 004 ¶18).
	TechnicalDocumentation *DocRef       `json:"technicalDocumentation,omitempty"`
	ListedAt               *time.Time    `json:"listedAt,omitempty"`
	ListedBy               string        `json:"listedBy,omitempty"` // the application that put it on the list
	CessationAt            *time.Time    `json:"cessationAt,omitempty"`
	ExclusionApplicationID string        `json:"exclusionApplicationId,omitempty"`
	ExcludedAt             *time.Time    `json:"excludedAt,omitempty"`
	Placement              *Placement    `json:"placement"`
	TOR                    *TORAgreement `json:"torAgreement,omitempty"`
}

// Detail is an object as GET /v1/objects/{id} returns it: its record with its documents
// and development projects, which are items of their own.
type Detail struct {
	*Object
	Documents    []DocumentSummary `json:"documents"`
	Developments []Development     `json:"developments"`
}

// StageEntry is one stage the object (or a development project) entered: the date it
// began (On; nil when not known, for objects carried over from the first release), when
// and by whom it was recorded, and the documents the move relied on (kind → id).
type StageEntry struct {
	Stage     string            `json:"stage"`
	On        *string           `json:"on"`
	At        time.Time         `json:"at"`
	By        string            `json:"by,omitempty"`
	Basis     string            `json:"basis,omitempty"`
	Documents map[string]string `json:"documents,omitempty"`
}

// Warranty is a warranty period (003 §16 9), §17 ¶1): twelve months from the day the
// object (or a developed version of it, decision G8) was put into operation.
type Warranty struct {
	From  string `json:"from"`
	Until string `json:"until"`
	State string `json:"state"` // running | ended
	// Round numbers the object's warranties (its clock's round): 1 from commissioning, then
	// one more for each re-commissioning after a development.
	Round int `json:"round"`
	// CoveredFrom is where the uninterrupted warranty cover began: the start of an earlier
	// warranty still running when this one started (a claim's failure may fall in it).
	CoveredFrom   string `json:"coveredFrom"`
	DevelopmentID string `json:"developmentId,omitempty"`
}

// Warranty states.
const (
	WarrantyRunning = "running"
	WarrantyEnded   = "ended"
)

// DocRef names a document and when it was judged valid: a document of the object, or of
// the application about it named by ApplicationID.
type DocRef struct {
	DocumentID    string    `json:"documentId"`
	ApplicationID string    `json:"applicationId,omitempty"`
	ValidatedAt   time.Time `json:"validatedAt"`
}

// DocumentSummary is a document as listed on its object: its kind, verdict, the stage
// it was uploaded in (003 §4: kept per stage) and the development it belongs to.
type DocumentSummary struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Status      string `json:"status"`
	Stage       string `json:"stage"`
	Development string `json:"development,omitempty"`
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
