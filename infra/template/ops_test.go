package template

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ictgov/ictgov/shared/actor"
)

// The tests in this file hold template.yaml to what a ministry's operations team needs
// (issue 13): least privilege with every wildcard explained, failure queues for every
// asynchronous invocation, alarms, log groups with retention, and resource names that
// stay valid for every Stage the template accepts. They read the template as the local
// gateway resolves it, once as deployed by default and once with the Cognito identity
// provider, so conditional resources are checked too.

func loadConfigs(t *testing.T) map[string]*Template {
	t.Helper()
	out := map[string]*Template{}
	for name, params := range map[string]map[string]string{
		"external": {"Stage": "prod", "JwtIssuer": "https://idp.example/realms/gov", "JwtAudience": "portal"},
		"cognito": {"Stage": "prod", "IdentityProvider": "cognito", "AlarmEmail": "noc@ministry.example",
			"MailSandboxRecipients": "arn:aws:ses:eu-central-1:123456789012:identity/ministry.example"},
	} {
		tm, err := Load(realTemplate, Options{Parameters: params, AccountID: "123456789012", Region: "eu-central-1"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = tm
	}
	return out
}

// statement is one IAM policy statement of the template, with where it sits.
type statement struct {
	where    string // "<Resource>/<Sid>"
	effect   string
	actions  []string
	resource []string
	notRes   bool
	principl any
}

// policyStatements lists every statement of every IAM role and bucket, queue and topic
// policy of the template.
func policyStatements(t *testing.T, tm *Template) []statement {
	t.Helper()
	var out []statement
	add := func(owner string, doc any) {
		m, _ := doc.(map[string]any)
		sts, _ := m["Statement"].([]any)
		if len(sts) == 0 {
			t.Errorf("%s: a policy document without statements", owner)
		}
		for i, sv := range sts {
			st, _ := sv.(map[string]any)
			sid := scalarString(st["Sid"])
			if sid == "" {
				sid = fmt.Sprint(i)
			}
			s := statement{where: owner + "/" + sid, effect: scalarString(st["Effect"]), principl: st["Principal"]}
			s.actions = stringList(st["Action"])
			if st["NotAction"] != nil {
				t.Errorf("%s: NotAction grants everything else; name the actions", s.where)
			}
			s.resource = flatStrings(st["Resource"])
			if st["NotResource"] != nil {
				t.Errorf("%s: NotResource grants everything else; name the resources", s.where)
			}
			out = append(out, s)
		}
	}
	for _, id := range sortedKeys(tm.Resources) {
		r := tm.Resources[id]
		switch r.Type {
		case "AWS::IAM::Role":
			ps, _ := r.Properties["Policies"].([]any)
			for _, pv := range ps {
				p, _ := pv.(map[string]any)
				add(id, p["PolicyDocument"])
			}
			if r.Properties["ManagedPolicyArns"] != nil {
				t.Errorf("%s: managed policies grant what the template cannot show; write the statements", id)
			}
		case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
			add(id, r.Properties["PolicyDocument"])
		case "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy":
			add(id, r.Properties["PolicyDocument"])
		case "AWS::Serverless::Function":
			// A function without a Role of its own gets SAM's generated role, which carries
			// managed policies (logs on "*", and stream reads on "*" for stream events).
			if _, ok := r.Properties["Role"]; !ok {
				t.Errorf("function %s has no Role: SAM would attach managed policies with wildcards", id)
			}
			if r.Properties["Policies"] != nil {
				t.Errorf("function %s has Policies: with a Role they are ignored; put them in its role", id)
			}
		}
	}
	return out
}

func flatStrings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, flatStrings(e)...)
		}
		return out
	}
	return []string{scalarString(v)}
}

// wildcardException is a wildcard AWS requires, named with the reason.
type wildcardException struct {
	sid    string // statement Sid
	value  string // the action or resource, after resolution; "<log-group>" for any log group ARN
	reason string
}

var wildcardExceptions = []wildcardException{
	{"Tracing", "*", "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions: AWS accepts only \"*\""},
	{"Logs", "<log-group>", "a log group's ARN ends in :* for its log streams, which Lambda names at run time; the group itself is the function's own"},
	{"Documents", "arn:aws:s3:::ictgov-prod-documents-123456789012-eu-central-1/documents/*",
		"object permissions name keys, and upload keys are made at run time; the pattern is this bucket's documents/ prefix only"},
	{"Reports", "arn:aws:s3:::ictgov-prod-documents-123456789012-eu-central-1/monitoring-reports/*",
		"a monitoring report's snapshot key is made from its period at run time; the pattern is this bucket's monitoring-reports/ prefix only"},
	{"StreamList", "arn:aws:dynamodb:eu-central-1:123456789012:table/RegistryTable/stream/*",
		"a stream's ARN ends in a label that changes whenever the stream is re-enabled; the pattern names only this table's streams"},
	{"Reports", "arn:aws:s3:::ictgov-prod-documents-123456789012-eu-central-1/reports/*",
		"report keys are made at run time (a plan and a year); the pattern is this bucket's reports/ prefix only (001 S3)"},
	{"DenyPlainHttp", "s3:*", "a Deny only narrows: every action over plain HTTP is refused"},
	{"DenyPlainHttp", "arn:aws:s3:::ictgov-prod-documents-123456789012-eu-central-1/*", "a Deny only narrows: it covers every object of the bucket"},
}

func exceptionFor(st statement, value string) (wildcardException, bool) {
	sid := st.where[strings.Index(st.where, "/")+1:]
	for _, e := range wildcardExceptions {
		if e.sid != sid {
			continue
		}
		if e.value == value || (e.value == "<log-group>" && strings.HasPrefix(value, "arn:aws:logs:") && strings.Contains(value, ":log-group:/ictgov/prod/") && strings.HasSuffix(value, ":*")) {
			return e, true
		}
	}
	return wildcardException{}, false
}

// TestNoUnexplainedWildcards fails on any wildcard in an action or a resource of the
// template's policies that the exceptions above do not name, and prints the count of each
// exception (issue 13 asks for the count).
func TestNoUnexplainedWildcards(t *testing.T) {
	for name, tm := range loadConfigs(t) {
		counts := map[string]int{}
		total := 0
		for _, st := range policyStatements(t, tm) {
			if st.effect == "Allow" && st.principl != nil && strings.Contains(fmt.Sprint(st.principl), "*") {
				t.Errorf("%s %s: allows a wildcard principal", name, st.where)
			}
			for _, v := range append(append([]string{}, st.actions...), st.resource...) {
				if !strings.Contains(v, "*") && !strings.Contains(v, "?") {
					continue
				}
				e, ok := exceptionFor(st, v)
				if !ok {
					t.Errorf("%s %s: wildcard %q is not among the named exceptions", name, st.where, v)
					continue
				}
				counts[e.sid+" "+e.value]++
				total++
			}
			if len(st.resource) == 0 {
				t.Errorf("%s %s: no Resource", name, st.where)
			}
		}
		keys := sortedKeys(counts)
		for _, k := range keys {
			t.Logf("%s: %d × %s", name, counts[k], k)
		}
		t.Logf("%s: %d wildcard actions and resources in all, each a named exception", name, total)
		if total == 0 {
			t.Errorf("%s: no wildcard found at all: the walk over the policies is broken", name)
		}
	}
}

// TestDynamoDBActionsAreUsedByCode: the template grants no DynamoDB action the code never
// calls. The store's API interface (shared/dynamo/store.go) is the list of calls; a
// transaction needs the per-item action of each operation it holds.
func TestDynamoDBActionsAreUsedByCode(t *testing.T) {
	used := map[string]bool{}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "../../shared/dynamo/store.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != "API" {
			return true
		}
		for _, m := range ts.Type.(*ast.InterfaceType).Methods.List {
			used["dynamodb:"+m.Names[0].Name] = true
		}
		return false
	})
	if len(used) == 0 {
		t.Fatal("no methods found in shared/dynamo.API")
	}
	if used["dynamodb:TransactWriteItems"] {
		// IAM has no TransactWriteItems action: each Put, Update, Delete and ConditionCheck
		// of a transaction is authorised as its own action.
		delete(used, "dynamodb:TransactWriteItems")
		src := readSources(t, "../../shared/dynamo")
		for op, action := range map[string]string{"types.Put{": "PutItem", "types.Update{": "UpdateItem",
			"types.Delete{": "DeleteItem", "types.ConditionCheck{": "ConditionCheckItem"} {
			if strings.Contains(src, op) {
				used["dynamodb:"+action] = true
			}
		}
	}
	// The Notify function's event source mapping reads the table's stream.
	for _, a := range []string{"DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"} {
		used["dynamodb:"+a] = true
	}
	t.Logf("actions the code uses: %v", sortedKeys(used))
	for name, tm := range loadConfigs(t) {
		for _, st := range policyStatements(t, tm) {
			for _, a := range st.actions {
				if strings.HasPrefix(a, "dynamodb:") && st.effect == "Allow" && !used[a] {
					t.Errorf("%s %s: grants %s, which no code calls", name, st.where, a)
				}
			}
		}
	}
}

func readSources(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(src)
	}
	return b.String()
}

// TestQueryGrantsCoverEveryIndex: a role that may Query the registry table may query each
// of its indexes by name, so a new index (or a dropped one) shows here rather than as an
// AccessDenied in AWS.
func TestQueryGrantsCoverEveryIndex(t *testing.T) {
	tm := loadConfigs(t)["external"]
	var want []string
	for _, tb := range tm.Tables {
		if tb.LogicalID != "RegistryTable" {
			continue
		}
		for _, ix := range tb.Spec.GlobalSecondaryIndexes {
			want = append(want, "arn:aws:dynamodb:eu-central-1:123456789012:table/RegistryTable/index/"+ix.IndexName)
		}
	}
	sort.Strings(want)
	found := 0
	for _, st := range policyStatements(t, tm) {
		if !slices.Contains(st.actions, "dynamodb:Query") {
			continue
		}
		found++
		var got []string
		for _, r := range st.resource {
			if strings.Contains(r, "/index/") {
				got = append(got, r)
			}
		}
		sort.Strings(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: Query on indexes %v, the table has %v", st.where, got, want)
		}
	}
	if found == 0 {
		t.Error("no statement grants dynamodb:Query")
	}
}

// TestStageKeepsBucketNameValid computes how long Stage may be so that the documents
// bucket's name stays within S3's 63 characters in every region (the longest region name
// of botocore's endpoint data is us-isof-south-1, 15 characters), and holds the
// parameter's MaxLength to exactly that bound.
func TestStageKeepsBucketNameValid(t *testing.T) {
	const longestRegion = "us-isof-south-1"
	tm, err := Load(realTemplate, Options{Parameters: map[string]string{"Stage": "", "JwtIssuer": "x"},
		AccountID: "123456789012", Region: longestRegion})
	if err != nil {
		t.Fatal(err)
	}
	var bucket string
	for _, b := range tm.Buckets {
		bucket = b.Name
	}
	if !strings.Contains(bucket, longestRegion) || !strings.Contains(bucket, "123456789012") {
		t.Fatalf("bucket name %q does not carry the account and region", bucket)
	}
	bound := 63 - len(bucket)
	decl, _ := tm.raw["Parameters"].(map[string]any)
	stage, _ := decl["Stage"].(map[string]any)
	maxLen, err := toInt(stage["MaxLength"])
	if err != nil {
		t.Fatalf("Stage has no MaxLength: %v", err)
	}
	if maxLen != bound {
		t.Errorf("Stage MaxLength is %d; the bucket name leaves room for exactly %d", maxLen, bound)
	}
	if pat := scalarString(stage["AllowedPattern"]); !strings.HasPrefix(pat, "[a-z0-9]") || !strings.HasSuffix(pat, "[a-z0-9])?") {
		t.Errorf("Stage AllowedPattern %q must start and end with a letter or digit, as S3 names do", pat)
	}
	// Every other name built from Stage stays within its service's limit too.
	long := strings.Repeat("s", bound)
	tm, err = Load(realTemplate, Options{Parameters: map[string]string{"Stage": long, "JwtIssuer": "x", "IdentityProvider": "cognito"},
		AccountID: "123456789012", Region: longestRegion})
	if err != nil {
		t.Fatal(err)
	}
	limits := map[string]struct {
		prop  string
		limit int
	}{
		"AWS::S3::Bucket": {"BucketName", 63}, "AWS::SQS::Queue": {"QueueName", 80},
		"AWS::Logs::LogGroup": {"LogGroupName", 512}, "AWS::Cognito::UserPool": {"UserPoolName", 128},
	}
	for id, r := range tm.Resources {
		l, ok := limits[r.Type]
		if !ok {
			continue
		}
		if n := scalarString(r.Properties[l.prop]); len(n) > l.limit {
			t.Errorf("%s %s %q is %d characters, over %d", id, l.prop, n, len(n), l.limit)
		}
	}
}

// TestAsyncInvocationsHaveFailureQueues: every function invoked asynchronously (S3,
// ScheduleV2) sends what fails after Lambda's retries to an SQS queue of the template, and
// every stream mapping has an on-failure destination; the scheduler's own dead letters go
// to a queue too.
func TestAsyncInvocationsHaveFailureQueues(t *testing.T) {
	tm := loadConfigs(t)["external"]
	queues := map[string]bool{}
	for id, r := range tm.Resources {
		if r.Type == "AWS::SQS::Queue" {
			queues["arn:aws:sqs:eu-central-1:123456789012:"+scalarString(r.Properties["QueueName"])] = true
			_ = id
		}
	}
	async := 0
	for _, f := range tm.Functions {
		for _, ev := range f.Events {
			switch {
			case ev.S3 != nil || ev.Schedule != nil:
				async++
				dest := digString(f.Properties, "EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination")
				if !queues[dest] || digString(f.Properties, "EventInvokeConfig", "DestinationConfig", "OnFailure", "Type") != "SQS" {
					t.Errorf("%s (event %s, invoked asynchronously) has no SQS on-failure destination of the template: %q", f.LogicalID, ev.Name, dest)
				}
				if ev.Schedule != nil && !queues[digString(ev.Properties, "DeadLetterConfig", "Arn")] {
					t.Errorf("%s schedule %s has no dead-letter queue of the template", f.LogicalID, ev.Name)
				}
			case ev.DynamoDB != nil:
				if dest := digString(ev.Properties, "DestinationConfig", "OnFailure", "Destination"); !queues[dest] {
					t.Errorf("%s stream %s has no on-failure queue of the template: %q", f.LogicalID, ev.Name, dest)
				}
			}
		}
	}
	if async < 2 {
		t.Errorf("found %d asynchronously invoked functions, want at least ValidateDocument and DeadlineCheck", async)
	}
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func digString(v any, keys ...string) string { return scalarString(dig(v, keys...)) }

// TestAlarmsCoverQueuesFunctionsStreamAndSweep: every failure queue, every function
// (errors and throttles), the stream's iterator age and the hourly sweep's heartbeat have
// an alarm, and every alarm notifies the alarm topic.
func TestAlarmsCoverQueuesFunctionsStreamAndSweep(t *testing.T) {
	for name, tm := range loadConfigs(t) {
		type key struct{ metric, dim string }
		alarms := map[key]string{}
		for id, r := range tm.Resources {
			if r.Type != "AWS::CloudWatch::Alarm" {
				continue
			}
			p := r.Properties
			if acts := flatStrings(p["AlarmActions"]); len(acts) != 1 || acts[0] != "AlarmTopic" {
				t.Errorf("%s %s: AlarmActions %v, want the alarm topic", name, id, acts)
			}
			dim := ""
			if ds, ok := p["Dimensions"].([]any); ok && len(ds) > 0 {
				dim = digString(ds[0], "Value")
			}
			alarms[key{scalarString(p["Namespace"]) + "/" + scalarString(p["MetricName"]), dim}] = id
			if scalarString(p["MetricName"]) == "DeadlineCheckCompleted" {
				if scalarString(p["TreatMissingData"]) != "breaching" || scalarString(p["ComparisonOperator"]) != "LessThanThreshold" {
					t.Errorf("%s %s: a missing heartbeat must breach", name, id)
				}
				period, _ := toInt(p["Period"])
				n, _ := toInt(p["EvaluationPeriods"])
				if period*n != 7200 {
					t.Errorf("%s %s watches %d s, want the last two hours", name, id, period*n)
				}
			}
		}
		need := func(k key, what string) {
			if alarms[k] == "" {
				t.Errorf("%s: no alarm on %s (%s %s)", name, what, k.metric, k.dim)
			}
		}
		for id, r := range tm.Resources {
			if r.Type == "AWS::SQS::Queue" {
				need(key{"AWS/SQS/ApproximateNumberOfMessagesVisible", scalarString(r.Properties["QueueName"])}, "queue "+id)
			}
		}
		for _, f := range tm.Functions {
			need(key{"AWS/Lambda/Errors", f.LogicalID}, f.LogicalID+"'s errors")
			need(key{"AWS/Lambda/Throttles", f.LogicalID}, f.LogicalID+"'s throttles")
			for _, ev := range f.Events {
				if ev.DynamoDB != nil {
					need(key{"AWS/Lambda/IteratorAge", f.LogicalID}, f.LogicalID+"'s stream iterator age")
				}
			}
		}
		need(key{"ictgov/prod/DeadlineCheckCompleted", ""}, "the hourly sweep's heartbeat")
		filter := false
		for _, r := range tm.Resources {
			if r.Type == "AWS::Logs::MetricFilter" && scalarString(r.Properties["LogGroupName"]) == "/ictgov/prod/DeadlineCheck" &&
				strings.Contains(scalarString(r.Properties["FilterPattern"]), `"deadline check done"`) {
				filter = true
			}
		}
		if !filter {
			t.Errorf("%s: no metric filter counts DeadlineCheck's \"deadline check done\"", name)
		}
		if name == "cognito" && tm.Resources["AlarmEmailSubscription"].Type == "" {
			t.Error("AlarmEmail given but no subscription")
		}
	}
}

// TestLogsRetainedAndTraced: every function logs to a log group of the template with the
// retention parameter, the HTTP API writes access logs to one, and tracing is on.
func TestLogsRetainedAndTraced(t *testing.T) {
	for name, tm := range loadConfigs(t) {
		groups := map[string]bool{}
		for id, r := range tm.Resources {
			if r.Type != "AWS::Logs::LogGroup" {
				continue
			}
			if scalarString(r.Properties["RetentionInDays"]) != "365" {
				t.Errorf("%s %s: RetentionInDays %v, want the LogRetentionDays parameter (365)", name, id, r.Properties["RetentionInDays"])
			}
			groups[scalarString(r.Properties["LogGroupName"])] = true
		}
		for _, f := range tm.Functions {
			if lg := digString(f.Properties, "LoggingConfig", "LogGroup"); !groups[lg] {
				t.Errorf("%s %s logs to %q, not a log group of the template", name, f.LogicalID, lg)
			}
			if f.LogFormat != "JSON" || f.LogLevel == "" {
				t.Errorf("%s %s: log format %q level %q", name, f.LogicalID, f.LogFormat, f.LogLevel)
			}
			if scalarString(f.Properties["Tracing"]) != "Active" {
				t.Errorf("%s %s: tracing is not Active", name, f.LogicalID)
			}
		}
		for id, r := range tm.Resources {
			if r.Type != "AWS::Serverless::HttpApi" {
				continue
			}
			dest := digString(r.Properties, "AccessLogSettings", "DestinationArn")
			if !strings.HasPrefix(dest, "arn:aws:logs:") || !groups[strings.TrimSuffix(dest[strings.Index(dest, ":log-group:")+len(":log-group:"):], ":*")] {
				t.Errorf("%s %s: access logs go to %q, not a log group of the template", name, id, dest)
			}
			if !strings.Contains(digString(r.Properties, "AccessLogSettings", "Format"), "$context.requestId") {
				t.Errorf("%s %s: the access log format lacks the request id", name, id)
			}
		}
	}
}

// TestDataIsProtected: the registry table cannot be deleted by accident, the bucket
// refuses plain HTTP and expires replaced document versions after the retention
// parameter, and both are kept when the stack is deleted.
func TestDataIsProtected(t *testing.T) {
	tm := loadConfigs(t)["external"]
	table := tm.Resources["RegistryTable"].Properties
	if table["DeletionProtectionEnabled"] != true {
		t.Error("RegistryTable: DeletionProtectionEnabled is not true")
	}
	for _, id := range []string{"RegistryTable", "DocumentsBucket", "UserPool"} {
		if p := scalarString(tm.rawResources[id]["DeletionPolicy"]); p != "Retain" {
			t.Errorf("%s: DeletionPolicy %q, want Retain", id, p)
		}
	}
	if p := loadConfigs(t)["cognito"].Resources["UserPool"].Properties; scalarString(p["DeletionProtection"]) != "ACTIVE" {
		t.Error("UserPool: DeletionProtection is not ACTIVE")
	}
	// The README counts the alarms, with and without the Cognito pool: the counts are read
	// from it, so the claim and the template cannot drift apart.
	count := func(tm *Template) int {
		n := 0
		for _, r := range tm.Resources {
			if r.Type == "AWS::CloudWatch::Alarm" {
				n++
			}
		}
		return n
	}
	readme, err := os.ReadFile(filepath.Join(filepath.Dir(realTemplate), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`alarm topic with (\d+) alarms \((\d+) with Cognito\)`).FindStringSubmatch(string(readme))
	if m == nil {
		t.Fatal("README.md does not say how many alarms deploy (\"an alarm topic with N alarms (M with Cognito)\")")
	}
	if got, cog := count(tm), count(loadConfigs(t)["cognito"]); fmt.Sprint(got) != m[1] || fmt.Sprint(cog) != m[2] {
		t.Errorf("%d alarms (%d with Cognito); the README says %s (%s)", got, cog, m[1], m[2])
	}
	rules, _ := dig(tm.Resources["DocumentsBucket"].Properties, "LifecycleConfiguration", "Rules").([]any)
	expires := false
	for _, r := range rules {
		if digString(r, "NoncurrentVersionExpiration", "NoncurrentDays") == "3653" && digString(r, "Status") == "Enabled" {
			expires = true
		}
	}
	if !expires {
		t.Error("DocumentsBucket: no enabled rule expires noncurrent versions after DocumentVersionRetentionDays")
	}
	tls := false
	sts, _ := dig(tm.Resources["DocumentsBucketPolicy"].Properties, "PolicyDocument", "Statement").([]any)
	for _, st := range sts {
		if digString(st, "Effect") == "Deny" && digString(st, "Action") == "s3:*" &&
			digString(st, "Condition", "Bool", "aws:SecureTransport") == "false" && len(flatStrings(dig(st, "Resource"))) == 2 {
			tls = true
		}
	}
	if !tls {
		t.Error("DocumentsBucket has no policy denying every action over plain HTTP")
	}
}

// TestFunctionsImportNoTestOnlyCode: the contract validator and the rest of infra/ are
// for tests and tools; a function that imported them would carry them to Lambda.
func TestFunctionsImportNoTestOnlyCode(t *testing.T) {
	tm := loadConfigs(t)["cognito"] // every function, the conditional one too
	var mains []string
	for _, f := range tm.Functions {
		mains = append(mains, "./"+f.GoMain)
	}
	cmd := exec.Command("go", append([]string{"list", "-deps"}, mains...)...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %v: %v", mains, err)
	}
	deps := strings.Fields(string(out))
	for _, d := range deps {
		for _, bad := range []string{"github.com/pb33f/", "github.com/getkin/", "github.com/ictgov/ictgov/infra/"} {
			if strings.HasPrefix(d, bad) {
				t.Errorf("a function depends on %s", d)
			}
		}
	}
	if len(mains) < 7 || len(deps) < 50 {
		t.Errorf("%d functions, %d dependencies: the listing is broken", len(mains), len(deps))
	}
}

// With Cognito, every role a caller can hold is a group of the user pool (roles travel
// as cognito:groups): a role without its group could not be given to anyone.
func TestCognitoGroupsAreTheRoles(t *testing.T) {
	var groups []string
	for _, r := range loadConfigs(t)["cognito"].Resources {
		if r.Type == "AWS::Cognito::UserPoolGroup" {
			name, _ := r.Properties["GroupName"].(string)
			groups = append(groups, name)
		}
	}
	var roles []string
	for _, r := range actor.Roles {
		roles = append(roles, string(r))
	}
	slices.Sort(groups)
	slices.Sort(roles)
	if !slices.Equal(groups, roles) {
		t.Errorf("user pool groups %v, roles %v", groups, roles)
	}
}
