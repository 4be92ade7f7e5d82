package dynamo

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/procedure"
)

type item = map[string]types.AttributeValue

// The domain types carry json tags for the HTTP contract; items reuse them so that a
// field has one name in the API and in the table.
func jsonTags(o *attributevalue.EncoderOptions)  { o.TagKey = "json" }
func jsonTagsD(o *attributevalue.DecoderOptions) { o.TagKey = "json" }

func marshal(v any) (item, error) {
	m, err := attributevalue.MarshalMapWithOptions(v, jsonTags)
	if err != nil {
		return nil, fmt.Errorf("marshal %T: %w", v, err)
	}
	return m, nil
}

// unmarshal decodes an item into a domain type. The item-kind attribute "Type" is left
// out: the decoder matches names regardless of case, so it would otherwise race the
// domain's own "type" field (an event's or an object's type) in map order.
func unmarshal(m item, v any) error {
	if _, ok := m["Type"]; ok {
		c := make(item, len(m))
		for k, av := range m {
			if k != "Type" {
				c[k] = av
			}
		}
		m = c
	}
	if err := attributevalue.UnmarshalMapWithOptions(m, v, jsonTagsD); err != nil {
		return fmt.Errorf("unmarshal %T: %w", v, err)
	}
	return nil
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v int) types.AttributeValue    { return &types.AttributeValueMemberN{Value: fmt.Sprint(v)} }
func n64(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: fmt.Sprint(v)}
}

func str(m item, k string) string {
	if v, ok := m[k].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// appItem is the application's META item: the application without its documents and
// clocks (own items), keyed for the three queues.
func appItem(a *procedure.Application) (item, error) {
	m, err := marshal(a)
	if err != nil {
		return nil, err
	}
	delete(m, "documents")
	delete(m, "clocks")
	m["PK"], m["SK"] = s(appPK(a.ID)), s(skMeta)
	m["Type"] = s("application")
	sk := createdSK(a.CreatedAt, a.ID)
	m["GSI1PK"], m["GSI1SK"] = s("ORG#"+a.Org), s(sk)
	m["GSI2PK"], m["GSI2SK"] = s("STATUS#"+string(a.Status)), s(sk)
	m["GSI3PK"], m["GSI3SK"] = s(allPK), s(sk)
	return m, nil
}

func decodeApp(m item) (*procedure.Application, error) {
	var a procedure.Application
	if err := unmarshal(m, &a); err != nil {
		return nil, err
	}
	a.Documents, a.Clocks = []procedure.DocumentSummary{}, []procedure.Clock{}
	return &a, nil
}

// clockItem stores a clock with what a notice about it needs, and indexes it: in the
// due index while a firing is pending, under OVERDUE while it is overdue and open.
func clockItem(a *procedure.Application, c procedure.Clock) (item, error) {
	m, err := marshal(c)
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"] = s(appPK(a.ID)), s(clockSK(c.Step))
	m["Type"] = s("clock")
	m["AppID"], m["Org"], m["Procedure"], m["ObjectName"] = s(a.ID), s(a.Org), s(a.Procedure), s(a.Object.Name)
	indexClock(m, a.ID, c)
	return m, nil
}

func indexClock(m item, appID string, c procedure.Clock) {
	if c.Next != procedure.FireNone && c.NextAt != nil {
		m["Next"] = s(string(c.Next))
		m["NextAt"] = s(c.NextAt.UTC().Format(time.RFC3339Nano))
		m["DuePK"], m["DueSK"] = s(dueBucket(*c.NextAt)), s(dueSK(*c.NextAt, appID, c.Step))
	}
	if c.State == procedure.Unscheduled && c.CompletedAt == nil {
		m["DuePK"], m["DueSK"] = s(unscheduledPK), s(appID+"#"+c.Step)
	}
	if c.State == procedure.Overdue && c.CompletedAt == nil && c.OverdueAt != nil {
		m["GSI1PK"], m["GSI1SK"] = s(overduePK), s(stamp(*c.OverdueAt)+"#"+appID)
	}
}

func decodeClockRef(m item) (procedure.ClockRef, error) {
	var c procedure.Clock
	if err := unmarshal(m, &c); err != nil {
		return procedure.ClockRef{}, err
	}
	c.Next = procedure.Firing(str(m, "Next"))
	if at := str(m, "NextAt"); at != "" {
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return procedure.ClockRef{}, fmt.Errorf("clock %s: NextAt: %w", str(m, "SK"), err)
		}
		c.NextAt = &t
	}
	return procedure.ClockRef{AppID: str(m, "AppID"), Org: str(m, "Org"), Procedure: str(m, "Procedure"),
		ObjectName: str(m, "ObjectName"), Clock: c}, nil
}

func eventItem(appID string, e procedure.AuditEvent) (item, error) {
	m, err := marshal(e)
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"] = s(appPK(appID)), s(eventSK(e.At, e.Seq))
	m["Type"] = s("event")
	return m, nil
}

// outboxRetention is how long a delivered notification stays in the outbox, for audit.
const outboxRetention = 90 * 24 * time.Hour

func outboxItem(nt procedure.Notice) (item, error) {
	m, err := marshal(nt)
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"] = s(outboxPK(nt.ID)), s("N")
	m["Type"] = s("outbox")
	m["MailState"] = s("pending")
	m["ExpiresAt"] = n64(nt.At.Add(outboxRetention).Unix())
	return m, nil
}
