package consolidation

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
)

// MaxDepth bounds the hierarchy (ministry → institution → ...): deep enough for any
// Latvian state administration body, small enough that a freeze is read in one batch.
const MaxDepth = 8

// MaxNameBytes bounds an organisation's name (UTF-8; Latvian names run long).
const MaxNameBytes = 500

// Org is an organisation of the state administration as the coordinator records it:
// its place in the hierarchy (000 §6: "ministries and the state administration
// institutions subordinate to them") and what the decisions did to it.
type Org struct {
	ID     string `json:"org"`
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	// Path lists the organisation's ancestors, the top one first and its parent last, so
	// that a freeze reaching it from above is read in one batch (digest Q7).
	Path []string `json:"path"`
	// Children counts the institutions recorded directly under it, so that listing a
	// subtree reads the children only of those that have any.
	Children int `json:"children"`
	// Flag is the freeze the sweep set on the organisation itself when the §6.2 gate of a
	// decision naming it fired (000 §6.2); subordinates inherit it at read time.
	Flag *Flag `json:"freeze,omitempty"`
	// Agreements, Exemptions and Plans are kept per decision id: VARAM's §6.1 agreement,
	// the §7 exemption and the latest agreed action plan (§6.3–§6.4).
	Agreements map[string]Agreement `json:"agreements"`
	Exemptions map[string]Exemption `json:"exemptions"`
	Plans      map[string]PlanState `json:"plans"`
	// Investments are the extraordinary investments VARAM agreed under §6.2, by category.
	Investments map[string]Investment `json:"investments"`
	Version     int                   `json:"version"`
	CreatedAt   time.Time             `json:"createdAt"`
	UpdatedAt   time.Time             `json:"updatedAt"`
}

// Flag is a gate's flag as the sweep writes it on the organisation (shared/dynamo Flag).
type Flag struct {
	Since  time.Time   `json:"since"`
	Source clock.Owner `json:"source"`
	Basis  string      `json:"basis"`
}

// Agreement is VARAM's agreement of an organisation's §6.1 application.
type Agreement struct {
	ApplicationID string    `json:"applicationId"`
	Procedure     string    `json:"procedure"`
	At            time.Time `json:"at"`
}

// Exemption takes an organisation out of the §6 obligations of a decision (000 §7).
type Exemption struct {
	Ground        string    `json:"ground"` // "7.1" | "7.2"
	Basis         string    `json:"basis"`
	Justification string    `json:"justification"`
	At            time.Time `json:"at"`
	By            string    `json:"by"`
}

// PlanState is the latest agreed version of an organisation's action plan (000 §6.3–§6.4).
type PlanState struct {
	Version                int       `json:"version"`
	Initial                bool      `json:"initial"`
	ProvisionalMigrationOn string    `json:"provisionalMigrationOn,omitempty"`
	ApplicationID          string    `json:"applicationId"`
	At                     time.Time `json:"at"`
}

// Investment is an extraordinary investment VARAM agreed under 000 §6.2.
type Investment struct {
	DecisionID    string    `json:"decisionId"`
	ApplicationID string    `json:"applicationId"`
	Ground        string    `json:"ground"`
	AmountEur     float64   `json:"amountEur"`
	At            time.Time `json:"at"`
}

// ValidID reports whether s can name an organisation: 2 to 63 lower-case letters, digits
// and inner hyphens ("lv-varam", "kz-minjust"). Ids travel in keys, notice ids and URLs;
// names carry the diacritics.
func ValidID(s string) bool {
	if len(s) < 2 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// CheckName returns why a name is not acceptable, or "".
func CheckName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "required"
	case !utf8.ValidString(name):
		return "must be valid UTF-8"
	case len(name) > MaxNameBytes:
		return fmt.Sprintf("longer than %d bytes", MaxNameBytes)
	case strings.ContainsFunc(name, unicode.IsControl):
		return "contains control characters"
	}
	return ""
}

// PlaceUnder returns the path of an organisation recorded under parent (nil: a top
// organisation, e.g. a ministry), refusing a cycle and a hierarchy deeper than MaxDepth.
func PlaceUnder(org string, parent *Org) ([]string, error) {
	if parent == nil {
		return []string{}, nil
	}
	path := append(slices.Clone(parent.Path), parent.ID)
	if slices.Contains(path, org) {
		return nil, fault.WithFields(fault.Unprocessable, "the hierarchy would loop",
			fault.Field{Field: "parent", Reason: fmt.Sprintf("%s is %s itself or one of its subordinates", parent.ID, org)})
	}
	if len(path) >= MaxDepth {
		return nil, fault.WithFields(fault.Unprocessable, "the hierarchy is too deep",
			fault.Field{Field: "parent", Reason: fmt.Sprintf("at most %d levels", MaxDepth)})
	}
	return path, nil
}

// Freeze is an organisation's investment freeze as the contract shows it
// (GET /v1/orgs/{org}: "freeze":{"since","decisionId","basis"}); Via names the
// organisation it is inherited from, when it is not the organisation's own.
type Freeze struct {
	Since      time.Time `json:"since"`
	DecisionID string    `json:"decisionId"`
	Basis      string    `json:"basis"`
	Via        string    `json:"via,omitempty"`
}

// FreezeBasis is the point the freeze rests on.
const FreezeBasis = "000 §6.2"

// FreezeOf says whether the organisation chain[0] is under freeze, reading its chain up
// to the top (chain[1] its parent, and so on). 000 §6.2 stops investments by "ministries
// and their subordinate institutions which have not received VARAM's agreement":
//
//   - the sweep flags each organisation the decision names that had no agreement when
//     the gate fired; an organisation below a flagged one is frozen with it (digest Q6:
//     the freeze reaches every subordinate institution, at any depth) — computed here, at
//     read time, so a ministry's freeze covers its subordinates without a write each;
//   - an organisation between the two that has its own agreement or exemption under the
//     same decision covers those below it (digest Q7: subordinates inherit agreement, as
//     §6.1 is a sector-level submission).
func FreezeOf(chain []Org) *Freeze {
	for i, o := range chain {
		if o.Flag == nil {
			continue
		}
		dec := o.Flag.Source.ID
		covered := false
		for _, below := range chain[:i] {
			if _, ok := below.Agreements[dec]; ok {
				covered = true
			}
			if _, ok := below.Exemptions[dec]; ok {
				covered = true
			}
		}
		if covered {
			continue
		}
		f := &Freeze{Since: o.Flag.Since.UTC(), DecisionID: dec, Basis: FreezeBasis}
		if i > 0 {
			f.Via = o.ID
		}
		return f
	}
	return nil
}

// Chain orders an organisation and its ancestors as FreezeOf reads them, from the records
// read by id; an ancestor that is missing (deleted, never recorded) ends the chain.
func Chain(org Org, ancestors map[string]Org) []Org {
	chain := []Org{org}
	for i := len(org.Path) - 1; i >= 0; i-- {
		a, ok := ancestors[org.Path[i]]
		if !ok {
			break
		}
		chain = append(chain, a)
	}
	return chain
}

// OrgView is an organisation as GET /v1/orgs/{org} returns it (contract part two:
// {"org","parent","name","freeze"}), with what the decisions recorded on it.
type OrgView struct {
	Org         string                `json:"org"`
	Name        string                `json:"name"`
	Parent      *string               `json:"parent"`
	Path        []string              `json:"path"`
	Freeze      *Freeze               `json:"freeze"`
	Agreements  map[string]Agreement  `json:"agreements"`
	Exemptions  map[string]Exemption  `json:"exemptions"`
	Plans       map[string]PlanState  `json:"plans"`
	Investments map[string]Investment `json:"investments"`
	Version     int                   `json:"version"`
	CreatedAt   time.Time             `json:"createdAt"`
	UpdatedAt   time.Time             `json:"updatedAt"`
}

// ViewOf shows the organisation chain[0], its freeze read from its chain (FreezeOf).
func ViewOf(chain []Org) OrgView {
	o := chain[0]
	v := OrgView{Org: o.ID, Name: o.Name, Path: o.Path, Freeze: FreezeOf(chain), Agreements: o.Agreements,
		Exemptions: o.Exemptions, Plans: o.Plans, Investments: o.Investments, Version: o.Version,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
	if o.Parent != "" {
		p := o.Parent
		v.Parent = &p
	}
	if v.Path == nil {
		v.Path = []string{}
	}
	if v.Agreements == nil {
		v.Agreements = map[string]Agreement{}
	}
	if v.Exemptions == nil {
		v.Exemptions = map[string]Exemption{}
	}
	if v.Plans == nil {
		v.Plans = map[string]PlanState{}
	}
	if v.Investments == nil {
		v.Investments = map[string]Investment{}
	}
	return v
}
