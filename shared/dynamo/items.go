package dynamo

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/notify"
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
func boolean(v bool) types.AttributeValue { return &types.AttributeValueMemberBOOL{Value: v} }
func ts(t time.Time) types.AttributeValue { return s(t.UTC().Format(time.RFC3339Nano)) }

func str(m item, k string) string {
	if v, ok := m[k].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func numStr(m item, k string) string {
	if v, ok := m[k].(*types.AttributeValueMemberN); ok {
		return v.Value
	}
	return ""
}

// appRecord is an application's META item: everything but its documents, clocks and
// trail (items of their own) and its results (which the trail holds; see procedure.Fold).
type appRecord struct {
	ID              string                    `json:"id"`
	Procedure       string                    `json:"procedure"`
	Org             string                    `json:"org"`
	Status          string                    `json:"status"`
	Version         int                       `json:"version"`
	Round           int                       `json:"round"`
	CreatedAt       time.Time                 `json:"createdAt"`
	CreatedBy       string                    `json:"createdBy"`
	UpdatedAt       time.Time                 `json:"updatedAt"`
	SubmittedAt     *time.Time                `json:"submittedAt,omitempty"`
	Object          *procedure.ObjectRef      `json:"object,omitempty"`
	RegistersObject bool                      `json:"registersObject,omitempty"`
	Parties         map[string]string         `json:"parties,omitempty"`
	Details         map[string]any            `json:"details,omitempty"`
	Sections        map[string]map[string]any `json:"sections,omitempty"`
	Facts           map[string]any            `json:"facts,omitempty"`
	Overdue         bool                      `json:"overdue"`
	DocSeq          int                       `json:"docSeq"`
}

// appItem is the application's META item, keyed for the three queues.
func appItem(a *procedure.Application) (item, error) {
	r := appRecord{ID: a.ID, Procedure: a.Procedure, Org: a.Org, Status: string(a.Status), Version: a.Version,
		Round: a.Round, CreatedAt: a.CreatedAt, CreatedBy: a.CreatedBy, UpdatedAt: a.UpdatedAt, SubmittedAt: a.SubmittedAt,
		Object: a.Object, RegistersObject: a.RegistersObject, Parties: a.Parties, Details: a.Details, Facts: a.Facts,
		Overdue: a.Overdue, DocSeq: a.DocSeq}
	if len(a.Sections) > 0 {
		r.Sections = map[string]map[string]any{}
		for k, v := range a.Sections {
			r.Sections[k] = v
		}
	}
	m, err := marshal(r)
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"] = s(appPK(a.ID)), s(skMeta)
	m["Type"] = s("application")
	sk := createdSK(a.CreatedAt, a.ID)
	m["GSI1PK"], m["GSI1SK"] = s("ORG#"+a.Org), s(sk)
	m["GSI2PK"], m["GSI2SK"] = s("STATUS#"+string(a.Status)), s(sk)
	m["GSI3PK"], m["GSI3SK"] = s(allPK), s(sk)
	return m, nil
}

func decodeApp(m item) (*procedure.Application, error) {
	var r appRecord
	if err := unmarshal(m, &r); err != nil {
		return nil, err
	}
	a := &procedure.Application{ID: r.ID, Procedure: r.Procedure, Org: r.Org, Status: procedure.Status(r.Status),
		Version: r.Version, Round: max(r.Round, 1), CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt,
		SubmittedAt: r.SubmittedAt, Object: r.Object, RegistersObject: r.RegistersObject, Parties: r.Parties,
		Details: r.Details, Facts: r.Facts, Overdue: r.Overdue, DocSeq: r.DocSeq,
		Documents: []procedure.DocumentSummary{}, Clocks: []clock.Clock{}}
	if a.Details == nil {
		a.Details = procedure.Values{}
	}
	for k, v := range r.Sections {
		if a.Sections == nil {
			a.Sections = map[string]procedure.Values{}
		}
		a.Sections[k] = v
	}
	return a, nil
}

// clockItem stores a clock with what a notice about it needs, and indexes it: in the
// due index while a firing is pending (or unscheduled), under OVERDUE while it is
// overdue and open.
func clockItem(r clock.Ref) (item, error) {
	m, err := marshal(r.Clock)
	if err != nil {
		return nil, err
	}
	pk := ownerPK(r.Owner)
	m["PK"], m["SK"] = s(pk), s(clockSK(r.Clock.Key()))
	m["Type"] = s("clock")
	m["OwnerKind"], m["OwnerID"] = s(r.Owner.Kind), s(r.Owner.ID)
	m["Org"], m["Name"] = s(r.Org), s(r.Name)
	if r.Label != impliedLabel(r.Owner, r.Procedure, r.Name) {
		m["Label"] = s(r.Label)
	}
	if r.Procedure != "" {
		m["Procedure"] = s(r.Procedure)
	}
	if r.Status != "" {
		m["Status"] = s(r.Status)
	}
	if r.Owner.Kind == clock.OwnerApplication {
		m["AppID"] = s(r.Owner.ID) // read by the overdue queue
	}
	c := r.Clock
	if c.Next != clock.FireNone && c.NextAt != nil {
		m["Next"] = s(string(c.Next))
		m["NextAt"] = s(c.NextAt.UTC().Format(time.RFC3339Nano))
		m["DuePK"], m["DueSK"] = s(dueBucket(*c.NextAt)), s(dueSK(*c.NextAt, pk, c.Key()))
	}
	if c.State == clock.Unscheduled && c.CompletedAt == nil {
		m["DuePK"], m["DueSK"] = s(unscheduledPK), s(pk+"#"+c.Key())
	}
	if c.State == clock.Overdue && c.CompletedAt == nil && c.OverdueAt != nil {
		m["GSI1PK"], m["GSI1SK"] = s(overduePK), s(stamp(*c.OverdueAt)+"#"+r.Owner.ID)
	}
	return m, nil
}

func decodeClockRef(m item) (clock.Ref, error) {
	var c clock.Clock
	if err := unmarshal(m, &c); err != nil {
		return clock.Ref{}, err
	}
	c.Next = clock.Firing(str(m, "Next"))
	if at := str(m, "NextAt"); at != "" {
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return clock.Ref{}, fmt.Errorf("clock %s: NextAt: %w", str(m, "SK"), err)
		}
		c.NextAt = &t
	}
	if c.Round == 0 {
		c.Round = 1 // written before clocks had rounds
	}
	r := clock.Ref{Owner: clock.Owner{Kind: str(m, "OwnerKind"), ID: str(m, "OwnerID")}, Org: str(m, "Org"),
		Procedure: str(m, "Procedure"), Label: str(m, "Label"), Name: str(m, "Name"), Status: str(m, "Status"), Clock: c}
	if _, ok := m["Label"]; !ok {
		r.Label = impliedLabel(r.Owner, r.Procedure, r.Name)
	}
	return r, nil
}

// impliedLabel is the label an application's clock usually carries (procedure.ClockRef):
// `application <id> (<procedure>, "<name>")`, every part of which the clock item holds
// already. A clock item stores its label only when it says something else: the object's
// name would otherwise be written twice, and a clock with a long Cyrillic name would pass
// 1 KB and cost twice the write units (make bench, figure 6).
func impliedLabel(owner clock.Owner, procedure, name string) string {
	if owner.Kind != clock.OwnerApplication || procedure == "" {
		return ""
	}
	if name == procedure { // no object: ClockRef names the clock by its procedure
		return fmt.Sprintf("application %s (%s)", owner.ID, procedure)
	}
	return fmt.Sprintf("application %s (%s, %q)", owner.ID, procedure, name)
}

// eventItem is one trail entry under its owner's partition. An event that carries
// notices is the outbox: the stream passes it to Notify (template: FilterCriteria on
// Outbox), so a change and its notices are one write.
func eventItem(pk string, e audit.Event) (item, error) {
	m, err := marshal(e)
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"] = s(pk), s(eventSK(e.At, e.Seq))
	m["Type"] = s("event")
	if len(e.Notices) > 0 {
		// Packed (codec.go): their rendered text would otherwise take the entry past 1 KB.
		raw, err := json.Marshal(e.Notices)
		if err != nil {
			return nil, fmt.Errorf("marshal notices: %w", err)
		}
		packed, err := pack(raw)
		if err != nil {
			return nil, fmt.Errorf("notices: %w", err)
		}
		m["notices"] = &types.AttributeValueMemberB{Value: packed}
		m["NoticesEnc"] = s(encD1)
		m["Outbox"] = boolean(true)
		// A delivered notice stays in the trail for audit; the inbox holds the copies read.
	}
	return m, nil
}

// decodeEvent reads a trail entry without its notices: loading an application to act on
// it needs none, and unpacking every entry's notices on each load would cost each action.
func decodeEvent(m item) (audit.Event, error) {
	var e audit.Event
	err := unmarshal(m, &e)
	return e, err
}

// decodeTrailEntry reads a trail entry whole, with the notices it carried: the audit
// trail as the store gives it (the HTTP answer leaves the notices out).
func decodeTrailEntry(m item) (audit.Event, error) {
	e, err := decodeEvent(m)
	if err != nil {
		return e, err
	}
	e.Notices, err = noticesOf(m)
	return e, err
}

func listOfMaps(l []types.AttributeValue) []item {
	out := make([]item, 0, len(l))
	for _, v := range l {
		if mv, ok := v.(*types.AttributeValueMemberM); ok {
			out = append(out, mv.Value)
		}
	}
	return out
}

// NoticesOf returns the notices a trail entry's item carries, whichever way they were
// stored: for tools and tests that read the table directly.
func NoticesOf(m map[string]types.AttributeValue) ([]notify.Notice, error) { return noticesOf(m) }

// noticesOf returns the notices an event item carries.
func noticesOf(m item) ([]notify.Notice, error) {
	var ns []notify.Notice
	switch v := m["notices"].(type) {
	case *types.AttributeValueMemberB:
		raw, err := unpack(str(m, "NoticesEnc"), v.Value)
		if err != nil {
			return nil, fmt.Errorf("notices: %w", err)
		}
		if err := json.Unmarshal(raw, &ns); err != nil {
			return nil, fmt.Errorf("unmarshal notices: %w", err)
		}
	case *types.AttributeValueMemberL: // written before notices were packed
		if err := attributevalue.UnmarshalListOfMapsWithOptions(listOfMaps(v.Value), &ns, jsonTagsD); err != nil {
			return nil, fmt.Errorf("unmarshal notices: %w", err)
		}
	}
	return ns, nil
}

func docItem(d *document.Record) (item, error) {
	m, err := marshal(d)
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"], m["Type"] = s(docOwnerPK(d)), s(docSK(d.ID)), s("document")
	m["Org"], m["Key"] = s(d.Org), s(d.Key)
	return m, nil
}

func decodeDoc(m item) (*document.Record, error) {
	var d document.Record
	if err := unmarshal(m, &d); err != nil {
		return nil, err
	}
	d.Org, d.Key = str(m, "Org"), str(m, "Key")
	if d.Reasons == nil {
		d.Reasons = []string{}
	}
	return &d, nil
}

// docOwnerPK is the partition a document lives in: its object's or its application's.
func docOwnerPK(d *document.Record) string {
	if d.ObjectID != "" {
		return objPK(d.ObjectID)
	}
	return appPK(d.ApplicationID)
}
