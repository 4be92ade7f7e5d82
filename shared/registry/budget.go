package registry

// Missing is one item that keeps an object's industrial-operation expenses from being
// supported, with its basis.
type Missing struct {
	Item  string `json:"item"`
	Basis string `json:"basis"`
}

// Eligibility is the answer of the budget gate (003 §18, 004 ¶18).
type Eligibility struct {
	Eligible bool      `json:"eligible"`
	Missing  []Missing `json:"missing"`
}

// Budget is the budget gate: the expenses of industrial operation for the planned period
// are not supported while the object's information or the electronic copies of its
// technical documentation are missing (003 §18; 004 ¶18). [GAP] G13: both are required.
// [GAP] G15: the field list of Order No. 174 is not in the seeds; the information asked
// is what the seeds name: the object's name and type (003 §4 ¶1, §3 13)) and its funding
// route (003 §5). A terminated object has no industrial operation to fund (003 §19).
func Budget(o *Object) Eligibility {
	e := Eligibility{Missing: []Missing{}}
	if o.Name == "" {
		e.Missing = append(e.Missing, Missing{Item: "name", Basis: "003 §4 ¶1"})
	}
	if o.Type == "" {
		e.Missing = append(e.Missing, Missing{Item: "type", Basis: "003 §4 ¶1, §3 13)"})
	}
	if o.Funding == "" {
		e.Missing = append(e.Missing, Missing{Item: "funding", Basis: "003 §4 ¶1, §5: the funding route of the object's creation"})
	}
	if o.TechnicalDocumentation == nil {
		e.Missing = append(e.Missing, Missing{Item: "documents." + TechnicalDocumentation,
			Basis: "003 §18, 004 ¶18: a valid electronic copy of the technical documentation"})
	}
	if o.Stage == Terminated {
		e.Missing = append(e.Missing, Missing{Item: "stage", Basis: "003 §19: industrial operation was terminated"})
	}
	e.Eligible = len(e.Missing) == 0
	return e
}
