package monitoring

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
)

// Freezing a report (004 ¶26) writes two stores that share no transaction: the snapshot
// in S3 and the report's record in the registry. The order makes a crash between them
// harmless:
//
//  1. Read the period's claim: a report made already is 409 at once.
//  2. Read the period's records, each once, and write the snapshot as they are read into
//     a spool file (memory stays that of one record), hashing it.
//  3. Put the snapshot under the period's key only if the key is free (S3 If-None-Match:
//     "*"), with its SHA-256 checked by S3 and the report's id, maker and totals in the
//     object's metadata. The key is never rewritten: versioning shows one version.
//  4. Write the report's record, the period's claim and the trail entry carrying the
//     notice to the authorized body, in one conditional transaction.
//
// A crash after 3 leaves an object and no record: nothing is visible, and the next
// POST for the period finds the object at 3 (the put is refused), rebuilds the record
// from the object's metadata and completes 4 with it. The report is the first attempt's,
// made at its moment; the request that made it gets 201 when it retries with its
// Idempotency-Key, anyone else 409. Two requests racing for one period: S3 lets one put
// win; the loser completes the winner's record if it is missing, and answers 409.

// ErrExists is what Archive.PutNew returns when the key is taken.
var ErrExists = errors.New("an object with this key exists")

// ErrPeriodTaken is what the store returns when a report for the period exists.
var ErrPeriodTaken = errors.New("a report for the period exists")

// Archive is the snapshot store (S3).
type Archive interface {
	// PutNew stores body under key only if no object has that key, with its SHA-256
	// checked by the store; ErrExists if one has.
	PutNew(ctx context.Context, key string, body io.ReadSeeker, size int64, sha256 []byte, meta map[string]string) (versionID string, err error)
	// Head reads an object's metadata, version id and size.
	Head(ctx context.Context, key string) (meta map[string]string, versionID string, size int64, err error)
}

// PeriodSource is what the freeze reads from the registry.
type PeriodSource interface {
	// ReportOfPeriod is the report made for the period, or nil.
	ReportOfPeriod(ctx context.Context, period string) (*Report, error)
	// StreamPeriod hands the period's records to w, each once, section by section: the
	// assessments made in the period, the recommendations open or overdue now, and the
	// risks and findings recorded in the period.
	StreamPeriod(ctx context.Context, p Period, w *SnapshotWriter) error
}

// ReportChange is what saving a report writes: its record and the period's claim, both
// new, and its trail entry carrying the notice to the authorized body.
type ReportChange struct {
	Report *Report
	Event  audit.Event
}

// FreezeRequest is one POST /v1/monitoring-reports.
type FreezeRequest struct {
	Period Period
	Caller actor.Caller
	Now    time.Time
	NewID  string
	// Request names this request across its retries: a digest of the caller and its
	// Idempotency-Key, "" without one. A snapshot whose metadata carries it was made by
	// an earlier attempt of this request.
	Request string
	// SpoolDir holds the snapshot while it is written ("" is the system's temp dir; in
	// Lambda, /tmp).
	SpoolDir string
}

// The object metadata that lets a retry rebuild the record (S3 lower-cases the names).
const (
	metaID      = "report-id"
	metaPeriod  = "period"
	metaAt      = "made-at"
	metaSub     = "made-by-sub"
	metaOrg     = "made-by-org"
	metaSHA     = "sha256"
	metaTotals  = "totals"
	metaRequest = "request"
)

// FreezeStats is what a freeze did, for logs and the benchmark.
type FreezeStats struct {
	Records   int   // records written into the snapshot
	Bytes     int64 // snapshot size
	Recovered bool  // the snapshot was found from an earlier attempt and completed
	// Existing: the period's report was made by an earlier attempt of this request and
	// is returned as it is (its first answer is the idempotent replay).
	Existing bool
}

// Freeze makes the period's report (the order above). save writes a ReportChange in one
// conditional transaction and returns ErrPeriodTaken when the period is claimed.
func Freeze(ctx context.Context, src PeriodSource, arch Archive, save func(context.Context, *ReportChange) error, req FreezeRequest) (*Report, FreezeStats, error) {
	var st FreezeStats
	if !req.Caller.Has(actor.ServiceIntegrator) {
		return nil, st, fault.E(fault.Forbidden, "only the service integrator submits monitoring reports (004 ¶26)")
	}
	p := req.Period
	if !p.Started(req.Now) {
		return nil, st, fault.WithFields(fault.Unprocessable, "the period has not begun",
			fault.Field{Field: "period", Reason: fmt.Sprintf("begins on %s (Asia/Almaty); a report is of a period that has begun (004 ¶26)", p.From)})
	}
	if r, err := src.ReportOfPeriod(ctx, p.Text); err != nil {
		return nil, st, err
	} else if r != nil {
		if req.Request != "" && r.Request == req.Request {
			st.Existing = true // a retry of the request that made it
			return r, st, nil
		}
		return nil, st, taken(r)
	}
	now := req.Now.UTC()
	who := req.Caller.Actor(actor.ServiceIntegrator)
	rep := &Report{ID: req.NewID, Period: p.Text, From: p.From.String(), To: p.To.String(), Status: ReportSubmitted,
		CreatedAt: now, CreatedBy: who, Version: 1, Request: req.Request}

	f, err := os.CreateTemp(req.SpoolDir, "snapshot-*.json")
	if err != nil {
		return nil, st, fmt.Errorf("spool snapshot: %w", err)
	}
	defer func() { _ = f.Close(); _ = os.Remove(f.Name()) }()
	h := sha256.New()
	w, err := NewSnapshotWriter(io.MultiWriter(f, h), SnapshotHeader{ID: rep.ID, Period: p.Text, From: rep.From, To: rep.To,
		TimeZone: "Asia/Almaty", MadeAt: now, MadeBy: who, Complete: p.Ended(now), Basis: "004 ¶26"})
	if err != nil {
		return nil, st, err
	}
	if err := src.StreamPeriod(ctx, p, w); err != nil {
		return nil, st, err
	}
	if rep.Totals, err = w.Close(); err != nil {
		return nil, st, fmt.Errorf("spool snapshot: %w", err)
	}
	st.Records = rep.Totals.Assessments + rep.Totals.Recommendations[string(RecOpen)] + rep.Totals.Recommendations[string(RecOverdue)] +
		rep.Totals.Findings
	for _, n := range rep.Totals.Risks {
		st.Records += n
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, st, fmt.Errorf("spool snapshot: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, st, fmt.Errorf("spool snapshot: %w", err)
	}
	sum := h.Sum(nil)
	rep.Snapshot = SnapshotInfo{SHA256: hex.EncodeToString(sum), Size: size}
	st.Bytes = size
	totals, _ := json.Marshal(rep.Totals)
	meta := map[string]string{metaID: rep.ID, metaPeriod: p.Text, metaAt: now.Format(time.RFC3339Nano), metaSub: who.Sub,
		metaOrg: who.Org, metaSHA: rep.Snapshot.SHA256, metaTotals: string(totals)}
	if req.Request != "" {
		meta[metaRequest] = req.Request
	}
	for k, v := range meta {
		meta[k] = url.QueryEscape(v) // metadata travels in HTTP headers: ASCII only
	}
	own := true // the record to save is this request's own
	rep.Snapshot.VersionID, err = arch.PutNew(ctx, p.Key(), f, size, sum, meta)
	if errors.Is(err, ErrExists) {
		// A snapshot of the period is stored already: an earlier attempt's (which may
		// have crashed before its record) or a concurrent request's. Complete its record.
		st.Recovered = true
		m, version, n, herr := arch.Head(ctx, p.Key())
		if fault.Is(herr, fault.NotFound) {
			return nil, st, taken(nil) // a conditional write in flight that has not landed
		}
		if herr != nil {
			return nil, st, herr
		}
		for k, v := range m {
			if m[k], herr = url.QueryUnescape(v); herr != nil {
				return nil, st, fmt.Errorf("snapshot %s: metadata %s: %w", p.Key(), k, herr)
			}
		}
		if rep, err = fromMeta(p, m, version, n); err != nil {
			return nil, st, err
		}
		own = req.Request != "" && m[metaRequest] == req.Request
	} else if err != nil {
		return nil, st, err
	}
	err = save(ctx, &ReportChange{Report: rep, Event: submittedEvent(rep)})
	if errors.Is(err, ErrPeriodTaken) {
		cur, rerr := src.ReportOfPeriod(ctx, p.Text)
		if rerr != nil {
			return nil, st, rerr
		}
		if cur == nil || cur.ID != rep.ID || !own {
			return nil, st, taken(cur)
		}
		return cur, st, nil // completed by a concurrent request: the report is this one's
	}
	if err != nil {
		return nil, st, err
	}
	if !own {
		return nil, st, taken(rep)
	}
	return rep, st, nil
}

func taken(r *Report) error {
	if r == nil {
		return fault.E(fault.Conflict, "a report for the period is being made; retry shortly")
	}
	return fault.E(fault.Conflict, "a report for %s exists (%s, made %s): one report per period (004 ¶26)", r.Period, r.ID,
		r.CreatedAt.UTC().Format(time.RFC3339))
}

// fromMeta rebuilds a report's record from its snapshot's object metadata.
func fromMeta(p Period, m map[string]string, version string, size int64) (*Report, error) {
	at, err := time.Parse(time.RFC3339Nano, m[metaAt])
	if err != nil || m[metaID] == "" || m[metaPeriod] != p.Text || m[metaSHA] == "" {
		return nil, fmt.Errorf("snapshot %s: metadata %v does not describe a report", p.Key(), m)
	}
	r := &Report{ID: m[metaID], Period: p.Text, From: p.From.String(), To: p.To.String(), Status: ReportSubmitted, CreatedAt: at.UTC(),
		CreatedBy: actor.Actor{Sub: m[metaSub], Org: m[metaOrg], Role: actor.ServiceIntegrator},
		Snapshot:  SnapshotInfo{SHA256: m[metaSHA], Size: size, VersionID: version}, Totals: NewTotals(), Version: 1, Request: m[metaRequest]}
	if err := json.Unmarshal([]byte(m[metaTotals]), &r.Totals); err != nil {
		return nil, fmt.Errorf("snapshot %s: totals: %w", p.Key(), err)
	}
	return r, nil
}

// submittedEvent is the report's first trail entry; it is the same however often a
// completion is retried (its moment is the snapshot's), so it lands once.
func submittedEvent(r *Report) audit.Event {
	n := notify.Notice{ID: r.ID + ".submitted", Type: notify.StepStarted, At: r.CreatedAt, Ref: &notify.Ref{Kind: RefReport, ID: r.ID},
		Step: ReportSubmitted, Basis: "004 ¶26, ¶27", Calendar: Country, To: []notify.Recipient{{Role: actor.AuthorizedBody}},
		Subject: fmt.Sprintf("[report] monitoring report %s submitted for coordination", r.Period),
		Body: fmt.Sprintf("The service integrator submitted the monitoring report %s for %s (%s to %s): %d assessments, "+
			"%d recommendations open and %d overdue (004 ¶26). The authorized body coordinates it (004 ¶27).", r.ID, r.Period, r.From, r.To,
			r.Totals.Assessments, r.Totals.Recommendations[string(RecOpen)], r.Totals.Recommendations[string(RecOverdue)])}
	return audit.Event{At: r.CreatedAt, Actor: r.CreatedBy, Type: "report_submitted", To: ReportSubmitted, Seq: "submitted",
		Notices: []notify.Notice{n}, Data: map[string]any{"period": r.Period, "sha256": r.Snapshot.SHA256,
			"versionId": r.Snapshot.VersionID, "size": strconv.FormatInt(r.Snapshot.Size, 10), "basis": "004 ¶26"}}
}

// Coordinate records the authorized body's coordination of a submitted report (004 ¶27).
func Coordinate(r *Report, in NoteInput, c actor.Caller, now time.Time) (*Report, audit.Event, error) {
	if !c.Has(actor.AuthorizedBody) {
		return nil, audit.Event{}, fault.E(fault.Forbidden, "only the authorized body coordinates monitoring (004 ¶27)")
	}
	if r.Status != ReportSubmitted {
		return nil, audit.Event{}, fault.E(fault.Conflict, "the report is %s: only a submitted report is coordinated", r.Status)
	}
	if f := textField("note", in.Note, maxText, false); f != nil {
		return nil, audit.Event{}, fault.WithFields(fault.Unprocessable, "the note is not valid", *f)
	}
	now = now.UTC()
	who := c.Actor(actor.AuthorizedBody)
	q := *r
	q.Status, q.CoordinatedAt, q.CoordinatedBy, q.CoordinationNote, q.Version = ReportCoordinated, &now, &who, in.Note, r.Version+1
	n := notify.Notice{ID: r.ID + ".coordinated", Type: notify.StatusChanged, At: now, Ref: &notify.Ref{Kind: RefReport, ID: r.ID},
		Step: ReportCoordinated, Basis: "004 ¶27", Calendar: Country, To: []notify.Recipient{{Role: actor.ServiceIntegrator}},
		Subject: fmt.Sprintf("[report] monitoring report %s coordinated", r.Period),
		Body:    fmt.Sprintf("The authorized body coordinated the monitoring report %s for %s (004 ¶27).", r.ID, r.Period)}
	ev := audit.Event{At: now, Actor: who, Type: "report_coordinated", From: ReportSubmitted, To: ReportCoordinated, Seq: "coordinated",
		Notices: []notify.Notice{n}, Data: map[string]any{"period": r.Period, "basis": "004 ¶27"}}
	if in.Note != "" {
		ev.Data["note"] = in.Note
	}
	return &q, ev, nil
}
