package dynamo

import (
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/notify"
)

// latviaConsequence applies the consequences of the Latvian clocks' firings (seed 000 and
// 001), in the firing's own transaction. The sweep reads nothing more for them: the clock
// item carries what the notices need (the organisation, its subordinates as the clock's
// parties), so the gate over a decision reads one item per organisation.
//
//   - An overdue deadline is shown by its clock; its notice goes to the organisation that
//     owes it and to the coordinator (not to the role "applicant", which would reach every
//     applicant of every organisation).
//   - The §6.2 gate sets the flag "freeze" on the organisation, with since = the due
//     moment however late the sweep runs, only if it is not set already (000 §6.2), and
//     its notice becomes a "freeze" notice to the organisation, its subordinate
//     institutions and the coordinator.
func (st *Store) latviaConsequence(c clock.Consequence, out *clock.Outcome) (*types.TransactWriteItem, error) {
	for i := range out.Event.Notices {
		n := &out.Event.Notices[i]
		n.To = slices.DeleteFunc(n.To, func(r notify.Recipient) bool { return r.Role == actor.Applicant })
		if c.Source.Kind != actionplan.OwnerPlan && !slices.Contains(n.To, notify.Recipient{Role: actor.Coordinator}) {
			n.To = append(n.To, notify.Recipient{Role: actor.Coordinator})
		}
	}
	switch {
	case c.Kind == clock.MarkOverdue:
		return nil, nil
	case c.Kind == clock.SetFlag && c.Source.Kind == consolidation.OwnerDecision && c.Target.Kind == clock.OwnerOrg:
		v, err := marshal(Flag{Since: c.At, Source: c.Source, Basis: c.Basis})
		if err != nil {
			return nil, err
		}
		cl := out.Clock
		var subs []string
		for _, p := range cl.Notify {
			if p.Org != "" && p.Org != c.Target.ID {
				subs = append(subs, p.Org)
			}
		}
		n := consolidation.FreezeNotice(fmt.Sprintf("%s.%s.r%d.freeze", c.Source.ID, cl.Rule, cl.Round), c.Source.ID,
			c.Target.ID, c.At, cl.DueDate, subs, out.Event.At)
		out.Event.Notices = []notify.Notice{n}
		out.Event.Data["flag"] = map[string]any{"subject": c.Target, "name": c.Name, "since": c.At}
		return &types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry,
			Key:                       item{"PK": s(orgPK(c.Target.ID)), "SK": s(skMeta)},
			UpdateExpression:          aws.String("SET #f = if_not_exists(#f, :v)"),
			ExpressionAttributeNames:  map[string]string{"#f": c.Name},
			ExpressionAttributeValues: item{":v": &types.AttributeValueMemberM{Value: v}}}}, nil
	}
	return nil, fmt.Errorf("the sweep cannot apply %s of a %s to a %s", c.Kind, c.Source.Kind, c.Target.Kind)
}
