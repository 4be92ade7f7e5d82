package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/ictgov/ictgov/shared/notify"
)

// parameterAPI is the part of the SSM client the recipients source uses.
type parameterAPI interface {
	GetParametersByPath(context.Context, *ssm.GetParametersByPathInput, ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error)
}

// recipientSource reads who gets e-mail from the parameter store (one parameter per inbox
// under path) and keeps it for ttl, so that an operator's change reaches warm instances
// within minutes, without a deploy.
type recipientSource struct {
	api  parameterAPI
	path string
	ttl  time.Duration
	now  func() time.Time
	log  *slog.Logger

	mu  sync.Mutex
	cur notify.Recipients
	at  time.Time
}

// Get returns the configuration, reloading it once ttl has passed. A failed reload keeps
// the last good configuration (and says so); only a source that never loaded fails.
func (s *recipientSource) Get(ctx context.Context) (notify.Recipients, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil && s.now().Sub(s.at) < s.ttl {
		return s.cur, nil
	}
	r, err := s.load(ctx)
	switch {
	case err == nil:
		s.cur, s.at = r, s.now()
		return r, nil
	case s.cur != nil:
		s.log.WarnContext(ctx, "recipients not reloaded; the last configuration stays", "path", s.path, "error", err)
		s.at = s.now()
		return s.cur, nil
	}
	return nil, err
}

func (s *recipientSource) load(ctx context.Context) (notify.Recipients, error) {
	params := map[string]string{}
	in := &ssm.GetParametersByPathInput{Path: aws.String(s.path), Recursive: aws.Bool(true), WithDecryption: aws.Bool(true)}
	for {
		out, err := s.api.GetParametersByPath(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("read recipients under %s: %w", s.path, err)
		}
		for _, p := range out.Parameters {
			params[aws.ToString(p.Name)] = aws.ToString(p.Value)
		}
		if out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	return notify.RecipientsFromParameters(s.path, params)
}
