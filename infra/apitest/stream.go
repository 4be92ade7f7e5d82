package apitest

import (
	"fmt"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// StreamAttr converts a table attribute into the form a DynamoDB stream delivers it to a
// Lambda function in, for tests that feed a function records of items they read.
func StreamAttr(t testing.TB, av types.AttributeValue) events.DynamoDBAttributeValue {
	t.Helper()
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value)
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value)
	case *types.AttributeValueMemberB:
		return events.NewBinaryAttribute(v.Value)
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value)
	case *types.AttributeValueMemberNULL:
		return events.NewNullAttribute()
	case *types.AttributeValueMemberSS:
		return events.NewStringSetAttribute(v.Value)
	case *types.AttributeValueMemberL:
		l := make([]events.DynamoDBAttributeValue, 0, len(v.Value))
		for _, e := range v.Value {
			l = append(l, StreamAttr(t, e))
		}
		return events.NewListAttribute(l)
	case *types.AttributeValueMemberM:
		m := map[string]events.DynamoDBAttributeValue{}
		for k, e := range v.Value {
			m[k] = StreamAttr(t, e)
		}
		return events.NewMapAttribute(m)
	}
	t.Fatalf("%s", fmt.Sprintf("no stream form for attribute %T", av))
	return events.DynamoDBAttributeValue{}
}

// StreamImage converts a whole item (StreamAttr).
func StreamImage(t testing.TB, item map[string]types.AttributeValue) map[string]events.DynamoDBAttributeValue {
	t.Helper()
	img := make(map[string]events.DynamoDBAttributeValue, len(item))
	for k, v := range item {
		img[k] = StreamAttr(t, v)
	}
	return img
}
