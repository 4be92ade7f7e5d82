package registry

// ChangeFacts are what a portal asks about a planned change of an object in operation to
// classify it (003 §3 1), §3 4), §10 ¶3).
type ChangeFacts struct {
	Integration     bool // it implements the integration of informatization objects (§10 ¶3)
	SourceCode      bool // it requires changes to the main object's source code (§10 ¶3)
	ExternalModule  bool // it develops additional external modules (§10 ¶3)
	NewRequirements bool // it implements additional functional requirements (§3 1))
	Modernization   bool // it modernizes the object to optimize or expand its functioning (§3 1))
	Defects         bool // it corrects, modifies or eliminates software defects (§3 4))
	KeepsIntegrity  bool // it keeps the software's integrity (§3 4))
}

// Change classes.
const (
	ClassRefinement   = "refinement"   // доработка, 003 §10 ¶3: not development
	ClassSupport      = "support"      // сопровождение, 003 §3 4)
	ClassDevelopment  = "development"  // развитие, 003 §3 1), §10
	ClassUndetermined = "undetermined" // none of the definitions fits the facts given
)

// Reason is one step of a classification, with its basis.
type Reason struct {
	Reason string `json:"reason"`
	Basis  string `json:"basis"`
}

// Classification is the class of a change, why, and what the class then requires.
type Classification struct {
	Class    string   `json:"classification"`
	Reasons  []Reason `json:"reasons"`
	Requires []Reason `json:"requires"`
}

// Classify applies the seed's definitions in the order the digest sets (003 §5.2):
// refinement first (§10 ¶3: integration, no change of the main source code, or external
// modules are not development), then support (§3 4): correcting defects without upgrade
// or new requirements, integrity kept), then development (§3 1): new functional
// requirements or modernization). Facts that fit none are undetermined, with the reason.
func Classify(f ChangeFacts) Classification {
	c := Classification{Reasons: []Reason{}, Requires: []Reason{}}
	var ref []Reason
	if f.Integration {
		ref = append(ref, Reason{"it implements the integration of informatization objects", "003 §10 ¶3"})
	}
	if !f.SourceCode {
		ref = append(ref, Reason{"it does not require changes to the main object's source code", "003 §10 ¶3"})
	}
	if f.ExternalModule {
		ref = append(ref, Reason{"it develops additional external modules", "003 §10 ¶3"})
	}
	if len(ref) > 0 {
		c.Class, c.Reasons = ClassRefinement, ref
		c.Requires = append(c.Requires, Reason{"refinement is not development: it needs no development project", "003 §10 ¶3"})
		return c
	}
	c.Reasons = append(c.Reasons, Reason{"it changes the main object's source code, and is neither integration nor an external module", "003 §10 ¶3"})
	grows := f.NewRequirements || f.Modernization
	switch {
	case !grows && f.Defects && f.KeepsIntegrity:
		c.Class = ClassSupport
		c.Reasons = append(c.Reasons, Reason{"it corrects, modifies or eliminates defects without upgrading or adding functional requirements, keeping the software's integrity", "003 §3 4)"})
		c.Requires = append(c.Requires,
			Reason{"support is of a commissioned object", "003 §16 5)"},
			Reason{"during the warranty, first see whether the defect is a warranty case of the supplier", "003 §16 5) ¶3, §17"})
	case grows:
		c.Class = ClassDevelopment
		if f.NewRequirements {
			c.Reasons = append(c.Reasons, Reason{"it implements additional functional requirements", "003 §3 1)"})
		}
		if f.Modernization {
			c.Reasons = append(c.Reasons, Reason{"it modernizes the object to optimize its functioning or expand its functionality", "003 §3 1)"})
		}
		c.Requires = append(c.Requires,
			Reason{"the object is in operation: development follows commissioning", "003 §10 ¶1"},
			Reason{"terms of reference", "003 §8"},
			Reason{"when a trustee performs it, terms of reference agreed by the authorized body", "003 §10 ¶2"},
			Reason{"when it is a state investment project, conclusions in informatization and information security", "003 §6 ¶2"})
	default:
		c.Class = ClassUndetermined
		if !f.Defects {
			c.Reasons = append(c.Reasons, Reason{"it neither corrects defects (support) nor adds requirements or modernizes (development)", "003 §3 1), §3 4)"})
		} else {
			c.Reasons = append(c.Reasons, Reason{"it corrects defects but does not keep the software's integrity, which support requires", "003 §3 4)"})
		}
	}
	return c
}
