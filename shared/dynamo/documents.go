package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/procedure"
)

func docItem(d *procedure.Document) (item, error) {
	m, err := marshal(d)
	if err != nil {
		return nil, err
	}
	m["PK"], m["SK"], m["Type"] = s(appPK(d.ApplicationID)), s(docSK(d.ID)), s("document")
	m["Org"], m["Key"] = s(d.Org), s(d.Key)
	return m, nil
}

func decodeDoc(m item) (*procedure.Document, error) {
	var d procedure.Document
	if err := unmarshal(m, &d); err != nil {
		return nil, err
	}
	d.Org, d.Key = str(m, "Org"), str(m, "Key")
	if d.Reasons == nil {
		d.Reasons = []string{}
	}
	return &d, nil
}

// CreateDocument records an upload slot while its application is still in status
// draftStatus (checked in the same transaction), with an audit event.
func (st *Store) CreateDocument(ctx context.Context, d *procedure.Document, draftStatus procedure.Status, actor procedure.Actor, idem *Idem) error {
	m, err := docItem(d)
	if err != nil {
		return err
	}
	ev, err := eventItem(d.ApplicationID, procedure.AuditEvent{At: d.CreatedAt, Actor: actor, Type: "document_requested",
		Seq: "doc-" + d.ID, Data: map[string]any{"documentId": d.ID, "kind": d.Kind, "fileName": d.FileName,
			"size": d.Size, "sha256": d.SHA256}})
	if err != nil {
		return err
	}
	w := []types.TransactWriteItem{
		{ConditionCheck: &types.ConditionCheck{TableName: &st.tables.Registry,
			Key:                       item{"PK": s(appPK(d.ApplicationID)), "SK": s(skMeta)},
			ConditionExpression:       aws.String("#st = :draft"),
			ExpressionAttributeNames:  map[string]string{"#st": "status"},
			ExpressionAttributeValues: item{":draft": s(string(draftStatus))}}},
		{Put: &types.Put{TableName: &st.tables.Registry, Item: m, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
		{Put: &types.Put{TableName: &st.tables.Registry, Item: ev, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
	}
	if idem != nil {
		w = append(w, st.idemPut(idem, d.CreatedAt))
	}
	_, err = st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w})
	return st.transactErr("create document", err, idem != nil)
}

// GetDocument reads one document of an application.
func (st *Store) GetDocument(ctx context.Context, appID, docID string) (*procedure.Document, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(appPK(appID)), "SK": s(docSK(docID))}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, classify("read document", err)
	}
	if out.Item == nil {
		return nil, fault.E(fault.NotFound, "no such document")
	}
	return decodeDoc(out.Item)
}

// Verdict is the outcome of validating an uploaded file.
type Verdict struct {
	Status    string // valid | rejected
	Reasons   []string
	VersionID string
	At        time.Time
}

// ErrDecided is returned when a document already has a verdict: S3 delivered the event
// again, or a later version arrived after the first was judged. The first verdict stands.
var ErrDecided = errors.New("document already has a verdict")

// RecordVerdict stores a verdict on a pending document, once, with its audit event.
func (st *Store) RecordVerdict(ctx context.Context, appID, docID string, v Verdict) error {
	reasons := make([]types.AttributeValue, 0, len(v.Reasons))
	for _, r := range v.Reasons {
		reasons = append(reasons, s(r))
	}
	ev, err := eventItem(appID, procedure.AuditEvent{At: v.At,
		Actor: procedure.Actor{Sub: "system:validate-document", Role: "system"}, Type: "document_" + v.Status,
		Seq:  "doc-" + docID + "-" + v.Status,
		Data: map[string]any{"documentId": docID, "reasons": v.Reasons, "versionId": v.VersionID}})
	if err != nil {
		return err
	}
	_, err = st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: &st.tables.Registry,
			Key:                      item{"PK": s(appPK(appID)), "SK": s(docSK(docID))},
			UpdateExpression:         aws.String("SET #st = :v, reasons = :r, versionId = :ver, validatedAt = :at"),
			ConditionExpression:      aws.String("#st = :pending"),
			ExpressionAttributeNames: map[string]string{"#st": "status"},
			ExpressionAttributeValues: item{":v": s(v.Status), ":r": &types.AttributeValueMemberL{Value: reasons},
				":ver": s(v.VersionID), ":at": ts(v.At), ":pending": s(procedure.DocPending)}}},
		{Put: &types.Put{TableName: &st.tables.Registry, Item: ev, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
	}})
	if err := st.transactErr("record verdict", err, false); err != nil {
		if errors.Is(err, ErrRace) {
			return fmt.Errorf("record verdict on %s/%s: %w", appID, docID, ErrDecided)
		}
		return err
	}
	return nil
}
