package template

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// realTemplate is the project's template.yaml, two floors up.
const realTemplate = "../../template.yaml"

var localParams = map[string]string{"Stage": "local", "JwtIssuer": "https://local.ictgov.dev", "JwtAudience": "ictgov-local,portal"}

func loadReal(t *testing.T) *Template {
	t.Helper()
	tm, err := Load(realTemplate, Options{Parameters: localParams})
	if err != nil {
		t.Fatalf("load %s: %v", realTemplate, err)
	}
	return tm
}

func TestRealTemplate(t *testing.T) {
	tm := loadReal(t)
	want := serverlessFunctions(t)
	if len(want) == 0 {
		t.Fatal("the raw scan found no functions")
	}
	var got []string
	for _, f := range tm.Functions {
		got = append(got, f.LogicalID)
		if f.GoMain == "" || !strings.HasPrefix(f.GoMain, "functions/") {
			t.Errorf("%s: GoMain %q", f.LogicalID, f.GoMain)
		}
		// Globals merged.
		if f.Runtime != "provided.al2023" || f.Handler != "bootstrap" {
			t.Errorf("%s: runtime %q handler %q: Globals not merged", f.LogicalID, f.Runtime, f.Handler)
		}
		if f.Environment["STAGE"] != "local" || f.Environment["TABLE_NAME"] != "RegistryTable" ||
			f.Environment["IDEMPOTENCY_TABLE_NAME"] != "IdempotencyTable" ||
			f.Environment["BUCKET_NAME"] != "ictgov-local-documents-000000000000-us-east-1" {
			t.Errorf("%s: environment %v", f.LogicalID, f.Environment)
		}
		if f.LogLevel != "INFO" {
			t.Errorf("%s: log level %q", f.LogicalID, f.LogLevel)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("functions %v, want %v", got, want)
	}
	if f := tm.Function("Calendars"); f.MemorySize != 128 || f.Timeout != 15 {
		t.Errorf("Calendars memory %d timeout %d: want 128 (own) and 15 (global)", f.MemorySize, f.Timeout)
	}
	if f := tm.Function("ValidateDocument"); f.Timeout != 60 || f.MemorySize != 512 {
		t.Errorf("ValidateDocument timeout %d memory %d", f.Timeout, f.MemorySize)
	}
	notify := tm.Function("Notify")
	if notify.Environment["MAIL_FROM"] != "no-reply@example.gov" || notify.Environment["STAGE"] != "local" {
		t.Errorf("Notify env not merged with globals: %v", notify.Environment)
	}
	d := notify.Events[0].DynamoDB
	if d == nil || d.Table != "RegistryTable" || d.BatchSize != 25 || d.StartingPosition != "TRIM_HORIZON" ||
		len(d.Filters) != 1 || !d.ReportFailures || d.MaxRetries != 10 {
		t.Errorf("Notify stream event: %+v", d)
	}
	up := tm.Function("ValidateDocument").Events[0].S3
	if up == nil || up.Bucket != "ictgov-local-documents-000000000000-us-east-1" || up.Prefix != "documents/" ||
		!reflect.DeepEqual(up.Events, []string{"s3:ObjectCreated:*"}) {
		t.Errorf("S3 event: %+v", up)
	}
	sch := tm.Function("DeadlineCheck").Events[0].Schedule
	if sch == nil || sch.Expression != "cron(5 * * * ? *)" || sch.Timezone != "Asia/Almaty" ||
		!strings.Contains(sch.Input, "<aws.scheduler.scheduled-time>") || sch.Name != "DeadlineCheckHourly" {
		t.Errorf("schedule: %+v", sch)
	}
	routes, public := 0, map[string]bool{}
	for _, f := range tm.Functions {
		for _, ev := range f.Events {
			if ev.HTTP != nil {
				routes++
				if ev.HTTP.APIID != "HttpApi" {
					t.Errorf("%s/%s: ApiId %q", f.LogicalID, ev.Name, ev.HTTP.APIID)
				}
				if ev.HTTP.Authorizer == "NONE" {
					public[ev.HTTP.Method+" "+ev.HTTP.Path] = true
				}
			}
		}
	}
	if routes < 10 || !public["GET /v1/health"] || public["POST /v1/applications"] {
		t.Errorf("%d routes; public %v", routes, public)
	}
	api := tm.HTTPAPIs["HttpApi"]
	if api == nil || api.DefaultAuthorizer != "PortalJwt" {
		t.Fatalf("HttpApi: %+v", api)
	}
	az := api.Authorizers["PortalJwt"]
	if az.Issuer != "https://local.ictgov.dev" || !reflect.DeepEqual(az.Audience, []string{"ictgov-local", "portal"}) {
		t.Errorf("authorizer %+v", az)
	}
	if api.CORS == nil || !reflect.DeepEqual(api.CORS.AllowOrigins, []string{"https://portal.example.gov", "http://localhost:5173"}) || api.CORS.MaxAge != 600 {
		t.Errorf("CORS %+v", api.CORS)
	}
	if len(tm.Buckets) != 1 || tm.Buckets[0].Name != "ictgov-local-documents-000000000000-us-east-1" || !tm.Buckets[0].Versioning {
		t.Errorf("buckets %+v", tm.Buckets[0])
	}
	if len(tm.Tables) != 2 || tm.Tables[1].Name != "RegistryTable" || len(tm.Tables[1].Spec.GlobalSecondaryIndexes) != 5 ||
		tm.Tables[1].Spec.TimeToLiveSpecification.AttributeName != "ExpiresAt" {
		t.Errorf("tables %+v", tm.Tables)
	}
	// The failure queues and the destinations that name them.
	if len(tm.Queues) != 3 {
		t.Errorf("queues %+v", tm.Queues)
	}
	if f := tm.Function("ValidateDocument"); f.AsyncRetries != 2 || tm.QueueByARN(f.OnFailure) == nil ||
		tm.QueueByARN(f.OnFailure).Name != "ictgov-local-validate-document-failures" {
		t.Errorf("ValidateDocument retries %d on failure %q", f.AsyncRetries, f.OnFailure)
	}
	if q := tm.QueueByARN(tm.Function("DeadlineCheck").OnFailure); q == nil || q.LogicalID != "DeadlineCheckFailures" {
		t.Errorf("DeadlineCheck on failure %+v", q)
	}
	if q := tm.QueueByARN(d.OnFailure); q == nil || q.LogicalID != "NotifyDeadLetters" {
		t.Errorf("Notify stream on failure %+v", q)
	}
	// The dead-letter queue's ARN resolves from the template.
	dest := notify.Events[0].Properties["DestinationConfig"].(map[string]any)["OnFailure"].(map[string]any)["Destination"]
	if dest != "arn:aws:sqs:us-east-1:000000000000:ictgov-local-notify-failures" {
		t.Errorf("dead letter ARN %v", dest)
	}
}

// serverlessFunctions lists the template's functions by a plain YAML decode, independent
// of the package's own parsing.
func serverlessFunctions(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(realTemplate)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Resources map[string]struct {
			Type      string `yaml:"Type"`
			Condition string `yaml:"Condition"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for id, r := range doc.Resources {
		// A conditional function (the Cognito trigger) is not created with the defaults.
		if r.Type == "AWS::Serverless::Function" && r.Condition == "" {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func TestLoadLocal(t *testing.T) {
	tm, err := LoadLocal(realTemplate)
	if err != nil {
		t.Fatal(err)
	}
	if tm.Buckets[0].Name != "ictgov-local-documents-000000000000-us-east-1" ||
		tm.HTTPAPIs["HttpApi"].Authorizers["PortalJwt"].Issuer != LocalIssuer {
		t.Errorf("bucket %q, authorizer %+v", tm.Buckets[0].Name, tm.HTTPAPIs["HttpApi"].Authorizers["PortalJwt"])
	}
}

func TestRealTemplateRegionOverride(t *testing.T) {
	tm, err := Load(realTemplate, Options{Parameters: localParams, Region: "eu-central-1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := tm.Buckets[0].Name; got != "ictgov-local-documents-000000000000-eu-central-1" {
		t.Errorf("bucket %q", got)
	}
}

func TestMissingParameterValue(t *testing.T) {
	noDefault := "Parameters:\n  Issuer: {Type: String}\nResources:\n  Q: {Type: AWS::SQS::Queue, Properties: {QueueName: !Ref Issuer}}\n"
	_, err := Parse([]byte(noDefault), Options{})
	if err == nil || !strings.Contains(err.Error(), "has no Default and no override") {
		t.Fatalf("want an error naming the parameter without a value, got %v", err)
	}
	_, err = Load(realTemplate, Options{Parameters: map[string]string{"Nope": "x"}})
	if err == nil || !strings.Contains(err.Error(), "Nope") {
		t.Fatalf("want an error naming the unknown override, got %v", err)
	}
	_, err = Load(realTemplate, Options{Parameters: map[string]string{"LogLevel": "LOUD", "JwtIssuer": "a", "JwtAudience": "b"}})
	if err == nil || !strings.Contains(err.Error(), "LOUD") {
		t.Fatalf("want AllowedValues error, got %v", err)
	}
}

const intrinsics = `
Parameters:
  Env: {Type: String, Default: dev}
  Names: {Type: CommaDelimitedList, Default: "a,b,c"}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Mappings:
  Sizes: {dev: {mem: 128}, prod: {mem: 1024}}
Globals:
  Function:
    Timeout: 9
    Layers: [g]
    Environment: {Variables: {A: global, B: global}}
Resources:
  Q: {Type: AWS::SQS::Queue}
  T:
    Type: AWS::DynamoDB::Table
    Properties: {TableName: !Sub "t-${Env}", KeySchema: [{AttributeName: PK, KeyType: HASH}], AttributeDefinitions: [{AttributeName: PK, AttributeType: S}]}
  Off:
    Type: AWS::S3::Bucket
    Condition: IsProd
  F:
    Type: AWS::Serverless::Function
    Metadata: {GoMain: cmd/f}
    Properties:
      Layers: [l]
      MemorySize: !FindInMap [Sizes, !Ref Env, mem]
      Environment:
        Variables:
          B: local
          IF: !If [IsProd, yes-prod, not-prod]
          NOVAL: !If [NotProd, !Ref "AWS::NoValue", x]
          JOIN: !Join ["-", [!Select [1, !Ref Names], !Ref "AWS::Partition", !Ref "AWS::URLSuffix"]]
          SUBVARS: !Sub ["${X}/${T}/${!Literal}/${T.Arn}", {X: !Ref Q}]
          ARN: !GetAtt Q.Arn
          LONG: {"Fn::GetAtt": [T, Arn]}
          SPLIT: !Select [2, !Split [",", "x,y,z"]]
          B64: !Base64 hi
      Events:
        S: {Type: DynamoDB, Properties: {Stream: !GetAtt T.StreamArn, StartingPosition: LATEST}}
`

func TestIntrinsics(t *testing.T) {
	tm, err := Parse([]byte(intrinsics), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := tm.Function("F")
	want := map[string]string{
		"A": "global", "B": "local", "IF": "not-prod",
		"JOIN":    "b-aws-amazonaws.com",
		"SUBVARS": "https://sqs.us-east-1.amazonaws.com/000000000000/Q/t-dev/${Literal}/arn:aws:dynamodb:us-east-1:000000000000:table/t-dev",
		"ARN":     "arn:aws:sqs:us-east-1:000000000000:Q",
		"LONG":    "arn:aws:dynamodb:us-east-1:000000000000:table/t-dev",
		"SPLIT":   "z", "B64": "aGk=",
	}
	if !reflect.DeepEqual(f.Environment, want) {
		t.Errorf("environment\n got %v\nwant %v", f.Environment, want)
	}
	if f.Timeout != 9 || f.MemorySize != 128 {
		t.Errorf("timeout %d memory %d", f.Timeout, f.MemorySize)
	}
	if l := f.Properties["Layers"]; !reflect.DeepEqual(l, []any{"g", "l"}) {
		t.Errorf("layers %v: lists from Globals are prepended", l)
	}
	if f.Events[0].DynamoDB.Table != "T" {
		t.Errorf("stream table %q", f.Events[0].DynamoDB.Table)
	}
	if n, _ := tm.TableName("T"); n != "t-dev" {
		t.Errorf("table name %q", n)
	}
	if len(tm.Buckets) != 0 {
		t.Errorf("conditional bucket created: %+v", tm.Buckets)
	}
	tm, err = Parse([]byte(intrinsics), Options{Parameters: map[string]string{"Env": "prod"}})
	if err != nil {
		t.Fatal(err)
	}
	if f := tm.Function("F"); f.Environment["IF"] != "yes-prod" || f.Environment["NOVAL"] != "x" || f.MemorySize != 1024 {
		t.Errorf("prod env %v memory %d", f.Environment, f.MemorySize)
	}
	if len(tm.Buckets) != 1 || tm.Buckets[0].Name != "off" {
		t.Errorf("buckets %+v", tm.Buckets)
	}
}

func TestParseErrors(t *testing.T) {
	for name, src := range map[string]string{
		"unknown tag":  "Resources:\n  X: {Type: AWS::SQS::Queue, Properties: {A: !Bogus x}}\n",
		"bad ref":      "Resources:\n  X: {Type: AWS::SQS::Queue, Properties: {A: !Ref Nowhere}}\n",
		"bad getatt":   "Resources:\n  X: {Type: AWS::SQS::Queue, Properties: {A: !GetAtt Nothing}}\n",
		"no resources": "Parameters: {}\n",
		"sub unclosed": "Resources:\n  X: {Type: AWS::SQS::Queue, Properties: {A: !Sub \"${AWS::Region\"}}\n",
	} {
		if _, err := Parse([]byte(src), Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestValidate(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "fn/ok"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "fn/ok/main.go"), []byte("package main\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "fn/empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := `
Resources:
  Api: {Type: AWS::Serverless::HttpApi}
  Ok:
    Type: AWS::Serverless::Function
    Metadata: {GoMain: fn/ok}
    Properties:
      Events:
        A: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /a, Method: get}}
  Missing:
    Type: AWS::Serverless::Function
    Metadata: {GoMain: fn/missing}
  Empty:
    Type: AWS::Serverless::Function
    Metadata: {GoMain: fn/empty}
    Properties:
      Events:
        Dup: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /a, Method: GET}}
        Sqs: {Type: SQS, Properties: {Queue: x}}
        Other: {Type: HttpApi, Properties: {ApiId: Elsewhere, Path: /b, Method: GET}}
`
	tm, err := Parse([]byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = tm.Validate(root)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"fn/missing does not exist", "fn/empty has no main.go", `"SQS" is not supported`,
		"route GET /a is already declared", `ApiId "Elsewhere" does not resolve`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
