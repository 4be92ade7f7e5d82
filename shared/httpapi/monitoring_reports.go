package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/monitoring"
)

// A report's answer is its record with the frozen snapshot as "content" (contract part
// two). The snapshot can be megabytes, more than an idempotency record holds, so the
// record keeps the answer's record part only, and a replay rejoins it with the snapshot
// read from S3: the same bytes as the first answer, since the snapshot never changes.

// errOwnReport says the period's report was made by an earlier attempt of this request.
var errOwnReport = errors.New("the report was made by this request")

func reportLocation(id string) string { return "/v1/monitoring-reports/" + id }

// mayReadReports: reports are the service integrator's to the authorized body (004 ¶26,
// ¶27), across organisations; the reviewing roles read them, others are refused.
func mayReadReports(c actor.Caller) error {
	if !c.Reviewer() {
		return fault.E(fault.Forbidden, "monitoring reports are read by the reviewing roles")
	}
	return nil
}

// writeReport writes a report's record with its snapshot as "content".
func (h *Monitoring) writeReport(ctx context.Context, w io.Writer, envelope []byte, r *monitoring.Report) error {
	body, err := h.Reports.Open(ctx, monitoring.Period{Text: r.Period}.Key(), r.Snapshot.VersionID)
	if err != nil {
		return err
	}
	defer body.Close()
	if _, err := w.Write(envelope[:len(envelope)-1]); err != nil {
		return err
	}
	if _, err := io.WriteString(w, `,"content":`); err != nil {
		return err
	}
	if _, err := io.Copy(w, body); err != nil {
		return fault.Wrap(fault.Unavailable, err, "the report's snapshot could not be read; retry")
	}
	_, err = io.WriteString(w, "}")
	return err
}

// sendReport answers with a report and its content; envelope is the record as first
// answered (a replay) or nil (now).
func (h *Monitoring) sendReport(w http.ResponseWriter, r *http.Request, status int, rep *monitoring.Report, envelope []byte) {
	if envelope == nil {
		var err error
		if envelope, err = json.Marshal(rep); err != nil {
			WriteError(w, r, err)
			return
		}
	}
	var buf bytes.Buffer
	if err := h.writeReport(r.Context(), &buf, envelope, rep); err != nil {
		WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", reportLocation(rep.ID))
	writeRaw(w, status, "application/json", buf.Bytes())
}

// idempotentReport is Idempotent for the report routes: the record part of the first
// answer is kept, and a replay rejoins it with the snapshot.
func (h *Monitoring) idempotentReport(w http.ResponseWriter, r *http.Request, c actor.Caller, body []byte, status int,
	write func(ctx context.Context, idem *dynamo.Idem, requestKey string) (*monitoring.Report, error)) {
	rec, err := idemRecord(r, c, body)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	requestKey := ""
	if rec != nil {
		rk := sha256.Sum256([]byte(rec.Key + "\n" + rec.BodyHash))
		requestKey = hex.EncodeToString(rk[:16])
	}
	rep, err := write(r.Context(), rec, requestKey)
	if err == nil {
		h.sendReport(w, r, status, rep, nil)
		return
	}
	if rec == nil {
		WriteError(w, r, err)
		return
	}
	prev, refused := replay(r.Context(), h.Store, rec, h.now(), err)
	switch {
	case refused != nil:
		WriteError(w, r, refused)
	case prev == nil && errors.Is(err, errOwnReport):
		// Made by this request, completed by another after a crash: no first answer was
		// recorded, so this is it.
		h.sendReport(w, r, status, rep, nil)
	case prev == nil:
		WriteError(w, r, err)
	default:
		var first monitoring.Report
		if err := json.Unmarshal(prev.Body, &first); err != nil {
			WriteError(w, r, fmt.Errorf("replay %s: %w", rec.Key, err))
			return
		}
		w.Header().Set("Idempotent-Replayed", "true")
		h.sendReport(w, r, prev.Status, &first, prev.Body)
	}
}

// fillReport records the record part of an answer in the idempotency record.
func fillReport(idem *dynamo.Idem, status int, rep *monitoring.Report) error {
	if idem == nil {
		return nil
	}
	_, err := Fill(idem, Response{Status: status, Body: rep, Location: reportLocation(rep.ID)})
	return err
}

type reportRequest struct {
	Period string `json:"period"`
}

// createReport freezes the period's report (004 ¶26): the order of its writes and how
// a crash between them is recovered are in monitoring/freeze.go.
func (h *Monitoring) createReport(w http.ResponseWriter, r *http.Request) {
	var in reportRequest
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	p, err := monitoring.ParsePeriod(in.Period)
	if err != nil {
		WriteError(w, r, fault.WithFields(fault.Unprocessable, "the period is not valid", fault.Field{Field: "period", Reason: err.Error()}))
		return
	}
	now := h.now()
	h.idempotentReport(w, r, c, body, http.StatusCreated, func(ctx context.Context, idem *dynamo.Idem, requestKey string) (*monitoring.Report, error) {
		newID := id.New(now)
		save := func(ctx context.Context, rc *monitoring.ReportChange) error {
			// The idempotency record goes with this request's own report only.
			o := dynamo.ApplyOptions{}
			if rc.Report.ID == newID || (requestKey != "" && rc.Report.Request == requestKey) {
				if err := fillReport(idem, http.StatusCreated, rc.Report); err != nil {
					return err
				}
				o.Idem = idem
			}
			return h.Store.SaveReport(ctx, rc, o)
		}
		rep, st, err := monitoring.Freeze(ctx, h.Store, h.Reports, save, monitoring.FreezeRequest{Period: p, Caller: c, Now: now,
			NewID: newID, Request: requestKey, SpoolDir: h.SpoolDir})
		if err == nil && st.Existing {
			return rep, errOwnReport
		}
		return rep, err
	})
}

func (h *Monitoring) listReports(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	if err := mayReadReports(c); err != nil {
		WriteError(w, r, err)
		return
	}
	limit, cursor, err := Page(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	rs, next, err := h.Store.ListReports(r.Context(), limit, cursor)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, List[*monitoring.Report]{Items: rs, NextCursor: next})
}

// getReport serves a report as JSON (its record and content), CSV (a row per record of
// the snapshot) or HTML (a document to read and print); each is made from the frozen
// snapshot, so no form can differ from it.
func (h *Monitoring) getReport(w http.ResponseWriter, r *http.Request) {
	c, ok := caller(w, r)
	if !ok {
		return
	}
	format := r.URL.Query().Get("format")
	switch format {
	case "", "json", "csv", "html":
	default:
		WriteError(w, r, fault.WithFields(fault.Invalid, "unknown format", fault.Field{Field: "format", Reason: "must be json, csv or html"}))
		return
	}
	if err := mayReadReports(c); err != nil {
		WriteError(w, r, err)
		return
	}
	rid, err := validID(r, "reportId")
	if err != nil {
		WriteError(w, r, err)
		return
	}
	rep, err := h.Store.GetReport(r.Context(), rid)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	tagFormat := format
	if tagFormat == "" {
		tagFormat = "json"
	}
	// The content never changes; the record does once (coordination), with its version.
	w.Header().Set("ETag", fmt.Sprintf(`"%s-v%d-%s"`, rep.Snapshot.SHA256[:min(24, len(rep.Snapshot.SHA256))], rep.Version, tagFormat))
	if format == "" || format == "json" {
		h.sendReport(w, r, http.StatusOK, rep, nil)
		return
	}
	body, err := h.Reports.Open(r.Context(), monitoring.Period{Text: rep.Period}.Key(), rep.Snapshot.VersionID)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	defer body.Close()
	var buf bytes.Buffer
	name := "monitoring-report-" + rep.Period
	if format == "csv" {
		err = monitoring.WriteCSV(&buf, body)
	} else {
		err = monitoring.WriteHTML(&buf, rep, body)
	}
	if err != nil {
		WriteError(w, r, fmt.Errorf("render report %s as %s: %w", rep.ID, format, err))
		return
	}
	if format == "csv" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		writeRaw(w, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
		return
	}
	// The document runs no script and loads nothing: every value in it is escaped text.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`.html"`)
	writeRaw(w, http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// coordinate is the authorized body's coordination of a submitted report (004 ¶27).
func (h *Monitoring) coordinate(w http.ResponseWriter, r *http.Request) {
	var in monitoring.NoteInput
	c, body, rid, ok := requestOn(w, r, &in, true, "reportId")
	if !ok {
		return
	}
	now := h.now()
	h.idempotentReport(w, r, c, body, http.StatusOK, func(ctx context.Context, idem *dynamo.Idem, _ string) (*monitoring.Report, error) {
		return h.Store.UpdateReport(ctx, rid, func(rep *monitoring.Report) (*monitoring.Report, audit.Event, error) {
			if err := mayReadReports(c); err != nil {
				return nil, audit.Event{}, err
			}
			q, ev, err := monitoring.Coordinate(rep, in, c, now)
			if err != nil {
				return nil, ev, err
			}
			return q, ev, fillReport(idem, http.StatusOK, q)
		}, dynamo.ApplyOptions{Idem: idem})
	})
}
