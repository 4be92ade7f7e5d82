package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ictgov/ictgov/shared/criteria"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/procedure"
	"github.com/ictgov/ictgov/shared/s3store"
)

// Applications serves intake, documents, transitions, queues, the trail and the inbox.
type Applications struct {
	Store *dynamo.Store
	Docs  *s3store.Bucket
	Now   func() time.Time
}

// Routes returns the function's router.
func (h *Applications) Routes() http.Handler { return Serve(h.RouteTable()) }

// RouteTable mirrors template.yaml's HttpApi events for the Applications function; a
// test holds the two, and the OpenAPI document, equal.
func (h *Applications) RouteTable() []Route {
	return []Route{
		{"GET /v1/health", h.health},
		{"GET /v1/openapi.yaml", serveOpenAPI},
		{"POST /v1/applications", h.create},
		{"GET /v1/applications", h.list},
		{"GET /v1/applications/{id}", h.get},
		{"PATCH /v1/applications/{id}", h.patch},
		{"POST /v1/applications/{id}/documents", h.createDocument},
		{"GET /v1/applications/{id}/documents/{docId}", h.getDocument},
		{"GET /v1/applications/{id}/documents/{docId}/content", h.documentContent},
		{"POST /v1/applications/{id}/{action}", h.action},
		{"GET /v1/applications/{id}/events", h.events},
		{"GET /v1/notifications", h.notifications},
		{"POST /v1/notifications/{noticeId}/read", h.markRead},
		{"GET /v1/me", h.me},
		{"GET /v1/problems/{kind}", serveProblemType},
	}
}

func (h *Applications) now() time.Time {
	if h.Now != nil {
		return h.Now().UTC()
	}
	return time.Now().UTC()
}

type objectBody struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type draftBody struct {
	Procedure   string                 `json:"procedure"`
	Object      *objectBody            `json:"object"`
	Criteria    map[string]bool        `json:"criteria"`
	Environment *procedure.Environment `json:"environment"`
}

func (b draftBody) draft() procedure.Draft {
	d := procedure.Draft{Procedure: b.Procedure, Environment: b.Environment}
	if b.Object != nil {
		d.Object = &procedure.Object{Name: b.Object.Name, Type: b.Object.Type}
	}
	if b.Criteria != nil {
		d.Criteria = criteria.Answers(b.Criteria)
	}
	return d
}

// caller authenticates; every handler starts here.
func caller(w http.ResponseWriter, r *http.Request) (procedure.Caller, bool) {
	c, err := CallerFrom(r)
	if err != nil {
		WriteError(w, r, err)
		return c, false
	}
	return c, true
}

// request authenticates, then reads and strictly decodes the body into v; on failure it
// has answered with the problem document and ok is false.
func request(w http.ResponseWriter, r *http.Request, v any, optional bool) (c procedure.Caller, body []byte, ok bool) {
	if c, ok = caller(w, r); !ok {
		return c, nil, false
	}
	body, err := ReadBody(r)
	if err == nil {
		err = Decode(body, v, optional)
	}
	if err != nil {
		WriteError(w, r, err)
		return c, nil, false
	}
	return c, body, true
}

// get answers a read: authenticate, load what the caller may see, send it as JSON.
func get[T any](w http.ResponseWriter, r *http.Request, load func(procedure.Caller) (T, error)) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	v, err := load(c)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, v)
}

func validID(r *http.Request, name string) (string, error) {
	v := r.PathValue(name)
	if !id.Valid(v) {
		// An id the system never issued cannot name anything: 404, as for an unknown one.
		return "", fault.E(fault.NotFound, "no such %s", strings.TrimSuffix(name, "Id"))
	}
	return v, nil
}

func (h *Applications) create(w http.ResponseWriter, r *http.Request) {
	var in draftBody
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		d := in.draft()
		if d.Object == nil {
			return Response{}, nil, fault.WithFields(fault.Unprocessable, "the application is not valid",
				fault.Field{Field: "object", Reason: "required"})
		}
		ch, err := procedure.Create(d, c, now, id.New(now), id.New(now))
		if err != nil {
			return Response{}, nil, err
		}
		resp := Response{Status: http.StatusCreated, Body: ch.App, Location: "/v1/applications/" + ch.App.ID}
		b, err := Fill(idem, resp)
		if err != nil {
			return Response{}, nil, err
		}
		if err := h.Store.Apply(ctx, ch, dynamo.ApplyOptions{Idem: idem, NewObject: true}); err != nil {
			return Response{}, nil, err
		}
		return resp, b, nil
	})
}

// load reads an application the caller may see; others' are 404 (no leak of existence).
func (h *Applications) load(ctx context.Context, r *http.Request, c procedure.Caller) (*procedure.Application, error) {
	appID, err := validID(r, "id")
	if err != nil {
		return nil, err
	}
	return LoadVisible(ctx, h.Store, c, appID)
}

// LoadVisible reads an application and hides it from callers who may not know it exists.
func LoadVisible(ctx context.Context, st *dynamo.Store, c procedure.Caller, appID string) (*procedure.Application, error) {
	a, err := st.LoadApplication(ctx, appID)
	if err != nil {
		return nil, err
	}
	if !procedure.CanSee(c, a) {
		return nil, fault.E(fault.NotFound, "no such application")
	}
	return a, nil
}

func (h *Applications) get(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(c procedure.Caller) (*procedure.Application, error) { return h.load(r.Context(), r, c) })
}

func (h *Applications) list(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	limit, cursor, err := Page(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	q := dynamo.Query{Limit: limit, Cursor: cursor, Status: r.URL.Query().Get("status")}
	switch r.URL.Query().Get("overdue") {
	case "", "false":
	case "true":
		q.Overdue = true
	default:
		WriteError(w, r, fault.WithFields(fault.Invalid, "overdue must be true or false",
			fault.Field{Field: "overdue", Reason: "must be true or false"}))
		return
	}
	if q.Status != "" && !knownStatus(q.Status) {
		WriteError(w, r, fault.WithFields(fault.Invalid, "unknown status",
			fault.Field{Field: "status", Reason: "not a status of any procedure"}))
		return
	}
	switch {
	case c.Reviewer():
	case c.Has(procedure.Applicant) && c.Org != "":
		q.Org = c.Org
	default:
		WriteError(w, r, fault.E(fault.Forbidden, "no role that may list applications"))
		return
	}
	apps, next, err := h.Store.ListApplications(r.Context(), q)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, List[*procedure.Application]{Items: apps, NextCursor: next})
}

func knownStatus(s string) bool {
	for _, p := range procedure.All() {
		for _, st := range p.Statuses() {
			if string(st) == s {
				return true
			}
		}
	}
	return false
}

func (h *Applications) patch(w http.ResponseWriter, r *http.Request) {
	var in draftBody
	c, _, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	if in.Procedure != "" {
		WriteError(w, r, fault.WithFields(fault.Unprocessable, "the procedure of an application cannot change",
			fault.Field{Field: "procedure", Reason: "cannot change"}))
		return
	}
	a, err := h.retry(r, c, func(a *procedure.Application) (*procedure.Change, dynamo.ApplyOptions, error) {
		ch, err := procedure.Patch(a, in.draft(), c, h.now())
		return ch, dynamo.ApplyOptions{}, err
	})
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, a)
}

// retry loads, decides and writes, again when a conditional write lost a race that did
// not change the application's status (a clock fired meanwhile); a lost race on the
// status itself ends as the engine's 409 on the next round.
func (h *Applications) retry(r *http.Request, c procedure.Caller, decide func(*procedure.Application) (*procedure.Change, dynamo.ApplyOptions, error)) (*procedure.Application, error) {
	for attempt := 0; attempt < 3; attempt++ {
		a, err := h.load(r.Context(), r, c)
		if err != nil {
			return nil, err
		}
		ch, opts, err := decide(a)
		if err != nil {
			return nil, err
		}
		err = h.Store.Apply(r.Context(), ch, opts)
		if errors.Is(err, dynamo.ErrRace) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return ch.App, nil
	}
	return nil, fault.E(fault.Conflict, "the application changed concurrently; reload it and retry")
}

type actionBody struct {
	// recommendation (002 ¶6)
	Architecture *string `json:"architecture"`
	Note         *string `json:"note"`
	// decision (002 ¶8)
	Decision *string  `json:"decision"`
	Reasons  []string `json:"reasons"`
}

func (b actionBody) input(kind procedure.InputKind) (procedure.Input, error) {
	get := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	var in procedure.Input
	var stray []string
	switch kind {
	case procedure.Recommendation:
		in.Recommendation = &procedure.RecommendationInput{Architecture: get(b.Architecture), Note: get(b.Note)}
		if b.Decision != nil || b.Reasons != nil {
			stray = append(stray, "decision", "reasons")
		}
	case procedure.Decision:
		in.Decision = &procedure.DecisionInput{Decision: get(b.Decision), Reasons: b.Reasons, Architecture: get(b.Architecture)}
		if b.Note != nil {
			stray = append(stray, "note")
		}
	case procedure.Provision:
		in.Provision = &procedure.ProvisionInput{Note: get(b.Note)}
		if b.Decision != nil || b.Reasons != nil || b.Architecture != nil {
			stray = append(stray, "decision", "reasons", "architecture")
		}
	default:
		if b.Architecture != nil || b.Note != nil || b.Decision != nil || b.Reasons != nil {
			stray = append(stray, "(any field)")
		}
	}
	if len(stray) > 0 {
		fs := make([]fault.Field, 0, len(stray))
		for _, f := range stray {
			fs = append(fs, fault.Field{Field: f, Reason: "not taken by this action"})
		}
		return in, fault.WithFields(fault.Invalid, "the request body has fields this action does not take", fs...)
	}
	return in, nil
}

func (h *Applications) action(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	name := r.PathValue("action")
	body, err := ReadBody(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	var in actionBody
	if err := Decode(body, &in, true); err != nil {
		WriteError(w, r, err)
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		var out []byte
		a, err := h.retry(r, c, func(a *procedure.Application) (*procedure.Change, dynamo.ApplyOptions, error) {
			p, ok := procedure.Lookup(a.Procedure)
			if !ok {
				return nil, dynamo.ApplyOptions{}, fmt.Errorf("application %s: unknown procedure %s", a.ID, a.Procedure)
			}
			act, ok := p.Action(name)
			if !ok {
				return nil, dynamo.ApplyOptions{}, fault.E(fault.NotFound, "procedure %s has no action %q", a.Procedure, name)
			}
			input, err := in.input(act.Input)
			if err != nil {
				return nil, dynamo.ApplyOptions{}, err
			}
			ch, err := procedure.Transition(a, name, input, c, now)
			if err != nil {
				return nil, dynamo.ApplyOptions{}, err
			}
			if ch.Effect == procedure.Unlist {
				// Removing an object from the list needs its registry record: that action
				// is taken on the object (002 ¶11), where the record is read.
				return nil, dynamo.ApplyOptions{}, fault.E(fault.NotFound, "exclusion is taken at /v1/objects/%s/exclusion", a.Object.ID)
			}
			out, err = Fill(idem, Response{Status: http.StatusOK, Body: ch.App})
			return ch, dynamo.ApplyOptions{Idem: idem}, err
		})
		if err != nil {
			return Response{}, nil, err
		}
		return Response{Status: http.StatusOK, Body: a}, out, nil
	})
}

func (h *Applications) events(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	limit, cursor, err := Page(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	a, err := h.load(r.Context(), r, c)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	evs, next, err := h.Store.Events(r.Context(), a.ID, limit, cursor)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, List[procedure.AuditEvent]{Items: evs, NextCursor: next})
}

type documentBody struct {
	Kind        string `json:"kind"`
	FileName    string `json:"fileName"`
	ContentType string `json:"contentType"`
	Size        *int64 `json:"size"`
	SHA256      string `json:"sha256"`
}

type slotResponse struct {
	ID        string              `json:"id"`
	Status    string              `json:"status"`
	Upload    s3store.Slot        `json:"upload"`
	ExpiresAt time.Time           `json:"expiresAt"`
	Document  *procedure.Document `json:"document"`
}

// checkDocument applies the contract's rules for a slot request; every problem is listed.
func checkDocument(p *procedure.Procedure, a *procedure.Application, in documentBody) error {
	if err := document.ValidateFileName(in.FileName); err != nil {
		var fe *document.FieldError
		reason := err.Error()
		if errors.As(err, &fe) {
			reason = fe.Reason
		}
		return fault.WithFields(fault.Invalid, "the file name is not a plain file name",
			fault.Field{Field: "fileName", Reason: reason})
	}
	var fs []fault.Field
	kinds := p.DocumentKinds(a.Object.Type)
	if !slices.Contains(kinds, in.Kind) {
		fs = append(fs, fault.Field{Field: "kind", Reason: "must be one of " + strings.Join(kinds, ", ")})
	}
	if _, err := document.FormatFor(in.ContentType, in.FileName); err != nil {
		var fe *document.FieldError
		f := fault.Field{Field: "contentType", Reason: err.Error()}
		if errors.As(err, &fe) {
			f = fault.Field{Field: fe.Field, Reason: fe.Reason}
		}
		fs = append(fs, f)
	}
	switch {
	case in.Size == nil:
		fs = append(fs, fault.Field{Field: "size", Reason: "required"})
	case *in.Size <= 0:
		fs = append(fs, fault.Field{Field: "size", Reason: "an empty file is not accepted"})
	case *in.Size > document.MaxSize:
		fs = append(fs, fault.Field{Field: "size", Reason: fmt.Sprintf("at most %d bytes (50 MiB)", document.MaxSize)})
	}
	if _, err := document.ParseSHA256Hex(in.SHA256); err != nil {
		fs = append(fs, fault.Field{Field: "sha256", Reason: "must be 64 hexadecimal characters"})
	}
	if len(fs) > 0 {
		return fault.WithFields(fault.Unprocessable, "the document cannot be accepted", fs...)
	}
	return nil
}

func (h *Applications) createDocument(w http.ResponseWriter, r *http.Request) {
	var in documentBody
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		a, err := h.load(ctx, r, c)
		if err != nil {
			return Response{}, nil, err
		}
		p, ok := procedure.Lookup(a.Procedure)
		if !ok {
			return Response{}, nil, fmt.Errorf("application %s: unknown procedure %s", a.ID, a.Procedure)
		}
		if !c.Has(procedure.Applicant) || c.Org != a.Org {
			return Response{}, nil, fault.E(fault.Forbidden, "only the applicant organisation may add documents")
		}
		if a.Status != p.Initial {
			return Response{}, nil, fault.E(fault.Conflict, "the application is %s; documents are added while %s", a.Status, p.Initial)
		}
		if err := checkDocument(p, a, in); err != nil {
			return Response{}, nil, err
		}
		docID := id.New(now)
		d := &procedure.Document{ID: docID, ApplicationID: a.ID, Org: a.Org, Kind: in.Kind, FileName: in.FileName,
			ContentType: in.ContentType, Size: *in.Size, SHA256: strings.ToLower(in.SHA256), Status: procedure.DocPending,
			Reasons: []string{}, Key: "documents/" + a.ID + "/" + docID, CreatedAt: now}
		slot, err := h.Docs.UploadSlot(ctx, d.Key, d.ContentType, d.SHA256, now)
		if err != nil {
			return Response{}, nil, err
		}
		resp := Response{Status: http.StatusCreated, Location: "/v1/applications/" + a.ID + "/documents/" + docID,
			Body: slotResponse{ID: docID, Status: d.Status, Upload: *slot, ExpiresAt: slot.ExpiresAt, Document: d}}
		b, err := Fill(idem, resp)
		if err != nil {
			return Response{}, nil, err
		}
		if err := h.Store.CreateDocument(ctx, d, p.Initial, c.Actor(procedure.Applicant), idem); err != nil {
			if errors.Is(err, dynamo.ErrRace) {
				return Response{}, nil, fault.E(fault.Conflict, "the application left %s meanwhile", p.Initial)
			}
			return Response{}, nil, err
		}
		return resp, b, nil
	})
}

// document reads a document of an application the caller may see.
func (h *Applications) document(r *http.Request, c procedure.Caller) (*procedure.Document, error) {
	appID, err := validID(r, "id")
	if err != nil {
		return nil, err
	}
	docID, err := validID(r, "docId")
	if err != nil {
		return nil, err
	}
	d, err := h.Store.GetDocument(r.Context(), appID, docID)
	if err != nil {
		return nil, err
	}
	if !c.MaySee(d.Org) {
		return nil, fault.E(fault.NotFound, "no such document")
	}
	return d, nil
}

func (h *Applications) getDocument(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(c procedure.Caller) (*procedure.Document, error) { return h.document(r, c) })
}

// documentContent redirects to a short-lived link to the validated version only: a
// rejected or unvalidated file is never served.
func (h *Applications) documentContent(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	d, err := h.document(r, c)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	if d.Status != procedure.DocValid {
		WriteError(w, r, fault.E(fault.Conflict, "the document is %s; only a valid document is served", d.Status))
		return
	}
	link, err := h.Docs.DownloadLink(r.Context(), d.Key, d.VersionID, d.FileName, d.ContentType)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, link, http.StatusFound)
}
