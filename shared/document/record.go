package document

import "time"

// Record is a technical document of an application or of an object (003 §4: an object's
// information and e-copies are kept per life-cycle stage), and the verdict on its bytes.
type Record struct {
	ID            string `json:"id"`
	ApplicationID string `json:"applicationId,omitempty"`
	ObjectID      string `json:"objectId,omitempty"`
	// Stage is the object's life-cycle stage the document was uploaded in (object documents).
	Stage string `json:"stage,omitempty"`
	// Development is the object's development project the document belongs to (003 §10).
	Development string     `json:"development,omitempty"`
	Org         string     `json:"-"`
	Kind        string     `json:"kind"`
	FileName    string     `json:"fileName"`
	ContentType string     `json:"contentType"`
	Size        int64      `json:"size"`
	SHA256      string     `json:"sha256"`
	Status      string     `json:"status"` // pending_upload | valid | rejected
	Reasons     []string   `json:"reasons"`
	VersionID   string     `json:"versionId"`
	Key         string     `json:"-"`
	CreatedAt   time.Time  `json:"createdAt"`
	ValidatedAt *time.Time `json:"validatedAt,omitempty"`
}

// Document statuses.
const (
	Pending  = "pending_upload"
	Valid    = "valid"
	Rejected = "rejected"
)

// Owner is what a document belongs to: an application or an object.
type Owner struct {
	Kind string // "application" or "object"
	ID   string
}

// The owner kinds.
const (
	OfApplication = "application"
	OfObject      = "object"
)

// Owner returns the record's owner.
func (r *Record) Owner() Owner {
	if r.ObjectID != "" {
		return Owner{Kind: OfObject, ID: r.ObjectID}
	}
	return Owner{Kind: OfApplication, ID: r.ApplicationID}
}

// Key is the S3 key of an owner's document: documents/<applicationId>/<documentId> for an
// application (the layout since the first release), documents/objects/<objectId>/<documentId>
// for an object.
func (o Owner) Key(docID string) string {
	if o.Kind == OfObject {
		return "documents/objects/" + o.ID + "/" + docID
	}
	return "documents/" + o.ID + "/" + docID
}
