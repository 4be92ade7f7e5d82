package registry

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/calendar"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/procedure"
)

// State is an object as the store loads it whole: its record, its documents, its clocks
// and its development projects.
type State struct {
	Object *Object
	Docs   []DocumentSummary
	Clocks []clock.Clock
	Devs   []Development
}

// Change is everything one change of an object writes, in one conditional transaction:
// the object at its new version, its trail entry (carrying its notices), the clocks that
// start or stop, the development projects it writes, and an application it opens.
type Change struct {
	Object      *Object
	PrevVersion int // 0: a new object
	Event       audit.Event
	Clocks      []clock.Clock
	// PrevClockStates holds, for each clock the change stops (by key), the state it was
	// read in, so that a concurrent firing is never overwritten.
	PrevClockStates map[string]clock.State
	Devs            []Development
	PrevDevVersions map[string]int // by development id; absent: a new development
	// Opened is an application the change opens in the same transaction (a termination
	// opens the listed object's exclusion, 002 ¶11).
	Opened *procedure.Change
}

// Detail is the object as the change leaves it, with the documents and developments.
func (s *State) Detail(ch *Change) Detail {
	d := Detail{Object: s.Object, Documents: slices.Clone(s.Docs), Developments: slices.Clone(s.Devs)}
	if ch != nil {
		d.Object = ch.Object
		for _, nd := range ch.Devs {
			i := slices.IndexFunc(d.Developments, func(x Development) bool { return x.ID == nd.ID })
			if i >= 0 {
				d.Developments[i] = nd
			} else {
				d.Developments = append(d.Developments, nd)
			}
		}
	}
	if d.Documents == nil {
		d.Documents = []DocumentSummary{}
	}
	if d.Developments == nil {
		d.Developments = []Development{}
	}
	return d
}

// NewObjectInput is the body of POST /v1/objects.
type NewObjectInput struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Funding  string `json:"funding"`
	Supplier string `json:"supplier"`
	// InitiatedOn is the day the object was initiated, when it was before it is registered
	// here (an object already under way); today when absent.
	InitiatedOn string `json:"initiatedOn"`
}

const maxNameBytes = 500

func checkName(name string) (string, *fault.Field) {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return "", &fault.Field{Field: "name", Reason: "required"}
	case len(n) > maxNameBytes:
		return "", &fault.Field{Field: "name", Reason: fmt.Sprintf("longer than %d bytes", maxNameBytes)}
	case !utf8.ValidString(n) || strings.ContainsFunc(n, unicode.IsControl):
		return "", &fault.Field{Field: "name", Reason: "contains control characters"}
	}
	return n, nil
}

// CheckOrg checks an organisation id as the registry takes it (a supplier's): what a
// token's org claim carries, 1 to 100 lower-case letters, digits, '-', '_' or '.'.
func CheckOrg(field, org string) *fault.Field {
	ok := len(org) > 0 && len(org) <= 100
	for _, r := range org {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			ok = false
		}
	}
	if !ok {
		return &fault.Field{Field: field, Reason: "an organisation id: 1 to 100 lower-case letters, digits, '-', '_' or '.'"}
	}
	return nil
}

// Today is the day it is in the registry's country.
func Today(now time.Time) calendar.Date {
	cal, err := calendar.For(Country)
	if err != nil {
		return calendar.DateOf(now, time.UTC)
	}
	return calendar.DateOf(now, cal.Location())
}

// Create registers a new object of the caller's organisation in stage initiated (003 §4,
// §5: the funding route is chosen when the object is initiated).
func Create(in NewObjectInput, c actor.Caller, now time.Time, id string) (*Change, error) {
	if !c.Has(actor.Applicant) || c.Org == "" {
		return nil, fault.E(fault.Forbidden, "only an applicant of an organisation registers its objects (003 §4)")
	}
	var fs []fault.Field
	name, bad := checkName(in.Name)
	if bad != nil {
		fs = append(fs, *bad)
	}
	if !slices.Contains(ObjectTypes, in.Type) {
		fs = append(fs, fault.Field{Field: "type", Reason: "must be one of " + strings.Join(ObjectTypes, ", ")})
	}
	if !slices.Contains(FundingRoutes, in.Funding) {
		fs = append(fs, fault.Field{Field: "funding", Reason: "must be one of " + strings.Join(FundingRoutes, ", ") + " (003 §5)"})
	}
	if in.Supplier != "" {
		if bad := CheckOrg("supplier", in.Supplier); bad != nil {
			fs = append(fs, *bad)
		}
	}
	now = now.UTC()
	on := Today(now).String()
	if in.InitiatedOn != "" {
		d, err := calendar.ParseDate(in.InitiatedOn)
		switch {
		case err != nil:
			fs = append(fs, fault.Field{Field: "initiatedOn", Reason: "must be a date YYYY-MM-DD"})
		case d.After(Today(now)):
			fs = append(fs, fault.Field{Field: "initiatedOn", Reason: in.InitiatedOn + " is in the future"})
		default:
			on = in.InitiatedOn
		}
	}
	if len(fs) > 0 {
		return nil, fault.WithFields(fault.Unprocessable, "the object is not valid", fs...)
	}
	o := &Object{ID: id, Name: name, Type: in.Type, Org: c.Org, Supplier: in.Supplier, Stage: Initiated, Funding: in.Funding,
		Version: 1, CreatedAt: now, CreatedBy: c.Sub,
		StageHistory: []StageEntry{{Stage: Initiated, On: &on, At: now, By: c.Sub, Basis: StageBasis(Initiated)}}}
	ch := &Change{Object: o, Event: audit.Event{At: now, Actor: c.Actor(actor.Applicant), Type: "created", To: Initiated,
		Data: map[string]any{"basis": "003 §4, §5", "name": o.Name, "type": o.Type, "funding": o.Funding}}}
	if o.Supplier != "" {
		ch.Event.Data["supplier"] = o.Supplier
	}
	return ch, nil
}

// PatchInput is the body of PATCH /v1/objects/{id}: what the owner may correct. A nil
// field is left as it is; Supplier "" removes the supplier.
type PatchInput struct {
	Name     *string `json:"name"`
	Funding  *string `json:"funding"`
	Supplier *string `json:"supplier"`
}

// Patch changes the object's name, funding route or supplier (contract: the supplier may
// be set later by the owner organisation). The funding route decides the documents of
// creation (003 §6 ¶2, §11), so it changes only before engineering starts, or when the
// object was registered without one. A supplier named while the warranty runs is told of
// its end: the warranty's clock is rewritten with the new party.
func Patch(s *State, in PatchInput, c actor.Caller, now time.Time) (*Change, error) {
	o := s.Object
	if !c.Member(actor.Applicant, o.Org) {
		return nil, fault.E(fault.Forbidden, "only the organisation that holds the object may change it")
	}
	if in.Name == nil && in.Funding == nil && in.Supplier == nil {
		return nil, fault.E(fault.Invalid, "nothing to change: give name, funding or supplier")
	}
	now = now.UTC()
	next := *o
	ch := &Change{Object: &next, PrevVersion: o.Version}
	data := map[string]any{"basis": "003 §4 ¶2"}
	var fs []fault.Field
	if in.Name != nil {
		name, bad := checkName(*in.Name)
		if bad != nil {
			fs = append(fs, *bad)
		}
		next.Name = name
		data["name"] = name
	}
	if in.Funding != nil {
		switch {
		case !slices.Contains(FundingRoutes, *in.Funding):
			fs = append(fs, fault.Field{Field: "funding", Reason: "must be one of " + strings.Join(FundingRoutes, ", ") + " (003 §5)"})
		case *in.Funding != o.Funding && o.Funding != "" && o.Stage != Initiated:
			return nil, fault.E(fault.Conflict, "the object is %s; its funding route decided the documents of its creation and no longer changes (003 §5, §6 ¶2)", o.Stage)
		}
		next.Funding = *in.Funding
		data["funding"] = next.Funding
	}
	if in.Supplier != nil {
		if *in.Supplier != "" {
			if bad := CheckOrg("supplier", *in.Supplier); bad != nil {
				fs = append(fs, *bad)
			}
		}
		next.Supplier = *in.Supplier
		data["supplier"] = next.Supplier
	}
	if len(fs) > 0 {
		return nil, fault.WithFields(fault.Unprocessable, "the change is not valid", fs...)
	}
	if next.Supplier != o.Supplier {
		for _, cl := range s.Clocks {
			if cl.Rule == WarrantyRule.Name && cl.Open() {
				ch.keep(cl)
				cl.Notify = SupplierParty(next.Supplier)
				ch.Clocks = append(ch.Clocks, cl)
			}
		}
	}
	next.Version++
	ch.Event = audit.Event{At: now, Actor: c.Actor(actor.Applicant), Type: "changed", From: o.Stage, To: o.Stage, Data: data}
	return ch, nil
}

// keep records the state a clock was read in, so its rewrite is conditioned on it.
func (ch *Change) keep(cl clock.Clock) {
	if ch.PrevClockStates == nil {
		ch.PrevClockStates = map[string]clock.State{}
	}
	ch.PrevClockStates[cl.Key()] = cl.State
}

// StageInput is the body of a stage change.
type StageInput struct {
	To string `json:"to"`
	On string `json:"on"`
}

// EnterStage moves the object to its next life-cycle stage (003 §3 7), §9, §15, §19): the
// order, the date and the documents of the stage (Move.Check); entering operation starts
// the warranty (003 §16 9), §17 ¶1); termination stops what still runs (the warranty, a
// development) and, for an object on the operator's list, opens its exclusion (002 ¶11)
// in the same transaction, under exclusionID.
func EnterStage(s *State, in StageInput, c actor.Caller, now time.Time, exclusionID string) (*Change, error) {
	o := s.Object
	if !c.Member(actor.Applicant, o.Org) {
		return nil, fault.E(fault.Forbidden, "only the organisation that holds the object records its stages (003 §4 ¶2)")
	}
	now = now.UTC()
	relied, err := Move{From: o.Stage, To: in.To, On: in.On, Previous: LastOn(o.StageHistory), Today: Today(now),
		Funding: o.Funding, Docs: ValidOf(s.Docs, "")}.Check()
	if err != nil {
		return nil, err
	}
	next := *o
	next.Version++
	next.Stage = in.To
	on := in.On
	entry := StageEntry{Stage: in.To, On: &on, At: now, By: c.Sub, Basis: StageBasis(in.To)}
	if len(relied) > 0 {
		entry.Documents = relied
	}
	next.StageHistory = append(slices.Clone(o.StageHistory), entry)
	ch := &Change{Object: &next, PrevVersion: o.Version}
	data := map[string]any{"basis": entry.Basis, "on": in.On}
	if len(relied) > 0 {
		data["documents"] = relied
	}
	switch in.To {
	case Operation:
		w, cl, err := StartWarranty(&next, in.On, nextWarrantyRound(s.Clocks), nil, "", now)
		if err != nil {
			return nil, err
		}
		next.Warranty = &w
		ch.Clocks = append(ch.Clocks, cl)
		data["warranty"] = map[string]any{"from": w.From, "until": w.Until, "basis": WarrantyRule.Basis}
	case Terminated:
		ch.stopWarranty(s, now)
		for _, d := range s.Devs {
			if d.Open() {
				d.Stage = Abandoned
				d.StageHistory = append(slices.Clone(d.StageHistory), StageEntry{Stage: Abandoned, On: &on, At: now, By: c.Sub,
					Basis: "003 §19: the object's operation was terminated"})
				ch.keepDev(d)
				d.Version++
				ch.Devs = append(ch.Devs, d)
			}
		}
		if o.Listed && o.ExclusionApplicationID == "" {
			// 002 ¶11 (as 003 §19 ends operation): the listed object's exclusion opens now.
			opened, err := procedure.Open(procedure.KZOperatorExclusion.ID, Facts(o), c, now, exclusionID,
				map[string]any{"basis": "003 §19, 002 ¶11", "objectId": o.ID, "ceasedOn": in.On, "via": procedure.ViaTermination})
			if err != nil {
				return nil, err
			}
			ch.Opened = opened
			next.ExclusionApplicationID, next.CessationAt = exclusionID, &now
			data["exclusionApplicationId"] = exclusionID
		}
	}
	ch.Event = audit.Event{At: now, Actor: c.Actor(actor.Applicant), Type: "stage", From: o.Stage, To: in.To, Data: data}
	ch.Event.Notices = []notify.Notice{stageNotice(&next, o.Stage, now)}
	return ch, nil
}

func (ch *Change) keepDev(d Development) {
	if ch.PrevDevVersions == nil {
		ch.PrevDevVersions = map[string]int{}
	}
	ch.PrevDevVersions[d.ID] = d.Version
}

// stopWarranty ends a running warranty early (its clock is stopped, so it no longer
// reminds nor ends later).
func (ch *Change) stopWarranty(s *State, now time.Time) {
	for _, cl := range s.Clocks {
		if cl.Rule == WarrantyRule.Name && cl.Open() {
			ch.keep(cl)
			cl.Stop(now)
			ch.Clocks = append(ch.Clocks, cl)
		}
	}
	if w := ch.Object.Warranty; w != nil && w.State == WarrantyRunning {
		ended := *w
		ended.State = WarrantyEnded
		ch.Object.Warranty = &ended
	}
}

func nextWarrantyRound(cls []clock.Clock) int {
	round := 0
	for _, cl := range cls {
		if cl.Rule == WarrantyRule.Name && cl.Round > round {
			round = cl.Round
		}
	}
	return round + 1
}

// stageNotice tells the owner organisation and the supplier of a stage change (003 §4
// ¶2: the object's information is updated at each stage; N6, N8 of the digest).
func stageNotice(o *Object, from string, now time.Time) notify.Notice {
	to := []notify.Recipient{{Org: o.Org}}
	if o.Supplier != "" && o.Supplier != o.Org {
		to = append(to, notify.Recipient{Org: o.Supplier})
	}
	body := fmt.Sprintf("Object %s (%q) of %s moved from stage %s to %s (%s).", o.ID, o.Name, o.Org, from, o.Stage, StageBasis(o.Stage))
	if o.Stage == Operation && o.Warranty != nil {
		body += fmt.Sprintf(" Its warranty runs from %s to %s (%s).", o.Warranty.From, o.Warranty.Until, WarrantyRule.Basis)
	}
	body += " Update its information and the e-copies of its technical documentation for the stage (003 §4 ¶2)."
	return notify.Notice{ID: fmt.Sprintf("%s.v%d.%s", o.ID, o.Version, notify.StatusChanged), Type: notify.StatusChanged, At: now,
		Ref: &notify.Ref{Kind: clock.OwnerObject, ID: o.ID}, Basis: StageBasis(o.Stage), Calendar: Country, To: to,
		Subject: fmt.Sprintf("[object] %s: %s", o.Name, o.Stage), Body: body}
}

// Facts is what the engine knows of an object: its stage, list membership, funding,
// supplier and warranty cover (a claim's window, 003 §17 ¶1).
func Facts(o *Object) procedure.ObjectFacts {
	f := procedure.ObjectFacts{ID: o.ID, Name: o.Name, Type: o.Type, Org: o.Org, Supplier: o.Supplier, Stage: o.Stage,
		Funding: o.Funding, Listed: o.Listed}
	if w := o.Warranty; w != nil {
		f.WarrantyFrom, f.WarrantyUntil = w.CoveredFrom, w.Until
		if f.WarrantyFrom == "" {
			f.WarrantyFrom = w.From
		}
	}
	return f
}

// DevelopmentInput is the body that starts a development project.
type DevelopmentInput struct {
	Performer string `json:"performer"`
	Summary   string `json:"summary"`
	Funding   string `json:"funding"`
	// InitiatedOn is the day the development was initiated; today when absent. It is not
	// in the future, nor before the object's newest stage (development follows
	// commissioning, 003 §10 ¶1).
	InitiatedOn string `json:"initiatedOn"`
}

// StartDevelopment opens a development project of an object in operation (003 §3 1),
// §10) in stage initiated; the object stays in operation.
func StartDevelopment(s *State, in DevelopmentInput, c actor.Caller, now time.Time, devID string) (*Change, error) {
	o := s.Object
	if !c.Member(actor.Applicant, o.Org) {
		return nil, fault.E(fault.Forbidden, "only the organisation that holds the object develops it (003 §10)")
	}
	var fs []fault.Field
	if len(in.Summary) > 4000 || strings.ContainsFunc(in.Summary, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' }) {
		fs = append(fs, fault.Field{Field: "summary", Reason: "at most 4000 bytes, no control characters"})
	}
	funding := in.Funding
	if funding == "" {
		funding = o.Funding
	}
	if !slices.Contains(FundingRoutes, funding) {
		fs = append(fs, fault.Field{Field: "funding", Reason: "must be one of " + strings.Join(FundingRoutes, ", ") + " (003 §5): the object records none"})
	}
	tor, err := CheckDevelopmentStart(o, s.Devs, in.Performer)
	if err != nil {
		return nil, err
	}
	now = now.UTC()
	on := Today(now).String()
	if in.InitiatedOn != "" {
		d, err := calendar.ParseDate(in.InitiatedOn)
		last := LastOn(o.StageHistory)
		switch {
		case err != nil:
			fs = append(fs, fault.Field{Field: "initiatedOn", Reason: "must be a date YYYY-MM-DD"})
		case d.After(Today(now)):
			fs = append(fs, fault.Field{Field: "initiatedOn", Reason: in.InitiatedOn + " is in the future"})
		case last != nil && in.InitiatedOn < *last:
			fs = append(fs, fault.Field{Field: "initiatedOn", Reason: "before " + *last + ", the day the object's newest stage began (003 §10 ¶1)"})
		default:
			on = in.InitiatedOn
		}
	}
	if len(fs) > 0 {
		return nil, fault.WithFields(fault.Unprocessable, "the development is not valid", fs...)
	}
	d := Development{ID: devID, ObjectID: o.ID, Performer: in.Performer, Summary: strings.TrimSpace(in.Summary), Funding: funding,
		Stage: Initiated, TORAgreementID: tor, Version: 1, CreatedAt: now, CreatedBy: c.Sub,
		StageHistory: []StageEntry{{Stage: Initiated, On: &on, At: now, By: c.Sub, Basis: "003 §10, §3 1)"}}}
	next := *o
	next.Version++
	ch := &Change{Object: &next, PrevVersion: o.Version, Devs: []Development{d}}
	data := map[string]any{"basis": "003 §10, §3 1)", "developmentId": devID, "performer": d.Performer, "funding": funding}
	if tor != "" {
		data["torAgreementId"] = tor
	}
	ch.Event = audit.Event{At: now, Actor: c.Actor(actor.Applicant), Type: "development_started", From: o.Stage, To: o.Stage, Data: data}
	return ch, nil
}

// MoveDevelopment moves a development project along its path (003 §9 applied to
// development) under the documents uploaded for it; re-commissioning starts a new
// warranty for the developed version ([DESIGN] G8: 003 §16 9) ties the warranty to
// putting into operation, which §9 5) makes part of development too).
func MoveDevelopment(s *State, devID string, in StageInput, c actor.Caller, now time.Time) (*Change, error) {
	o := s.Object
	i := slices.IndexFunc(s.Devs, func(d Development) bool { return d.ID == devID })
	if i < 0 {
		return nil, fault.E(fault.NotFound, "no such development")
	}
	if !c.Member(actor.Applicant, o.Org) {
		return nil, fault.E(fault.Forbidden, "only the organisation that holds the object records its development (003 §10)")
	}
	d := s.Devs[i]
	if !d.Open() {
		return nil, fault.E(fault.Conflict, "development %s is %s", d.ID, d.Stage)
	}
	if o.Stage != Operation {
		return nil, fault.E(fault.Conflict, "the object is %s; development is of an object in operation (003 §10 ¶1)", o.Stage)
	}
	now = now.UTC()
	relied, err := Move{From: d.Stage, To: in.To, On: in.On, Previous: LastOn(d.StageHistory), Today: Today(now),
		Funding: d.Funding, Docs: ValidOf(s.Docs, d.ID), Order: DevelopmentStages}.Check()
	if err != nil {
		return nil, err
	}
	on := in.On
	entry := StageEntry{Stage: in.To, On: &on, At: now, By: c.Sub, Basis: StageBasis(DevelopmentRequired(in.To)) + ", §10"}
	if len(relied) > 0 {
		entry.Documents = relied
	}
	ch := &Change{PrevVersion: o.Version}
	ch.keepDev(d)
	d.StageHistory = append(slices.Clone(d.StageHistory), entry)
	d.Stage = in.To
	d.Version++
	next := *o
	next.Version++
	ch.Object, ch.Devs = &next, []Development{d}
	data := map[string]any{"basis": entry.Basis, "on": in.On, "developmentId": d.ID}
	if len(relied) > 0 {
		data["documents"] = relied
	}
	if in.To == Recommissioned {
		prev := o.Warranty
		ch.stopWarranty(s, now)
		w, cl, err := StartWarranty(&next, in.On, nextWarrantyRound(s.Clocks), prev, d.ID, now)
		if err != nil {
			return nil, err
		}
		next.Warranty = &w
		ch.Clocks = append(ch.Clocks, cl)
		data["warranty"] = map[string]any{"from": w.From, "until": w.Until, "coveredFrom": w.CoveredFrom, "basis": WarrantyRule.Basis + "; G8"}
	}
	ch.Event = audit.Event{At: now, Actor: c.Actor(actor.Applicant), Type: "development_stage", From: s.Devs[i].Stage, To: in.To, Data: data}
	if in.To == Recommissioned {
		n := stageNotice(&next, Operation, now)
		n.Subject = fmt.Sprintf("[object] %s: developed version in operation", o.Name)
		n.Body = fmt.Sprintf("The developed version of object %s (%q) of %s was put into operation on %s (development %s, 003 §9 5), §10). Its warranty runs from %s to %s (%s).",
			o.ID, o.Name, o.Org, in.On, d.ID, next.Warranty.From, next.Warranty.Until, WarrantyRule.Basis)
		ch.Event.Notices = []notify.Notice{n}
	}
	return ch, nil
}
