package registry

import (
	"slices"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/fault"
)

// Development is a development project of an object in operation (003 §3 1), §10):
// additional functional requirements or modernization, run as its own path of the §9
// components (engineering → trial operation → IS testing → implementation →
// re-commissioning) under the same document rules, while the object stays in operation.
type Development struct {
	ID        string `json:"id"`
	ObjectID  string `json:"objectId"`
	Performer string `json:"performer"` // supplier | trustee | owner
	Summary   string `json:"summary,omitempty"`
	Funding   string `json:"funding"`
	Stage     string `json:"stage"`
	// TORAgreementID is the kz-tor-agreement application whose agreed terms of reference
	// a trustee's development rests on (003 §10 ¶2).
	TORAgreementID string       `json:"torAgreementId,omitempty"`
	StageHistory   []StageEntry `json:"stageHistory"`
	Version        int          `json:"version"`
	CreatedAt      time.Time    `json:"createdAt"`
	CreatedBy      string       `json:"createdBy"`
}

// The stages of a development project besides those it shares with creation.
const (
	// Recommissioned: the developed version is put into operation (003 §9 5), §10).
	Recommissioned = "recommissioned"
	// Abandoned: the object was terminated before the development ended (003 §19).
	Abandoned = "abandoned"
)

// DevelopmentStages is a development project's path (003 §9 applied to development,
// §10): it starts initiated and ends re-commissioned.
var DevelopmentStages = []string{Initiated, Engineering, TrialOperation, ISTesting, Implementation, Recommissioned}

// Performers of a development: the object's supplier or another contractor, a trustee
// within trust management (003 §10 ¶2), or the owner's own staff.
var Performers = []string{"supplier", "trustee", "owner"}

// Open reports whether the development is still under way.
func (d Development) Open() bool { return d.Stage != Recommissioned && d.Stage != Abandoned }

// DevelopmentRequired is the document rule of a development's stage: the same as
// creation's (the contract's table), re-commissioning as putting into operation.
func DevelopmentRequired(to string) string {
	if to == Recommissioned {
		return Operation
	}
	return to
}

// CheckDevelopmentStart applies the guards of a new development project (003 §10): the
// object is in operation (§10 ¶1, 409); one development at a time ([DESIGN], 409); a
// trustee develops only on terms of reference the authorized body agreed (§10 ¶2, 422),
// and each agreement serves one development. It returns the TOR agreement relied on.
func CheckDevelopmentStart(o *Object, devs []Development, performer string) (string, error) {
	if o.Stage != Operation {
		return "", fault.E(fault.Conflict, "the object is %s; development is carried out after its commissioning, on an object in operation (003 §10 ¶1)", o.Stage)
	}
	for _, d := range devs {
		if d.Open() {
			return "", fault.E(fault.Conflict, "development %s of the object is under way (%s); one development at a time", d.ID, d.Stage)
		}
	}
	if !slices.Contains(Performers, performer) {
		return "", fault.WithFields(fault.Unprocessable, "unknown performer",
			fault.Field{Field: "performer", Reason: "must be one of " + strings.Join(Performers, ", ")})
	}
	if performer != "trustee" {
		return "", nil
	}
	if o.TOR == nil {
		return "", fault.WithFields(fault.Unprocessable, "a trustee develops only on agreed terms of reference",
			fault.Field{Field: "performer", Reason: "no kz-tor-agreement of the object was agreed by the authorized body (003 §10 ¶2)"})
	}
	for _, d := range devs {
		if d.TORAgreementID == o.TOR.ApplicationID {
			return "", fault.WithFields(fault.Unprocessable, "a trustee develops only on agreed terms of reference",
				fault.Field{Field: "performer", Reason: "the object's agreed terms of reference (" + o.TOR.ApplicationID +
					") were used by development " + d.ID + "; agree the terms of reference of this one (003 §10 ¶2)"})
		}
	}
	return o.TOR.ApplicationID, nil
}
