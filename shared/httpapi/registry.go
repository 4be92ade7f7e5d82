package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/procedure"
	"github.com/ictgov/ictgov/shared/registry"
)

// RegistryStore is what the registry routes need of the registry; *dynamo.Store
// satisfies it.
type RegistryStore interface {
	Idempotency
	ObjectStore
	GetObject(ctx context.Context, id string) (*registry.Object, error)
	OperatorList(ctx context.Context, limit int, cursor string, each func([]registry.ListEntry) error) (string, error)
	Apply(ctx context.Context, ch *procedure.Change, o dynamo.ApplyOptions) error
	Update(ctx context.Context, id string, decide func(*procedure.Application) (*procedure.Change, error), o dynamo.ApplyOptions) (*procedure.Application, error)
}

// Registry serves the registry of objects (their life cycle, documents, warranty,
// developments and budget gate: objects.go), their cessation and exclusion (002 ¶11) and
// the public operator's list (open data).
type Registry struct {
	Store RegistryStore
	Docs  DocumentBucket // the objects' documents (upload slots, download links)
	Now   func() time.Time
}

// Routes returns the function's router.
func (h *Registry) Routes() http.Handler { return Serve(h.RouteTable()) }

// RouteTable mirrors template.yaml's HttpApi events for the Registry function.
func (h *Registry) RouteTable() []Route {
	return []Route{
		{"GET /v1/public/operator-list", Cacheable("public, max-age=60", h.operatorList)},
		{"GET /v1/objects/{objectId}", h.getObject},
		{"POST /v1/objects/{objectId}/cessation", h.cessation},
		{"POST /v1/objects/{objectId}/exclusion", h.exclusion},
		{"POST /v1/objects", h.createObject},
		{"GET /v1/objects", h.listObjects},
		{"PATCH /v1/objects/{objectId}", h.patchObject},
		{"POST /v1/objects/{objectId}/stage", h.stage},
		{"POST /v1/objects/{objectId}/documents", h.createObjectDocument},
		{"GET /v1/objects/{objectId}/documents/{docId}", h.getObjectDocument},
		{"GET /v1/objects/{objectId}/documents/{docId}/content", h.objectDocumentContent},
		{"GET /v1/objects/{objectId}/budget-eligibility", h.budgetEligibility},
		{"GET /v1/objects/{objectId}/events", h.objectEvents},
		{"POST /v1/objects/{objectId}/developments", h.startDevelopment},
		{"POST /v1/objects/{objectId}/developments/{devId}/stage", h.developmentStage},
		{"GET /v1/change-classification", Cacheable("public, max-age=300", changeClassification)},
	}
}

func (h *Registry) now() time.Time {
	if h.Now != nil {
		return h.Now().UTC()
	}
	return time.Now().UTC()
}

func (h *Registry) operatorList(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("format") {
	case "", "json":
	case "csv":
		h.operatorCSV(w, r)
		return
	default:
		WriteError(w, r, fault.WithFields(fault.Invalid, "unknown format",
			fault.Field{Field: "format", Reason: "must be json or csv"}))
		return
	}
	limit, cursor, err := Page(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	items := []registry.ListEntry{}
	next, err := h.Store.OperatorList(r.Context(), limit, cursor, func(page []registry.ListEntry) error {
		items = append(items, page...)
		return nil
	})
	if err != nil {
		WriteError(w, r, err)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*") // open data
	WriteJSON(w, http.StatusOK, List[registry.ListEntry]{Items: items, NextCursor: next})
}

func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (h *Registry) object(r *http.Request, c actor.Caller) (*registry.Object, error) {
	objID, err := validID(r, "objectId")
	if err != nil {
		return nil, err
	}
	o, err := h.Store.GetObject(r.Context(), objID)
	if err != nil {
		return nil, err
	}
	if !maySeeObject(c, o) {
		return nil, fault.E(fault.NotFound, "no such object")
	}
	return o, nil
}

// maySeeObject: an object is visible to its owner organisation, the reviewing roles and
// its supplier (contract part two); to anyone else it does not exist.
func maySeeObject(c actor.Caller, o *registry.Object) bool {
	return c.MaySee(o.Org) || (o.Supplier != "" && c.Member(actor.Supplier, o.Supplier))
}

type cessationBody struct {
	CeasedOn string `json:"ceasedOn"` // the date operation stopped, YYYY-MM-DD
	Note     string `json:"note"`
}

// cessation records the state body's notice that a listed object is no longer operated
// (002 ¶11) and opens its exclusion, which the AB then decides.
func (h *Registry) cessation(w http.ResponseWriter, r *http.Request) {
	var in cessationBody
	c, body, ok := request(w, r, &in, true)
	if !ok {
		return
	}
	var fs []fault.Field
	if in.CeasedOn != "" {
		if _, err := calendar.ParseDate(in.CeasedOn); err != nil {
			fs = append(fs, fault.Field{Field: "ceasedOn", Reason: "must be a date YYYY-MM-DD"})
		}
	}
	if len(in.Note) > 4000 || strings.ContainsFunc(in.Note, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' }) {
		fs = append(fs, fault.Field{Field: "note", Reason: "at most 4000 bytes, no control characters"})
	}
	if len(fs) > 0 {
		WriteError(w, r, fault.WithFields(fault.Unprocessable, "the cessation notice is not valid", fs...))
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		o, err := h.object(r, c)
		if err != nil {
			return Response{}, nil, err
		}
		if !c.Member(actor.Applicant, o.Org) {
			return Response{}, nil, fault.E(fault.Forbidden, "only the organisation that holds the object may report its cessation")
		}
		switch {
		case !o.Listed:
			return Response{}, nil, fault.E(fault.Conflict, "the object is not on the operator's list; cessation is reported for a listed object (002 ¶11)")
		case o.ExclusionApplicationID != "":
			return Response{}, nil, fault.E(fault.Conflict, "the object's exclusion is already under way (application %s); cessation is reported once", o.ExclusionApplicationID)
		}
		data := map[string]any{"basis": "002 ¶11", "objectId": o.ID}
		if in.CeasedOn != "" {
			data["ceasedOn"] = in.CeasedOn
		}
		if in.Note != "" {
			data["note"] = in.Note
		}
		ch, err := procedure.Open(procedure.KZOperatorExclusion.ID, facts(o), c, now, id.New(now), data)
		if err != nil {
			return Response{}, nil, err
		}
		return fillAndWrite(idem, appAnswer(http.StatusOK, ch.App), func() error {
			return raceConflict(h.Store.Apply(ctx, ch, dynamo.ApplyOptions{Idem: idem}), "the object changed meanwhile; reload it")
		})
	})
}

func facts(o *registry.Object) procedure.ObjectFacts { return registry.Facts(o) }

// exclusion is the AB's removal of the object from the list after a cessation notice:
// the exclusion action of the application the cessation opened.
func (h *Registry) exclusion(w http.ResponseWriter, r *http.Request) {
	var in map[string]any
	c, body, ok := request(w, r, &in, true)
	if !ok {
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		o, err := h.object(r, c)
		if err != nil {
			return Response{}, nil, err
		}
		if !c.Has(actor.AuthorizedBody) {
			return Response{}, nil, fault.E(fault.Forbidden, "only the authorized body may exclude an object")
		}
		if o.ExclusionApplicationID == "" {
			return Response{}, nil, fault.E(fault.Conflict, "no cessation or termination of the object was reported (002 ¶11)")
		}
		exclude := decided(h.Store.Update, o.ExclusionApplicationID, func(a *procedure.Application) (*procedure.Change, Response, error) {
			ch, err := procedure.Act(a, "exclusion", in, c, now, nil)
			if err != nil {
				return nil, Response{}, err
			}
			return ch, appAnswer(http.StatusOK, ch.App), nil
		})
		return exclude(ctx, idem)
	})
}
