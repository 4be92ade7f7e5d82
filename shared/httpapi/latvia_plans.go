package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/s3store"
)

// --- plans and measures (seed 001)

func (h *Latvia) createPlan(w http.ResponseWriter, r *http.Request) {
	var in actionplan.NewPlan
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	if err := need(c, actor.Coordinator, "records an action plan (001: the State Chancellery)"); err != nil {
		WriteError(w, r, err)
		return
	}
	now := h.now()
	p, err := in.Decide(id.New(now), c, now)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	write(w, r, h.Store, c, body, now, http.StatusCreated, func(v actionplan.PlanView) string { return "/v1/plans/" + v.ID },
		func(ctx context.Context, idem *dynamo.Idem, answer func(actionplan.PlanView) error) (actionplan.PlanView, error) {
			return h.Store.CreatePlan(ctx, p, c, now, idem, answer)
		})
}

func (h *Latvia) plan(r *http.Request) (*dynamo.PlanState, error) {
	planID, err := idOf(r, "planId", "plan")
	if err != nil {
		return nil, err
	}
	return h.Store.LoadPlan(r.Context(), planID)
}

func (h *Latvia) getPlan(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(actor.Caller) (actionplan.PlanView, error) {
		ps, err := h.plan(r)
		if err != nil {
			return actionplan.PlanView{}, err
		}
		return ps.View(h.now()), nil
	})
}

func (h *Latvia) planEvents(w http.ResponseWriter, r *http.Request) {
	events(w, r, h.Store.PlanEvents, func(actor.Caller) (string, error) {
		ps, err := h.plan(r)
		if err != nil {
			return "", err
		}
		return ps.Plan.ID, nil
	})
}

func (h *Latvia) addMeasure(w http.ResponseWriter, r *http.Request) {
	var in actionplan.NewMeasure
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	err := need(c, actor.Coordinator, "adds measures to a plan (001: the State Chancellery)")
	var planID string
	if err == nil {
		planID, err = idOf(r, "planId", "plan")
	}
	if err != nil {
		WriteError(w, r, err)
		return
	}
	now := h.now()
	write(w, r, h.Store, c, body, now, http.StatusCreated, func(d actionplan.Detail) string { return "/v1/measures/" + d.ID },
		func(ctx context.Context, idem *dynamo.Idem, answer func(actionplan.Detail) error) (actionplan.Detail, error) {
			return h.Store.AddMeasure(ctx, planID, in, c, now, idem, answer)
		})
}

func (h *Latvia) getMeasure(w http.ResponseWriter, r *http.Request) {
	if _, ok := caller(w, r); !ok {
		return
	}
	measureID, err := idOf(r, "measureId", "measure")
	var ms *dynamo.MeasureState
	if err == nil {
		ms, err = h.Store.LoadMeasure(r.Context(), measureID)
	}
	if err != nil {
		WriteError(w, r, err)
		return
	}
	w.Header().Set("ETag", `"v`+strconv.Itoa(ms.Measure.Version)+`"`)
	WriteJSON(w, http.StatusOK, ms.Detail(h.now()))
}

// changeMeasure is the responsible institution's status and progress (contract part two:
// PATCH /v1/measures/{id} {"status","progressNote"}); If-Match guards a stale copy (412).
func (h *Latvia) changeMeasure(w http.ResponseWriter, r *http.Request) {
	var in actionplan.Change
	c, _, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	measureID, err := idOf(r, "measureId", "measure")
	want := 0
	if err == nil {
		var conditional bool
		want, conditional, err = ifMatch(r)
		if !conditional {
			want = 0
		}
	}
	var d actionplan.Detail
	if err == nil {
		d, err = h.Store.ChangeMeasure(r.Context(), measureID, in, want, c, h.now(), func(actionplan.Detail) error { return nil })
	}
	if err != nil {
		WriteError(w, r, raceConflict(err, "the measure changed meanwhile; reload it"))
		return
	}
	w.Header().Set("ETag", `"v`+strconv.Itoa(d.Version)+`"`)
	WriteJSON(w, http.StatusOK, d)
}

func (h *Latvia) measureEvents(w http.ResponseWriter, r *http.Request) {
	events(w, r, h.Store.MeasureEvents, func(actor.Caller) (string, error) {
		measureID, err := idOf(r, "measureId", "measure")
		if err != nil {
			return "", err
		}
		_, err = h.Store.LoadMeasure(r.Context(), measureID)
		return measureID, err
	})
}

type riskBody struct {
	Text              string `json:"text"`
	ExpectedDelayDays *int   `json:"expectedDelayDays"`
}

func (h *Latvia) addRisk(w http.ResponseWriter, r *http.Request) {
	var in riskBody
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	measureID, err := idOf(r, "measureId", "measure")
	if err == nil {
		var fs []fault.Field
		if reason := textReason(in.Text); reason != "" {
			fs = append(fs, fault.Field{Field: "text", Reason: reason})
		}
		if in.ExpectedDelayDays == nil || *in.ExpectedDelayDays < 0 || *in.ExpectedDelayDays > actionplan.MaxDelayDays {
			fs = append(fs, fault.Field{Field: "expectedDelayDays", Reason: fmt.Sprintf("required: whole days from 0 to %d", actionplan.MaxDelayDays)})
		}
		if len(fs) > 0 {
			err = fault.WithFields(fault.Unprocessable, "the risk is not valid", fs...)
		}
	}
	if err != nil {
		WriteError(w, r, err)
		return
	}
	now := h.now()
	write(w, r, h.Store, c, body, now, http.StatusCreated, nil,
		func(ctx context.Context, idem *dynamo.Idem, answer func(actionplan.Detail) error) (actionplan.Detail, error) {
			return h.Store.AddRisk(ctx, measureID, in.Text, *in.ExpectedDelayDays, c, now, idem, answer)
		})
}

type opinionBody struct {
	Text string `json:"text"`
}

func (h *Latvia) addOpinion(w http.ResponseWriter, r *http.Request) {
	var in opinionBody
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	err := need(c, actor.Observer, "records opinions on progress (001 S3: NGOs and the Memorandum Council)")
	var measureID string
	if err == nil {
		measureID, err = idOf(r, "measureId", "measure")
	}
	if err == nil {
		if reason := textReason(in.Text); reason != "" {
			err = fault.WithFields(fault.Unprocessable, "the opinion is not valid", fault.Field{Field: "text", Reason: reason})
		}
	}
	if err != nil {
		WriteError(w, r, err)
		return
	}
	now := h.now()
	write(w, r, h.Store, c, body, now, http.StatusCreated, nil,
		func(ctx context.Context, idem *dynamo.Idem, answer func(actionplan.Detail) error) (actionplan.Detail, error) {
			return h.Store.AddOpinion(ctx, measureID, in.Text, c, now, idem, answer)
		})
}

func textReason(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "required"
	case !utf8.ValidString(s):
		return "must be valid UTF-8"
	case len(s) > actionplan.MaxText:
		return fmt.Sprintf("longer than %d bytes", actionplan.MaxText)
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f }):
		return "contains control characters"
	}
	return ""
}

// --- annual reports (001 S3)

// ReportAnswer is a made report: where its frozen snapshot is, its digest, and the
// snapshot itself exactly as stored.
type ReportAnswer struct {
	actionplan.ReportRecord
	PlanID  string          `json:"planId"`
	Content json.RawMessage `json:"content"`
}

type reportBody struct {
	Year *int `json:"year"`
}

// reportKey names a report's snapshot in the bucket: under reports/ (not documents/, so
// the validator never sees it), named in Latvian ("implementation report").
func reportKey(planID string, year int) string {
	return fmt.Sprintf("reports/plans/%s/%d/īstenošanas-atskaite-%d.json", planID, year, year)
}

const maxReportBytes = 50 << 20

// makeReport freezes the report for a year (contract part two: POST /v1/plans/{id}/reports
// {"year"}): a snapshot of every measure, status, risk and overdue days, stored in S3 by a
// put that S3 itself refuses to repeat, then recorded with its version and digest. A
// second report for the year: 409. An earlier attempt that stored the snapshot but did not
// record it (a crash between the two) is completed with the snapshot it stored.
func (h *Latvia) makeReport(w http.ResponseWriter, r *http.Request) {
	var in reportBody
	c, body, ok := request(w, r, &in, false)
	if !ok {
		return
	}
	err := need(c, actor.Coordinator, "makes the plan's reports (001 S3)")
	if err == nil && in.Year == nil {
		err = fault.WithFields(fault.Unprocessable, "the year is required", fault.Field{Field: "year", Reason: "required: the year the report is for, e.g. 2026"})
	}
	if err != nil {
		WriteError(w, r, err)
		return
	}
	year := *in.Year
	now := h.now()
	Idempotent(w, r, h.Store, c, body, now, func(ctx context.Context, idem *dynamo.Idem) (Response, []byte, error) {
		ps, err := h.plan(r)
		if err != nil {
			return Response{}, nil, err
		}
		if err := actionplan.CheckYear(ps.Plan, year); err != nil {
			return Response{}, nil, err
		}
		if _, made := ps.Reports[year]; made {
			return Response{}, nil, fault.E(fault.Conflict, "the report for %d was made; a report is never changed", year)
		}
		snap, err := json.MarshalIndent(actionplan.Snapshot(ps.Plan, year, ps.Measures, c, now), "", "  ")
		if err != nil {
			return Response{}, nil, fmt.Errorf("encode report: %w", err)
		}
		key := reportKey(ps.Plan.ID, year)
		meta := map[string]string{"plan-id": ps.Plan.ID, "year": strconv.Itoa(year), "plan-title": clip(ps.Plan.Title, 300)}
		version, err := h.Reports.PutOnce(ctx, key, snap, "application/json; charset=utf-8", meta)
		if errors.Is(err, s3store.ErrExists) {
			obj, gerr := h.Reports.Get(ctx, key, "", maxReportBytes)
			if gerr != nil {
				return Response{}, nil, gerr
			}
			snap, version = obj.Body, obj.VersionID
			slog.WarnContext(ctx, "a report's snapshot was stored but not recorded: recording it", "planId", ps.Plan.ID, "year", year)
		} else if err != nil {
			return Response{}, nil, err
		}
		sum := sha256.Sum256(snap)
		rec := actionplan.ReportRecord{Year: year, Key: key, VersionID: version, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(snap)), MadeAt: now, MadeBy: c.Sub}
		resp := Response{Status: http.StatusCreated, Body: ReportAnswer{ReportRecord: rec, PlanID: ps.Plan.ID, Content: snap},
			Location: fmt.Sprintf("/v1/plans/%s/reports/%d", ps.Plan.ID, year)}
		return fillAndWrite(idem, resp, func() error {
			return raceConflict(h.Store.RecordReport(ctx, ps, rec, c, now, idem), fmt.Sprintf("the report for %d was made meanwhile", year))
		})
	})
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// getReport reads a report back from its frozen snapshot, the version recorded, and
// checks its digest: what is served is what was made.
func (h *Latvia) getReport(w http.ResponseWriter, r *http.Request) {
	get(w, r, func(actor.Caller) (ReportAnswer, error) {
		ps, err := h.plan(r)
		if err != nil {
			return ReportAnswer{}, err
		}
		year, err := strconv.Atoi(r.PathValue("year"))
		rec, made := ps.Reports[year]
		if err != nil || !made {
			return ReportAnswer{}, fault.E(fault.NotFound, "no report for that year")
		}
		obj, err := h.Reports.Get(r.Context(), rec.Key, rec.VersionID, maxReportBytes)
		if err != nil {
			return ReportAnswer{}, err
		}
		if sum := sha256.Sum256(obj.Body); hex.EncodeToString(sum[:]) != rec.SHA256 {
			return ReportAnswer{}, fmt.Errorf("report %s/%d: the stored snapshot does not match its digest", ps.Plan.ID, year)
		}
		return ReportAnswer{ReportRecord: rec, PlanID: ps.Plan.ID, Content: obj.Body}, nil
	})
}

// --- the plan as open data (001 S4, S8; contract part two)

// publicPlan serves the plan without authentication: JSON, or the measures as CSV.
func (h *Latvia) publicPlan(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "csv" {
		WriteError(w, r, fault.WithFields(fault.Invalid, "unknown format", fault.Field{Field: "format", Reason: "must be json or csv"}))
		return
	}
	ps, err := h.plan(r)
	if err != nil {
		WriteError(w, r, err)
		return
	}
	v := ps.View(h.now())
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if format != "csv" {
		WriteJSON(w, http.StatusOK, v.Public())
		return
	}
	var b bytes.Buffer
	if err := actionplan.WriteCSV(&b, v.Measures); err != nil {
		WriteError(w, r, fmt.Errorf("write plan CSV: %w", err))
		return
	}
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": clip(v.Title, 150) + ".csv"})
	if cd == "" {
		cd = `attachment; filename="plan-` + v.ID + `.csv"`
	}
	w.Header().Set("Content-Disposition", cd)
	writeRaw(w, http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
}
