package dynamo

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/fault"
)

// A cursor is the opaque, URL-safe form of a page's LastEvaluatedKey. It carries only
// sort positions: the partition a query reads is always set by the server from the
// caller's identity, so a forged cursor can move within the caller's queue but never
// into another organisation's.
func makeCursor(lek item, keys ...string) (string, error) {
	if len(lek) == 0 {
		return "", nil
	}
	m := map[string]string{}
	for _, k := range keys {
		if v := str(lek, k); v != "" {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode cursor: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

const maxCursorLen = 2048

func setCursor(in *dynamodb.QueryInput, cursor string, fixed item, keys ...string) error {
	if cursor == "" {
		return nil
	}
	bad := fault.WithFields(fault.Invalid, "the cursor is not valid", fault.Field{Field: "cursor", Reason: "not a cursor this list issued"})
	if len(cursor) > maxCursorLen {
		return bad
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return bad
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil || len(m) != len(keys) {
		return bad
	}
	esk := item{}
	for _, k := range keys {
		v, ok := m[k]
		if !ok || v == "" || len(v) > 1024 {
			return bad
		}
		esk[k] = &types.AttributeValueMemberS{Value: v}
	}
	for k, v := range fixed {
		esk[k] = v
	}
	in.ExclusiveStartKey = esk
	return nil
}

// queryPage reads one page of a list: the Query (its start already set from the caller's
// cursor by setCursor), each item decoded, and the cursor of the next page, made of the
// same keys ("" after the last page).
func queryPage[T any](ctx context.Context, db API, op string, in *dynamodb.QueryInput, decode func(item) (T, error), keys ...string) ([]T, string, error) {
	out, err := db.Query(ctx, in)
	if err != nil {
		return nil, "", classify(op, err)
	}
	vs := make([]T, 0, len(out.Items))
	for _, m := range out.Items {
		v, err := decode(m)
		if err != nil {
			return nil, "", err
		}
		vs = append(vs, v)
	}
	next, err := makeCursor(out.LastEvaluatedKey, keys...)
	return vs, next, err
}
