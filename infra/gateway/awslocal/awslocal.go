// Package awslocal is the gateway's local stand-in for the AWS APIs the system reaches
// besides DynamoDB, S3 and e-mail, which have servers of their own: SQS (the failure
// queues of the template, with the calls an operator's replay makes), SSM Parameter Store
// (the recipients Notify reads) and Lambda's Invoke (what a replay calls). It speaks their
// wire protocols (AWS JSON 1.0 for SQS, 1.1 for SSM, Lambda's REST path), so the real SDK
// clients of the functions and of infra/replay talk to it unchanged, through the standard
// AWS_ENDPOINT_URL_SQS / _SSM / _LAMBDA variables.
package awslocal

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Invoker runs a function synchronously and returns its raw response; functionError is
// non-empty ("Unhandled") when the function failed.
type Invoker func(ctx context.Context, function string, payload []byte) (response []byte, functionError string, err error)

// Service serves the emulated APIs. Set BaseURL to the URL the service is mounted at
// (queue URLs are built from it).
type Service struct {
	BaseURL   string
	AccountID string
	Region    string
	Invoke    Invoker
	// Async, when set, takes Event invocations (InvocationType Event); otherwise they run
	// in the background through Invoke.
	Async func(function string, payload []byte)

	mu     sync.Mutex
	queues map[string]*queue
	params map[string]*parameter
	now    func() time.Time
}

type queue struct {
	name string
	msgs []*message
}

type message struct {
	id, receipt, body string
	sent, visibleAt   time.Time
	receives          int
}

type parameter struct {
	name, typ, value string
	version          int64
	modified         time.Time
}

func (s *Service) init() {
	if s.queues == nil {
		s.queues = map[string]*queue{}
		s.params = map[string]*parameter{}
	}
	if s.now == nil {
		s.now = time.Now
	}
}

// DeclareQueue creates a queue (idempotent).
func (s *Service) DeclareQueue(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	if s.queues[name] == nil {
		s.queues[name] = &queue{name: name}
	}
}

// Queues lists the declared queues and how many messages each holds.
func (s *Service) Queues() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	out := map[string]int{}
	for n, q := range s.queues {
		out[n] = len(q.msgs)
	}
	return out
}

// Send puts a message on a declared queue, as a Lambda destination or a scheduler's dead
// letters would.
func (s *Service) Send(name, body string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	q := s.queues[name]
	if q == nil {
		return "", fmt.Errorf("no queue %q", name)
	}
	m := &message{id: newID(), body: body, sent: s.now()}
	q.msgs = append(q.msgs, m)
	return m.id, nil
}

// PutParameter stores a parameter (type String, StringList or SecureString), as
// `aws ssm put-parameter --overwrite` would.
func (s *Service) PutParameter(name, typ, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	p := s.params[name]
	if p == nil {
		p = &parameter{name: name}
		s.params[name] = p
	}
	p.typ, p.value, p.modified = typ, value, s.now()
	p.version++
}

// ServeHTTP dispatches by protocol: X-Amz-Target for SQS and SSM, the path for Lambda.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.init()
	s.mu.Unlock()
	if strings.HasPrefix(r.URL.Path, "/2015-03-31/functions/") {
		s.invoke(w, r)
		return
	}
	target := r.Header.Get("X-Amz-Target")
	svc, op, _ := strings.Cut(target, ".")
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		jsonError(w, "1.0", http.StatusBadRequest, "InvalidRequest", "unreadable body")
		return
	}
	switch svc {
	case "AmazonSQS":
		s.sqs(w, op, body)
	case "AmazonSSM":
		s.ssm(w, op, body)
	default:
		jsonError(w, "1.0", http.StatusBadRequest, "UnknownOperationException", fmt.Sprintf("unknown target %q", target))
	}
}

func jsonError(w http.ResponseWriter, version string, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-"+version)
	w.Header().Set("X-Amzn-ErrorType", code)
	w.Header().Set("x-amzn-query-error", code+";Sender")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
}

func writeJSON(w http.ResponseWriter, version string, v any) {
	w.Header().Set("Content-Type", "application/x-amz-json-"+version)
	_ = json.NewEncoder(w).Encode(v)
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// QueueURL is the URL the SDK is given for a queue.
func (s *Service) QueueURL(name string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + "/" + s.AccountID + "/" + name
}

func (s *Service) queueFor(url string) *queue {
	return s.queues[url[strings.LastIndex(url, "/")+1:]]
}

func (s *Service) sqs(w http.ResponseWriter, op string, body []byte) {
	var in struct {
		QueueName           string
		QueueUrl            string
		MessageBody         string
		ReceiptHandle       string
		MaxNumberOfMessages int
		VisibilityTimeout   *int
		AttributeNames      []string
	}
	if err := json.Unmarshal(body, &in); err != nil {
		jsonError(w, "1.0", http.StatusBadRequest, "com.amazonaws.sqs#InvalidParameterValue", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if op == "ListQueues" {
		var urls []string
		for n := range s.queues {
			urls = append(urls, s.QueueURL(n))
		}
		slices.Sort(urls)
		writeJSON(w, "1.0", map[string]any{"QueueUrls": urls})
		return
	}
	if op == "GetQueueUrl" {
		if s.queues[in.QueueName] == nil {
			jsonError(w, "1.0", http.StatusBadRequest, "com.amazonaws.sqs#QueueDoesNotExist", "The specified queue does not exist.")
			return
		}
		writeJSON(w, "1.0", map[string]string{"QueueUrl": s.QueueURL(in.QueueName)})
		return
	}
	q := s.queueFor(in.QueueUrl)
	if q == nil {
		jsonError(w, "1.0", http.StatusBadRequest, "com.amazonaws.sqs#QueueDoesNotExist", "The specified queue does not exist.")
		return
	}
	now := s.now()
	switch op {
	case "SendMessage":
		m := &message{id: newID(), body: in.MessageBody, sent: now}
		q.msgs = append(q.msgs, m)
		writeJSON(w, "1.0", map[string]string{"MessageId": m.id, "MD5OfMessageBody": md5hex(m.body)})
	case "ReceiveMessage":
		max := min(max(in.MaxNumberOfMessages, 1), 10)
		vis := 30
		if in.VisibilityTimeout != nil {
			vis = *in.VisibilityTimeout
		}
		var out []map[string]any
		for _, m := range q.msgs {
			if len(out) == max {
				break
			}
			if m.visibleAt.After(now) {
				continue
			}
			m.receives++
			m.receipt = newID()
			m.visibleAt = now.Add(time.Duration(vis) * time.Second)
			out = append(out, map[string]any{"MessageId": m.id, "ReceiptHandle": m.receipt, "Body": m.body,
				"MD5OfBody": md5hex(m.body), "Attributes": map[string]string{
					"ApproximateReceiveCount": fmt.Sprint(m.receives), "SentTimestamp": fmt.Sprint(m.sent.UnixMilli())}})
		}
		writeJSON(w, "1.0", map[string]any{"Messages": out})
	case "DeleteMessage", "ChangeMessageVisibility":
		for i, m := range q.msgs {
			if m.receipt != "" && m.receipt == in.ReceiptHandle {
				if op == "DeleteMessage" {
					q.msgs = slices.Delete(q.msgs, i, i+1)
				} else if in.VisibilityTimeout != nil {
					m.visibleAt = now.Add(time.Duration(*in.VisibilityTimeout) * time.Second)
				}
				writeJSON(w, "1.0", map[string]any{})
				return
			}
		}
		jsonError(w, "1.0", http.StatusBadRequest, "com.amazonaws.sqs#ReceiptHandleIsInvalid", "The receipt handle is not valid.")
	case "GetQueueAttributes":
		visible, hidden := 0, 0
		for _, m := range q.msgs {
			if m.visibleAt.After(now) {
				hidden++
			} else {
				visible++
			}
		}
		writeJSON(w, "1.0", map[string]any{"Attributes": map[string]string{
			"ApproximateNumberOfMessages": fmt.Sprint(visible), "ApproximateNumberOfMessagesNotVisible": fmt.Sprint(hidden),
			"QueueArn": "arn:aws:sqs:" + s.Region + ":" + s.AccountID + ":" + q.name}})
	default:
		jsonError(w, "1.0", http.StatusBadRequest, "UnsupportedOperation", "SQS "+op+" is not emulated locally")
	}
}

func (s *Service) ssm(w http.ResponseWriter, op string, body []byte) {
	var in struct {
		Name, Path, Type, Value, NextToken string
		Recursive, Overwrite               bool
		MaxResults                         int
	}
	if err := json.Unmarshal(body, &in); err != nil {
		jsonError(w, "1.1", http.StatusBadRequest, "ValidationException", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	view := func(p *parameter) map[string]any {
		return map[string]any{"Name": p.name, "Type": p.typ, "Value": p.value, "Version": p.version,
			"LastModifiedDate": float64(p.modified.UnixMilli()) / 1000,
			"ARN":              "arn:aws:ssm:" + s.Region + ":" + s.AccountID + ":parameter" + p.name}
	}
	switch op {
	case "PutParameter":
		p := s.params[in.Name]
		if p != nil && !in.Overwrite {
			jsonError(w, "1.1", http.StatusBadRequest, "ParameterAlreadyExists", "The parameter already exists.")
			return
		}
		s.mu.Unlock()
		s.PutParameter(in.Name, in.Type, in.Value)
		s.mu.Lock()
		writeJSON(w, "1.1", map[string]any{"Version": s.params[in.Name].version, "Tier": "Standard"})
	case "GetParameter":
		p := s.params[in.Name]
		if p == nil {
			jsonError(w, "1.1", http.StatusBadRequest, "ParameterNotFound", "")
			return
		}
		writeJSON(w, "1.1", map[string]any{"Parameter": view(p)})
	case "GetParametersByPath":
		prefix := strings.TrimSuffix(in.Path, "/") + "/"
		var names []string
		for n := range s.params {
			rest, ok := strings.CutPrefix(n, prefix)
			if ok && (in.Recursive || !strings.Contains(rest, "/")) {
				names = append(names, n)
			}
		}
		slices.Sort(names)
		// Pages of ten, as SSM's default, so that callers must follow NextToken.
		start := 0
		if in.NextToken != "" {
			start = slices.Index(names, in.NextToken)
			if start < 0 {
				jsonError(w, "1.1", http.StatusBadRequest, "InvalidNextToken", "")
				return
			}
		}
		end := min(start+10, len(names))
		var ps []map[string]any
		for _, n := range names[start:end] {
			ps = append(ps, view(s.params[n]))
		}
		out := map[string]any{"Parameters": ps}
		if end < len(names) {
			out["NextToken"] = names[end]
		}
		writeJSON(w, "1.1", out)
	default:
		jsonError(w, "1.1", http.StatusBadRequest, "UnsupportedOperation", "SSM "+op+" is not emulated locally")
	}
}

// invoke serves Lambda's Invoke: POST /2015-03-31/functions/{name or ARN}/invocations.
func (s *Service) invoke(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/2015-03-31/functions/")
	name, ok := strings.CutSuffix(rest, "/invocations")
	if !ok || r.Method != http.MethodPost {
		lambdaError(w, http.StatusNotFound, "ResourceNotFoundException", "no such Lambda operation")
		return
	}
	// A function ARN (arn:aws:lambda:region:account:function:Name[:qualifier]) or a name.
	if i := strings.Index(name, ":function:"); i >= 0 {
		name = name[i+len(":function:"):]
	}
	name, _, _ = strings.Cut(name, ":")
	payload, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 6<<20))
	if err != nil {
		lambdaError(w, http.StatusRequestEntityTooLarge, "RequestTooLargeException", "payload over 6 MB")
		return
	}
	if len(payload) == 0 {
		payload = []byte("{}")
	}
	switch r.Header.Get("X-Amz-Invocation-Type") {
	case "Event":
		if s.Async != nil {
			s.Async(name, payload)
		} else {
			go func() { _, _, _ = s.Invoke(context.Background(), name, payload) }()
		}
		w.WriteHeader(http.StatusAccepted)
		return
	case "DryRun":
		w.WriteHeader(http.StatusNoContent)
		return
	}
	resp, fnErr, err := s.Invoke(r.Context(), name, payload)
	if err != nil {
		lambdaError(w, http.StatusNotFound, "ResourceNotFoundException", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amz-Executed-Version", "$LATEST")
	if fnErr != "" {
		w.Header().Set("X-Amz-Function-Error", fnErr)
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(resp)
}

func lambdaError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"Type": "User", "message": msg})
}
