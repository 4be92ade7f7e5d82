package monitoring

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
)

// Report statuses: the service integrator submits it to the authorized body (004 ¶26),
// which coordinates it (¶27).
const (
	ReportSubmitted   = "submitted"
	ReportCoordinated = "coordinated"
)

// Report is a monitoring report as the registry keeps it: where its frozen snapshot is
// and what it totals. The snapshot itself is an object in S3 that is never rewritten.
type Report struct {
	ID               string       `json:"id"`
	Period           string       `json:"period"`
	From             string       `json:"from"`
	To               string       `json:"to"`
	Status           string       `json:"status"`
	CreatedAt        time.Time    `json:"createdAt"`
	CreatedBy        actor.Actor  `json:"createdBy"`
	CoordinatedAt    *time.Time   `json:"coordinatedAt"`
	CoordinatedBy    *actor.Actor `json:"coordinatedBy"`
	CoordinationNote string       `json:"coordinationNote,omitempty"`
	Snapshot         SnapshotInfo `json:"snapshot"`
	Totals           Totals       `json:"totals"`
	Version          int          `json:"version"`
	// Request names the request that made the report (a digest of its caller and
	// Idempotency-Key): a retry of it is answered with the report, not 409.
	Request string `json:"-"`
}

// SnapshotInfo identifies the frozen content: its SHA-256 (which S3 checked on the put),
// its size and the S3 version id of the one version the key has.
type SnapshotInfo struct {
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
	VersionID string `json:"versionId"`
}

// Totals sum a snapshot (and the report record, so a summary needs no object read).
type Totals struct {
	Assessments     int            `json:"assessments"`
	Levels          map[string]int `json:"levels"`          // "1", "2", "3"
	Recommendations map[string]int `json:"recommendations"` // "open", "overdue"
	Risks           map[string]int `json:"risks"`           // "R1" … "R5"
	Findings        int            `json:"findings"`
}

// NewTotals is a zero total with every key present.
func NewTotals() Totals {
	t := Totals{Levels: map[string]int{"1": 0, "2": 0, "3": 0}, Recommendations: map[string]int{string(RecOpen): 0, string(RecOverdue): 0},
		Risks: map[string]int{}}
	for _, c := range RiskCodes() {
		t.Risks[c] = 0
	}
	return t
}

// SnapshotHeader opens a snapshot: which report, which period, made when and by whom.
type SnapshotHeader struct {
	ID       string      `json:"id"`
	Period   string      `json:"period"`
	From     string      `json:"from"`
	To       string      `json:"to"`
	TimeZone string      `json:"timeZone"`
	MadeAt   time.Time   `json:"madeAt"`
	MadeBy   actor.Actor `json:"madeBy"`
	// Complete is false for a report made before its period ended: it holds the
	// assessments made until MadeAt (README, Decisions).
	Complete bool   `json:"complete"`
	Basis    string `json:"basis"`
}

// RecommendationRow is a recommendation as a snapshot records it: open or overdue when
// the report was made (contract: "every recommendation open or overdue when the report
// is made").
type RecommendationRow struct {
	ID           string     `json:"id"`
	ProjectID    string     `json:"projectId"`
	ProjectName  string     `json:"projectName"`
	Org          string     `json:"org"`
	AssessmentID string     `json:"assessmentId"`
	Stage        Stage      `json:"stage"`
	Text         string     `json:"text"`
	DueOn        string     `json:"dueOn"`
	State        RecState   `json:"state"`
	CreatedAt    time.Time  `json:"createdAt"`
	OverdueAt    *time.Time `json:"overdueAt"`
}

// Row is a recommendation's snapshot row.
func (r *Recommendation) Row() RecommendationRow {
	return RecommendationRow{ID: r.ID, ProjectID: r.ProjectID, ProjectName: r.ProjectName, Org: r.Org, AssessmentID: r.AssessmentID,
		Stage: r.Stage, Text: r.Text, DueOn: r.DueOn, State: r.State, CreatedAt: r.CreatedAt, OverdueAt: r.OverdueAt}
}

// The sections of a snapshot, in the order they are written and read.
var sections = []string{"assessments", "recommendations", "risks", "findings"}

// SnapshotWriter writes a snapshot as its records are read, one at a time, so a report
// of any size is frozen with the memory of one record: the header, then each section
// in order (a section may be empty), then the totals. Records must come section by
// section.
type SnapshotWriter struct {
	w       io.Writer
	section int // index of the open section; -1 before the first
	n       int // records written in the open section
	totals  Totals
	err     error
	buf     bytes.Buffer
}

// NewSnapshotWriter starts a snapshot with its header.
func NewSnapshotWriter(w io.Writer, h SnapshotHeader) (*SnapshotWriter, error) {
	b, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("encode snapshot header: %w", err)
	}
	sw := &SnapshotWriter{w: w, section: -1, totals: NewTotals()}
	sw.write(b[:len(b)-1]) // the object stays open for the sections
	return sw, sw.err
}

func (sw *SnapshotWriter) write(b []byte) {
	if sw.err == nil {
		_, sw.err = sw.w.Write(b)
	}
}

// open moves to section i, closing the open one and writing any skipped as empty.
func (sw *SnapshotWriter) open(i int) error {
	if i < sw.section {
		return fmt.Errorf("snapshot: %s after %s", sections[i], sections[sw.section])
	}
	for sw.section < i {
		if sw.section >= 0 {
			sw.write([]byte("]"))
		}
		sw.section++
		sw.n = 0
		sw.write([]byte(`,"` + sections[sw.section] + `":[`))
	}
	return sw.err
}

func (sw *SnapshotWriter) record(section int, v any) error {
	if err := sw.open(section); err != nil {
		return err
	}
	sw.buf.Reset()
	if sw.n > 0 {
		sw.buf.WriteByte(',')
	}
	enc := json.NewEncoder(&sw.buf)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode snapshot record: %w", err)
	}
	sw.buf.Truncate(sw.buf.Len() - 1) // Encode's newline
	sw.write(sw.buf.Bytes())
	sw.n++
	return sw.err
}

// Assessment adds an assessment of the period.
func (sw *SnapshotWriter) Assessment(a Assessment) error {
	sw.totals.Assessments++
	sw.totals.Levels[strconv.Itoa(int(a.Level))]++
	return sw.record(0, a)
}

// Recommendation adds a recommendation open or overdue at the freeze.
func (sw *SnapshotWriter) Recommendation(r RecommendationRow) error {
	sw.totals.Recommendations[string(r.State)]++
	return sw.record(1, r)
}

// Risk adds a risk factor recorded in the period.
func (sw *SnapshotWriter) Risk(r Risk) error {
	sw.totals.Risks[r.Factor]++
	return sw.record(2, r)
}

// Finding adds an architectural control finding recorded in the period.
func (sw *SnapshotWriter) Finding(f Finding) error {
	sw.totals.Findings++
	return sw.record(3, f)
}

// Close writes the sections not yet written and the totals, and returns the totals.
func (sw *SnapshotWriter) Close() (Totals, error) {
	if err := sw.open(len(sections) - 1); err != nil {
		return sw.totals, err
	}
	b, err := json.Marshal(sw.totals)
	if err != nil {
		return sw.totals, err
	}
	sw.write([]byte(`],"totals":`))
	sw.write(b)
	sw.write([]byte("}"))
	return sw.totals, sw.err
}

// SnapshotVisitor receives a snapshot's parts as ReadSnapshot decodes them; a nil
// function skips its records.
type SnapshotVisitor struct {
	Header         func(SnapshotHeader) error
	Assessment     func(Assessment) error
	Recommendation func(RecommendationRow) error
	Risk           func(Risk) error
	Finding        func(Finding) error
}

var errSnapshot = errors.New("malformed snapshot")

// ReadSnapshot decodes a snapshot record by record, as SnapshotWriter wrote it (header,
// sections in order, totals), so rendering it as CSV or HTML needs no more memory than
// writing it did. It returns the totals.
func ReadSnapshot(r io.Reader, v SnapshotVisitor) (Totals, error) {
	dec := json.NewDecoder(r)
	var totals Totals
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return totals, fmt.Errorf("%w: not a JSON object", errSnapshot)
	}
	head := map[string]json.RawMessage{}
	headerDone, sawTotals := false, false
	next := 0
	flushHeader := func() error {
		if headerDone {
			return nil
		}
		headerDone = true
		b, _ := json.Marshal(head)
		var h SnapshotHeader
		if err := json.Unmarshal(b, &h); err != nil || h.ID == "" || h.Period == "" {
			return fmt.Errorf("%w: header", errSnapshot)
		}
		if v.Header != nil {
			return v.Header(h)
		}
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return totals, fmt.Errorf("%w: %v", errSnapshot, err)
		}
		key, _ := t.(string)
		i := slices.Index(sections, key)
		switch {
		case i >= 0:
			if i != next || sawTotals {
				return totals, fmt.Errorf("%w: section %s out of order", errSnapshot, key)
			}
			next++
			if err := flushHeader(); err != nil {
				return totals, err
			}
			if err := readSection(dec, key, v); err != nil {
				return totals, err
			}
		case key == "totals":
			if next != len(sections) || sawTotals {
				return totals, fmt.Errorf("%w: totals before the sections", errSnapshot)
			}
			sawTotals = true
			if err := dec.Decode(&totals); err != nil {
				return totals, fmt.Errorf("%w: totals: %v", errSnapshot, err)
			}
		case headerDone:
			return totals, fmt.Errorf("%w: %q after the sections began", errSnapshot, key)
		default:
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return totals, fmt.Errorf("%w: %s: %v", errSnapshot, key, err)
			}
			if _, dup := head[key]; dup {
				return totals, fmt.Errorf("%w: %s twice", errSnapshot, key)
			}
			head[key] = raw
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') || !sawTotals {
		return totals, fmt.Errorf("%w: unterminated", errSnapshot)
	}
	if _, err := dec.Token(); err != io.EOF {
		return totals, fmt.Errorf("%w: data after the snapshot", errSnapshot)
	}
	return totals, nil
}

func readSection(dec *json.Decoder, key string, v SnapshotVisitor) error {
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return fmt.Errorf("%w: %s is not a list", errSnapshot, key)
	}
	for dec.More() {
		var err error
		switch key {
		case "assessments":
			err = each(dec, v.Assessment)
		case "recommendations":
			err = each(dec, v.Recommendation)
		case "risks":
			err = each(dec, v.Risk)
		case "findings":
			err = each(dec, v.Finding)
		}
		if err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("%w: %s: %v", errSnapshot, key, err)
	}
	return nil
}

func each[T any](dec *json.Decoder, fn func(T) error) error {
	var x T
	if err := dec.Decode(&x); err != nil {
		return fmt.Errorf("%w: %v", errSnapshot, err)
	}
	if fn == nil {
		return nil
	}
	return fn(x)
}
