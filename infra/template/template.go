// Package template reads a SAM template.yaml for local use: it parses CloudFormation
// short-form tags, merges Globals into functions, resolves intrinsic functions with local
// values (account 000000000000, region us-east-1 unless overridden, a table's physical
// name is its logical id) and exposes the functions, their events, the HTTP APIs, tables
// and buckets as typed values. Provision creates the tables and buckets on local servers.
//
// Run-time-only attributes (a table's StreamArn) are left as GetAtt values.
package template

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Local pseudo-parameter values.
const (
	LocalAccountID = "000000000000"
	LocalRegion    = "us-east-1"
)

// Local values of the project's parameters: the gateway runs with them, /dev/token issues
// tokens for LocalIssuer and LocalAudience, and LoadLocal uses them.
const (
	LocalStage    = "local"
	LocalIssuer   = "https://ictgov.local/dev-idp"
	LocalAudience = "ictgov-portal-local"
)

// LocalParameterDefaults are the values LoadLocal (and the gateway) give the template's
// Stage, JwtIssuer and JwtAudience parameters when the template declares them.
func LocalParameterDefaults() map[string]string {
	return map[string]string{"Stage": LocalStage, "JwtIssuer": LocalIssuer, "JwtAudience": LocalAudience}
}

// LoadLocal loads the template as the local gateway runs it: Stage "local", the local
// JWT issuer and audience, account 000000000000, region us-east-1. Tests that need the
// tables and buckets call LoadLocal and then Provision.
func LoadLocal(path string) (*Template, error) {
	return Load(path, Options{LocalDefaults: LocalParameterDefaults()})
}

// Options are the local values used to resolve the template.
type Options struct {
	// Parameters override the template's parameter defaults. Naming a parameter the
	// template does not declare is an error.
	Parameters map[string]string
	// LocalDefaults replace the template's defaults for the declared parameters they
	// name (Parameters still win); names the template does not declare are ignored.
	LocalDefaults map[string]string
	// Region is AWS::Region; empty means LocalRegion.
	Region string
	// AccountID is AWS::AccountId; empty means LocalAccountID.
	AccountID string
	// StackName is AWS::StackName; empty means "ictgov-local".
	StackName string
}

// Parameter is a declared template parameter and the value it resolved to.
type Parameter struct {
	Name    string
	Type    string
	Default *string
	// Value is the resolved value: the override, else the default; nil if neither.
	// CommaDelimitedList parameters resolve to []any of strings.
	Value any
}

// Template is a parsed and resolved SAM template.
type Template struct {
	Path       string
	Region     string
	AccountID  string
	StackName  string
	Parameters map[string]*Parameter
	// Resources holds every resource's resolved Properties, by logical id.
	Resources map[string]Resource
	Functions []*Function // sorted by logical id
	HTTPAPIs  map[string]*HTTPAPI
	Tables    []*Table  // sorted by logical id
	Buckets   []*Bucket // sorted by logical id
	Queues    []*Queue  // sorted by logical id

	raw          map[string]any
	rawResources map[string]map[string]any
}

// Resource is a resolved resource.
type Resource struct {
	Type       string
	Properties map[string]any
	Metadata   map[string]any
}

// Function is an AWS::Serverless::Function with Globals merged in.
type Function struct {
	LogicalID   string
	GoMain      string // Metadata.GoMain: the Go main package folder, relative to the template
	CodeURI     string
	Handler     string
	Runtime     string
	Timeout     int // seconds; SAM's default is 3
	MemorySize  int // MB; default 128
	Environment map[string]string
	// LogLevel and LogFormat come from LoggingConfig (ApplicationLogLevel, LogFormat).
	LogLevel  string
	LogFormat string
	// AsyncRetries is EventInvokeConfig.MaximumRetryAttempts: how often Lambda retries a
	// failed asynchronous invocation (S3, the scheduler); 2 when unset, as in AWS.
	AsyncRetries int
	// OnFailure is the ARN of EventInvokeConfig's on-failure destination ("" if none).
	OnFailure string
	Events    []*Event // sorted by name
	// Properties are the merged, resolved properties as a whole.
	Properties map[string]any
}

// Event is one entry of a function's Events. Exactly one of the typed fields is set for
// the types this package knows (HttpApi, S3, ScheduleV2, DynamoDB).
type Event struct {
	Name       string
	Type       string
	Properties map[string]any

	HTTP     *HTTPEvent
	S3       *S3Event
	Schedule *ScheduleEvent
	DynamoDB *DynamoDBEvent
}

// HTTPEvent is an HttpApi event.
type HTTPEvent struct {
	APIID  string // logical id of the AWS::Serverless::HttpApi
	Path   string
	Method string // upper case; "ANY" for any method
	// Authorizer is the route's authorizer name: "NONE" for a public route, "" for the
	// API's default.
	Authorizer string
	Scopes     []string
}

// S3Event is an S3 bucket notification.
type S3Event struct {
	Bucket string   // the resolved bucket name
	Events []string // e.g. s3:ObjectCreated:*
	Prefix string
	Suffix string
}

// ScheduleEvent is an EventBridge Scheduler (ScheduleV2) event.
type ScheduleEvent struct {
	Expression string
	Timezone   string
	Input      string
	Enabled    bool
	// Name is the schedule's name: Properties.Name, else <Function><Event> as SAM does.
	Name string
}

// DynamoDBEvent is a DynamoDB stream event source mapping.
type DynamoDBEvent struct {
	Table            string // physical table name whose stream is read
	StartingPosition string
	BatchSize        int
	Filters          []string // FilterCriteria patterns, JSON
	ReportFailures   bool     // FunctionResponseTypes has ReportBatchItemFailures
	MaxRetries       int      // MaximumRetryAttempts; -1 when unset
	Enabled          bool
	OnFailure        string // DestinationConfig.OnFailure.Destination: an SQS queue ARN, or ""
}

// HTTPAPI is an AWS::Serverless::HttpApi.
type HTTPAPI struct {
	LogicalID         string
	DefaultAuthorizer string
	Authorizers       map[string]*JWTAuthorizer
	CORS              *CORS
}

// JWTAuthorizer is a JWT authorizer of an HTTP API.
type JWTAuthorizer struct {
	Issuer         string
	Audience       []string
	IdentitySource string
}

// CORS is an HttpApi CorsConfiguration.
type CORS struct {
	AllowOrigins     []string
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	MaxAge           int
	AllowCredentials bool
}

// Table is an AWS::DynamoDB::Table, in the template's own shape.
type Table struct {
	LogicalID string
	Name      string
	Spec      TableSpec
}

// TableSpec is the part of a table's Properties that Provision uses.
type TableSpec struct {
	BillingMode            string           `json:"BillingMode"`
	AttributeDefinitions   []AttributeDef   `json:"AttributeDefinitions"`
	KeySchema              []KeyElement     `json:"KeySchema"`
	GlobalSecondaryIndexes []SecondaryIndex `json:"GlobalSecondaryIndexes"`
	LocalSecondaryIndexes  []SecondaryIndex `json:"LocalSecondaryIndexes"`
	ProvisionedThroughput  *Throughput      `json:"ProvisionedThroughput"`
	StreamSpecification    *struct {
		StreamViewType string `json:"StreamViewType"`
	} `json:"StreamSpecification"`
	TimeToLiveSpecification *struct {
		AttributeName string `json:"AttributeName"`
		Enabled       bool   `json:"Enabled"`
	} `json:"TimeToLiveSpecification"`
}

// AttributeDef is one AttributeDefinitions entry.
type AttributeDef struct {
	AttributeName string `json:"AttributeName"`
	AttributeType string `json:"AttributeType"`
}

// KeyElement is one KeySchema entry.
type KeyElement struct {
	AttributeName string `json:"AttributeName"`
	KeyType       string `json:"KeyType"`
}

// SecondaryIndex is a GSI or LSI.
type SecondaryIndex struct {
	IndexName  string       `json:"IndexName"`
	KeySchema  []KeyElement `json:"KeySchema"`
	Projection struct {
		ProjectionType   string   `json:"ProjectionType"`
		NonKeyAttributes []string `json:"NonKeyAttributes"`
	} `json:"Projection"`
	ProvisionedThroughput *Throughput `json:"ProvisionedThroughput"`
}

// Throughput is a ProvisionedThroughput.
type Throughput struct {
	ReadCapacityUnits  int64 `json:"ReadCapacityUnits"`
	WriteCapacityUnits int64 `json:"WriteCapacityUnits"`
}

// Queue is an AWS::SQS::Queue.
type Queue struct {
	LogicalID string
	Name      string // QueueName, else the logical id
	ARN       string
}

// QueueByARN returns the queue with the ARN, or nil.
func (t *Template) QueueByARN(arn string) *Queue {
	for _, q := range t.Queues {
		if q.ARN == arn {
			return q
		}
	}
	return nil
}

// Bucket is an AWS::S3::Bucket.
type Bucket struct {
	LogicalID  string
	Name       string
	Versioning bool
	CORS       []BucketCORSRule
}

// BucketCORSRule is one CorsConfiguration.CorsRules entry of a bucket.
type BucketCORSRule struct {
	AllowedOrigins []string `json:"AllowedOrigins"`
	AllowedMethods []string `json:"AllowedMethods"`
	AllowedHeaders []string `json:"AllowedHeaders"`
	ExposedHeaders []string `json:"ExposedHeaders"`
	MaxAge         int32    `json:"MaxAge"`
}

// Load reads and resolves the template at path.
func Load(path string, opts Options) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	t, err := Parse(data, opts)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", path, err)
	}
	t.Path = path
	return t, nil
}

// Parse parses and resolves a template held in memory.
func Parse(data []byte, opts Options) (*Template, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse YAML: %w", err)
	}
	v, err := nodeValue(&doc)
	if err != nil {
		return nil, fmt.Errorf("parse YAML: %w", err)
	}
	raw, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the template is not a YAML mapping")
	}
	t := &Template{
		Region:     firstNonEmpty(opts.Region, LocalRegion),
		AccountID:  firstNonEmpty(opts.AccountID, LocalAccountID),
		StackName:  firstNonEmpty(opts.StackName, "ictgov-local"),
		Parameters: map[string]*Parameter{},
		Resources:  map[string]Resource{},
		HTTPAPIs:   map[string]*HTTPAPI{},
		raw:        raw,
	}
	r := &resolver{t: t, params: map[string]any{}, conds: map[string]bool{},
		inCond: map[string]bool{}, inRef: map[string]bool{}, physical: map[string]string{}}
	if err := t.readParameters(r, opts.Parameters, opts.LocalDefaults); err != nil {
		return nil, err
	}
	rawRes, ok := raw["Resources"].(map[string]any)
	if !ok {
		return nil, errors.New("no Resources section")
	}
	t.rawResources = map[string]map[string]any{}
	for id, rv := range rawRes {
		m, ok := rv.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("resource %s is not a mapping", id)
		}
		t.rawResources[id] = m
	}
	globals, _ := raw["Globals"].(map[string]any)
	for _, id := range sortedKeys(t.rawResources) {
		if err := t.readResource(r, id, globals); err != nil {
			return nil, fmt.Errorf("resource %s: %w", id, err)
		}
	}
	return t, nil
}

func (t *Template) readParameters(r *resolver, overrides, local map[string]string) error {
	decl, _ := t.raw["Parameters"].(map[string]any)
	for name := range overrides {
		if _, ok := decl[name]; !ok {
			return fmt.Errorf("parameter override %s: the template declares no such parameter", name)
		}
	}
	for name, dv := range decl {
		d, _ := dv.(map[string]any)
		p := &Parameter{Name: name}
		p.Type, _ = d["Type"].(string)
		if def, ok := d["Default"]; ok {
			s := scalarString(def)
			p.Default = &s
		}
		val := p.Default
		if l, ok := local[name]; ok {
			val = &l
		}
		if o, ok := overrides[name]; ok {
			val = &o
		}
		if val != nil {
			if allowed, ok := d["AllowedValues"].([]any); ok && !containsString(allowed, *val) {
				return fmt.Errorf("parameter %s: %q is not one of %v", name, *val, allowed)
			}
			if p.Type == "CommaDelimitedList" || strings.HasPrefix(p.Type, "List<") {
				var l []any
				for _, s := range strings.Split(*val, ",") {
					l = append(l, strings.TrimSpace(s))
				}
				p.Value = l
			} else {
				p.Value = *val
			}
			r.params[name] = p.Value
		}
		t.Parameters[name] = p
	}
	return nil
}

// globalsFor names the Globals section that applies to a resource type.
var globalsFor = map[string]string{
	"AWS::Serverless::Function": "Function",
	"AWS::Serverless::HttpApi":  "HttpApi",
	"AWS::Serverless::Api":      "Api",
}

func (t *Template) readResource(r *resolver, id string, globals map[string]any) error {
	raw := t.rawResources[id]
	typ, _ := raw["Type"].(string)
	if typ == "" {
		return errors.New("no Type")
	}
	props, _ := raw["Properties"].(map[string]any)
	if g, ok := globals[globalsFor[typ]].(map[string]any); ok {
		props, _ = mergeGlobals(g, props).(map[string]any)
	}
	if c, ok := raw["Condition"].(string); ok {
		on, err := r.condition(c)
		if err != nil {
			return err
		}
		if !on {
			return nil // not created in this configuration
		}
	}
	rp, err := r.value(props)
	if err != nil {
		return err
	}
	resolved, _ := rp.(map[string]any)
	if resolved == nil {
		resolved = map[string]any{}
	}
	md, _ := raw["Metadata"].(map[string]any)
	t.Resources[id] = Resource{Type: typ, Properties: resolved, Metadata: md}
	switch typ {
	case "AWS::Serverless::Function":
		f, err := t.readFunction(r, id, resolved, md)
		if err != nil {
			return err
		}
		t.Functions = append(t.Functions, f)
	case "AWS::Serverless::HttpApi":
		a, err := readHTTPAPI(id, resolved)
		if err != nil {
			return err
		}
		t.HTTPAPIs[id] = a
	case "AWS::DynamoDB::Table":
		name, err := r.physicalID(id)
		if err != nil {
			return err
		}
		tb := &Table{LogicalID: id, Name: name}
		if err := remarshal(resolved, &tb.Spec); err != nil {
			return fmt.Errorf("table properties: %w", err)
		}
		t.Tables = append(t.Tables, tb)
	case "AWS::SQS::Queue":
		arn, err := r.getAtt([]any{id, "Arn"})
		if err != nil {
			return err
		}
		a := scalarString(arn)
		t.Queues = append(t.Queues, &Queue{LogicalID: id, Name: a[strings.LastIndex(a, ":")+1:], ARN: a})
	case "AWS::S3::Bucket":
		name, err := r.physicalID(id)
		if err != nil {
			return err
		}
		b := &Bucket{LogicalID: id, Name: name}
		var spec struct {
			VersioningConfiguration *struct{ Status string } `json:"VersioningConfiguration"`
			CorsConfiguration       *struct {
				CorsRules []BucketCORSRule `json:"CorsRules"`
			} `json:"CorsConfiguration"`
		}
		if err := remarshal(resolved, &spec); err != nil {
			return fmt.Errorf("bucket properties: %w", err)
		}
		b.Versioning = spec.VersioningConfiguration != nil && spec.VersioningConfiguration.Status == "Enabled"
		if spec.CorsConfiguration != nil {
			b.CORS = spec.CorsConfiguration.CorsRules
		}
		t.Buckets = append(t.Buckets, b)
	}
	return nil
}

// mergeGlobals applies SAM's Globals rules: maps merge key by key (the resource wins on
// conflicts), lists are concatenated (globals first), scalars are replaced.
func mergeGlobals(global, local any) any {
	if local == nil {
		return global
	}
	gm, gok := global.(map[string]any)
	lm, lok := local.(map[string]any)
	if gok && lok {
		if isIntrinsic(gm) || isIntrinsic(lm) {
			return local
		}
		out := make(map[string]any, len(gm)+len(lm))
		for k, v := range gm {
			out[k] = v
		}
		for k, v := range lm {
			out[k] = mergeGlobals(gm[k], v)
		}
		return out
	}
	gl, gok := global.([]any)
	ll, lok := local.([]any)
	if gok && lok {
		return append(append([]any{}, gl...), ll...)
	}
	return local
}

func isIntrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

func (t *Template) readFunction(r *resolver, id string, p, md map[string]any) (*Function, error) {
	f := &Function{LogicalID: id, Properties: p, Timeout: 3, MemorySize: 128, Environment: map[string]string{}}
	if md != nil {
		if v, ok := md["GoMain"]; ok {
			rv, err := r.value(v)
			if err != nil {
				return nil, fmt.Errorf("Metadata.GoMain: %w", err)
			}
			f.GoMain = scalarString(rv)
		}
	}
	f.CodeURI = scalarString(p["CodeUri"])
	f.Handler = scalarString(p["Handler"])
	f.Runtime = scalarString(p["Runtime"])
	var err error
	if v, ok := p["Timeout"]; ok {
		if f.Timeout, err = toInt(v); err != nil {
			return nil, fmt.Errorf("Timeout: %w", err)
		}
	}
	if v, ok := p["MemorySize"]; ok {
		if f.MemorySize, err = toInt(v); err != nil {
			return nil, fmt.Errorf("MemorySize: %w", err)
		}
	}
	if env, ok := p["Environment"].(map[string]any); ok {
		vars, _ := env["Variables"].(map[string]any)
		for k, v := range vars {
			f.Environment[k] = scalarString(v)
		}
	}
	if lc, ok := p["LoggingConfig"].(map[string]any); ok {
		f.LogLevel = scalarString(lc["ApplicationLogLevel"])
		f.LogFormat = scalarString(lc["LogFormat"])
	}
	f.AsyncRetries = 2
	if eic, ok := p["EventInvokeConfig"].(map[string]any); ok {
		if v, ok := eic["MaximumRetryAttempts"]; ok {
			if f.AsyncRetries, err = toInt(v); err != nil {
				return nil, fmt.Errorf("EventInvokeConfig.MaximumRetryAttempts: %w", err)
			}
		}
		if dc, ok := eic["DestinationConfig"].(map[string]any); ok {
			of, _ := dc["OnFailure"].(map[string]any)
			f.OnFailure = scalarString(of["Destination"])
		}
	}
	evs, _ := p["Events"].(map[string]any)
	for _, name := range sortedKeys(evs) {
		em, ok := evs[name].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("event %s is not a mapping", name)
		}
		ev, err := readEvent(id, name, em)
		if err != nil {
			return nil, fmt.Errorf("event %s: %w", name, err)
		}
		f.Events = append(f.Events, ev)
	}
	return f, nil
}

func readEvent(fn, name string, em map[string]any) (*Event, error) {
	ev := &Event{Name: name, Type: scalarString(em["Type"])}
	ev.Properties, _ = em["Properties"].(map[string]any)
	p := ev.Properties
	if p == nil {
		p = map[string]any{}
	}
	switch ev.Type {
	case "HttpApi":
		h := &HTTPEvent{APIID: scalarString(p["ApiId"]), Path: scalarString(p["Path"]),
			Method: strings.ToUpper(scalarString(p["Method"]))}
		if h.APIID == "" {
			h.APIID = "ServerlessHttpApi" // SAM's implicit API
		}
		if h.Path == "" {
			h.Path = "$default"
		}
		if h.Method == "" || h.Method == "X-AMAZON-APIGATEWAY-ANY-METHOD" {
			h.Method = "ANY"
		}
		if a, ok := p["Auth"].(map[string]any); ok {
			h.Authorizer = scalarString(a["Authorizer"])
			h.Scopes = stringList(a["AuthorizationScopes"])
		}
		ev.HTTP = h
	case "S3":
		s := &S3Event{Bucket: scalarString(p["Bucket"]), Events: stringList(p["Events"])}
		var f struct {
			S3Key struct {
				Rules []struct {
					Name  string `json:"Name"`
					Value string `json:"Value"`
				} `json:"Rules"`
			} `json:"S3Key"`
		}
		if err := remarshal(p["Filter"], &f); err != nil {
			return nil, fmt.Errorf("Filter: %w", err)
		}
		for _, rule := range f.S3Key.Rules {
			switch strings.ToLower(rule.Name) {
			case "prefix":
				s.Prefix = rule.Value
			case "suffix":
				s.Suffix = rule.Value
			default:
				return nil, fmt.Errorf("filter rule %q: want prefix or suffix", rule.Name)
			}
		}
		ev.S3 = s
	case "ScheduleV2":
		s := &ScheduleEvent{Expression: scalarString(p["ScheduleExpression"]),
			Timezone: scalarString(p["ScheduleExpressionTimezone"]), Input: scalarString(p["Input"]),
			Name: scalarString(p["Name"]), Enabled: true}
		if st, ok := p["State"]; ok && strings.EqualFold(scalarString(st), "DISABLED") {
			s.Enabled = false
		}
		if s.Name == "" {
			s.Name = fn + name
		}
		ev.Schedule = s
	case "DynamoDB":
		d := &DynamoDBEvent{StartingPosition: scalarString(p["StartingPosition"]), BatchSize: 100,
			MaxRetries: -1, Enabled: true}
		switch st := p["Stream"].(type) {
		case GetAtt:
			if st.Attribute != "StreamArn" {
				return nil, fmt.Errorf("Stream: want !GetAtt <Table>.StreamArn, got %s", st)
			}
			d.Table = st.Resource
		case string:
			// An explicit ARN: arn:aws:dynamodb:region:acct:table/NAME/stream/LABEL.
			_, rest, ok := strings.Cut(st, ":table/")
			if !ok {
				return nil, fmt.Errorf("Stream %q is not a table stream ARN", st)
			}
			d.Table, _, _ = strings.Cut(rest, "/")
		default:
			return nil, errors.New("Stream: want !GetAtt <Table>.StreamArn")
		}
		var err error
		if v, ok := p["BatchSize"]; ok {
			if d.BatchSize, err = toInt(v); err != nil {
				return nil, fmt.Errorf("BatchSize: %w", err)
			}
		}
		if v, ok := p["MaximumRetryAttempts"]; ok {
			if d.MaxRetries, err = toInt(v); err != nil {
				return nil, fmt.Errorf("MaximumRetryAttempts: %w", err)
			}
		}
		if v, ok := p["Enabled"].(bool); ok {
			d.Enabled = v
		}
		if dc, ok := p["DestinationConfig"].(map[string]any); ok {
			of, _ := dc["OnFailure"].(map[string]any)
			d.OnFailure = scalarString(of["Destination"])
		}
		for _, rt := range stringList(p["FunctionResponseTypes"]) {
			if rt == "ReportBatchItemFailures" {
				d.ReportFailures = true
			}
		}
		if fc, ok := p["FilterCriteria"].(map[string]any); ok {
			fl, _ := fc["Filters"].([]any)
			for _, f := range fl {
				fm, _ := f.(map[string]any)
				if pat := scalarString(fm["Pattern"]); pat != "" {
					d.Filters = append(d.Filters, pat)
				}
			}
		}
		ev.DynamoDB = d
	}
	return ev, nil
}

func readHTTPAPI(id string, p map[string]any) (*HTTPAPI, error) {
	a := &HTTPAPI{LogicalID: id, Authorizers: map[string]*JWTAuthorizer{}}
	if auth, ok := p["Auth"].(map[string]any); ok {
		a.DefaultAuthorizer = scalarString(auth["DefaultAuthorizer"])
		azs, _ := auth["Authorizers"].(map[string]any)
		for name, av := range azs {
			am, _ := av.(map[string]any)
			jc, ok := am["JwtConfiguration"].(map[string]any)
			if !ok {
				return nil, fmt.Errorf("authorizer %s: only JWT authorizers are supported locally", name)
			}
			a.Authorizers[name] = &JWTAuthorizer{
				Issuer:         scalarString(jc["issuer"]),
				Audience:       stringList(jc["audience"]),
				IdentitySource: scalarString(am["IdentitySource"]),
			}
		}
		if a.DefaultAuthorizer != "" && a.DefaultAuthorizer != "NONE" && a.Authorizers[a.DefaultAuthorizer] == nil {
			return nil, fmt.Errorf("DefaultAuthorizer %s is not among the Authorizers", a.DefaultAuthorizer)
		}
	}
	switch c := p["CorsConfiguration"].(type) {
	case map[string]any:
		cors := &CORS{AllowOrigins: stringList(c["AllowOrigins"]), AllowMethods: stringList(c["AllowMethods"]),
			AllowHeaders: stringList(c["AllowHeaders"]), ExposeHeaders: stringList(c["ExposeHeaders"])}
		if v, ok := c["MaxAge"]; ok {
			n, err := toInt(v)
			if err != nil {
				return nil, fmt.Errorf("CorsConfiguration.MaxAge: %w", err)
			}
			cors.MaxAge = n
		}
		cors.AllowCredentials, _ = c["AllowCredentials"].(bool)
		a.CORS = cors
	case bool:
		if c {
			a.CORS = &CORS{AllowOrigins: []string{"*"}, AllowMethods: []string{"*"}, AllowHeaders: []string{"*"}}
		}
	}
	return a, nil
}

// Function returns the function with the logical id, or nil.
func (t *Template) Function(id string) *Function {
	for _, f := range t.Functions {
		if f.LogicalID == id {
			return f
		}
	}
	return nil
}

// TableName returns the local physical name of the table with the logical id.
func (t *Template) TableName(id string) (string, bool) {
	for _, tb := range t.Tables {
		if tb.LogicalID == id {
			return tb.Name, true
		}
	}
	return "", false
}

// SupportedEventTypes are the event types the local gateway can deliver.
var SupportedEventTypes = []string{"HttpApi", "S3", "ScheduleV2", "DynamoDB"}

// Validate checks what the local gateway needs before it starts: each function's GoMain
// folder exists under root and holds a main.go, every event type is supported, every
// HttpApi route names an HttpApi of the template and an existing authorizer, no route is
// declared twice, every DynamoDB event reads a table of the template. All problems are
// reported together.
func (t *Template) Validate(root string) error {
	var errs []error
	type routeKey struct{ api, method, path string }
	seen := map[routeKey]string{}
	for _, f := range t.Functions {
		switch {
		case f.GoMain == "":
			errs = append(errs, fmt.Errorf("function %s: Metadata.GoMain is missing", f.LogicalID))
		default:
			dir := filepath.Join(root, filepath.FromSlash(f.GoMain))
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				errs = append(errs, fmt.Errorf("function %s: GoMain folder %s does not exist", f.LogicalID, f.GoMain))
			} else if _, err := os.Stat(filepath.Join(dir, "main.go")); err != nil {
				errs = append(errs, fmt.Errorf("function %s: GoMain folder %s has no main.go", f.LogicalID, f.GoMain))
			}
		}
		if d := f.OnFailure; d != "" && t.QueueByARN(d) == nil {
			errs = append(errs, fmt.Errorf("function %s: on-failure destination %s is not an SQS queue of the template (the only kind emulated locally)", f.LogicalID, d))
		}
		for _, ev := range f.Events {
			where := fmt.Sprintf("function %s event %s", f.LogicalID, ev.Name)
			switch {
			case ev.HTTP != nil:
				api := t.HTTPAPIs[ev.HTTP.APIID]
				if api == nil {
					errs = append(errs, fmt.Errorf("%s: ApiId %q does not resolve to an AWS::Serverless::HttpApi of the template", where, ev.HTTP.APIID))
					continue
				}
				if az := ev.HTTP.Authorizer; az != "" && az != "NONE" && api.Authorizers[az] == nil {
					errs = append(errs, fmt.Errorf("%s: authorizer %q is not defined on %s", where, az, api.LogicalID))
				}
				if !strings.HasPrefix(ev.HTTP.Path, "/") && ev.HTTP.Path != "$default" {
					errs = append(errs, fmt.Errorf("%s: path %q must start with /", where, ev.HTTP.Path))
				}
				k := routeKey{ev.HTTP.APIID, ev.HTTP.Method, ev.HTTP.Path}
				if prev, dup := seen[k]; dup {
					errs = append(errs, fmt.Errorf("%s: route %s %s is already declared by %s", where, k.method, k.path, prev))
				}
				seen[k] = where
			case ev.S3 != nil:
				if ev.S3.Bucket == "" {
					errs = append(errs, fmt.Errorf("%s: no Bucket", where))
				}
			case ev.Schedule != nil:
				if ev.Schedule.Expression == "" {
					errs = append(errs, fmt.Errorf("%s: no ScheduleExpression", where))
				}
			case ev.DynamoDB != nil:
				if _, ok := t.TableName(ev.DynamoDB.Table); !ok {
					errs = append(errs, fmt.Errorf("%s: stream table %s is not an AWS::DynamoDB::Table of the template", where, ev.DynamoDB.Table))
				}
				if d := ev.DynamoDB.OnFailure; d != "" && t.QueueByARN(d) == nil {
					errs = append(errs, fmt.Errorf("%s: on-failure destination %s is not an SQS queue of the template (the only kind emulated locally)", where, d))
				}
			default:
				errs = append(errs, fmt.Errorf("%s: event type %q is not supported locally (supported: %s)", where, ev.Type, strings.Join(SupportedEventTypes, ", ")))
			}
		}
	}
	return errors.Join(errs...)
}

func remarshal(in, out any) error {
	if in == nil {
		return nil
	}
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

func toInt(v any) (int, error) {
	switch x := v.(type) {
	case int:
		return x, nil
	case int64:
		return int(x), nil
	case float64:
		return int(x), nil
	case string:
		return strconv.Atoi(x)
	}
	return 0, fmt.Errorf("want a number, got %T", v)
}

func stringList(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, scalarString(e))
		}
		return out
	}
	return []string{scalarString(v)}
}

func containsString(l []any, s string) bool {
	for _, e := range l {
		if scalarString(e) == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// SampleEvents are the function's sample events (sam local invoke -e): the files
// events/<its folder>-<what>.json under the template's folder root, sorted.
func (f *Function) SampleEvents(root string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(root, "events", f.EventPrefix()+"*.json"))
	sort.Strings(files)
	return files, err
}

// EventPrefix is how the names of the function's sample events begin: "<folder>-".
func (f *Function) EventPrefix() string { return filepath.Base(f.GoMain) + "-" }
