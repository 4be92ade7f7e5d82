package stream

import (
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// eventSource is what Lambda puts in every DynamoDB stream record.
const eventSource = "aws:dynamodb"

// convertRecord turns a DynamoDB Streams record into the record shape a
// Lambda function receives. region fills awsRegion when the stream record
// does not carry one.
func convertRecord(r types.Record, streamARN, region string) (events.DynamoDBEventRecord, error) {
	out := events.DynamoDBEventRecord{
		AWSRegion:      aws.ToString(r.AwsRegion),
		EventID:        aws.ToString(r.EventID),
		EventName:      string(r.EventName),
		EventSource:    eventSource,
		EventVersion:   aws.ToString(r.EventVersion),
		EventSourceArn: streamARN,
	}
	if out.AWSRegion == "" {
		out.AWSRegion = region
	}
	if r.UserIdentity != nil {
		out.UserIdentity = &events.DynamoDBUserIdentity{
			Type:        aws.ToString(r.UserIdentity.Type),
			PrincipalID: aws.ToString(r.UserIdentity.PrincipalId),
		}
	}
	if d := r.Dynamodb; d != nil {
		var err error
		if out.Change.Keys, err = convertMap(d.Keys); err != nil {
			return out, fmt.Errorf("record %s Keys: %w", out.EventID, err)
		}
		if out.Change.NewImage, err = convertMap(d.NewImage); err != nil {
			return out, fmt.Errorf("record %s NewImage: %w", out.EventID, err)
		}
		if out.Change.OldImage, err = convertMap(d.OldImage); err != nil {
			return out, fmt.Errorf("record %s OldImage: %w", out.EventID, err)
		}
		if d.ApproximateCreationDateTime != nil {
			out.Change.ApproximateCreationDateTime = events.SecondsEpochTime{Time: *d.ApproximateCreationDateTime}
		}
		out.Change.SequenceNumber = aws.ToString(d.SequenceNumber)
		out.Change.SizeBytes = aws.ToInt64(d.SizeBytes)
		out.Change.StreamViewType = string(d.StreamViewType)
	}
	return out, nil
}

func convertMap(m map[string]types.AttributeValue) (map[string]events.DynamoDBAttributeValue, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]events.DynamoDBAttributeValue, len(m))
	for k, v := range m {
		cv, err := convertAttr(v)
		if err != nil {
			return nil, fmt.Errorf("attribute %q: %w", k, err)
		}
		out[k] = cv
	}
	return out, nil
}

func convertAttr(v types.AttributeValue) (events.DynamoDBAttributeValue, error) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value), nil
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value), nil
	case *types.AttributeValueMemberB:
		return events.NewBinaryAttribute(v.Value), nil
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value), nil
	case *types.AttributeValueMemberNULL:
		return events.NewNullAttribute(), nil
	case *types.AttributeValueMemberSS:
		return events.NewStringSetAttribute(v.Value), nil
	case *types.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(v.Value), nil
	case *types.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(v.Value), nil
	case *types.AttributeValueMemberM:
		m, err := convertMap(v.Value)
		if err != nil {
			return events.DynamoDBAttributeValue{}, err
		}
		return events.NewMapAttribute(m), nil
	case *types.AttributeValueMemberL:
		l := make([]events.DynamoDBAttributeValue, 0, len(v.Value))
		for i, e := range v.Value {
			ce, err := convertAttr(e)
			if err != nil {
				return events.DynamoDBAttributeValue{}, fmt.Errorf("[%d]: %w", i, err)
			}
			l = append(l, ce)
		}
		return events.NewListAttribute(l), nil
	}
	return events.DynamoDBAttributeValue{}, fmt.Errorf("unsupported attribute value type %T", v)
}

// ConvertRecord turns a DynamoDB Streams record into the Lambda event record a function
// receives, as the event source mapping does; infra/replay uses it to replay records.
func ConvertRecord(rec types.Record, streamARN, region string) (events.DynamoDBEventRecord, error) {
	return convertRecord(rec, streamARN, region)
}
