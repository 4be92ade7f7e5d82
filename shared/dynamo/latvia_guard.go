package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/id"
	"github.com/ictgov/ictgov/shared/procedure"
)

// The seed-000 procedures need facts of records other than the application: the decision
// names the organisation, the organisation is under freeze, its §6.1 application was
// agreed, its plan's last version. The generic handlers ask the guard before the engine
// decides (httpapi.ApplicationGuard). The guard reads the decision's record and the
// organisation's own items in one request (readLatvia) and leaves the read in the
// request's Reads, so that the change's effects (latvia_effects.go) condition their writes
// on it without reading again: a submission or an agreement reads twice in all, its
// application's load included (issue 8).

// GuardCreate checks a new application of a seed-000 procedure. Nothing is kept for the
// creation's write: opening an application changes nothing of the decision.
func (st *Store) GuardCreate(ctx context.Context, d procedure.Draft, c actor.Caller, now time.Time) error {
	p, ok := procedure.Lookup(d.Procedure)
	if !ok || !lvProcedure(p.ID) || !c.Has(actor.Applicant) || c.Org == "" {
		return nil // the engine answers for an unknown procedure or a caller who may not open it
	}
	details, _ := d.Sections[procedure.DetailsKey].(map[string]any)
	return st.guard(ctx, p.ID, c.Org, details, "create", nil)
}

// GuardAct checks an action on an application of a seed-000 procedure: a submission again
// (the facts may have changed since the draft), and VARAM's agreement of an action plan
// version (the versions follow one another, digest Q8). What it read it keeps in r for
// the change's effects (ApplyOptions.Reads).
func (st *Store) GuardAct(ctx context.Context, a *procedure.Application, action string, input map[string]any, c actor.Caller, now time.Time, r *Reads) error {
	if !lvProcedure(a.Procedure) || !procedure.CanSee(c, a) || a.Status != "draft" && a.Status != "varam_review" {
		return nil // the engine answers 404, 403 or 409
	}
	switch {
	case action == "submit" && c.Member(actor.Applicant, a.Org) && a.Status == "draft":
		return st.guard(ctx, a.Procedure, a.Org, a.Details, "submit", r)
	case action == "agreement" && c.Has(actor.Coordinator) && a.Status == "varam_review" && a.Procedure == procedure.LVActionPlan.ID:
		if dec, _ := input["decision"].(string); dec != "agree" {
			return nil
		}
		err := st.guard(ctx, a.Procedure, a.Org, a.Details, "agree", r)
		if fault.Is(err, fault.Unprocessable) {
			return fault.Wrap(fault.Conflict, err, "the action plan can no longer be agreed: "+faultDetail(err))
		}
		return err
	}
	return nil
}

func lvProcedure(id string) bool {
	switch id {
	case procedure.LVSharedServices.ID, procedure.LVMigration.ID, procedure.LVExtraordinaryInvestment.ID, procedure.LVActionPlan.ID:
		return true
	}
	return false
}

func faultDetail(err error) string {
	var fe *fault.Error
	if errors.As(err, &fe) && len(fe.Fields) > 0 {
		return fe.Fields[0].Reason
	}
	return err.Error()
}

func (st *Store) guard(ctx context.Context, proc, org string, details map[string]any, when string, r *Reads) error {
	refuse := func(field, format string, args ...any) error {
		return fault.WithFields(fault.Unprocessable, "the application does not meet the decision", fault.Field{Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	decID, _ := details["decisionId"].(string)
	switch {
	case decID == "" && when == "create":
		return refuse("details.decisionId", "required: the decision whose obligations the application meets (000 §6)")
	case decID == "":
		return nil // the engine names the missing field at submission
	case !id.Valid(decID):
		return refuse("details.decisionId", "no such decision")
	}
	if proc == procedure.LVExtraordinaryInvestment.ID {
		// 000 §6.2: an organisation under the freeze of this decision, its own or its
		// ministry's as a subordinate institution, asks for an extraordinary investment.
		// Its agreement changes nothing the decision holds: nothing is kept for it.
		x, err := st.readLatvia(ctx, decID, org, lvNeed{org: true})
		if fault.Is(err, fault.NotFound) {
			return refuse("details.decisionId", "no such decision")
		}
		if err != nil {
			return err
		}
		if x.o == nil {
			return refuse("details.decisionId", "your organisation %s is not recorded (POST /v1/orgs/%s)", org, org)
		}
		chain, err := st.chainOf(ctx, *x.o)
		if err != nil {
			return err
		}
		if fr := consolidation.FreezeOf(chain); fr == nil || fr.DecisionID != decID {
			return refuse("details.decisionId", "%s is not under the investment freeze of decision %s: its investments are allowed without VARAM's agreement (000 §6.2)", org, decID)
		}
		return nil
	}
	// An action's change stops the organisation's deadlines (latvia_effects.go): its
	// clocks come in the same read, for the effects to take.
	x, err := st.readLatvia(ctx, decID, org, lvNeed{member: true, clocks: when != "create"})
	if fault.Is(err, fault.NotFound) {
		return refuse("details.decisionId", "no such decision")
	}
	if err != nil {
		return err
	}
	d := x.ds.Decision
	mb := x.ds.Members[org]
	if !d.Names(org) {
		return refuse("details.decisionId", "decision %s does not name your organisation %s (000 §6)", d.ID, org)
	}
	if mb.Exemption != nil {
		return refuse("details.decisionId", "%s is exempt from decision %s under %s", org, d.ID, mb.Exemption.Basis)
	}
	if proc == procedure.LVActionPlan.ID {
		// 000 §6.3: ministries that received VARAM's agreement agree their action plans.
		if mb.Agreed == nil {
			return refuse("details.decisionId", "VARAM has not agreed a §6.1 application of %s under decision %s (000 §6.3)", org, d.ID)
		}
		if v, ok := numberOf(details["version"]); ok {
			next := 1
			if mb.Plan != nil {
				next = mb.Plan.Version + 1
			}
			if int(v) != next {
				return refuse("details.version", "the next version of the action plan is %d (digest Q8: versions follow the last agreed one)", next)
			}
		}
	}
	r.keep(x)
	return nil
}

func numberOf(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case interface{ Float64() (float64, error) }:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}
