package monitoring

import (
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
)

// Country is the calendar and time zone monitoring is judged on: seed 004 is Kazakh, so
// an assessment's date and a recommendation's due moment are Asia/Almaty's (contract:
// "by its date, Asia/Almaty").
const Country = "KZ"

// almaty is Kazakhstan's zone as its calendar pins it; the KZ calendar is compiled in, so
// its absence is a broken build, stopped at start.
var almaty = func() *time.Location {
	cal, err := calendar.For(Country)
	if err != nil {
		panic("monitoring: " + err.Error())
	}
	return cal.Location()
}()

// DateOf is the Almaty date of an instant.
func DateOf(t time.Time) calendar.Date { return calendar.DateOf(t, almaty) }

// Project is an ICT project of a state body (004 ¶2.5), watched through its stages. It is
// linked to registry objects by id: a project creates or develops them (¶2.5).
type Project struct {
	ID           string       `json:"id"`
	Org          string       `json:"org"`
	Name         string       `json:"name"`
	ObjectIDs    []string     `json:"objectIds"`
	Stage        Stage        `json:"stage"`
	StageHistory []StageEntry `json:"stageHistory"`
	// Level is the conclusion of the latest assessment (004 ¶26), null until assessed.
	Level     *Level      `json:"level"`
	Version   int         `json:"version"`
	CreatedAt time.Time   `json:"createdAt"`
	CreatedBy actor.Actor `json:"createdBy"`
	UpdatedAt time.Time   `json:"updatedAt"`

	Assessments     []Assessment     `json:"assessments"`
	Recommendations []Recommendation `json:"recommendations"`
	Risks           []Risk           `json:"risks"`
	Findings        []Finding        `json:"findings"`

	// RecommendationIDs are the ids of every recommendation given on the project, for
	// the store to load them (they live in partitions of their own, watched by clocks).
	RecommendationIDs []string `json:"-"`
}

// StageEntry records when a project entered a stage and who moved it.
type StageEntry struct {
	Stage Stage       `json:"stage"`
	At    time.Time   `json:"at"`
	By    actor.Actor `json:"by"`
}

// Assessment is the service integrator's compliance assessment of one stage of a project
// and its conclusion (004 ¶21–¶26). Its copy in the period's index carries the project's
// name and organisation, so a report reads each assessment once.
type Assessment struct {
	ID          string          `json:"id"`
	ProjectID   string          `json:"projectId"`
	ProjectName string          `json:"projectName"`
	Org         string          `json:"org"`
	Stage       Stage           `json:"stage"`
	Checks      map[string]bool `json:"checks"`
	Level       Level           `json:"level"`
	// On is the assessment's date in Asia/Almaty: the period a report counts it in.
	On       string      `json:"on"`
	At       time.Time   `json:"at"`
	Assessor actor.Actor `json:"assessor"`
	// Recommendations are the ids of the recommendations given with the conclusion.
	Recommendations []string `json:"recommendations"`
	Note            string   `json:"note,omitempty"`
}

// RecState is where a recommendation stands.
type RecState string

// The recommendation states (contract part two).
const (
	RecOpen        RecState = "open"
	RecOverdue     RecState = "overdue"
	RecImplemented RecState = "implemented"
)

// Recommendation is a recommendation on refining the project's results (004 ¶25),
// watched to its due date: implemented by the owner organisation, or overdue once after
// the end of its due date, which is risk factor R2 (¶28.2).
type Recommendation struct {
	ID            string       `json:"id"`
	ProjectID     string       `json:"projectId"`
	ProjectName   string       `json:"projectName"`
	Org           string       `json:"org"`
	AssessmentID  string       `json:"assessmentId"`
	Stage         Stage        `json:"stage"`
	Text          string       `json:"text"`
	DueOn         string       `json:"dueOn"`
	State         RecState     `json:"state"`
	CreatedAt     time.Time    `json:"createdAt"`
	CreatedBy     actor.Actor  `json:"createdBy"`
	OverdueAt     *time.Time   `json:"overdueAt"`
	ImplementedAt *time.Time   `json:"implementedAt"`
	ImplementedBy *actor.Actor `json:"implementedBy"`
	Note          string       `json:"note,omitempty"`
	Version       int          `json:"version"`
	// Clock is the watch on the due date (a deadline clock owned by the recommendation).
	Clock *clock.Clock `json:"clock"`
}

// Budget is a project's planned and actual spending, in tenge, as evidence of R3.
type Budget struct {
	Planned float64 `json:"planned"`
	Actual  float64 `json:"actual"`
}

// Risk is a risk factor of 004 ¶28 recorded against a project with its evidence.
type Risk struct {
	ID          string      `json:"id"`
	ProjectID   string      `json:"projectId"`
	ProjectName string      `json:"projectName"`
	Org         string      `json:"org"`
	Stage       Stage       `json:"stage"`
	Factor      string      `json:"factor"`
	Evidence    string      `json:"evidence"`
	Budget      *Budget     `json:"budget,omitempty"`
	OverrunPct  *float64    `json:"overrunPercent,omitempty"`
	On          string      `json:"on"`
	At          time.Time   `json:"at"`
	By          actor.Actor `json:"by"`
}

// Finding is an architectural control finding (004 ¶23.3 and closing): duplicated
// functions or components, or elements that can be reused, recorded against a project.
type Finding struct {
	ID          string      `json:"id"`
	ProjectID   string      `json:"projectId"`
	ProjectName string      `json:"projectName"`
	Org         string      `json:"org"`
	Stage       Stage       `json:"stage"`
	Kind        string      `json:"kind"`
	Text        string      `json:"text"`
	ObjectIDs   []string    `json:"objectIds"`
	On          string      `json:"on"`
	At          time.Time   `json:"at"`
	By          actor.Actor `json:"by"`
}

// Count is an increment of the ¶29 summary of one organisation and year.
type Count struct {
	Year int
	Org  string
	Name string // a counter of Summary: "projects", "assessments", "level1", "R3", ...
	N    int
}

// Change is what one decision on a project writes, in one conditional transaction: the
// project (conditioned on the version it was decided on), what the decision records,
// the trail entry carrying its notices (the outbox), and the summary's counters.
type Change struct {
	Project     *Project
	PrevVersion int // 0: a new project
	Assessment  *Assessment
	// NewRecommendations are written with their due-date clocks.
	NewRecommendations []NewRecommendation
	Risk               *Risk
	Finding            *Finding
	Event              audit.Event
	Counts             []Count
}

// NewRecommendation is a recommendation and its watch.
type NewRecommendation struct {
	Rec   *Recommendation
	Clock clock.Ref
}

// RecChange is what marking a recommendation implemented writes: the recommendation
// (conditioned on the state it was decided on), its clock stopped (conditioned on the
// clock's state as read, so a firing made meanwhile is never overwritten), its trail
// entry with notices, and the summary's counters.
type RecChange struct {
	Rec            *Recommendation
	PrevState      RecState
	PrevVersion    int
	Clock          *clock.Ref
	PrevClockState clock.State
	Event          audit.Event
	Counts         []Count
}
