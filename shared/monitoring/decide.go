package monitoring

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/notify"
)

// The owner kinds of monitoring's records: a recommendation owns the clock on its due
// date; notices name the project, the recommendation or the report (contract part two).
const (
	OwnerRecommendation = "recommendation"
	RefProject          = "project"
	RefRecommendation   = "recommendation"
	RefReport           = "report"
)

// ProjectInput is the body of POST /v1/projects.
type ProjectInput struct {
	Name      string   `json:"name"`
	ObjectIDs []string `json:"objectIds"`
}

// StageInput is the body of POST /v1/projects/{id}/stage.
type StageInput struct {
	To string `json:"to"`
}

// AssessmentInput is the body of POST /v1/projects/{id}/assessments.
type AssessmentInput struct {
	Stage           string                `json:"stage"`
	Checks          map[string]bool       `json:"checks"`
	Level           int                   `json:"level"`
	Recommendations []RecommendationInput `json:"recommendations"`
	Note            string                `json:"note"`
}

// RecommendationInput is one recommendation of an assessment.
type RecommendationInput struct {
	Text  string `json:"text"`
	DueOn string `json:"dueOn"`
}

// RiskInput is the body of POST /v1/projects/{id}/risks.
type RiskInput struct {
	Factor   string  `json:"factor"`
	Evidence string  `json:"evidence"`
	Budget   *Budget `json:"budget"`
}

// FindingInput is the body of POST /v1/projects/{id}/findings.
type FindingInput struct {
	Kind      string   `json:"kind"`
	Text      string   `json:"text"`
	ObjectIDs []string `json:"objectIds"`
}

// NoteInput is the optional body of the recommendation and report actions.
type NoteInput struct {
	Note string `json:"note"`
}

// CanSee reports whether the caller may know of what belongs to org (a project and its
// recommendations): its own applicants and the reviewing roles; others get 404.
func CanSee(c actor.Caller, org string) bool { return c.MaySee(org) }

// textField checks a free text: trimmed non-empty when required, at most max bytes, no
// control characters but line breaks and tabs.
func textField(field, v string, max int, required bool) *fault.Field {
	switch {
	case required && strings.TrimSpace(v) == "":
		return &fault.Field{Field: field, Reason: "is required"}
	case len(v) > max:
		return &fault.Field{Field: field, Reason: fmt.Sprintf("at most %d bytes", max)}
	case strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		return &fault.Field{Field: field, Reason: "must not contain control characters"}
	}
	return nil
}

// objectIDs checks a list of registry object ids: their shape, no repeats, at most
// MaxObjects.
func objectIDs(field string, ids []string) []fault.Field {
	var out []fault.Field
	if len(ids) > MaxObjects {
		return []fault.Field{{Field: field, Reason: fmt.Sprintf("at most %d objects", MaxObjects)}}
	}
	for i, v := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case !id.Valid(v):
			out = append(out, fault.Field{Field: f, Reason: "is not an object id"})
		case slices.Index(ids, v) < i:
			out = append(out, fault.Field{Field: f, Reason: "is listed twice"})
		}
	}
	return out
}

func unprocessable(detail string, fs []fault.Field) error {
	if len(fs) == 0 {
		return nil
	}
	return fault.WithFields(fault.Unprocessable, detail, fs...)
}

func projectRef(p *Project) *notify.Ref { return &notify.Ref{Kind: RefProject, ID: p.ID} }

func label(p *Project) string { return fmt.Sprintf("ICT project %q (%s)", p.Name, p.Org) }

func seq(version int) string { return fmt.Sprintf("v%06d", version) }

// Create opens a project of the caller's organisation in stage planning (contract part
// two). owners maps each listed object id the registry knows to its organisation: a
// project links only objects of its own organisation.
func Create(in ProjectInput, owners map[string]string, c actor.Caller, now time.Time, pid string) (*Change, error) {
	if !c.Has(actor.Applicant) || c.Org == "" {
		return nil, fault.E(fault.Forbidden, "only a state body's applicant opens an ICT project")
	}
	var fs []fault.Field
	if f := textField("name", in.Name, maxName, true); f != nil {
		fs = append(fs, *f)
	}
	bad := objectIDs("objectIds", in.ObjectIDs)
	fs = append(fs, bad...)
	if len(bad) == 0 {
		for i, o := range in.ObjectIDs {
			if owners[o] != c.Org {
				fs = append(fs, fault.Field{Field: fmt.Sprintf("objectIds[%d]", i), Reason: "no object of your organisation has this id"})
			}
		}
	}
	if err := unprocessable("the project is not valid", fs); err != nil {
		return nil, err
	}
	now = now.UTC()
	who := c.Actor(actor.Applicant)
	objs := append([]string{}, in.ObjectIDs...)
	p := &Project{ID: pid, Org: c.Org, Name: strings.TrimSpace(in.Name), ObjectIDs: objs, Stage: Planning,
		StageHistory: []StageEntry{{Stage: Planning, At: now, By: who}}, Version: 1, CreatedAt: now, CreatedBy: who,
		UpdatedAt: now, Assessments: []Assessment{}, Recommendations: []Recommendation{}, Risks: []Risk{}, Findings: []Finding{}}
	cs, _ := ChecksOf(Planning)
	n := notify.Notice{ID: p.ID + ".v1." + notify.StepStarted, Type: notify.StepStarted, At: now, Ref: projectRef(p),
		Step: string(Planning), Basis: cs.Basis, Calendar: Country, To: []notify.Recipient{{Role: actor.ServiceIntegrator}},
		Subject: fmt.Sprintf("[project] %s: planning-stage assessment", p.Name),
		Body: fmt.Sprintf("%s was opened at the planning stage. Its assessment answers %s (%s).", label(p),
			strings.Join(cs.Codes(), ", "), cs.Basis)}
	ev := audit.Event{At: now, Actor: who, Type: "project_created", To: string(Planning), Seq: seq(1),
		Data: map[string]any{"name": p.Name, "objectIds": objs, "basis": "004 ¶21"}, Notices: []notify.Notice{n}}
	return &Change{Project: p, Event: ev, Counts: []Count{{Year: DateOf(now).Year, Org: p.Org, Name: "projects", N: 1}}}, nil
}

// next copies the project for a change: one version later, updated now.
func next(p *Project, now time.Time) *Project {
	q := *p
	q.Version = p.Version + 1
	q.UpdatedAt = now
	q.StageHistory = slices.Clone(p.StageHistory)
	q.Assessments = slices.Clone(p.Assessments)
	q.Recommendations = slices.Clone(p.Recommendations)
	q.Risks = slices.Clone(p.Risks)
	q.Findings = slices.Clone(p.Findings)
	q.RecommendationIDs = slices.Clone(p.RecommendationIDs)
	return &q
}

// MoveStage moves the project to its next stage (004 ¶21), by its own organisation.
func MoveStage(p *Project, in StageInput, c actor.Caller, now time.Time) (*Change, error) {
	if !c.Member(actor.Applicant, p.Org) {
		return nil, fault.E(fault.Forbidden, "only the project's own organisation moves it to its next stage")
	}
	to := Stage(in.To)
	if !to.Known() {
		return nil, fault.WithFields(fault.Unprocessable, "unknown stage",
			fault.Field{Field: "to", Reason: "must be one of planning, investment, post_investment, closed"})
	}
	if err := StageMovesForward(p.Stage, to); err != nil {
		return nil, err
	}
	now = now.UTC()
	who := c.Actor(actor.Applicant)
	q := next(p, now)
	q.Stage = to
	q.StageHistory = append(q.StageHistory, StageEntry{Stage: to, At: now, By: who})
	n := notify.Notice{ID: fmt.Sprintf("%s.v%d.%s", p.ID, q.Version, notify.StatusChanged), Type: notify.StatusChanged, At: now,
		Ref: projectRef(p), Step: string(to), Basis: "004 ¶21", Calendar: Country, To: []notify.Recipient{{Role: actor.ServiceIntegrator}},
		Subject: fmt.Sprintf("[project] %s: %s", p.Name, to),
		Body:    fmt.Sprintf("%s moved from the %s stage to %s (004 ¶21).", label(p), p.Stage, to)}
	if cs, ok := ChecksOf(to); ok {
		n.Type, n.ID, n.Basis = notify.StepStarted, fmt.Sprintf("%s.v%d.%s", p.ID, q.Version, notify.StepStarted), cs.Basis
		n.Subject = fmt.Sprintf("[project] %s: %s-stage assessment", p.Name, to)
		n.Body += fmt.Sprintf(" Its assessment answers %s (%s).", strings.Join(cs.Codes(), ", "), cs.Basis)
	}
	ev := audit.Event{At: now, Actor: who, Type: "stage", From: string(p.Stage), To: string(to), Seq: seq(q.Version),
		Data: map[string]any{"basis": "004 ¶21"}, Notices: []notify.Notice{n}}
	return &Change{Project: q, PrevVersion: p.Version, Event: ev}, nil
}

// RemindWorkingDays is how long before its due date the owner organisation is reminded
// of an open recommendation ([DESIGN]: the seed sets no reminder; three working days
// leave time to act and to record the implementation).
const RemindWorkingDays = 3

// DueRule is the watch on a recommendation's due date: a deadline on the fixed date,
// overdue once after the end of it (Asia/Almaty), reminded RemindWorkingDays before. It is
// owed by the owner organisation rather than a role, since applicants are scoped by
// organisation: clock.Fire addresses an unowed deadline's reminder to the owner
// organisation and its overdue notice to it and to the parties (004 ¶28.2: the authorized
// body watches R2).
func DueRule(dueOn string) clock.Rule {
	return clock.Rule{Name: "due", Kind: clock.Deadline, Basis: "004 ¶25, ¶28.2", Title: "implementation of the recommendation",
		Count: clock.Count{Anchor: clock.OnDate, Date: dueOn, Limit: clock.Limit{Kind: clock.NoLimit},
			Remind: &clock.Limit{Kind: clock.WorkingDays, N: RemindWorkingDays}},
		Notify: []clock.Party{{Role: actor.AuthorizedBody}}}
}

// RecLabel is how notices name a recommendation.
func RecLabel(r *Recommendation) string {
	return fmt.Sprintf("recommendation %s on ICT project %q (%s)", r.ID, r.ProjectName, r.Org)
}

// RecClockRef is a recommendation's clock as the store keeps it, with what its notices say.
func RecClockRef(r *Recommendation, cl clock.Clock) clock.Ref {
	return clock.Ref{Owner: clock.Owner{Kind: OwnerRecommendation, ID: r.ID}, Org: r.Org, Label: RecLabel(r),
		Name: r.ProjectName, Status: string(RecOpen), Clock: cl}
}

// Assess records the service integrator's assessment of the project's current stage and
// its conclusion (004 ¶21–¶26), with the recommendations it gives (¶25), each watched to
// its due date. newID names the assessment and each recommendation.
func Assess(p *Project, in AssessmentInput, c actor.Caller, now time.Time, newID func() string) (*Change, error) {
	if !c.Has(actor.ServiceIntegrator) {
		return nil, fault.E(fault.Forbidden, "only the service integrator assesses a project (004 ¶20–¶21)")
	}
	stage := Stage(in.Stage)
	if _, ok := ChecksOf(stage); !ok {
		return nil, fault.WithFields(fault.Unprocessable, "unknown stage",
			fault.Field{Field: "stage", Reason: "must be planning, investment or post_investment (004 ¶21)"})
	}
	if err := AssessedStageIsCurrent(p.Stage, stage); err != nil {
		return nil, err
	}
	now = now.UTC()
	today := DateOf(now)
	level := Level(in.Level)
	var fs []fault.Field
	fs = append(fs, CheckSetOfStage(stage, in.Checks)...)
	info, ok := level.Info()
	if !ok {
		fs = append(fs, fault.Field{Field: "level", Reason: "must be 1 (does not comply), 2 (partially complies) or 3 (fully complies) (004 ¶26)"})
	}
	if len(in.Recommendations) > MaxRecommendations {
		fs = append(fs, fault.Field{Field: "recommendations", Reason: fmt.Sprintf("at most %d per assessment", MaxRecommendations)})
	}
	for i, r := range in.Recommendations {
		if f := textField(fmt.Sprintf("recommendations[%d].text", i), r.Text, maxText, true); f != nil {
			fs = append(fs, *f)
		}
		if why := DueAfterAssessment(r.DueOn, today); why != "" {
			fs = append(fs, fault.Field{Field: fmt.Sprintf("recommendations[%d].dueOn", i), Reason: why})
		}
	}
	if ok {
		fs = append(fs, RecommendationsRequired(level, len(in.Recommendations))...)
		fs = append(fs, FullComplianceHoldsEveryCheck(level, stage, in.Checks)...)
	}
	if f := textField("note", in.Note, maxText, false); f != nil {
		fs = append(fs, *f)
	}
	if err := unprocessable("the assessment is not valid", fs); err != nil {
		return nil, err
	}
	who := c.Actor(actor.ServiceIntegrator)
	q := next(p, now)
	a := Assessment{ID: newID(), ProjectID: p.ID, ProjectName: p.Name, Org: p.Org, Stage: stage, Checks: map[string]bool{},
		Level: level, On: today.String(), At: now, Assessor: who, Recommendations: []string{}, Note: in.Note}
	for k, v := range in.Checks {
		a.Checks[k] = v
	}
	ch := &Change{Project: q, PrevVersion: p.Version, Assessment: &a}
	var lines []string
	for _, ri := range in.Recommendations {
		r := &Recommendation{ID: newID(), ProjectID: p.ID, ProjectName: p.Name, Org: p.Org, AssessmentID: a.ID, Stage: stage,
			Text: strings.TrimSpace(ri.Text), DueOn: ri.DueOn, State: RecOpen, CreatedAt: now, CreatedBy: who, Version: 1}
		cl, err := DueRule(ri.DueOn).Start(Country, 1, now, "")
		if err != nil {
			return nil, fmt.Errorf("schedule recommendation %s: %w", r.ID, err)
		}
		r.Clock = &cl
		a.Recommendations = append(a.Recommendations, r.ID)
		q.RecommendationIDs = append(q.RecommendationIDs, r.ID)
		q.Recommendations = append(q.Recommendations, *r)
		ch.NewRecommendations = append(ch.NewRecommendations, NewRecommendation{Rec: r, Clock: RecClockRef(r, cl)})
		lines = append(lines, fmt.Sprintf("- %s (due %s)", r.Text, r.DueOn))
	}
	lv := level
	q.Level = &lv
	q.Assessments = append(q.Assessments, a)

	cs, _ := ChecksOf(stage)
	typ := notify.StatusChanged
	body := fmt.Sprintf("The service integrator assessed the %s stage of %s (%s): level %d, %s (004 ¶26).", stage, label(p), cs.Basis, level, info.Text)
	if info.RecommendationsRequired {
		typ = notify.RevisionRequested // ¶25: the results are to be refined
		body += " Recommendations on refining the project's results (004 ¶25):\n" + strings.Join(lines, "\n")
	}
	n := notify.Notice{ID: fmt.Sprintf("%s.v%d.%s", p.ID, q.Version, typ), Type: typ, At: now, Ref: projectRef(p),
		Step: string(stage), Basis: "004 ¶26", Calendar: Country,
		// The project's organisation on every assessment; the authorized body receives the
		// conclusions too (digest B7, N004-6).
		To:      []notify.Recipient{{Org: p.Org}, {Role: actor.AuthorizedBody}},
		Subject: fmt.Sprintf("[project] %s: %s stage, level %d (%s)", p.Name, stage, level, info.Name), Body: body}
	ch.Event = audit.Event{At: now, Actor: who, Type: "assessment", Seq: seq(q.Version), Notices: []notify.Notice{n},
		Data: map[string]any{"assessmentId": a.ID, "stage": string(stage), "level": int(level), "checks": a.Checks,
			"recommendations": a.Recommendations, "basis": cs.Basis + ", ¶26"}}
	year := today.Year
	ch.Counts = []Count{{year, p.Org, "assessments", 1}, {year, p.Org, "level" + strconv.Itoa(int(level)), 1}}
	if n := len(ch.NewRecommendations); n > 0 {
		ch.Counts = append(ch.Counts, Count{year, p.Org, "recsGiven", n})
	}
	return ch, nil
}

// RecordRisk records a risk factor of 004 ¶28 against the project, with its evidence;
// the authorized body (who ensures the assessment of risks, ¶28) or the service
// integrator (who monitors, ¶20) records it, and the project's organisation and the
// authorized body are warned.
func RecordRisk(p *Project, in RiskInput, cfg Config, c actor.Caller, now time.Time, rid string) (*Change, error) {
	role := actor.AuthorizedBody
	if !c.Has(role) {
		role = actor.ServiceIntegrator
	}
	if !c.Has(role) {
		return nil, fault.E(fault.Forbidden, "only the authorized body or the service integrator records a risk factor (004 ¶28)")
	}
	var fs []fault.Field
	var pct float64
	if !slices.Contains(RiskCodes(), in.Factor) {
		fs = append(fs, fault.Field{Field: "factor", Reason: "must be one of R1, R2, R3, R4, R5 (004 ¶28)"})
	}
	if f := textField("evidence", in.Evidence, maxText, true); f != nil {
		fs = append(fs, *f)
	}
	switch {
	case in.Factor == "R3":
		var bad []fault.Field
		pct, bad = SignificantOverrun(in.Budget, cfg.R3OverrunPercent)
		fs = append(fs, bad...)
	case in.Budget != nil:
		fs = append(fs, fault.Field{Field: "budget", Reason: "the budget is the evidence of R3 only (004 ¶28.3)"})
	}
	fs = append(fs, ImplementedProject(in.Factor, p.Stage)...)
	if err := unprocessable("the risk factor is not valid", fs); err != nil {
		return nil, err
	}
	now = now.UTC()
	who := c.Actor(role)
	q := next(p, now)
	r := Risk{ID: rid, ProjectID: p.ID, ProjectName: p.Name, Org: p.Org, Stage: p.Stage, Factor: in.Factor,
		Evidence: strings.TrimSpace(in.Evidence), On: DateOf(now).String(), At: now, By: who}
	if in.Factor == "R3" {
		b := *in.Budget
		r.Budget, r.OverrunPct = &b, &pct
	}
	q.Risks = append(q.Risks, r)
	var f RiskFactor
	for _, x := range cfg.Factors() {
		if x.Code == in.Factor {
			f = x
		}
	}
	n := notify.Notice{ID: fmt.Sprintf("%s.v%d.%s", p.ID, q.Version, notify.RiskWarning), Type: notify.RiskWarning, At: now,
		Ref: projectRef(p), Step: string(p.Stage), Basis: f.Basis, Calendar: Country,
		To:      []notify.Recipient{{Org: p.Org}, {Role: actor.AuthorizedBody}},
		Subject: fmt.Sprintf("[project] %s: risk %s", p.Name, f.Code),
		Body:    fmt.Sprintf("Risk factor %s (%s, %s) was recorded against %s: %s", f.Code, f.Text, f.Basis, label(p), r.Evidence)}
	ev := audit.Event{At: now, Actor: who, Type: "risk", Seq: seq(q.Version), Notices: []notify.Notice{n},
		Data: map[string]any{"riskId": r.ID, "factor": r.Factor, "basis": f.Basis}}
	if r.OverrunPct != nil {
		ev.Data["overrunPercent"] = *r.OverrunPct
		ev.Data["thresholdPercent"] = cfg.R3OverrunPercent
	}
	return &Change{Project: q, PrevVersion: p.Version, Risk: &r, Event: ev,
		Counts: []Count{{DateOf(now).Year, p.Org, r.Factor, 1}}}, nil
}

// RecordFinding records an architectural control finding (004 ¶23.3 and closing), at
// any stage before the project is closed.
func RecordFinding(p *Project, in FindingInput, c actor.Caller, now time.Time, fid string) (*Change, error) {
	if !c.Has(actor.ServiceIntegrator) {
		return nil, fault.E(fault.Forbidden, "only the service integrator exercises architectural control (004 ¶23)")
	}
	if p.Stage == Closed {
		return nil, fault.E(fault.Conflict, "the project is closed: architectural control runs while a project is under way (004 ¶23)")
	}
	var fs []fault.Field
	if !slices.Contains(FindingKinds, in.Kind) {
		fs = append(fs, fault.Field{Field: "kind", Reason: "must be one of " + strings.Join(FindingKinds, ", ") + " (004 ¶23.3)"})
	}
	if f := textField("text", in.Text, maxText, true); f != nil {
		fs = append(fs, *f)
	}
	fs = append(fs, objectIDs("objectIds", in.ObjectIDs)...)
	if err := unprocessable("the finding is not valid", fs); err != nil {
		return nil, err
	}
	now = now.UTC()
	who := c.Actor(actor.ServiceIntegrator)
	q := next(p, now)
	f := Finding{ID: fid, ProjectID: p.ID, ProjectName: p.Name, Org: p.Org, Stage: p.Stage, Kind: in.Kind,
		Text: strings.TrimSpace(in.Text), ObjectIDs: append([]string{}, in.ObjectIDs...), On: DateOf(now).String(), At: now, By: who}
	q.Findings = append(q.Findings, f)
	typ := notify.RiskWarning // a duplication is what architectural control exists to prevent
	if in.Kind == "reusable_elements" {
		typ = notify.StatusChanged
	}
	n := notify.Notice{ID: fmt.Sprintf("%s.v%d.%s", p.ID, q.Version, typ), Type: typ, At: now, Ref: projectRef(p),
		Step: string(p.Stage), Basis: "004 ¶23", Calendar: Country, To: []notify.Recipient{{Org: p.Org}, {Role: actor.AuthorizedBody}},
		Subject: fmt.Sprintf("[project] %s: architectural control, %s", p.Name, strings.ReplaceAll(in.Kind, "_", " ")),
		Body:    fmt.Sprintf("The service integrator recorded an architectural control finding (%s, 004 ¶23) against %s: %s", in.Kind, label(p), f.Text)}
	ev := audit.Event{At: now, Actor: who, Type: "finding", Seq: seq(q.Version), Notices: []notify.Notice{n},
		Data: map[string]any{"findingId": f.ID, "kind": f.Kind, "objectIds": f.ObjectIDs, "basis": "004 ¶23"}}
	return &Change{Project: q, PrevVersion: p.Version, Finding: &f, Event: ev,
		Counts: []Count{{DateOf(now).Year, p.Org, "findings", 1}}}, nil
}

// Implement marks a recommendation implemented by its owner organisation, open or
// already overdue (late, and the trail and the summary say so); its clock stops.
func Implement(r *Recommendation, in NoteInput, c actor.Caller, now time.Time) (*RecChange, error) {
	if !c.Member(actor.Applicant, r.Org) {
		return nil, fault.E(fault.Forbidden, "only the project's own organisation marks its recommendation implemented")
	}
	if r.State == RecImplemented {
		return nil, fault.E(fault.Conflict, "the recommendation was already marked implemented on %s", r.ImplementedAt.UTC().Format(time.RFC3339))
	}
	if f := textField("note", in.Note, maxText, false); f != nil {
		return nil, fault.WithFields(fault.Unprocessable, "the note is not valid", *f)
	}
	now = now.UTC()
	who := c.Actor(actor.Applicant)
	q := *r
	q.State, q.ImplementedAt, q.ImplementedBy, q.Note, q.Version = RecImplemented, &now, &who, in.Note, r.Version+1
	late := r.State == RecOverdue
	ch := &RecChange{Rec: &q, PrevState: r.State, PrevVersion: r.Version}
	if r.Clock != nil {
		cl := *r.Clock
		ch.PrevClockState = cl.State
		cl.Stop(now)
		q.Clock = &cl
		ref := RecClockRef(&q, cl)
		ch.Clock = &ref
	}
	body := fmt.Sprintf("The organisation marked %s implemented (due %s).", RecLabel(r), r.DueOn)
	if late {
		body = fmt.Sprintf("The organisation marked %s implemented after it went overdue (due %s; 004 ¶28.2).", RecLabel(r), r.DueOn)
	}
	n := notify.Notice{ID: r.ID + ".implemented", Type: notify.StatusChanged, At: now,
		Ref: &notify.Ref{Kind: RefRecommendation, ID: r.ID}, Basis: "004 ¶25", DueDate: r.DueOn, Calendar: Country,
		To:      []notify.Recipient{{Role: actor.ServiceIntegrator}, {Role: actor.AuthorizedBody}},
		Subject: fmt.Sprintf("[recommendation] %s: implemented", r.ProjectName), Body: body}
	ch.Event = audit.Event{At: now, Actor: who, Type: "implemented", From: string(r.State), To: string(RecImplemented),
		Seq: "implemented", Notices: []notify.Notice{n},
		Data: map[string]any{"recommendationId": r.ID, "projectId": r.ProjectID, "dueOn": r.DueOn, "late": late, "basis": "004 ¶25, ¶28.2"}}
	// The summary counts a recommendation in the year it was given (its assessment's).
	year := DateOf(r.CreatedAt).Year
	ch.Counts = []Count{{year, r.Org, "recsImplemented", 1}}
	if late {
		ch.Counts = append(ch.Counts, Count{year, r.Org, "recsImplementedLate", 1})
	}
	return ch, nil
}
