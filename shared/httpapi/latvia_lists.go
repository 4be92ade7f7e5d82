package httpapi

import (
	"net/http"
	"time"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/fault"
)

// The lists a coordinator starts from, and the public's list of action plans: each a
// page of one index read (shared/dynamo/latvia_lists.go).

// DecisionSummary is a decision as GET /v1/decisions lists it.
type DecisionSummary struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	AdoptedOn string    `json:"adoptedOn,omitempty"` // D; absent while the draft has none
	Orgs      []string  `json:"orgs"`
	CreatedAt time.Time `json:"createdAt"`
}

// PlanSummary is an action plan as GET /v1/public/plans lists it: what is open data.
type PlanSummary struct {
	ID        string            `json:"id"`
	Title     string            `json:"title"`
	Period    actionplan.Period `json:"period"`
	CreatedAt time.Time         `json:"createdAt"`
}

// OrgSummary is an organisation as GET /v1/orgs lists it.
type OrgSummary struct {
	Org      string `json:"org"`
	Name     string `json:"name"`
	Parent   string `json:"parent,omitempty"`
	Children int    `json:"children"` // institutions recorded directly under it
}

// listDecisions: every signed-in caller may read a decision (GET /v1/decisions/{id}),
// so every one may list them.
func (h *Latvia) listDecisions(w http.ResponseWriter, r *http.Request) {
	_, limit, cursor, ok := pagedCaller(w, r)
	if !ok {
		return
	}
	ds, next, err := h.Store.ListDecisions(r.Context(), limit, cursor)
	writeList(w, r, ds, next, err, func(d consolidation.Decision) DecisionSummary {
		return DecisionSummary{ID: d.ID, Title: d.Title, AdoptedOn: d.AdoptedOn, Orgs: d.Orgs, CreatedAt: d.CreatedAt.UTC()}
	})
}

// listOrgs answers the organisations recorded directly under ?parent= (the ministries
// without it), as every signed-in caller may read an organisation.
func (h *Latvia) listOrgs(w http.ResponseWriter, r *http.Request) {
	_, limit, cursor, ok := pagedCaller(w, r)
	if !ok {
		return
	}
	parent := r.URL.Query().Get("parent")
	if parent != "" && !consolidation.ValidID(parent) {
		WriteError(w, r, fault.WithFields(fault.Invalid, "the parent is not valid",
			fault.Field{Field: "parent", Reason: "an organisation id is 2 to 63 lower-case letters, digits and inner hyphens"}))
		return
	}
	orgs, next, err := h.Store.ListOrgs(r.Context(), parent, limit, cursor)
	writeList(w, r, orgs, next, err, func(o consolidation.Org) OrgSummary {
		return OrgSummary{Org: o.ID, Name: o.Name, Parent: o.Parent, Children: o.Children}
	})
}

// publicPlans lists the action plans as open data, without sign-in.
func (h *Latvia) publicPlans(w http.ResponseWriter, r *http.Request) {
	limit, cursor, err := Page(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	ps, next, err := h.Store.ListPlans(r.Context(), limit, cursor)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeList(w, r, ps, next, err, func(p actionplan.Plan) PlanSummary {
		return PlanSummary{ID: p.ID, Title: p.Title, Period: p.Period, CreatedAt: p.CreatedAt.UTC()}
	})
}

// writeList answers a page of records as the list's items, or the store's problem.
func writeList[R, T any](w http.ResponseWriter, r *http.Request, rs []R, next string, err error, item func(R) T) {
	if err != nil {
		WriteError(w, r, err)
		return
	}
	out := List[T]{Items: make([]T, 0, len(rs)), NextCursor: next}
	for _, x := range rs {
		out.Items = append(out.Items, item(x))
	}
	WriteJSON(w, http.StatusOK, out)
}
