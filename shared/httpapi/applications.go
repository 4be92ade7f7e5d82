package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	"github.com/ictgov/ictgov/shared/procedure"
	"github.com/ictgov/ictgov/shared/s3store"
)

// ApplicationStore is what the application routes need of the registry; *dynamo.Store
// satisfies it.
type ApplicationStore interface {
	Idempotency
	LoadApplication(ctx context.Context, id string) (*procedure.Application, error)
	Update(ctx context.Context, id string, decide func(*procedure.Application) (*procedure.Change, error), o dynamo.ApplyOptions) (*procedure.Application, error)
	Apply(ctx context.Context, ch *procedure.Change, o dynamo.ApplyOptions) error
	ObjectFacts(ctx context.Context, id string) (*procedure.ObjectFacts, error)
	ListApplications(ctx context.Context, q dynamo.Query) ([]*procedure.Application, string, error)
	ListPartyApplications(ctx context.Context, role, org, status string, limit int, cursor string) ([]*procedure.Application, string, error)
	Events(ctx context.Context, appID string, limit int, cursor string) ([]audit.Event, string, error)
	CreateDocument(ctx context.Context, d *document.Record, ownerStates []string, stateAttr string, by actor.Actor, idem *dynamo.Idem) error
	GetDocument(ctx context.Context, o document.Owner, docID string) (*document.Record, error)
	ListInbox(ctx context.Context, keys []string, limit int, cursor string) ([]dynamo.InboxEntry, string, error)
	MarkRead(ctx context.Context, keys []string, noticeID, by string, now time.Time, idem *dynamo.Idem, answer func(*dynamo.InboxEntry) error) (*dynamo.InboxEntry, error)
	Ping(ctx context.Context) error
}

// DocumentBucket is what the document routes need of the documents bucket;
// *s3store.Bucket satisfies it.
type DocumentBucket interface {
	UploadSlot(ctx context.Context, key, contentType, sha256Hex string, now time.Time) (*s3store.Slot, error)
	DownloadLink(ctx context.Context, key, versionID, fileName, contentType string) (string, error)
	Ping(ctx context.Context) error
}

// ApplicationGuard checks, before the engine decides, what a procedure needs of records
// other than the application (seed 000: the decision names the organisation, the
// organisation is under freeze, its §6.1 application was agreed); *dynamo.Store
// satisfies it. nil: nothing beyond the engine. GuardAct leaves what it read in r, which
// the handler passes on to the change (ApplyOptions.Reads), so that the change's effects
// on those records do not read them again (issue 8: two reads per state change).
type ApplicationGuard interface {
	GuardCreate(ctx context.Context, d procedure.Draft, c actor.Caller, now time.Time) error
	GuardAct(ctx context.Context, a *procedure.Application, action string, input map[string]any, c actor.Caller, now time.Time, r *dynamo.Reads) error
}

// Applications serves intake, documents, transitions, queues, the trail, the inbox and
// the procedures as data.
type Applications struct {
	Store ApplicationStore
	Docs  DocumentBucket
	Guard ApplicationGuard
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
		{"GET /v1/procedures", listProcedures},
		{"GET /v1/procedures/{id}", getProcedure},
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

// caller authenticates; every handler starts here.
func caller(w http.ResponseWriter, r *http.Request) (actor.Caller, bool) {
	c, err := CallerFrom(r)
	if err != nil {
		WriteError(w, r, err)
		return c, false
	}
	return c, true
}

// pagedCaller is the start of every paged list a caller reads: who is asking, and which
// page; on a bad token or page it has answered and returns false.
func pagedCaller(w http.ResponseWriter, r *http.Request) (c actor.Caller, limit int, cursor string, ok bool) {
	if c, ok = caller(w, r); !ok {
		return c, 0, "", false
	}
	limit, cursor, err := Page(r)
	if err != nil {
		WriteError(w, r, err)
		return c, 0, "", false
	}
	return c, limit, cursor, true
}

// request authenticates, then reads and strictly decodes the body into v; on failure it
// has answered with the problem document and ok is false.
func request(w http.ResponseWriter, r *http.Request, v any, optional bool) (c actor.Caller, body []byte, ok bool) {
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

// requestOn is request for a route on a record the path names: then the record's id,
// the path value name, which must be an id the system issued (404 otherwise).
func requestOn(w http.ResponseWriter, r *http.Request, v any, optional bool, name string) (c actor.Caller, body []byte, recordID string, ok bool) {
	if c, body, ok = request(w, r, v, optional); !ok {
		return c, nil, "", false
	}
	recordID, err := validID(r, name)
	if err != nil {
		WriteError(w, r, err)
		return c, nil, "", false
	}
	return c, body, recordID, true
}

// get answers a read: authenticate, load what the caller may see, send it as JSON.
func get[T any](w http.ResponseWriter, r *http.Request, load func(actor.Caller) (T, error)) {
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

// events answers a page of a record's audit trail, oldest first: find checks that the
// caller may read the record the path names (404 or 403 otherwise) and returns its id.
func events(w http.ResponseWriter, r *http.Request, load func(ctx context.Context, id string, limit int, cursor string) ([]audit.Event, string, error),
	find func(actor.Caller) (string, error)) {
	c, limit, cursor, ok := pagedCaller(w, r)
	if !ok {
		return
	}
	recordID, err := find(c)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	evs, next, err := load(r.Context(), recordID, limit, cursor)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, List[audit.Event]{Items: evs, NextCursor: next})
}

func validID(r *http.Request, name string) (string, error) {
	v := r.PathValue(name)
	if !id.Valid(v) {
		// An id the system never issued cannot name anything: 404, as for an unknown one.
		return "", fault.E(fault.NotFound, "no such %s", strings.TrimSuffix(name, "Id"))
	}
	return v, nil
}

// draftOf reads a create or patch body: "procedure", "object", and every other key a
// draft section of the procedure, decoded generically and checked by the engine.
func draftOf(body map[string]any) (procedure.Draft, error) {
	var d procedure.Draft
	var fs []fault.Field
	for k, v := range body {
		switch k {
		case "procedure":
			s, ok := v.(string)
			if !ok {
				fs = append(fs, fault.Field{Field: "procedure", Reason: "must be a string"})
			}
			d.Procedure = s
		case "object":
			m, ok := v.(map[string]any)
			if !ok {
				fs = append(fs, fault.Field{Field: "object", Reason: "must be an object"})
				continue
			}
			o := &procedure.ObjectInput{}
			for ok2, x := range m {
				s, isStr := x.(string)
				if !isStr {
					fs = append(fs, fault.Field{Field: "object." + ok2, Reason: "must be a string"})
					continue
				}
				switch ok2 {
				case "id":
					o.ID = s
				case "name":
					o.Name = s
				case "type":
					o.Type = s
				default:
					fs = append(fs, fault.Field{Field: "object." + ok2, Reason: "unknown field"})
				}
			}
			d.Object = o
		default:
			if d.Sections == nil {
				d.Sections = map[string]any{}
			}
			d.Sections[k] = v
		}
	}
	if len(fs) > 0 {
		slices.SortFunc(fs, func(a, b fault.Field) int { return strings.Compare(a.Field, b.Field) })
		return d, fault.WithFields(fault.Invalid, "the request body is not valid", fs...)
	}
	return d, nil
}

func (h *Applications) create(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	c, raw, ok := request(w, r, &body, false)
	if !ok {
		return
	}
	d, err := draftOf(body)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, raw, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		var obj *procedure.ObjectFacts
		if d.Object != nil && d.Object.ID != "" {
			if !id.Valid(d.Object.ID) {
				return Response{}, nil, fault.E(fault.NotFound, "no such object")
			}
			var err error
			if obj, err = h.Store.ObjectFacts(ctx, d.Object.ID); err != nil && !fault.Is(err, fault.NotFound) {
				return Response{}, nil, err
			}
		}
		if h.Guard != nil {
			if err := h.Guard.GuardCreate(ctx, d, c, now); err != nil {
				return Response{}, nil, err
			}
		}
		ch, err := procedure.Create(d, c, now, id.New(now), id.New(now), obj)
		if err != nil {
			return Response{}, nil, err
		}
		return fillAndWrite(idem, appAnswer(http.StatusCreated, ch.App), func() error {
			return raceConflict(h.Store.Apply(ctx, ch, dynamo.ApplyOptions{Idem: idem}), "the object changed meanwhile; reload it")
		})
	})
}

// etag is an application's entity tag: its version, which every change increments.
func etag(a *procedure.Application) string { return `"v` + strconv.Itoa(a.Version) + `"` }

// appAnswer answers with an application a change made or opened: where it is and its tag.
func appAnswer(status int, a *procedure.Application) Response {
	return Response{Status: status, Body: a, Location: "/v1/applications/" + a.ID, ETag: etag(a)}
}

// load reads an application the caller may see; others' are 404 (no leak of existence).
func (h *Applications) load(ctx context.Context, r *http.Request, c actor.Caller) (*procedure.Application, error) {
	appID, err := validID(r, "id")
	if err != nil {
		return nil, err
	}
	a, err := h.Store.LoadApplication(ctx, appID)
	if err != nil {
		return nil, err
	}
	if !procedure.CanSee(c, a) {
		return nil, fault.E(fault.NotFound, "no such application")
	}
	return a, nil
}

func (h *Applications) get(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	a, err := h.load(r.Context(), r, c)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(a))
	WriteJSON(w, http.StatusOK, a)
}

func (h *Applications) list(w http.ResponseWriter, r *http.Request) {
	c, limit, cursor, ok := pagedCaller(w, r)
	if !ok {
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
	case c.Has(actor.Supplier) && !c.Has(actor.Applicant) && c.Org != "":
		// A supplier's queue is the applications it is a party of: its objects' warranty
		// claims (contract part two).
		if q.Overdue {
			WriteError(w, r, fault.WithFields(fault.Invalid, "a supplier's queue has no overdue filter",
				fault.Field{Field: "overdue", Reason: "the procedures a supplier takes part in set no time limit (003 §17)"}))
			return
		}
		apps, next, err := h.Store.ListPartyApplications(r.Context(), string(actor.Supplier), c.Org, q.Status, limit, cursor)
		if err != nil {
			WriteError(w, r, err)
			return
		}
		WriteJSON(w, http.StatusOK, List[*procedure.Application]{Items: apps, NextCursor: next})
		return
	case c.Org != "" && slices.ContainsFunc(c.Roles, func(r actor.Role) bool { return !r.Unscoped() }):
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
		if slices.Contains(p.Statuses(), procedure.Status(s)) {
			return true
		}
	}
	return false
}

// ifMatch reads the If-Match header as the version it names; ok is false without one.
func ifMatch(r *http.Request) (version int, ok bool, err error) {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	if v == "" {
		return 0, false, nil
	}
	if v == "*" {
		return 0, false, nil
	}
	v = strings.TrimPrefix(v, "W/")
	n, perr := strconv.Atoi(strings.TrimPrefix(strings.Trim(v, `"`), "v"))
	if perr != nil || !strings.HasPrefix(v, `"v`) {
		return 0, false, fault.WithFields(fault.Invalid, "If-Match must be an ETag this API issued",
			fault.Field{Field: "If-Match", Reason: `an entity tag such as "v3"`})
	}
	return n, true, nil
}

func (h *Applications) patch(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	c, _, ok := request(w, r, &body, false)
	if !ok {
		return
	}
	want, conditional, err := ifMatch(r)
	if err == nil {
		var d procedure.Draft
		if d, err = draftOf(body); err == nil {
			var appID string
			if appID, err = validID(r, "id"); err == nil {
				var a *procedure.Application
				a, err = h.Store.Update(r.Context(), appID, func(a *procedure.Application) (*procedure.Change, error) {
					if !procedure.CanSee(c, a) {
						return nil, fault.E(fault.NotFound, "no such application")
					}
					if conditional && a.Version != want {
						// Two clerks editing one draft: the one with the older copy is told,
						// never silently overwritten.
						return nil, fault.E(fault.Stale, "the application is at version %d, not %d: someone changed it; reload it", a.Version, want)
					}
					return procedure.Patch(a, d, c, h.now())
				}, dynamo.ApplyOptions{})
				if err == nil {
					w.Header().Set("ETag", etag(a))
					WriteJSON(w, http.StatusOK, a)
					return
				}
			}
		}
	}
	WriteError(w, r, err)
}

func raceConflict(err error, detail string) error {
	if errors.Is(err, dynamo.ErrRace) {
		return fault.Wrap(fault.Conflict, err, detail)
	}
	return err
}

func (h *Applications) action(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	c, raw, ok := request(w, r, &body, true)
	if !ok {
		return
	}
	appID, err := validID(r, "id")
	if err != nil {
		WriteError(w, r, err)
		return
	}
	name := r.PathValue("action")
	now := h.now()
	Idempotent(w, r, h.Store, c, raw, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		var out []byte
		var resp Response
		reads := new(dynamo.Reads)
		a, err := h.Store.Update(ctx, appID, func(a *procedure.Application) (*procedure.Change, error) {
			var obj *procedure.ObjectFacts
			if p, ok := procedure.Lookup(a.Procedure); ok && a.Object != nil {
				if act, ok := p.Action(name); ok && act.NeedsObject() && procedure.CanSee(c, a) {
					var err error
					if obj, err = h.Store.ObjectFacts(ctx, a.Object.ID); err != nil {
						return nil, fmt.Errorf("object of %s: %w", a.ID, err)
					}
				}
			}
			if h.Guard != nil {
				if err := h.Guard.GuardAct(ctx, a, name, body, c, now, reads); err != nil {
					return nil, err
				}
			}
			ch, err := procedure.Act(a, name, body, c, now, obj)
			if err != nil {
				return nil, err
			}
			resp = Response{Status: http.StatusOK, Body: ch.App, ETag: etag(ch.App)}
			out, err = Fill(idem, resp)
			return ch, err
		}, dynamo.ApplyOptions{Idem: idem, Reads: reads})
		if err != nil {
			return Response{}, nil, err
		}
		resp.Body = a
		return resp, out, nil
	})
}

func (h *Applications) events(w http.ResponseWriter, r *http.Request) {
	events(w, r, h.Store.Events, func(c actor.Caller) (string, error) {
		a, err := h.load(r.Context(), r, c)
		if err != nil {
			return "", err
		}
		return a.ID, nil
	})
}

// listProcedures serves every declared procedure as data (contract part two).
func listProcedures(w http.ResponseWriter, r *http.Request) {
	all := procedure.All()
	out := make([]procedure.Served, 0, len(all))
	for _, p := range all {
		out = append(out, p.Serve())
	}
	servePublic(w, r, List[procedure.Served]{Items: out})
}

func getProcedure(w http.ResponseWriter, r *http.Request) {
	p, ok := procedure.Lookup(r.PathValue("id"))
	if !ok {
		WriteError(w, r, fault.E(fault.NotFound, "no such procedure"))
		return
	}
	servePublic(w, r, p.Serve())
}

// servePublic answers a public, rarely changing document: cacheable, with an ETag of
// its bytes, and 304 when the client already has them.
func servePublic(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		WriteError(w, r, fmt.Errorf("encode %s: %w", r.URL.Path, err))
		return
	}
	tag := contentTag(b)
	w.Header().Set("ETag", tag)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Header.Get("If-None-Match") == tag {
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
