package dynamo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/notify"
)

// MarkRead marks a notice read in each of the given inboxes that holds it and returns the
// entry as the inbox now lists it. keys are the caller's inbox keys, made by the server
// from the caller's identity (as for ListInbox), so nobody can mark another inbox's entry.
//
// Inboxes belong to an organisation or a role (contract, "Notifications"), and so does
// the read flag: one clerk's "read" is the organisation's, as in a shared mailbox. The
// first reader and moment are kept (ReadBy, ReadAt); marking again changes nothing.
//
// The notice's time, which the entry's key needs, comes from the pointer the notifier
// wrote when it delivered the notice (kept 90 days); an older entry is found by reading
// the caller's inboxes. answer, when not nil,
// sees the entry as it will read before anything is written (so the caller can fill idem);
// idem, when not nil, is recorded in the same transaction (the contract's Idempotency-Key).
func (st *Store) MarkRead(ctx context.Context, keys []string, noticeID, by string, now time.Time, idem *Idem, answer func(*InboxEntry) error) (*InboxEntry, error) {
	notFound := fault.E(fault.NotFound, "no such notification")
	var entries []item
	at, to, err := st.noticeTime(ctx, noticeID)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if to != nil && !slices.Contains(recipientKeys(to), k) {
			continue
		}
		var m item
		if at.IsZero() {
			m, err = st.findInboxEntry(ctx, k, noticeID)
		} else {
			var out *dynamodb.GetItemOutput
			out, err = st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
				Key: item{"PK": s(inboxPK(k)), "SK": s(inboxSK(at, noticeID))}, ConsistentRead: aws.Bool(true)})
			if out != nil {
				m = out.Item
			}
			err = classify("read inbox entry", err)
		}
		if err != nil {
			return nil, err
		}
		if m != nil {
			entries = append(entries, m)
		}
	}
	if len(entries) == 0 {
		return nil, notFound
	}
	var e InboxEntry
	if err := unmarshal(entries[0], &e); err != nil {
		return nil, fmt.Errorf("inbox entry of %s: %w", noticeID, err)
	}
	e.Read = true
	if answer != nil {
		if err := answer(&e); err != nil {
			return nil, err
		}
	}
	var w []types.TransactWriteItem
	for _, m := range entries {
		w = append(w, types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry,
			Key:                       item{"PK": m["PK"], "SK": m["SK"]},
			UpdateExpression:          aws.String("SET #read = :t, ReadAt = if_not_exists(ReadAt, :now), ReadBy = if_not_exists(ReadBy, :by)"),
			ConditionExpression:       aws.String("attribute_exists(PK)"),
			ExpressionAttributeNames:  map[string]string{"#read": "read"},
			ExpressionAttributeValues: item{":t": &types.AttributeValueMemberBOOL{Value: true}, ":now": ts(now), ":by": s(by)}}})
	}
	if err := st.commit(ctx, "mark notice "+noticeID+" read", w, idem, now); err != nil {
		return nil, err
	}
	return &e, nil
}

// noticeTime reads the notice's time and recipients from its delivery pointer; zero
// values when the pointer has expired.
func (st *Store) noticeTime(ctx context.Context, noticeID string) (time.Time, []notify.Recipient, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(noticePK(noticeID)), "SK": s("N")}})
	if err != nil {
		return time.Time{}, nil, classify("read notice "+noticeID, err)
	}
	if out.Item == nil {
		return time.Time{}, nil, nil
	}
	var n notify.Notice
	if err := unmarshal(out.Item, &n); err != nil {
		return time.Time{}, nil, fmt.Errorf("notice %s: %w", noticeID, err)
	}
	return n.At, n.To, nil
}

// findInboxEntry reads one inbox for the notice, page by page: the slow path for entries
// whose delivery pointer has expired.
func (st *Store) findInboxEntry(ctx context.Context, key, noticeID string) (item, error) {
	in := &dynamodb.QueryInput{TableName: &st.tables.Registry,
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :n)"),
		FilterExpression:          aws.String("#id = :id"),
		ExpressionAttributeNames:  map[string]string{"#id": "id"},
		ExpressionAttributeValues: item{":pk": s(inboxPK(key)), ":n": s("N#"), ":id": s(noticeID)}}
	for {
		out, err := st.db.Query(ctx, in)
		if err != nil {
			return nil, classify("find inbox entry", err)
		}
		if len(out.Items) > 0 {
			return out.Items[0], nil
		}
		if len(out.LastEvaluatedKey) == 0 {
			return nil, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
