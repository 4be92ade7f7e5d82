package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/ictgov/ictgov/shared/dynamo"
	"github.com/ictgov/ictgov/shared/notify"
)

// store is what delivery needs from the registry; *dynamo.Store satisfies it.
type store interface {
	DeliverInbox(ctx context.Context, n notify.Notice) error
	ClaimMail(ctx context.Context, noticeID string, now time.Time, lease time.Duration) (bool, error)
	MarkMailed(ctx context.Context, noticeID string, now time.Time) error
	ReleaseMail(ctx context.Context, noticeID string) error
	FailMail(ctx context.Context, noticeID string, now time.Time, reason string) error
}

type handler struct {
	store      store
	sender     notify.Sender
	recipients func(context.Context) (notify.Recipients, error)
	from       string
	backoff    notify.Backoff
	titles     notify.Titles
	now        func() time.Time
	log        *slog.Logger
}

const (
	// reserve is kept back from the invocation's deadline so that a claim can still be
	// released and the response returned after the last send attempt gives up.
	reserve = 3 * time.Second
	// leaseMargin is added to the invocation's remaining time: a claim outlives its
	// claimant, so it is only ever taken over from an invocation that has ended.
	leaseMargin  = 30 * time.Second
	defaultLease = 2 * time.Minute
)

// handle delivers the notices of each trail entry the batch inserts (a change's event is
// its outbox): the inbox entries, then the e-mail, once.
// Records that failed are reported so the stream retries those (ReportBatchItemFailures);
// everything is idempotent, so records the stream repeats are harmless.
func (h *handler) handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	resp := events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{}}
	for _, r := range ev.Records {
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < 2*reserve {
			// Too little time to do the record justice; the stream brings it back.
			h.log.WarnContext(ctx, "out of time; record left for the retry", "sequence", r.Change.SequenceNumber)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: r.Change.SequenceNumber})
			continue
		}
		if err := h.record(ctx, r); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: r.Change.SequenceNumber})
		}
	}
	return resp, nil
}

// record handles one stream record and logs its outcome; the error only tells handle to
// report the record as failed.
func (h *handler) record(ctx context.Context, r events.DynamoDBEventRecord) error {
	if r.EventName != "INSERT" || !eventKey(r.Change.Keys) {
		// The template's filter passes only inserted trail entries that carry notices;
		// anything else (a local run without filters) is not ours to deliver.
		h.log.DebugContext(ctx, "skipped record", "event", r.EventName, "sequence", r.Change.SequenceNumber)
		return nil
	}
	ns, err := dynamo.NoticesFromImage(r.Change.NewImage)
	if err != nil {
		// A malformed entry will not improve on retry; failing it sends it to the
		// dead-letter queue after the retries, where operators see it.
		h.log.ErrorContext(ctx, "undecodable trail entry", "sequence", r.Change.SequenceNumber, "error", err)
		return err
	}
	var failed []error
	for _, n := range ns {
		if err := h.deliver(ctx, n); err != nil {
			failed = append(failed, err)
		}
	}
	return errors.Join(failed...)
}

// deliver writes one notice's inbox entries and sends its e-mail once.
func (h *handler) deliver(ctx context.Context, n notify.Notice) error {
	log := h.log.With("noticeId", n.ID, "applicationId", n.ApplicationID, "type", n.Type)
	if err := h.store.DeliverInbox(ctx, n); err != nil {
		log.ErrorContext(ctx, "inbox delivery failed", "error", err)
		return err
	}
	cfg, err := h.recipients(ctx)
	if err != nil {
		log.ErrorContext(ctx, "recipients unavailable; record left for the retry", "error", err)
		return err
	}
	addrs := notify.Addresses(cfg, n.To)
	if len(addrs) == 0 {
		log.InfoContext(ctx, "delivered to inbox; no e-mail configured", "inboxes", len(n.To))
		return nil
	}
	return h.mail(ctx, log, n, addrs)
}

// mail sends the notice's e-mail at most once across invocations: claim, send, settle.
func (h *handler) mail(ctx context.Context, log *slog.Logger, n notify.Notice, addrs []string) error {
	msg, err := notify.Render(n, h.from, addrs, h.titles)
	if err != nil {
		log.ErrorContext(ctx, "cannot render e-mail", "error", err)
		return err
	}
	claimed, err := h.store.ClaimMail(ctx, n.ID, h.now(), lease(ctx))
	switch {
	case errors.Is(err, dynamo.ErrMailLeased):
		log.InfoContext(ctx, "e-mail claimed by another invocation; retry later", "error", err)
		return err
	case err != nil:
		log.ErrorContext(ctx, "cannot claim e-mail", "error", err)
		return err
	case !claimed:
		log.InfoContext(ctx, "e-mail already sent; repeated record ignored")
		return nil
	}
	sendCtx, cancel := ctx, context.CancelFunc(func() {})
	if dl, ok := ctx.Deadline(); ok {
		sendCtx, cancel = context.WithDeadline(ctx, dl.Add(-reserve))
	}
	err = h.backoff.Do(sendCtx, func(ctx context.Context) error { return h.sender.Send(ctx, msg) })
	cancel()
	switch {
	case err == nil:
		if err := h.store.MarkMailed(ctx, n.ID, h.now()); err != nil {
			// The e-mail went out. Failing the record would risk a second one once the
			// lease expires; the outbox merely keeps a stale state.
			log.WarnContext(ctx, "e-mail sent but not recorded as sent", "error", err)
		}
		log.InfoContext(ctx, "delivered", "inboxes", len(n.To), "mailRecipients", len(addrs))
		return nil
	case notify.IsPermanent(err):
		log.ErrorContext(ctx, "e-mail cannot be sent; recorded as failed", "error", err)
		if ferr := h.store.FailMail(ctx, n.ID, h.now(), reason(err)); ferr != nil {
			log.WarnContext(ctx, "cannot record the e-mail as failed", "error", ferr)
		}
		// Retrying cannot help and would hold up the shard; the inbox has the notice.
		return nil
	default:
		log.WarnContext(ctx, "e-mail not sent; released for the stream's retry", "error", err)
		if rerr := h.store.ReleaseMail(ctx, n.ID); rerr != nil {
			// The lease expires on its own; a later retry reclaims it then.
			log.WarnContext(ctx, "cannot release the e-mail claim", "error", rerr)
		}
		return fmt.Errorf("send e-mail of %s: %w", n.ID, err)
	}
}

// lease is how long a claim holds: longer than this invocation can still run.
func lease(ctx context.Context) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		return time.Until(dl) + leaseMargin
	}
	return defaultLease
}

func reason(err error) string {
	s := err.Error()
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}

func eventKey(keys map[string]events.DynamoDBAttributeValue) bool {
	sk, ok := keys["SK"]
	return ok && sk.DataType() == events.DataTypeString && strings.HasPrefix(sk.String(), "EVT#")
}
