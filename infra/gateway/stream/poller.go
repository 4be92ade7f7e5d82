// Package stream polls a DynamoDB table's stream and drives a Lambda-like
// function with batches of records, the way a Lambda event source mapping
// does: per-shard order, FilterCriteria, BatchSize, ReportBatchItemFailures
// and bounded retries.
package stream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// Deliver invokes the function with one batch. A non-nil error fails the
// whole batch; BatchItemFailures (itemIdentifier = the record's
// SequenceNumber) fail the batch from the earliest listed record on.
type Deliver func(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error)

const (
	defaultBatchSize    = 100 // Lambda's default for DynamoDB streams
	maxBatchSize        = 10000
	defaultPollInterval = 200 * time.Millisecond
	defaultMaxRetries   = 10 // the Notify mapping's MaximumRetryAttempts
	defaultRetryBackoff = 200 * time.Millisecond
	maxRetryBackoff     = 5 * time.Second
	getRecordsLimit     = 1000 // the GetRecords maximum
)

// Starting positions, as in the template's StartingPosition.
const (
	TrimHorizon = "TRIM_HORIZON"
	Latest      = "LATEST"
)

// Poller follows every shard of a table's latest stream and hands records
// to Deliver. Configure the fields, then call Run once; a Poller must not be
// copied after Run starts.
type Poller struct {
	Streams *dynamodbstreams.Client
	DDB     *dynamodb.Client
	Table   string

	// BatchSize caps records per invocation (default 100, max 10000). A
	// batch never spans two GetRecords pages, so in practice it is at most
	// 1000; Lambda would also wait up to MaximumBatchingWindow to fill it.
	BatchSize int
	// Filters are FilterCriteria Pattern JSON strings; see Matcher.
	Filters []string
	// StartingPosition is TRIM_HORIZON or LATEST; empty means TRIM_HORIZON
	// so that a gateway started after the first writes loses nothing.
	StartingPosition string

	Deliver Deliver
	// OnFailure, when set, receives each record skipped after its retries, as Lambda
	// sends the batch's coordinates to the mapping's on-failure destination.
	OnFailure func(ctx context.Context, f Failure)
	Log       *slog.Logger
	// PollInterval is the pause after a poll that returned no records
	// (default 200ms).
	PollInterval time.Duration

	// MaxRetryAttempts is how many times a failing record is retried before
	// it is logged and skipped, as an on-failure destination would receive
	// it. 0 means the default (10, as the Notify mapping); negative means
	// no retries.
	MaxRetryAttempts int
	// RetryBackoff is the first retry delay, doubled per attempt and capped
	// at 5s (default 200ms).
	RetryBackoff time.Duration

	stats struct {
		records, filtered, batches, retries, dropped atomic.Int64
	}
}

// Failure describes records skipped after their retries, in the shape of the
// DDBStreamBatchInfo of Lambda's on-failure records: where they are in the stream, so an
// operator can read them again while the stream keeps them (24 hours).
type Failure struct {
	StreamARN           string
	ShardID             string
	StartSequenceNumber string
	EndSequenceNumber   string
	FirstArrival        time.Time
	LastArrival         time.Time
	BatchSize           int
	Attempts            int
}

// Stats counts what a Poller did; Dropped is the number of records skipped
// after their retries were exhausted (or that could not be converted), the
// local stand-in for an on-failure destination.
type Stats struct {
	Records  int64 // records read from the stream
	Filtered int64 // records skipped because no filter pattern matched
	Batches  int64 // successful invocations
	Retries  int64 // failed invocations that were retried
	Dropped  int64
}

// Stats returns a snapshot of the counters; safe to call while Run runs.
func (p *Poller) Stats() Stats {
	return Stats{
		Records:  p.stats.records.Load(),
		Filtered: p.stats.filtered.Load(),
		Batches:  p.stats.batches.Load(),
		Retries:  p.stats.retries.Load(),
		Dropped:  p.stats.dropped.Load(),
	}
}

type shardState struct {
	id, parent string
	start      types.ShardIteratorType
	iter       *string // nil: obtain one (again) before reading
	lastSeq    string  // checkpoint: last record handled
	done       bool    // closed and fully read, or skipped
}

type runner struct {
	p          *Poller
	log        *slog.Logger
	match      Matcher
	streamARN  string
	region     string
	batchSize  int
	interval   time.Duration
	maxRetries int
	backoff    time.Duration
	latest     bool

	shards map[string]*shardState
	order  []*shardState // discovery order: parents are listed before children
}

// Run polls until ctx is done and then returns nil. It returns an error only
// when it cannot start: invalid configuration or filters, or a table that
// cannot be described or has no stream. Errors while polling are logged and
// retried, because a local gateway should survive a DynamoDB Local restart.
func (p *Poller) Run(ctx context.Context) error {
	r, err := p.newRunner()
	if err != nil {
		return fmt.Errorf("stream poller for table %q: %w", p.Table, err)
	}
	out, err := p.DDB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(p.Table)})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("stream poller for table %q: describe table: %w", p.Table, err)
	}
	r.streamARN = aws.ToString(out.Table.LatestStreamArn)
	if r.streamARN == "" {
		return fmt.Errorf("stream poller for table %q: the table has no stream (set StreamSpecification)", p.Table)
	}
	r.log = r.log.With("table", p.Table)
	r.log.Info("stream poller started", "stream", r.streamARN, "startingPosition", map[bool]string{true: Latest, false: TrimHorizon}[r.latest],
		"batchSize", r.batchSize, "filters", len(p.Filters))
	r.loop(ctx)
	return nil
}

func (p *Poller) newRunner() (*runner, error) {
	if p.Streams == nil || p.DDB == nil || p.Deliver == nil || p.Table == "" {
		return nil, errors.New("Streams, DDB, Table and Deliver must be set")
	}
	m, err := ParseFilters(p.Filters)
	if err != nil {
		return nil, err
	}
	r := &runner{
		p:          p,
		log:        p.Log,
		match:      m,
		region:     p.Streams.Options().Region,
		batchSize:  p.BatchSize,
		interval:   p.PollInterval,
		maxRetries: p.MaxRetryAttempts,
		backoff:    p.RetryBackoff,
		shards:     map[string]*shardState{},
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	switch {
	case r.batchSize == 0:
		r.batchSize = defaultBatchSize
	case r.batchSize < 0 || r.batchSize > maxBatchSize:
		return nil, fmt.Errorf("BatchSize %d is outside 1-%d", p.BatchSize, maxBatchSize)
	}
	if r.interval <= 0 {
		r.interval = defaultPollInterval
	}
	switch {
	case r.maxRetries == 0:
		r.maxRetries = defaultMaxRetries
	case r.maxRetries < 0:
		r.maxRetries = 0
	}
	if r.backoff <= 0 {
		r.backoff = defaultRetryBackoff
	}
	switch p.StartingPosition {
	case "", TrimHorizon:
	case Latest:
		r.latest = true
	default:
		return nil, fmt.Errorf("StartingPosition %q must be TRIM_HORIZON or LATEST", p.StartingPosition)
	}
	return r, nil
}

func (r *runner) loop(ctx context.Context) {
	initial := true
	failures := 0
	var lastDiscover time.Time
	for ctx.Err() == nil {
		// DynamoDB Local closes shards and opens child shards over time;
		// rediscovering at the poll cadence picks the children up.
		if initial || time.Since(lastDiscover) >= r.interval {
			if err := r.discover(ctx, initial); err != nil {
				if ctx.Err() != nil {
					return
				}
				failures++
				if failures == 1 || failures%10 == 0 { // an outage should not flood the log
					r.log.Warn("describe stream failed; retrying", "err", err, "failures", failures)
				}
				var gone *types.ResourceNotFoundException
				if errors.As(err, &gone) || errors.Is(err, errStreamEnded) {
					r.followNewStream(ctx)
				}
				// Back off so a stopped DynamoDB Local is not hammered.
				sleep(ctx, backoff(r.interval, failures))
				continue
			}
			initial, lastDiscover, failures = false, time.Now(), 0
		}
		read := 0
		for _, s := range r.order {
			if s.done || !r.parentDone(s) {
				continue
			}
			n, err := r.pollShard(ctx, s)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				r.log.Warn("reading shard failed; retrying", "shard", s.id, "err", err)
			}
			read += n
		}
		if read == 0 {
			sleep(ctx, r.interval)
		}
	}
}

// followNewStream switches to the table's current stream after the old one
// disappeared (the table was recreated, or DynamoDB Local restarted). The
// new stream is read from its beginning: all of it was written after the
// old one ended.
func (r *runner) followNewStream(ctx context.Context) {
	out, err := r.p.DDB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(r.p.Table)})
	if err != nil {
		r.log.Warn("describe table failed while looking for a new stream", "err", err)
		return
	}
	arn := aws.ToString(out.Table.LatestStreamArn)
	if arn == "" || arn == r.streamARN {
		return
	}
	r.log.Info("table has a new stream; following it", "old", r.streamARN, "new", arn)
	r.streamARN, r.latest = arn, false
	r.shards, r.order = map[string]*shardState{}, nil
}

// errStreamEnded reports a disabled stream whose records were all read.
var errStreamEnded = errors.New("the stream is disabled and fully read (table deleted or stream turned off)")

func (r *runner) allDone() bool {
	for _, s := range r.order {
		if !s.done {
			return false
		}
	}
	return true
}

// parentDone keeps per-key order across a shard split: a child shard is read
// only after its parent is drained (or the parent is no longer listed).
func (r *runner) parentDone(s *shardState) bool {
	if s.parent == "" {
		return true
	}
	parent, ok := r.shards[s.parent]
	return !ok || parent.done
}

func (r *runner) discover(ctx context.Context, initial bool) error {
	var start *string
	for {
		out, err := r.p.Streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{
			StreamArn:             aws.String(r.streamARN),
			ExclusiveStartShardId: start,
		})
		if err != nil {
			return fmt.Errorf("describe stream: %w", err)
		}
		if out.StreamDescription == nil {
			return nil
		}
		for _, sh := range out.StreamDescription.Shards {
			id := aws.ToString(sh.ShardId)
			if _, known := r.shards[id]; known || id == "" {
				continue
			}
			s := &shardState{id: id, parent: aws.ToString(sh.ParentShardId), start: types.ShardIteratorTypeTrimHorizon}
			// LATEST applies to the shards open when the poller starts; closed
			// ones hold only history, and shards that appear later are read
			// from their beginning so nothing written after start is missed.
			if initial && r.latest {
				closed := sh.SequenceNumberRange != nil && sh.SequenceNumberRange.EndingSequenceNumber != nil
				if closed {
					s.done = true
				} else {
					s.start = types.ShardIteratorTypeLatest
				}
			}
			r.shards[id] = s
			r.order = append(r.order, s)
			r.log.Debug("shard discovered", "shard", id, "parent", s.parent, "start", s.start, "skipped", s.done)
		}
		start = out.StreamDescription.LastEvaluatedShardId
		if start == nil {
			st := out.StreamDescription.StreamStatus
			if (st == types.StreamStatusDisabled || st == types.StreamStatusDisabling) && r.allDone() {
				return errStreamEnded
			}
			return nil
		}
	}
}

// pollShard reads one page of a shard and delivers it. It returns the number
// of records read.
func (r *runner) pollShard(ctx context.Context, s *shardState) (int, error) {
	if s.iter == nil {
		in := &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(r.streamARN), ShardId: aws.String(s.id)}
		if s.lastSeq != "" {
			in.ShardIteratorType, in.SequenceNumber = types.ShardIteratorTypeAfterSequenceNumber, aws.String(s.lastSeq)
		} else {
			in.ShardIteratorType = s.start
		}
		out, err := r.p.Streams.GetShardIterator(ctx, in)
		if err != nil {
			return 0, r.shardError(s, fmt.Errorf("get shard iterator: %w", err))
		}
		s.iter = out.ShardIterator
		if s.iter == nil {
			s.done = true
			return 0, nil
		}
	}
	out, err := r.p.Streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: s.iter, Limit: aws.Int32(getRecordsLimit)})
	if err != nil {
		return 0, r.shardError(s, fmt.Errorf("get records: %w", err))
	}
	r.p.stats.records.Add(int64(len(out.Records)))

	batch := make([]events.DynamoDBEventRecord, 0, len(out.Records))
	for _, rec := range out.Records {
		ev, err := convertRecord(rec, r.streamARN, r.region)
		if err != nil {
			r.p.stats.dropped.Add(1)
			r.log.Error("skipping a record that cannot be converted", "shard", s.id, "err", err)
			continue
		}
		ok, err := r.match.MatchRecord(ev)
		if err != nil {
			r.log.Error("skipping a record that cannot be filtered", "shard", s.id, "err", err)
		}
		if !ok {
			r.p.stats.filtered.Add(1)
			continue
		}
		batch = append(batch, ev)
	}
	for len(batch) > 0 {
		n := min(len(batch), r.batchSize)
		if err := r.deliver(ctx, s.id, batch[:n]); err != nil {
			return len(out.Records), err // ctx done
		}
		batch = batch[n:]
	}

	if n := len(out.Records); n > 0 && out.Records[n-1].Dynamodb != nil {
		s.lastSeq = aws.ToString(out.Records[n-1].Dynamodb.SequenceNumber)
	}
	s.iter = out.NextShardIterator
	if s.iter == nil {
		s.done = true
		r.log.Debug("shard drained", "shard", s.id)
	}
	return len(out.Records), nil
}

// shardError recovers from the iterator errors that are part of normal
// operation and passes the rest on.
func (r *runner) shardError(s *shardState, err error) error {
	var expired *types.ExpiredIteratorException
	var trimmed *types.TrimmedDataAccessException
	var gone *types.ResourceNotFoundException
	switch {
	case errors.As(err, &expired):
		// Iterators live 15 minutes; a fresh one continues after lastSeq.
		s.iter = nil
		return nil
	case errors.As(err, &trimmed):
		r.log.Warn("records were trimmed before they were read; continuing from the oldest available", "shard", s.id, "err", err)
		s.iter, s.lastSeq, s.start = nil, "", types.ShardIteratorTypeTrimHorizon
		return nil
	case errors.As(err, &gone):
		r.log.Warn("shard no longer exists; dropping it", "shard", s.id, "err", err)
		s.done = true
		return nil
	}
	s.iter = nil
	return err
}

// deliver invokes the function with batch until every record is handled:
// delivered, or skipped after its retries ran out. It returns an error only
// when ctx is done.
func (r *runner) deliver(ctx context.Context, shard string, batch []events.DynamoDBEventRecord) error {
	attempts := 0 // failed attempts of the current first record
	for len(batch) > 0 {
		resp, err := r.p.Deliver(ctx, events.DynamoDBEvent{Records: batch})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		failedAt := 0
		switch {
		case err != nil:
			r.log.Warn("function failed; retrying the batch", "shard", shard, "records", len(batch), "err", err)
		case len(resp.BatchItemFailures) == 0:
			r.p.stats.batches.Add(1)
			return nil
		default:
			failedAt = earliestFailure(batch, resp.BatchItemFailures)
			r.log.Warn("function reported batch item failures; retrying from the first one", "shard", shard,
				"records", len(batch), "failedAt", batch[failedAt].Change.SequenceNumber)
		}
		if failedAt > 0 {
			// The records before the failure count as processed, like the
			// checkpoint Lambda keeps, so they are never delivered again.
			batch, attempts = batch[failedAt:], 0
		}
		attempts++
		if attempts > r.maxRetries {
			r.p.stats.dropped.Add(1)
			r.log.Error("retries exhausted; skipping the record (on-failure destination)", "shard", shard,
				"sequenceNumber", batch[0].Change.SequenceNumber, "eventID", batch[0].EventID,
				"eventName", batch[0].EventName, "attempts", attempts, "dropped", r.p.stats.dropped.Load())
			if r.p.OnFailure != nil {
				rec := batch[0]
				at := rec.Change.ApproximateCreationDateTime.Time
				r.p.OnFailure(ctx, Failure{StreamARN: r.streamARN, ShardID: shard, StartSequenceNumber: rec.Change.SequenceNumber,
					EndSequenceNumber: rec.Change.SequenceNumber, FirstArrival: at, LastArrival: at, BatchSize: 1, Attempts: attempts})
			}
			batch, attempts = batch[1:], 0
			continue
		}
		r.p.stats.retries.Add(1)
		if !sleep(ctx, backoff(r.backoff, attempts)) {
			return ctx.Err()
		}
	}
	return nil
}

// earliestFailure returns the index of the earliest reported failure. An
// identifier that matches no record in the batch fails the whole batch, as
// Lambda treats an invalid itemIdentifier.
func earliestFailure(batch []events.DynamoDBEventRecord, failures []events.DynamoDBBatchItemFailure) int {
	index := make(map[string]int, len(batch))
	for i, rec := range batch {
		index[rec.Change.SequenceNumber] = i
	}
	earliest := len(batch)
	for _, f := range failures {
		i, ok := index[f.ItemIdentifier]
		if !ok {
			return 0
		}
		earliest = min(earliest, i)
	}
	return earliest
}

func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < maxRetryBackoff; i++ {
		d *= 2
	}
	return min(d, maxRetryBackoff)
}

// sleep waits for d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
