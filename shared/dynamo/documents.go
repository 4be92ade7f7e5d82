package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actor"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/document"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/registry"
)

func ownerOf(o document.Owner) string {
	if o.Kind == document.OfObject {
		return objPK(o.ID)
	}
	return appPK(o.ID)
}

// CreateDocument records an upload slot while its owner is in one of the given states
// (an application's status, an object's stage), checked in the same transaction, which
// also counts the document on the owner (docSeq): a transition of the owner conditioned
// on that count is then either after this document or before it, never beside it.
func (st *Store) CreateDocument(ctx context.Context, d *document.Record, ownerStates []string, stateAttr string, by actor.Actor, idem *Idem) error {
	m, err := docItem(d)
	if err != nil {
		return err
	}
	pk := ownerOf(d.Owner())
	ev, err := eventItem(pk, audit.Event{At: d.CreatedAt, Actor: by, Type: "document_requested",
		Seq: "doc-" + d.ID, Data: map[string]any{"documentId": d.ID, "kind": d.Kind, "fileName": d.FileName,
			"size": d.Size, "sha256": d.SHA256, "stage": d.Stage}})
	if err != nil {
		return err
	}
	vals := item{":zero": n(0), ":one": n(1)}
	cond := ""
	for i, s2 := range ownerStates {
		k := fmt.Sprintf(":s%d", i)
		vals[k] = s(s2)
		if cond != "" {
			cond += ", "
		}
		cond += k
	}
	w := []types.TransactWriteItem{
		{Update: &types.Update{TableName: &st.tables.Registry,
			Key:                       item{"PK": s(pk), "SK": s(skMeta)},
			UpdateExpression:          aws.String("SET docSeq = if_not_exists(docSeq, :zero) + :one"),
			ConditionExpression:       aws.String("#st IN (" + cond + ")"),
			ExpressionAttributeNames:  map[string]string{"#st": stateAttr},
			ExpressionAttributeValues: vals}},
		{Put: &types.Put{TableName: &st.tables.Registry, Item: m, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
		{Put: &types.Put{TableName: &st.tables.Registry, Item: ev, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
	}
	return st.commit(ctx, "create document", w, idem, d.CreatedAt)
}

// documentObject is the object a document's owner is about: the object itself, or the
// application's object (with the application's id); "" for an application without one.
func (st *Store) documentObject(ctx context.Context, o document.Owner) (objectID, appID string, err error) {
	if o.Kind == document.OfObject {
		return o.ID, "", nil
	}
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(appPK(o.ID)), "SK": s(skMeta)}, ConsistentRead: aws.Bool(true),
		ProjectionExpression: aws.String("#o"), ExpressionAttributeNames: map[string]string{"#o": "object"}})
	if err != nil {
		return "", "", classify("read the document's application", err)
	}
	if obj, ok := out.Item["object"].(*types.AttributeValueMemberM); ok {
		return str(obj.Value, "id"), o.ID, nil
	}
	return "", "", nil
}

// GetDocument reads one document of an owner.
func (st *Store) GetDocument(ctx context.Context, o document.Owner, docID string) (*document.Record, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(ownerOf(o)), "SK": s(docSK(docID))}, ConsistentRead: aws.Bool(true)})
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
	Kind      string // the document's kind (an object's valid technical documentation opens its budget gate)
	Status    string // valid | rejected
	Reasons   []string
	VersionID string
	At        time.Time
}

// ErrDecided is returned when a document already has a verdict: S3 delivered the event
// again, or a later version arrived after the first was judged. The first verdict stands.
var ErrDecided = errors.New("document already has a verdict")

// ValidatorActor records the validator in trails.
var ValidatorActor = actor.SystemActor("system:validate-document")

// RecordVerdict stores a verdict on a pending document, once, with its audit event. A
// verdict never changes once made, so what relied on a valid document stays true.
func (st *Store) RecordVerdict(ctx context.Context, o document.Owner, docID string, v Verdict) error {
	reasons := make([]types.AttributeValue, 0, len(v.Reasons))
	for _, r := range v.Reasons {
		reasons = append(reasons, s(r))
	}
	pk := ownerOf(o)
	ev, err := eventItem(pk, audit.Event{At: v.At, Actor: ValidatorActor, Type: "document_" + v.Status,
		Seq:  "doc-" + docID + "-" + v.Status,
		Data: map[string]any{"documentId": docID, "reasons": v.Reasons, "versionId": v.VersionID}})
	if err != nil {
		return err
	}
	verdict := types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry,
		Key:                      item{"PK": s(pk), "SK": s(docSK(docID))},
		UpdateExpression:         aws.String("SET #st = :v, reasons = :r, versionId = :ver, validatedAt = :at"),
		ConditionExpression:      aws.String("#st = :pending"),
		ExpressionAttributeNames: map[string]string{"#st": "status"},
		ExpressionAttributeValues: item{":v": s(v.Status), ":r": &types.AttributeValueMemberL{Value: reasons},
			":ver": s(v.VersionID), ":at": ts(v.At), ":pending": s(document.Pending)}}}
	event := types.TransactWriteItem{Put: &types.Put{TableName: &st.tables.Registry, Item: ev, ConditionExpression: aws.String("attribute_not_exists(PK)")}}
	if v.Status == document.Valid && v.Kind == registry.TechnicalDocumentation {
		// 003 §18, 004 ¶18: a valid e-copy of the technical documentation is on record for
		// the object, whether uploaded to it or to an application about it.
		objectID, appID, err := st.documentObject(ctx, o)
		if err != nil {
			return err
		}
		if objectID != "" {
			return st.recordTechnicalDocumentation(ctx, objectID, appID, docID, v, verdict, event)
		}
	}
	_, err = st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{verdict, event}})
	if err := st.transactErr("record verdict", err, false); err != nil {
		if errors.Is(err, ErrRace) {
			return fmt.Errorf("record verdict on %s/%s: %w", o.ID, docID, ErrDecided)
		}
		return err
	}
	return nil
}
