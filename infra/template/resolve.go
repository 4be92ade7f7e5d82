package template

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// GetAtt is an attribute that only exists at run time (for example a table's StreamArn,
// which DynamoDB Local invents when the table is created). It is left in the resolved
// tree for the caller to look up.
type GetAtt struct {
	Resource  string
	Attribute string
}

// String renders the long form, so a leftover GetAtt is recognisable in logs.
func (g GetAtt) String() string { return "${" + g.Resource + "." + g.Attribute + "}" }

// noValue marks AWS::NoValue: the enclosing key or list element disappears.
type noValue struct{}

type resolver struct {
	t        *Template
	params   map[string]any
	conds    map[string]bool
	inCond   map[string]bool
	inRef    map[string]bool
	physical map[string]string
}

func (r *resolver) pseudo(name string) (any, bool) {
	switch name {
	case "AWS::AccountId":
		return r.t.AccountID, true
	case "AWS::Region":
		return r.t.Region, true
	case "AWS::Partition":
		return "aws", true
	case "AWS::URLSuffix":
		return "amazonaws.com", true
	case "AWS::StackName":
		return r.t.StackName, true
	case "AWS::StackId":
		return "arn:aws:cloudformation:" + r.t.Region + ":" + r.t.AccountID + ":stack/" + r.t.StackName + "/local", true
	case "AWS::NoValue":
		return noValue{}, true
	case "AWS::NotificationARNs":
		return []any{}, true
	}
	return nil, false
}

// value resolves every intrinsic function in v.
func (r *resolver) value(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
					return r.intrinsic(k, arg)
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			rv, err := r.value(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if _, skip := rv.(noValue); skip {
				continue
			}
			out[k] = rv
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for i, e := range x {
			rv, err := r.value(e)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			if _, skip := rv.(noValue); skip {
				continue
			}
			out = append(out, rv)
		}
		return out, nil
	}
	return v, nil
}

func (r *resolver) intrinsic(fn string, arg any) (any, error) {
	switch fn {
	case "Ref":
		name, ok := arg.(string)
		if !ok {
			return nil, fmt.Errorf("Ref: want a name, got %T", arg)
		}
		return r.ref(name)
	case "Condition":
		name, ok := arg.(string)
		if !ok {
			return nil, fmt.Errorf("Condition: want a name, got %T", arg)
		}
		return r.condition(name)
	case "Fn::GetAtt":
		return r.getAtt(arg)
	case "Fn::Sub":
		return r.sub(arg)
	case "Fn::If":
		l, ok := arg.([]any)
		if !ok || len(l) != 3 {
			return nil, fmt.Errorf("Fn::If: want [condition, then, else]")
		}
		name, ok := l[0].(string)
		if !ok {
			return nil, fmt.Errorf("Fn::If: condition name must be a string")
		}
		c, err := r.condition(name)
		if err != nil {
			return nil, err
		}
		if c {
			return r.value(l[1])
		}
		return r.value(l[2])
	case "Fn::Equals":
		l, err := r.list(fn, arg, 2)
		if err != nil {
			return nil, err
		}
		return fmt.Sprint(l[0]) == fmt.Sprint(l[1]), nil
	case "Fn::Not":
		l, err := r.list(fn, arg, 1)
		if err != nil {
			return nil, err
		}
		b, ok := l[0].(bool)
		if !ok {
			return nil, fmt.Errorf("Fn::Not: want a condition")
		}
		return !b, nil
	case "Fn::And", "Fn::Or":
		l, err := r.list(fn, arg, -1)
		if err != nil {
			return nil, err
		}
		res := fn == "Fn::And"
		for _, e := range l {
			b, ok := e.(bool)
			if !ok {
				return nil, fmt.Errorf("%s: want conditions", fn)
			}
			if fn == "Fn::And" {
				res = res && b
			} else {
				res = res || b
			}
		}
		return res, nil
	case "Fn::Join":
		l, err := r.list(fn, arg, 2)
		if err != nil {
			return nil, err
		}
		items, ok := l[1].([]any)
		if !ok {
			return nil, fmt.Errorf("Fn::Join: want a list to join")
		}
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = scalarString(it)
		}
		return strings.Join(parts, scalarString(l[0])), nil
	case "Fn::Select":
		l, err := r.list(fn, arg, 2)
		if err != nil {
			return nil, err
		}
		idx, err := strconv.Atoi(scalarString(l[0]))
		if err != nil {
			return nil, fmt.Errorf("Fn::Select: index: %w", err)
		}
		items, ok := l[1].([]any)
		if !ok || idx < 0 || idx >= len(items) {
			return nil, fmt.Errorf("Fn::Select: index %d out of range", idx)
		}
		return items[idx], nil
	case "Fn::Split":
		l, err := r.list(fn, arg, 2)
		if err != nil {
			return nil, err
		}
		var out []any
		for _, s := range strings.Split(scalarString(l[1]), scalarString(l[0])) {
			out = append(out, s)
		}
		return out, nil
	case "Fn::FindInMap":
		l, err := r.list(fn, arg, 3)
		if err != nil {
			return nil, err
		}
		m, _ := r.t.raw["Mappings"].(map[string]any)
		top, _ := m[scalarString(l[0])].(map[string]any)
		second, _ := top[scalarString(l[1])].(map[string]any)
		v, ok := second[scalarString(l[2])]
		if !ok {
			return nil, fmt.Errorf("Fn::FindInMap: %v not found", l)
		}
		return r.value(v)
	case "Fn::Base64":
		v, err := r.value(arg)
		if err != nil {
			return nil, err
		}
		return base64.StdEncoding.EncodeToString([]byte(scalarString(v))), nil
	case "Fn::GetAZs":
		return []any{r.t.Region + "a", r.t.Region + "b", r.t.Region + "c"}, nil
	}
	return nil, fmt.Errorf("%s is not supported locally", fn)
}

// list resolves an intrinsic's argument list and checks its length (n < 0: any).
func (r *resolver) list(fn string, arg any, n int) ([]any, error) {
	v, err := r.value(arg)
	if err != nil {
		return nil, err
	}
	l, ok := v.([]any)
	if !ok || (n >= 0 && len(l) != n) {
		return nil, fmt.Errorf("%s: want a list of %d", fn, n)
	}
	return l, nil
}

func (r *resolver) condition(name string) (bool, error) {
	if c, ok := r.conds[name]; ok {
		return c, nil
	}
	if r.inCond[name] {
		return false, fmt.Errorf("condition %s refers to itself", name)
	}
	conds, _ := r.t.raw["Conditions"].(map[string]any)
	def, ok := conds[name]
	if !ok {
		return false, fmt.Errorf("unknown condition %s", name)
	}
	r.inCond[name] = true
	v, err := r.value(def)
	delete(r.inCond, name)
	if err != nil {
		return false, fmt.Errorf("condition %s: %w", name, err)
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("condition %s is not a boolean", name)
	}
	r.conds[name] = b
	return b, nil
}

func (r *resolver) ref(name string) (any, error) {
	if v, ok := r.pseudo(name); ok {
		return v, nil
	}
	if v, ok := r.params[name]; ok {
		return v, nil
	}
	if _, ok := r.t.Parameters[name]; ok {
		return nil, fmt.Errorf("parameter %s has no Default and no override", name)
	}
	return r.physicalID(name)
}

// physicalID is what !Ref of a resource gives locally: the table name is its logical id
// unless TableName is set, a bucket its BucketName.
func (r *resolver) physicalID(id string) (string, error) {
	if p, ok := r.physical[id]; ok {
		return p, nil
	}
	res, ok := r.t.rawResources[id]
	if !ok {
		return "", fmt.Errorf("Ref %s: no such parameter or resource", id)
	}
	if r.inRef[id] {
		return "", fmt.Errorf("Ref %s: circular reference", id)
	}
	r.inRef[id] = true
	defer delete(r.inRef, id)
	props, _ := res["Properties"].(map[string]any)
	typ, _ := res["Type"].(string)
	named := func(prop, def string) (string, error) {
		v, ok := props[prop]
		if !ok {
			return def, nil
		}
		rv, err := r.value(v)
		if err != nil {
			return "", fmt.Errorf("%s.%s: %w", id, prop, err)
		}
		return scalarString(rv), nil
	}
	var (
		p   string
		err error
	)
	switch typ {
	case "AWS::DynamoDB::Table":
		p, err = named("TableName", id)
	case "AWS::S3::Bucket":
		p, err = named("BucketName", strings.ToLower(id))
	case "AWS::SQS::Queue":
		var qn string
		qn, err = named("QueueName", id)
		p = "https://sqs." + r.t.Region + ".amazonaws.com/" + r.t.AccountID + "/" + qn
	case "AWS::Serverless::Function", "AWS::Lambda::Function":
		p, err = named("FunctionName", id)
	case "AWS::Logs::LogGroup":
		p, err = named("LogGroupName", id)
	default:
		p = id
	}
	if err != nil {
		return "", err
	}
	r.physical[id] = p
	return p, nil
}

func (r *resolver) getAtt(arg any) (any, error) {
	v, err := r.value(arg)
	if err != nil {
		return nil, err
	}
	l, ok := v.([]any)
	if !ok || len(l) != 2 {
		return nil, fmt.Errorf("Fn::GetAtt: want [Resource, Attribute]")
	}
	id, attr := scalarString(l[0]), scalarString(l[1])
	res, ok := r.t.rawResources[id]
	if !ok {
		return nil, fmt.Errorf("Fn::GetAtt %s.%s: no such resource", id, attr)
	}
	typ, _ := res["Type"].(string)
	name, err := r.physicalID(id)
	if err != nil {
		return nil, err
	}
	region, acct := r.t.Region, r.t.AccountID
	switch typ + "." + attr {
	case "AWS::DynamoDB::Table.Arn":
		return "arn:aws:dynamodb:" + region + ":" + acct + ":table/" + name, nil
	case "AWS::S3::Bucket.Arn":
		return "arn:aws:s3:::" + name, nil
	case "AWS::S3::Bucket.DomainName":
		return name + ".s3.amazonaws.com", nil
	case "AWS::S3::Bucket.RegionalDomainName":
		return name + ".s3." + region + ".amazonaws.com", nil
	case "AWS::SQS::Queue.Arn":
		return "arn:aws:sqs:" + region + ":" + acct + ":" + name[strings.LastIndex(name, "/")+1:], nil
	case "AWS::SQS::Queue.QueueName":
		return name[strings.LastIndex(name, "/")+1:], nil
	case "AWS::SQS::Queue.QueueUrl":
		return name, nil
	case "AWS::Logs::LogGroup.Arn":
		// CloudFormation's Arn of a log group names its streams too, with a trailing ":*".
		return "arn:aws:logs:" + region + ":" + acct + ":log-group:" + name + ":*", nil
	case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn":
		return "arn:aws:lambda:" + region + ":" + acct + ":function:" + name, nil
	}
	return GetAtt{Resource: id, Attribute: attr}, nil
}

func (r *resolver) sub(arg any) (any, error) {
	var (
		s    string
		vars = map[string]any{}
	)
	switch x := arg.(type) {
	case string:
		s = x
	case []any:
		if len(x) != 2 {
			return nil, fmt.Errorf("Fn::Sub: want [string, {vars}]")
		}
		var ok bool
		if s, ok = x[0].(string); !ok {
			return nil, fmt.Errorf("Fn::Sub: first element must be a string")
		}
		m, ok := x[1].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("Fn::Sub: second element must be a map")
		}
		for k, v := range m {
			rv, err := r.value(v)
			if err != nil {
				return nil, fmt.Errorf("Fn::Sub variable %s: %w", k, err)
			}
			vars[k] = rv
		}
	default:
		return nil, fmt.Errorf("Fn::Sub: want a string or a list")
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i:], "}")
		if j < 0 {
			return nil, fmt.Errorf("Fn::Sub: unclosed ${ in %q", s)
		}
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") { // ${!Literal} stays literal
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		var (
			v   any
			err error
		)
		if vv, ok := vars[name]; ok {
			v = vv
		} else if res, attr, dotted := strings.Cut(name, "."); dotted && !strings.HasPrefix(name, "AWS::") {
			v, err = r.getAtt([]any{res, attr})
		} else {
			v, err = r.ref(name)
		}
		if err != nil {
			return nil, fmt.Errorf("Fn::Sub ${%s}: %w", name, err)
		}
		b.WriteString(scalarString(v))
	}
}

// scalarString renders a resolved value as CloudFormation would inside a string.
func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = scalarString(e)
		}
		return strings.Join(parts, ",")
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return fmt.Sprint(keys)
	}
	return fmt.Sprint(v)
}
