package httpapi

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/monitoring"
	"github.com/ictgov/ictgov/shared/registry"
)

// MonitoringStore is what the monitoring routes need of the registry; *dynamo.Store
// satisfies it.
type MonitoringStore interface {
	Idempotency
	GetObject(ctx context.Context, id string) (*registry.Object, error)
	ApplyProject(ctx context.Context, ch *monitoring.Change, o dynamo.ApplyOptions) error
	LoadProject(ctx context.Context, id string) (*monitoring.Project, error)
	UpdateProject(ctx context.Context, id string, decide func(*monitoring.Project) (*monitoring.Change, error), o dynamo.ApplyOptions) (*monitoring.Project, error)
	ListProjects(ctx context.Context, q dynamo.ProjectQuery) ([]*monitoring.Project, string, error)
	ProjectEvents(ctx context.Context, id string, limit int, cursor string) ([]audit.Event, string, error)
	GetRecommendation(ctx context.Context, id string) (*monitoring.Recommendation, error)
	UpdateRecommendation(ctx context.Context, id string, decide func(*monitoring.Recommendation) (*monitoring.RecChange, error), o dynamo.ApplyOptions) (*monitoring.Recommendation, error)
	monitoring.PeriodSource
	SaveReport(ctx context.Context, rc *monitoring.ReportChange, o dynamo.ApplyOptions) error
	GetReport(ctx context.Context, id string) (*monitoring.Report, error)
	ListReports(ctx context.Context, limit int, cursor string) ([]*monitoring.Report, string, error)
	UpdateReport(ctx context.Context, id string, decide func(*monitoring.Report) (*monitoring.Report, audit.Event, error), o dynamo.ApplyOptions) (*monitoring.Report, error)
	Summary(ctx context.Context, year int, org string) (*monitoring.Summary, error)
}

// ReportArchive is where report snapshots are kept; *s3store.Bucket satisfies it.
type ReportArchive interface {
	monitoring.Archive
	Open(ctx context.Context, key, versionID string) (io.ReadCloser, error)
}

// Monitoring serves the compliance monitoring of ICT projects (004 ¶19–¶29; contract
// part two): projects and their stages, assessments, recommendations, risk factors,
// architectural control findings, monitoring reports and the ¶29 summary.
type Monitoring struct {
	Store   MonitoringStore
	Reports ReportArchive
	Config  monitoring.Config
	Now     func() time.Time
	// SpoolDir holds a report's snapshot while it is frozen ("": the temp dir, /tmp in Lambda).
	SpoolDir string
}

// Routes returns the function's router.
func (h *Monitoring) Routes() http.Handler { return Serve(h.RouteTable()) }

// RouteTable mirrors template.yaml's HttpApi events for the Monitoring function.
func (h *Monitoring) RouteTable() []Route {
	return []Route{
		{"GET /v1/monitoring/checks", h.checks},
		{"GET /v1/monitoring/summary", h.summary},
		{"POST /v1/projects", h.createProject},
		{"GET /v1/projects", h.listProjects},
		{"GET /v1/projects/{projectId}", h.getProject},
		{"POST /v1/projects/{projectId}/stage", h.moveStage},
		{"POST /v1/projects/{projectId}/assessments", h.assess},
		{"POST /v1/projects/{projectId}/risks", h.recordRisk},
		{"POST /v1/projects/{projectId}/findings", h.recordFinding},
		{"GET /v1/projects/{projectId}/events", h.projectEvents},
		{"GET /v1/recommendations/{recommendationId}", h.getRecommendation},
		{"POST /v1/recommendations/{recommendationId}/implemented", h.implemented},
		{"POST /v1/monitoring-reports", h.createReport},
		{"GET /v1/monitoring-reports", h.listReports},
		{"GET /v1/monitoring-reports/{reportId}", h.getReport},
		{"POST /v1/monitoring-reports/{reportId}/coordinate", h.coordinate},
	}
}

func (h *Monitoring) now() time.Time {
	if h.Now != nil {
		return h.Now().UTC()
	}
	return time.Now().UTC()
}

// checks serves monitoring as data: the check sets with each check's paragraph and text,
// the levels, the rules and the risk factors with R3's configured threshold.
func (h *Monitoring) checks(w http.ResponseWriter, r *http.Request) {
	servePublic(w, r, monitoring.Declare(h.Config))
}

func projectLocation(id string) string { return "/v1/projects/" + id }

func (h *Monitoring) createProject(w http.ResponseWriter, r *http.Request) {
	var in monitoring.ProjectInput
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		// The registry says whose each object is; a project links its own organisation's.
		owners := map[string]string{}
		if c.Has(actor.Applicant) && len(in.ObjectIDs) <= monitoring.MaxObjects {
			for _, oid := range in.ObjectIDs {
				if !id.Valid(oid) {
					continue
				}
				o, err := h.Store.GetObject(ctx, oid)
				switch {
				case err == nil:
					owners[oid] = o.Org
				case !fault.Is(err, fault.NotFound):
					return Response{}, nil, err
				}
			}
		}
		ch, err := monitoring.Create(in, owners, c, now, id.New(now))
		if err != nil {
			return Response{}, nil, err
		}
		resp := Response{Status: http.StatusCreated, Body: ch.Project, Location: projectLocation(ch.Project.ID)}
		return fillAndWrite(idem, resp, func() error {
			return raceConflict(h.Store.ApplyProject(ctx, ch, dynamo.ApplyOptions{Idem: idem}), "the project was created concurrently; retry")
		})
	})
}

// loadProject reads a project the caller may see; another organisation's is 404.
func (h *Monitoring) loadProject(ctx context.Context, r *http.Request, c actor.Caller) (*monitoring.Project, error) {
	pid, err := validID(r, "projectId")
	if err != nil {
		return nil, err
	}
	p, err := h.Store.LoadProject(ctx, pid)
	if err != nil {
		return nil, err
	}
	if !monitoring.CanSee(c, p.Org) {
		return nil, fault.E(fault.NotFound, "no such project")
	}
	return p, nil
}

func (h *Monitoring) getProject(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(c actor.Caller) (*monitoring.Project, error) { return h.loadProject(r.Context(), r, c) })
}

func (h *Monitoring) listProjects(w http.ResponseWriter, r *http.Request) {
	c, limit, cursor, ok := pagedCaller(w, r)
	if !ok {
		return
	}
	q := dynamo.ProjectQuery{Limit: limit, Cursor: cursor}
	switch {
	case c.Reviewer():
	case c.Has(actor.Applicant) && c.Org != "":
		q.Org = c.Org
	default:
		WriteError(w, r, fault.E(fault.Forbidden, "no role that may list ICT projects"))
		return
	}
	ps, next, err := h.Store.ListProjects(r.Context(), q)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, List[*monitoring.Project]{Items: ps, NextCursor: next})
}

// changeProject runs one decision on a project under Idempotency-Key: load it (404 when
// the caller may not know it), decide, write in one conditional transaction.
func (h *Monitoring) changeProject(w http.ResponseWriter, r *http.Request, in any, optional bool, status int,
	decide func(c actor.Caller, p *monitoring.Project, now time.Time) (*monitoring.Change, error)) {
	c, body, pid, ok := requestOn(w, r, in, optional, "projectId")
	if !ok {
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, decided(h.Store.UpdateProject, pid, func(p *monitoring.Project) (*monitoring.Change, Response, error) {
		if !monitoring.CanSee(c, p.Org) {
			return nil, Response{}, fault.E(fault.NotFound, "no such project")
		}
		ch, err := decide(c, p, now)
		if err != nil {
			return nil, Response{}, err
		}
		return ch, Response{Status: status, Body: ch.Project, Location: projectLocation(p.ID)}, nil
	}))
}

func (h *Monitoring) moveStage(w http.ResponseWriter, r *http.Request) {
	var in monitoring.StageInput
	h.changeProject(w, r, &in, false, http.StatusOK, func(c actor.Caller, p *monitoring.Project, now time.Time) (*monitoring.Change, error) {
		return monitoring.MoveStage(p, in, c, now)
	})
}

func (h *Monitoring) assess(w http.ResponseWriter, r *http.Request) {
	var in monitoring.AssessmentInput
	h.changeProject(w, r, &in, false, http.StatusCreated, func(c actor.Caller, p *monitoring.Project, now time.Time) (*monitoring.Change, error) {
		return monitoring.Assess(p, in, c, now, func() string { return id.New(now) })
	})
}

func (h *Monitoring) recordRisk(w http.ResponseWriter, r *http.Request) {
	var in monitoring.RiskInput
	h.changeProject(w, r, &in, false, http.StatusCreated, func(c actor.Caller, p *monitoring.Project, now time.Time) (*monitoring.Change, error) {
		return monitoring.RecordRisk(p, in, h.Config, c, now, id.New(now))
	})
}

func (h *Monitoring) recordFinding(w http.ResponseWriter, r *http.Request) {
	var in monitoring.FindingInput
	h.changeProject(w, r, &in, false, http.StatusCreated, func(c actor.Caller, p *monitoring.Project, now time.Time) (*monitoring.Change, error) {
		return monitoring.RecordFinding(p, in, c, now, id.New(now))
	})
}

func (h *Monitoring) projectEvents(w http.ResponseWriter, r *http.Request) {
	events(w, r, h.Store.ProjectEvents, func(c actor.Caller) (string, error) {
		p, err := h.loadProject(r.Context(), r, c)
		if err != nil {
			return "", err
		}
		return p.ID, nil
	})
}

func (h *Monitoring) getRecommendation(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(c actor.Caller) (*monitoring.Recommendation, error) {
		rid, err := validID(r, "recommendationId")
		if err != nil {
			return nil, err
		}
		rec, err := h.Store.GetRecommendation(r.Context(), rid)
		if err != nil {
			return nil, err
		}
		if !monitoring.CanSee(c, rec.Org) {
			return nil, fault.E(fault.NotFound, "no such recommendation")
		}
		return rec, nil
	})
}

// implemented is the owner organisation's mark that a recommendation is implemented: its
// clock stops in the same transaction, so it never goes overdue afterwards.
func (h *Monitoring) implemented(w http.ResponseWriter, r *http.Request) {
	var in monitoring.NoteInput
	c, body, rid, ok := requestOn(w, r, &in, true, "recommendationId")
	if !ok {
		return
	}
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, decided(h.Store.UpdateRecommendation, rid, func(rec *monitoring.Recommendation) (*monitoring.RecChange, Response, error) {
		if !monitoring.CanSee(c, rec.Org) {
			return nil, Response{}, fault.E(fault.NotFound, "no such recommendation")
		}
		rc, err := monitoring.Implement(rec, in, c, now)
		if err != nil {
			return nil, Response{}, err
		}
		return rc, Response{Status: http.StatusOK, Body: rc.Rec, Location: "/v1/recommendations/" + rec.ID}, nil
	}))
}

// summary is the ¶29 summary of a year: levels, risks and recommendations by
// organisation. Reviewers see every organisation (or one, ?org=); an applicant its own.
func (h *Monitoring) summary(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	year := monitoring.DateOf(h.now()).Year
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2099 || len(v) != 4 {
			WriteError(w, r, fault.WithFields(fault.Invalid, "year is not valid", fault.Field{Field: "year", Reason: "a year YYYY from 2000 to 2099"}))
			return
		}
		year = y
	}
	org := r.URL.Query().Get("org")
	switch {
	case c.Reviewer():
		if org != "" && (len(org) > 128 || !printable(org)) {
			WriteError(w, r, fault.WithFields(fault.Invalid, "org is not valid", fault.Field{Field: "org", Reason: "an organisation id"}))
			return
		}
	case c.Has(actor.Applicant) && c.Org != "":
		org = c.Org
	default:
		WriteError(w, r, fault.E(fault.Forbidden, "no role that may read the monitoring summary"))
		return
	}
	s, err := h.Store.Summary(r.Context(), year, org)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, s)
}
