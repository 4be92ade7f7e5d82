package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/s3store"
)

// LatviaStore is what the Latvian routes need of the registry; *dynamo.Store satisfies it.
type LatviaStore interface {
	Idempotency
	CreateDecision(ctx context.Context, d *consolidation.Decision, c actor.Caller, now time.Time, idem *dynamo.Idem, answer func(consolidation.View) error) (consolidation.View, error)
	AdoptDecision(ctx context.Context, id, adoptedOn string, c actor.Caller, now time.Time, idem *dynamo.Idem, answer func(consolidation.View) error) (consolidation.View, error)
	StartDecision(ctx context.Context, id string, now time.Time) error
	LoadDecision(ctx context.Context, id string) (*dynamo.DecisionState, error)
	ExemptOrg(ctx context.Context, id, org string, e consolidation.Exemption, c actor.Caller, now time.Time, idem *dynamo.Idem, answer func(consolidation.View) error) (consolidation.View, error)
	DecisionEvents(ctx context.Context, id string, limit int, cursor string) ([]audit.Event, string, error)
	RecordOrg(ctx context.Context, org, name, parent string, c actor.Caller, now time.Time, idem *dynamo.Idem, answer func(consolidation.OrgView, bool) error) (consolidation.OrgView, bool, error)
	OrgChain(ctx context.Context, org string) ([]consolidation.Org, error)
	OrgEvents(ctx context.Context, org string, limit int, cursor string) ([]audit.Event, string, error)
	ListDecisions(ctx context.Context, limit int, cursor string) ([]consolidation.Decision, string, error)
	ListPlans(ctx context.Context, limit int, cursor string) ([]actionplan.Plan, string, error)
	ListOrgs(ctx context.Context, parent string, limit int, cursor string) ([]consolidation.Org, string, error)
	CreatePlan(ctx context.Context, p *actionplan.Plan, c actor.Caller, now time.Time, idem *dynamo.Idem, answer func(actionplan.PlanView) error) (actionplan.PlanView, error)
	LoadPlan(ctx context.Context, planID string) (*dynamo.PlanState, error)
	AddMeasure(ctx context.Context, planID string, nm actionplan.NewMeasure, c actor.Caller, now time.Time, idem *dynamo.Idem, answer func(actionplan.Detail) error) (actionplan.Detail, error)
	LoadMeasure(ctx context.Context, measureID string) (*dynamo.MeasureState, error)
	ChangeMeasure(ctx context.Context, measureID string, ch actionplan.Change, ifMatch int, c actor.Caller, now time.Time, answer func(actionplan.Detail) error) (actionplan.Detail, error)
	AddRisk(ctx context.Context, measureID, text string, delay int, c actor.Caller, now time.Time, idem *dynamo.Idem, answer func(actionplan.Detail) error) (actionplan.Detail, error)
	AddOpinion(ctx context.Context, measureID, text string, c actor.Caller, now time.Time, idem *dynamo.Idem, answer func(actionplan.Detail) error) (actionplan.Detail, error)
	RecordReport(ctx context.Context, ps *dynamo.PlanState, rec actionplan.ReportRecord, c actor.Caller, now time.Time, idem *dynamo.Idem) error
	PlanEvents(ctx context.Context, planID string, limit int, cursor string) ([]audit.Event, string, error)
	MeasureEvents(ctx context.Context, measureID string, limit int, cursor string) ([]audit.Event, string, error)
}

// ReportBucket is where the annual reports' snapshots are kept; *s3store.Bucket
// satisfies it.
type ReportBucket interface {
	PutOnce(ctx context.Context, key string, body []byte, contentType string, meta map[string]string) (string, error)
	Get(ctx context.Context, key, versionID string, limit int64) (*s3store.Object, error)
}

// Latvia serves the Latvian ICT consolidation decision (seed 000: decisions, the
// organisations' hierarchy, freeze and investment check) and the open-government action
// plan tracker (seed 001: plans, measures, risks, opinions, annual reports, the plan as
// open data).
type Latvia struct {
	Store   LatviaStore
	Reports ReportBucket
	Now     func() time.Time
}

// Routes returns the function's router.
func (h *Latvia) Routes() http.Handler { return Serve(h.RouteTable()) }

// RouteTable mirrors template.yaml's HttpApi events for the Latvia function.
func (h *Latvia) RouteTable() []Route {
	return []Route{
		{"GET /v1/decisions", h.listDecisions},
		{"POST /v1/decisions", h.createDecision},
		{"GET /v1/decisions/{decisionId}", h.getDecision},
		{"PATCH /v1/decisions/{decisionId}", h.adoptDecision},
		{"POST /v1/decisions/{decisionId}/exemptions", h.exempt},
		{"GET /v1/decisions/{decisionId}/events", h.decisionEvents},
		{"GET /v1/orgs", h.listOrgs},
		{"POST /v1/orgs/{org}", h.recordOrg},
		{"GET /v1/orgs/{org}", h.getOrg},
		{"GET /v1/orgs/{org}/investment-check", h.investmentCheck},
		{"GET /v1/orgs/{org}/events", h.orgEvents},
		{"POST /v1/plans", h.createPlan},
		{"GET /v1/plans/{planId}", h.getPlan},
		{"GET /v1/plans/{planId}/events", h.planEvents},
		{"POST /v1/plans/{planId}/measures", h.addMeasure},
		{"POST /v1/plans/{planId}/reports", h.makeReport},
		{"GET /v1/plans/{planId}/reports/{year}", h.getReport},
		{"GET /v1/measures/{measureId}", h.getMeasure},
		{"PATCH /v1/measures/{measureId}", h.changeMeasure},
		{"GET /v1/measures/{measureId}/events", h.measureEvents},
		{"POST /v1/measures/{measureId}/risks", h.addRisk},
		{"POST /v1/measures/{measureId}/opinions", h.addOpinion},
		{"GET /v1/public/plans", Cacheable("public, max-age=60", h.publicPlans)},
		{"GET /v1/public/plans/{planId}", Cacheable("public, max-age=60", h.publicPlan)},
	}
}

func (h *Latvia) now() time.Time {
	if h.Now != nil {
		return h.Now().UTC()
	}
	return time.Now().UTC()
}

// need refuses a caller without the role (403: the resource is not secret).
func need(c actor.Caller, r actor.Role, what string) error {
	if !c.Has(r) {
		return fault.E(fault.Forbidden, "only the %s %s", r, what)
	}
	return nil
}

// idOf reads a path id the system issued; anything else names nothing (404).
func idOf(r *http.Request, name, what string) (string, error) {
	v := r.PathValue(name)
	if !id.Valid(v) {
		return "", fault.E(fault.NotFound, "no such %s", what)
	}
	return v, nil
}

// write runs a POST's change under Idempotency-Key: change fills the answer into the
// idempotency record (through Fill) before its write.
func write[T any](w http.ResponseWriter, r *http.Request, store Idempotency, c actor.Caller, body []byte, now time.Time,
	status int, location func(T) string, change func(ctx context.Context, idem *dynamo.Idem, answer func(T) error) (T, error)) {
	Idempotent(w, r, store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		var resp Response
		var b []byte
		_, err := change(ctx, idem, func(v T) error {
			resp = Response{Status: status, Body: v}
			if location != nil {
				resp.Location = location(v)
			}
			var err error
			b, err = Fill(idem, resp)
			return err
		})
		if err != nil {
			return Response{}, nil, raceConflict(err, "the record changed meanwhile; reload it and retry")
		}
		return resp, b, nil
	})
}

// start writes the organisations' clocks of a decision whose D was just set; a failure is
// logged and left to the next read or the hourly DeadlineCheck (StartPendingDecisions).
func (h *Latvia) start(ctx context.Context, v consolidation.View) {
	if !v.Starting {
		return
	}
	if err := h.Store.StartDecision(ctx, v.ID, h.now()); err != nil {
		slog.ErrorContext(ctx, "start decision: left to DeadlineCheck", "decisionId", v.ID, "err", err)
	}
}

// --- decisions (seed 000)

func (h *Latvia) createDecision(w http.ResponseWriter, r *http.Request) {
	var in consolidation.NewDecision
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	if err := need(c, actor.Coordinator, "records a decision (000: VARAM)"); err != nil {
		WriteError(w, r, err)
		return
	}
	now := h.now()
	d, err := in.Decide(id.New(now), c, now)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	var made *consolidation.View
	write(w, r, h.Store, c, body, now, http.StatusCreated, func(v consolidation.View) string { return "/v1/decisions/" + v.ID },
		func(ctx context.Context, idem *dynamo.Idem, answer func(consolidation.View) error) (consolidation.View, error) {
			v, err := h.Store.CreateDecision(ctx, d, c, now, idem, answer)
			if err == nil {
				made = &v
			}
			return v, err
		})
	if made != nil {
		h.start(r.Context(), *made)
	}
}

func (h *Latvia) decision(ctx context.Context, r *http.Request) (*dynamo.DecisionState, error) {
	decID, err := idOf(r, "decisionId", "decision")
	if err != nil {
		return nil, err
	}
	ds, err := h.Store.LoadDecision(ctx, decID)
	if err != nil {
		return nil, err
	}
	if ds.Decision.Starting {
		// The request that set D did not finish writing the organisations' clocks: finish.
		h.start(ctx, ds.View())
		if ds, err = h.Store.LoadDecision(ctx, decID); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

func (h *Latvia) getDecision(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(actor.Caller) (consolidation.View, error) {
		ds, err := h.decision(r.Context(), r)
		if err != nil {
			return consolidation.View{}, err
		}
		return ds.View(), nil
	})
}

type adoptBody struct {
	AdoptedOn *string `json:"adoptedOn"`
}

// adoptDecision sets D once (contract part two: PATCH /v1/decisions/{id} {"adoptedOn"};
// a second change is 409).
func (h *Latvia) adoptDecision(w http.ResponseWriter, r *http.Request) {
	var in adoptBody
	c, _, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	err := need(c, actor.Coordinator, "sets the adoption date (000: VARAM)")
	var decID string
	if err == nil {
		decID, err = idOf(r, "decisionId", "decision")
	}
	var day calendar.Date
	if err == nil {
		if in.AdoptedOn == nil {
			err = fault.WithFields(fault.Unprocessable, "the adoption date is required", fault.Field{Field: "adoptedOn", Reason: "required: the date the Cabinet adopted the decision (D)"})
		} else if day, err = calendar.ParseLatvianOrISO(*in.AdoptedOn); err != nil {
			err = fault.WithFields(fault.Unprocessable, "the adoption date is not valid", fault.Field{Field: "adoptedOn", Reason: "must be a date YYYY-MM-DD (or DD.MM.YYYY)"})
		}
	}
	var v consolidation.View
	if err == nil {
		v, err = h.Store.AdoptDecision(r.Context(), decID, day.String(), c, h.now(), nil, func(consolidation.View) error { return nil })
	}
	if err != nil {
		WriteError(w, r, raceConflict(err, "the decision changed meanwhile; reload it"))
		return
	}
	h.start(r.Context(), v)
	if ds, err := h.Store.LoadDecision(r.Context(), decID); err == nil {
		v = ds.View() // with the organisations' clocks just written
	}
	WriteJSON(w, http.StatusOK, v)
}

type exemptionBody struct {
	Org           string `json:"org"`
	Ground        string `json:"ground"`
	Justification string `json:"justification"`
}

// exempt records a §7 exemption of an organisation the decision names.
func (h *Latvia) exempt(w http.ResponseWriter, r *http.Request) {
	var in exemptionBody
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	err := need(c, actor.Coordinator, "records a scope exemption (000 §7: VARAM)")
	var decID string
	if err == nil {
		decID, err = idOf(r, "decisionId", "decision")
	}
	if err == nil {
		var fs []fault.Field
		if !consolidation.ValidID(in.Org) {
			fs = append(fs, fault.Field{Field: "org", Reason: "not an organisation id"})
		}
		if _, ok := consolidation.ExemptionGrounds[in.Ground]; !ok {
			fs = append(fs, fault.Field{Field: "ground", Reason: "must be 7.1 (international legal acts or agreements) or 7.2 (diplomatic and consular service)"})
		}
		if reason := consolidation.CheckName(in.Justification); reason != "" {
			fs = append(fs, fault.Field{Field: "justification", Reason: reason + " (000 §7: the exemption is recorded with its justification)"})
		}
		if len(fs) > 0 {
			err = fault.WithFields(fault.Unprocessable, "the exemption is not valid", fs...)
		}
	}
	if err != nil {
		WriteError(w, r, err)
		return
	}
	now := h.now()
	e := consolidation.Exemption{Ground: in.Ground, Basis: consolidation.ExemptionGrounds[in.Ground], Justification: strings.TrimSpace(in.Justification), At: now, By: c.Sub}
	write(w, r, h.Store, c, body, now, http.StatusOK, nil,
		func(ctx context.Context, idem *dynamo.Idem, answer func(consolidation.View) error) (consolidation.View, error) {
			return h.Store.ExemptOrg(ctx, decID, in.Org, e, c, now, idem, answer)
		})
}

func (h *Latvia) decisionEvents(w http.ResponseWriter, r *http.Request) {
	events(w, r, h.Store.DecisionEvents, func(actor.Caller) (string, error) {
		decID, err := idOf(r, "decisionId", "decision")
		if err != nil {
			return "", err
		}
		_, err = h.Store.LoadDecision(r.Context(), decID)
		return decID, err
	})
}

// --- organisations (seed 000 §6: ministries and their subordinate institutions)

type orgBody struct {
	Parent *string `json:"parent"`
	Name   string  `json:"name"`
}

func (h *Latvia) recordOrg(w http.ResponseWriter, r *http.Request) {
	var in orgBody
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	org := r.PathValue("org")
	err := need(c, actor.Coordinator, "records the hierarchy of organisations (contract part two)")
	if err == nil {
		var fs []fault.Field
		if !consolidation.ValidID(org) {
			fs = append(fs, fault.Field{Field: "org", Reason: "an organisation id is 2 to 63 lower-case letters, digits and inner hyphens"})
		}
		if reason := consolidation.CheckName(in.Name); reason != "" {
			fs = append(fs, fault.Field{Field: "name", Reason: reason})
		}
		if in.Parent != nil && !consolidation.ValidID(*in.Parent) {
			fs = append(fs, fault.Field{Field: "parent", Reason: "not an organisation id, or null for a top organisation"})
		}
		if len(fs) > 0 {
			err = fault.WithFields(fault.Unprocessable, "the organisation is not valid", fs...)
		}
	}
	if err != nil {
		WriteError(w, r, err)
		return
	}
	parent := ""
	if in.Parent != nil {
		parent = *in.Parent
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		var resp Response
		var b []byte
		_, _, err := h.Store.RecordOrg(ctx, org, strings.TrimSpace(in.Name), parent, c, now, idem, func(v consolidation.OrgView, created bool) error {
			resp = Response{Status: http.StatusOK, Body: v}
			if created {
				resp.Status, resp.Location = http.StatusCreated, "/v1/orgs/"+org
			}
			var err error
			b, err = Fill(idem, resp)
			return err
		})
		if err != nil {
			return Response{}, nil, raceConflict(err, "the organisation changed meanwhile; reload it and retry")
		}
		return resp, b, nil
	})
}

func (h *Latvia) chain(r *http.Request) ([]consolidation.Org, error) {
	org := r.PathValue("org")
	if !consolidation.ValidID(org) {
		return nil, fault.E(fault.NotFound, "no such organisation")
	}
	return h.Store.OrgChain(r.Context(), org)
}

func (h *Latvia) getOrg(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(actor.Caller) (consolidation.OrgView, error) {
		chain, err := h.chain(r)
		if err != nil {
			return consolidation.OrgView{}, err
		}
		return consolidation.ViewOf(chain), nil
	})
}

// investmentCheck answers whether the organisation may invest in a category of
// data-centre equipment, with the reason and basis (000 §6.2).
func (h *Latvia) investmentCheck(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(actor.Caller) (consolidation.Check, error) {
		cat := r.URL.Query().Get("category")
		if !contains(consolidation.Categories, cat) {
			return consolidation.Check{}, fault.WithFields(fault.Invalid, "category is required",
				fault.Field{Field: "category", Reason: "must be one of " + strings.Join(consolidation.Categories, ", ") + " (000 §6.2)"})
		}
		chain, err := h.chain(r)
		if err != nil {
			return consolidation.Check{}, err
		}
		return consolidation.CheckInvestment(chain, cat, actionplan.Today(h.now())), nil
	})
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (h *Latvia) orgEvents(w http.ResponseWriter, r *http.Request) {
	events(w, r, h.Store.OrgEvents, func(actor.Caller) (string, error) {
		_, err := h.chain(r)
		return r.PathValue("org"), err
	})
}
