package httpapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/registry"
)

// ObjectStore is what the object routes need of the registry; *dynamo.Store satisfies it.
type ObjectStore interface {
	LoadObject(ctx context.Context, id string) (*dynamo.ObjectState, error)
	UpdateObject(ctx context.Context, id string, decide func(*dynamo.ObjectState) (*registry.Change, error), o dynamo.ApplyOptions) (*dynamo.ObjectState, *registry.Change, error)
	CreateObject(ctx context.Context, ch *registry.Change, o dynamo.ApplyOptions) error
	ListObjects(ctx context.Context, q dynamo.ObjectQuery) ([]*registry.Object, string, error)
	ObjectEvents(ctx context.Context, id string, limit int, cursor string) ([]audit.Event, string, error)
	CreateDocument(ctx context.Context, d *document.Record, ownerStates []string, stateAttr string, by actor.Actor, idem *dynamo.Idem) error
	GetDocument(ctx context.Context, o document.Owner, docID string) (*document.Record, error)
}

func objectETag(o *registry.Object) string { return `"v` + strconv.Itoa(o.Version) + `"` }

// loadObject reads an object whole for a caller who may see it; 404 otherwise.
func (h *Registry) loadObject(ctx context.Context, r *http.Request, c actor.Caller) (*dynamo.ObjectState, error) {
	objID, err := validID(r, "objectId")
	if err != nil {
		return nil, err
	}
	st, err := h.Store.LoadObject(ctx, objID)
	if err != nil {
		return nil, err
	}
	if !maySeeObject(c, st.Object) {
		return nil, fault.E(fault.NotFound, "no such object")
	}
	return st, nil
}

// getObject answers the object with its documents and development projects: one Query.
func (h *Registry) getObject(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	st, err := h.loadObject(r.Context(), r, c)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	w.Header().Set("ETag", objectETag(st.Object))
	WriteJSON(w, http.StatusOK, st.Detail(nil))
}

// createObject registers an object of the caller's organisation (contract part two).
func (h *Registry) createObject(w http.ResponseWriter, r *http.Request) {
	var in registry.NewObjectInput
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		ch, err := registry.Create(in, c, now, id.New(now))
		if err != nil {
			return Response{}, nil, err
		}
		st := &registry.State{Object: ch.Object}
		resp := Response{Status: http.StatusCreated, Body: st.Detail(nil), Location: "/v1/objects/" + ch.Object.ID, ETag: objectETag(ch.Object)}
		return fillAndWrite(idem, resp, func() error {
			return raceConflict(h.Store.CreateObject(ctx, ch, dynamo.ApplyOptions{Idem: idem}), "the object was registered concurrently; reload it")
		})
	})
}

// listObjects is GET /v1/objects: the caller's objects (an applicant's organisation's, a
// supplier's, or for the reviewing roles all), by stage and newest first; ?stage= one
// stage; ?eligible=false the objects in operation whose operation's expenses are not
// supported (003 §18, 004 ¶18), the queue a budget round asks for.
func (h *Registry) listObjects(w http.ResponseWriter, r *http.Request) {
	c, limit, cursor, ok := pagedCaller(w, r)
	if !ok {
		return
	}
	q := dynamo.ObjectQuery{Limit: limit, Cursor: cursor, Stage: r.URL.Query().Get("stage")}
	if q.Stage != "" && !slices.Contains(registry.Stages, q.Stage) {
		WriteError(w, r, fault.WithFields(fault.Invalid, "unknown stage",
			fault.Field{Field: "stage", Reason: "must be one of " + strings.Join(registry.Stages, ", ")}))
		return
	}
	switch v := r.URL.Query().Get("eligible"); v {
	case "":
	case "false":
		if q.Stage != "" && q.Stage != registry.Operation {
			WriteError(w, r, fault.WithFields(fault.Invalid, "the not-eligible queue is of objects in operation",
				fault.Field{Field: "stage", Reason: "with eligible=false, none or operation"}))
			return
		}
		q.NotEligible = true
	default:
		WriteError(w, r, fault.WithFields(fault.Invalid, "eligible takes false: the queue of objects not eligible",
			fault.Field{Field: "eligible", Reason: "must be false"}))
		return
	}
	switch {
	case c.Reviewer():
	case c.Has(actor.Applicant) && c.Org != "":
		q.Org = c.Org
	case c.Has(actor.Supplier) && c.Org != "":
		q.Supplier = c.Org
	default:
		WriteError(w, r, fault.E(fault.Forbidden, "no role that may list objects"))
		return
	}
	objs, next, err := h.Store.ListObjects(r.Context(), q)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, List[*registry.Object]{Items: objs, NextCursor: next})
}

// patchObject corrects the object's name, funding route or supplier (owner org). With
// If-Match, a copy older than the object's version is refused with 412.
func (h *Registry) patchObject(w http.ResponseWriter, r *http.Request) {
	var in registry.PatchInput
	c, _, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	want, conditional, err := ifMatch(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	objID, err := validID(r, "objectId")
	if err != nil {
		WriteError(w, r, err)
		return
	}
	now := h.now()
	st, ch, err := h.Store.UpdateObject(r.Context(), objID, func(st *dynamo.ObjectState) (*registry.Change, error) {
		if !maySeeObject(c, st.Object) {
			return nil, fault.E(fault.NotFound, "no such object")
		}
		if conditional && st.Object.Version != want {
			return nil, fault.E(fault.Stale, "the object is at version %d, not %d: someone changed it; reload it", st.Object.Version, want)
		}
		return registry.Patch(&st.State, in, c, now)
	}, dynamo.ApplyOptions{})
	if err != nil {
		WriteError(w, r, err)
		return
	}
	w.Header().Set("ETag", objectETag(ch.Object))
	WriteJSON(w, http.StatusOK, st.Detail(ch))
}

// changeObject runs one decision on the object the path names, under Idempotency-Key:
// the body is decoded into in, the path's ids are checked (objectId, then those named in
// more, which decide reads from the path), and the object is loaded, hidden from a caller
// who may not see it (404), decided on and written in one conditional transaction.
func (h *Registry) changeObject(w http.ResponseWriter, r *http.Request, in any, status int,
	decide func(st *dynamo.ObjectState, c actor.Caller, now time.Time) (*registry.Change, error), more ...string) {
	c, body, objID, ok := requestOn(w, r, in, false, "objectId")
	if !ok {
		return
	}
	for _, name := range more {
		if _, err := validID(r, name); err != nil {
			WriteError(w, r, err)
			return
		}
	}
	now := h.now()
	update := func(ctx context.Context, id string, d func(*dynamo.ObjectState) (*registry.Change, error), o dynamo.ApplyOptions) (*registry.Change, error) {
		_, ch, err := h.Store.UpdateObject(ctx, id, d, o)
		return ch, err
	}
	Idempotent(w, r, h.Store, c, body, now, decided(update, objID, func(st *dynamo.ObjectState) (*registry.Change, Response, error) {
		if !maySeeObject(c, st.Object) {
			return nil, Response{}, fault.E(fault.NotFound, "no such object")
		}
		ch, err := decide(st, c, now)
		if err != nil {
			return nil, Response{}, err
		}
		return ch, Response{Status: status, Body: st.Detail(ch), Location: "/v1/objects/" + objID, ETag: objectETag(ch.Object)}, nil
	}))
}

// stage moves the object to its next life-cycle stage: one load, one conditional
// transaction (with the warranty's clock, or the exclusion a termination opens).
func (h *Registry) stage(w http.ResponseWriter, r *http.Request) {
	var in registry.StageInput
	h.changeObject(w, r, &in, http.StatusOK, func(st *dynamo.ObjectState, c actor.Caller, now time.Time) (*registry.Change, error) {
		return registry.EnterStage(&st.State, in, c, now, id.New(now))
	})
}

// startDevelopment opens a development project of an object in operation (003 §10).
func (h *Registry) startDevelopment(w http.ResponseWriter, r *http.Request) {
	var in registry.DevelopmentInput
	h.changeObject(w, r, &in, http.StatusCreated, func(st *dynamo.ObjectState, c actor.Caller, now time.Time) (*registry.Change, error) {
		return registry.StartDevelopment(&st.State, in, c, now, id.New(now))
	})
}

// developmentStage moves a development project along its path (003 §9, §10).
func (h *Registry) developmentStage(w http.ResponseWriter, r *http.Request) {
	var in registry.StageInput
	h.changeObject(w, r, &in, http.StatusOK, func(st *dynamo.ObjectState, c actor.Caller, now time.Time) (*registry.Change, error) {
		return registry.MoveDevelopment(&st.State, r.PathValue("devId"), in, c, now)
	}, "devId")
}

// objectDocumentBody is an upload slot request for an object: an application's, and the
// development project the document is for, if any.
type objectDocumentBody struct {
	documentBody
	Development string `json:"development"`
}

// createObjectDocument gives an upload slot for a document of the object (003 §4: the
// object's e-copies are submitted and updated at each stage), recorded with the stage it
// is uploaded in. The slot is counted on the object in the same transaction that checks
// the object is still in that stage, so a stage change in flight sees it or refuses it.
func (h *Registry) createObjectDocument(w http.ResponseWriter, r *http.Request) {
	var in objectDocumentBody
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		st, err := h.loadObject(ctx, r, c)
		if err != nil {
			return Response{}, nil, err
		}
		o := st.Object
		if !c.Member(actor.Applicant, o.Org) {
			return Response{}, nil, fault.E(fault.Forbidden, "only the organisation that holds the object adds its documents (003 §4)")
		}
		if err := CheckDocument(registry.DocumentKinds(), in.documentBody); err != nil {
			return Response{}, nil, err
		}
		stage := o.Stage
		if in.Development != "" {
			i := slices.IndexFunc(st.Devs, func(d registry.Development) bool { return d.ID == in.Development })
			switch {
			case i < 0:
				return Response{}, nil, fault.WithFields(fault.Unprocessable, "no such development of the object",
					fault.Field{Field: "development", Reason: "not a development project of this object"})
			case !st.Devs[i].Open():
				return Response{}, nil, fault.E(fault.Conflict, "development %s is %s; its documents are closed", in.Development, st.Devs[i].Stage)
			}
			stage = st.Devs[i].Stage
		}
		docID := id.New(now)
		owner := document.Owner{Kind: document.OfObject, ID: o.ID}
		d := &document.Record{ID: docID, ObjectID: o.ID, Stage: stage, Development: in.Development, Org: o.Org, Kind: in.Kind,
			FileName: in.FileName, ContentType: in.ContentType, Size: *in.Size, SHA256: strings.ToLower(in.SHA256),
			Status: document.Pending, Reasons: []string{}, Key: owner.Key(docID), CreatedAt: now}
		slot, err := h.Docs.UploadSlot(ctx, d.Key, d.ContentType, d.SHA256, now)
		if err != nil {
			return Response{}, nil, err
		}
		resp := Response{Status: http.StatusCreated, Location: "/v1/objects/" + o.ID + "/documents/" + docID,
			Body: slotResponse{ID: docID, Status: d.Status, Upload: *slot, ExpiresAt: slot.ExpiresAt, Document: d}}
		return fillAndWrite(idem, resp, func() error {
			err := h.Store.CreateDocument(ctx, d, []string{o.Stage}, "stage", c.Actor(actor.Applicant), idem)
			if errors.Is(err, dynamo.ErrRace) {
				return fault.E(fault.Conflict, "the object left stage %s meanwhile; ask for the slot again", o.Stage)
			}
			return err
		})
	})
}

// objectDocument reads a document of an object: the owner organisation and the
// reviewing roles; the object's supplier sees that it exists (403); anyone else 404.
func (h *Registry) objectDocument(r *http.Request, c actor.Caller) (*document.Record, error) {
	objID, err := validID(r, "objectId")
	if err != nil {
		return nil, err
	}
	docID, err := validID(r, "docId")
	if err != nil {
		return nil, err
	}
	d, err := h.Store.GetDocument(r.Context(), document.Owner{Kind: document.OfObject, ID: objID}, docID)
	if err != nil {
		return nil, err
	}
	if c.Reviewer() || (c.Org != "" && c.Org == d.Org && c.Has(actor.Applicant)) {
		return d, nil
	}
	if o, err := h.Store.GetObject(r.Context(), objID); err == nil && maySeeObject(c, o) {
		return nil, fault.E(fault.Forbidden, "the documents are the owner organisation's and the reviewers'")
	}
	return nil, fault.E(fault.NotFound, "no such document")
}

func (h *Registry) getObjectDocument(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(c actor.Caller) (*document.Record, error) { return h.objectDocument(r, c) })
}

func (h *Registry) objectDocumentContent(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	d, err := h.objectDocument(r, c)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	serveContent(w, r, h.Docs, d)
}

// ownerOrReviewer reads the object for its owner organisation and the reviewing roles;
// its supplier gets 403, anyone else 404.
func (h *Registry) ownerOrReviewer(r *http.Request, c actor.Caller) (*registry.Object, error) {
	o, err := h.object(r, c)
	if err != nil {
		return nil, err
	}
	if !c.MaySee(o.Org) {
		return nil, fault.E(fault.Forbidden, "for the owner organisation and the reviewing roles")
	}
	return o, nil
}

// budgetEligibility is the budget gate (003 §18, 004 ¶18): whether the object's
// industrial-operation expenses are supported, and every item missing with its basis.
func (h *Registry) budgetEligibility(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(c actor.Caller) (registry.Eligibility, error) {
		o, err := h.ownerOrReviewer(r, c)
		if err != nil {
			return registry.Eligibility{}, err
		}
		return registry.Budget(o), nil
	})
}

// objectEvents is the object's audit trail, oldest first (its stages, documents,
// developments, warranty firings).
func (h *Registry) objectEvents(w http.ResponseWriter, r *http.Request) {
	events(w, r, h.Store.ObjectEvents, func(c actor.Caller) (string, error) {
		o, err := h.ownerOrReviewer(r, c)
		if err != nil {
			return "", err
		}
		return o.ID, nil
	})
}

// changeFacts are the query parameters of the change classification, each true or false.
var changeFacts = []string{"integration", "sourceCode", "externalModule", "newRequirements", "modernization", "defects", "keepsIntegrity"}

// changeClassification classifies a planned change of an object in operation as
// refinement, support or development (003 §10 ¶3, §3 4), §3 1)), with its reasons and
// what the class requires: a public rule a portal asks before opening a development.
func changeClassification(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	val := map[string]bool{}
	var fs []fault.Field
	for k, vs := range q {
		if !slices.Contains(changeFacts, k) {
			fs = append(fs, fault.Field{Field: k, Reason: "unknown; the facts are " + strings.Join(changeFacts, ", ")})
			continue
		}
		if len(vs) != 1 || (vs[0] != "true" && vs[0] != "false") {
			fs = append(fs, fault.Field{Field: k, Reason: "must be true or false, once"})
			continue
		}
		val[k] = vs[0] == "true"
	}
	if len(fs) > 0 {
		slices.SortFunc(fs, func(a, b fault.Field) int { return strings.Compare(a.Field, b.Field) })
		WriteError(w, r, fault.WithFields(fault.Invalid, "the change is not described as the rule asks", fs...))
		return
	}
	WriteJSON(w, http.StatusOK, registry.Classify(registry.ChangeFacts{Integration: val["integration"], SourceCode: val["sourceCode"],
		ExternalModule: val["externalModule"], NewRequirements: val["newRequirements"], Modernization: val["modernization"],
		Defects: val["defects"], KeepsIntegrity: val["keepsIntegrity"]}))
}
