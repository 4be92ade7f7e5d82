// Package actor says who is acting: the caller a token describes (subject, organisation,
// roles), the roles of the contract, and how an actor is recorded in an audit trail. It
// is the one place that knows which roles are scoped by organisation and which are not
// (contract, "Who is calling" and part two, "Roles, added").
package actor

import "slices"

// Role is a caller's role as carried in the JWT claims.
type Role string

// The roles of the contract.
const (
	Applicant         Role = "applicant"          // a state body's clerk: acts for their own org
	AuthorizedBody    Role = "authorized_body"    // reviews; not scoped by org
	ServiceIntegrator Role = "service_integrator" // reviews, assesses, drafts the architecture
	Operator          Role = "operator"           // the e-government ICT infrastructure operator
	Admin             Role = "admin"              // operations: calendars, unscheduled clocks
	Supplier          Role = "supplier"           // 003 §16–§17: scoped to objects naming its org
	Coordinator       Role = "coordinator"        // Latvia: VARAM (000) or the State Chancellery (001)
	Observer          Role = "observer"           // Latvia: NGOs and council members (001)
	System            Role = "system"             // the system itself (sweeps, validators), in trails only
)

// Roles lists the roles a token may carry, in the contract's order.
var Roles = []Role{Applicant, AuthorizedBody, ServiceIntegrator, Operator, Admin, Supplier, Coordinator, Observer}

// Known reports whether s names a role a token may carry.
func Known(s string) bool { return slices.Contains(Roles, Role(s)) }

// Unscoped reports whether the role sees and acts regardless of organisation: the four
// reviewing roles of part one and the coordinator (part two). An observer follows plans
// without acting on applications, so it is not a reviewer.
func (r Role) Unscoped() bool {
	switch r {
	case AuthorizedBody, ServiceIntegrator, Operator, Admin, Coordinator:
		return true
	}
	return false
}

// Caller is the person acting, as the JWT claims describe them.
type Caller struct {
	Sub   string
	Org   string
	Roles []Role
}

// Has reports whether the caller holds role r.
func (c Caller) Has(r Role) bool { return slices.Contains(c.Roles, r) }

// Reviewer reports whether the caller holds a role that is not scoped by organisation.
func (c Caller) Reviewer() bool { return slices.ContainsFunc(c.Roles, Role.Unscoped) }

// Member reports whether the caller acts for org in role r: holds r and belongs to org.
func (c Caller) Member(r Role, org string) bool { return c.Has(r) && c.Org != "" && c.Org == org }

// MaySee reports whether the caller may know of what belongs to org: reviewers see every
// organisation's, an applicant only their own.
func (c Caller) MaySee(org string) bool { return c.Reviewer() || c.Member(Applicant, org) }

// Actor is how the caller is recorded when acting in role r.
func (c Caller) Actor(r Role) Actor { return Actor{Sub: c.Sub, Org: c.Org, Role: r} }

// Actor is who did something, as recorded in an audit trail.
type Actor struct {
	Sub  string `json:"sub"`
	Org  string `json:"org"`
	Role Role   `json:"role"`
}

// SystemActor records a change the system made by itself, e.g. "system:deadline-check".
func SystemActor(sub string) Actor { return Actor{Sub: sub, Role: System} }
