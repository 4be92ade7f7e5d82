package stream

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

func TestConvertRecord(t *testing.T) {
	created := time.Unix(1764057900, 0)
	tests := []struct {
		name   string
		in     types.Record
		region string
		want   string // the Lambda record JSON
	}{
		{
			name: "every attribute type",
			in: types.Record{
				AwsRegion: aws.String("eu-central-1"), EventID: aws.String("e1"), EventName: types.OperationTypeModify,
				EventSource: aws.String("aws:dynamodb"), EventVersion: aws.String("1.1"),
				Dynamodb: &types.StreamRecord{
					ApproximateCreationDateTime: &created,
					Keys: map[string]types.AttributeValue{
						"PK": &types.AttributeValueMemberS{Value: "OUTBOX#1"},
						"SK": &types.AttributeValueMemberN{Value: "7"},
					},
					NewImage: map[string]types.AttributeValue{
						"s":    &types.AttributeValueMemberS{Value: "x"},
						"n":    &types.AttributeValueMemberN{Value: "1.5"},
						"b":    &types.AttributeValueMemberB{Value: []byte("hi")},
						"bool": &types.AttributeValueMemberBOOL{Value: true},
						"null": &types.AttributeValueMemberNULL{Value: true},
						"ss":   &types.AttributeValueMemberSS{Value: []string{"a", "b"}},
						"ns":   &types.AttributeValueMemberNS{Value: []string{"1", "2"}},
						"bs":   &types.AttributeValueMemberBS{Value: [][]byte{[]byte("a"), []byte("b")}},
						"m": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
							"inner": &types.AttributeValueMemberL{Value: []types.AttributeValue{
								&types.AttributeValueMemberS{Value: "y"},
								&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"z": &types.AttributeValueMemberBOOL{}}},
							}},
						}},
						"l": &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
					},
					OldImage:       map[string]types.AttributeValue{"s": &types.AttributeValueMemberS{Value: "old"}},
					SequenceNumber: aws.String("000000000000000000042"),
					SizeBytes:      aws.Int64(123),
					StreamViewType: types.StreamViewTypeNewAndOldImages,
				},
			},
			want: `{"awsRegion":"eu-central-1","eventID":"e1","eventName":"MODIFY","eventSource":"aws:dynamodb","eventVersion":"1.1",
				"eventSourceARN":"arn:stream","dynamodb":{"ApproximateCreationDateTime":1764057900,
				"Keys":{"PK":{"S":"OUTBOX#1"},"SK":{"N":"7"}},
				"NewImage":{"s":{"S":"x"},"n":{"N":"1.5"},"b":{"B":"aGk="},"bool":{"BOOL":true},"null":{"NULL":true},
					"ss":{"SS":["a","b"]},"ns":{"NS":["1","2"]},"bs":{"BS":["YQ==","Yg=="]},
					"m":{"M":{"inner":{"L":[{"S":"y"},{"M":{"z":{"BOOL":false}}}]}}},"l":{"L":[]}},
				"OldImage":{"s":{"S":"old"}},
				"SequenceNumber":"000000000000000000042","SizeBytes":123,"StreamViewType":"NEW_AND_OLD_IMAGES"}}`,
		},
		{
			name: "remove with keys only, region from the client, TTL identity",
			in: types.Record{
				EventID: aws.String("e2"), EventName: types.OperationTypeRemove,
				UserIdentity: &types.Identity{Type: aws.String("Service"), PrincipalId: aws.String("dynamodb.amazonaws.com")},
				Dynamodb: &types.StreamRecord{
					Keys:           map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "A"}},
					SequenceNumber: aws.String("9"), SizeBytes: aws.Int64(5), StreamViewType: types.StreamViewTypeKeysOnly,
				},
			},
			region: "us-east-1",
			want: `{"awsRegion":"us-east-1","eventID":"e2","eventName":"REMOVE","eventSource":"aws:dynamodb","eventVersion":"",
				"eventSourceARN":"arn:stream","userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"},
				"dynamodb":{"Keys":{"PK":{"S":"A"}},"SequenceNumber":"9","SizeBytes":5,"StreamViewType":"KEYS_ONLY"}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := convertRecord(tc.in, "arn:stream", tc.region)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			var gotDoc, wantDoc any
			if err := json.Unmarshal(b, &gotDoc); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tc.want), &wantDoc); err != nil {
				t.Fatalf("bad want JSON: %v", err)
			}
			// ApproximateCreationDateTime is omitted-when-empty only as a struct;
			// the zero time encodes as a number, so drop it when not expected.
			if d, ok := wantDoc.(map[string]any)["dynamodb"].(map[string]any); ok {
				if _, want := d["ApproximateCreationDateTime"]; !want {
					delete(gotDoc.(map[string]any)["dynamodb"].(map[string]any), "ApproximateCreationDateTime")
				}
			}
			if !reflect.DeepEqual(gotDoc, wantDoc) {
				t.Errorf("got  %s\nwant %s", b, tc.want)
			}
			// aws-lambda-go must read back what we produce, as the function will.
			var back events.DynamoDBEventRecord
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("aws-lambda-go cannot decode the record: %v", err)
			}
			if b2, _ := json.Marshal(back); string(b2) != string(b) {
				t.Errorf("round trip changed the record:\n%s\n%s", b, b2)
			}
		})
	}
}

func TestConvertUnknownAttribute(t *testing.T) {
	_, err := convertRecord(types.Record{Dynamodb: &types.StreamRecord{
		NewImage: map[string]types.AttributeValue{"x": &types.UnknownUnionMember{Tag: "Q"}},
	}}, "arn", "r")
	if err == nil {
		t.Fatal("want an error for an unknown attribute type")
	}
}
