package dynamo

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ictgov/ictgov/shared/actionplan"
	"github.com/ictgov/ictgov/shared/audit"
	"github.com/ictgov/ictgov/shared/clock"
	"github.com/ictgov/ictgov/shared/consolidation"
	"github.com/ictgov/ictgov/shared/fault"
	"github.com/ictgov/ictgov/shared/monitoring"
	"github.com/ictgov/ictgov/shared/notify"
	"github.com/ictgov/ictgov/shared/registry"
)

// The sweep (architecture principle 4; contract, "Deadlines") fires what is due in the
// sparse Due index: a clock is claimed by a conditional rewrite of its own item, in the
// same transaction as its notices, so however many sweeps run, each firing happens once.
// A watermark (SWEEP#deadline / #META, attribute From) remembers the earliest UTC day
// bucket that may still hold an unfired clock, so a sweep reads only the buckets from
// there to today, and in each only the clocks already due.

const (
	sweepPK   = "SWEEP#deadline"
	bucketDay = "2006-01-02"

	// DefaultFirstRunDays is how far back the first sweep of a table (no watermark yet)
	// reads: a firing is written at most a little before it is due, so a month covers
	// any table that ran without a sweep for a while.
	DefaultFirstRunDays = 31
	// DefaultSweepConcurrency is how many clocks are fired at once: enough to hide the
	// latency of one transaction without bursting the table's write capacity.
	DefaultSweepConcurrency = 4
	// maxBucketsPerRun bounds one run after a long outage; the watermark then stops at
	// the first bucket not read and the next run carries on from there.
	maxBucketsPerRun = 400
	// conflictRetries is how often a firing is retried when DynamoDB cancels it for a
	// transaction in flight on the same item, whose outcome is not known yet.
	conflictRetries = 4
	// maxReportedErrors caps the failures joined into the returned error; the count is
	// in SweepStats.Failed.
	maxReportedErrors = 10
)

// SweepOptions tunes a sweep; the zero value is what the scheduled function uses.
type SweepOptions struct {
	// From, when set, is the first UTC day read instead of the watermark: a backfill or
	// an auditor's replay. It never moves the watermark backwards.
	From time.Time
	// FirstRunDays is how many days before now's bucket a sweep reads when the table
	// has no watermark yet (default DefaultFirstRunDays).
	FirstRunDays int
	// Concurrency is how many clocks are fired at once (default DefaultSweepConcurrency).
	Concurrency int
	// WallClock is the real time (default time.Now): the watermark never passes its day.
	WallClock func() time.Time
}

// SweepStats is what one sweep did; the function logs it.
type SweepStats struct {
	Now         time.Time `json:"now"`
	From        string    `json:"from"`      // the first UTC day bucket read
	To          string    `json:"to"`        // the last UTC day bucket read
	Watermark   string    `json:"watermark"` // the watermark after the sweep
	Buckets     int       `json:"buckets"`   // day buckets queried
	ItemsRead   int       `json:"itemsRead"` // items the due-index queries returned, both partitions
	Fired       int       `json:"fired"`     // firings written by this sweep
	Reminders   int       `json:"reminders"`
	Overdue     int       `json:"overdue"`
	TermsEnded  int       `json:"termsEnded"`
	Lost        int       `json:"lost"`        // firings made first by another sweep, or stopped by the engine
	Rescheduled int       `json:"rescheduled"` // unscheduled clocks that got a due date
	Unscheduled int       `json:"unscheduled"` // clocks still unscheduled (admin told, once a day)
	Skipped     int       `json:"skipped"`     // indexed clocks with nothing to fire (not running)
	Failed      int       `json:"failed"`      // firings that failed; their bucket is read again next time
}

// Sweep fires every clock due at now: reminders, overdue markings and ended terms, each
// once, and retries the unscheduled clocks. now is the scheduled time of the run, not the
// wall clock, so a late or repeated delivery judges deadlines as of the moment it was
// meant for. A firing that fails does not stop the others: the sweep returns the stats
// with the failures joined, and keeps the watermark at the first bucket that failed.
func (st *Store) Sweep(ctx context.Context, now time.Time, opt SweepOptions) (SweepStats, error) {
	now = now.UTC()
	sw := &sweep{st: st, now: now, stats: SweepStats{Now: now}}
	if opt.Concurrency <= 0 {
		opt.Concurrency = DefaultSweepConcurrency
	}
	if opt.FirstRunDays <= 0 {
		opt.FirstRunDays = DefaultFirstRunDays
	}
	sw.conc = opt.Concurrency

	mark, found, err := st.watermark(ctx)
	if err != nil {
		return sw.stats, err
	}
	// The watermark never passes the real today: a change writes its firings in buckets
	// from the real today on, so a sweep run as of a later moment (a rehearsal, or
	// /dev/schedules with a time) must leave those days to be read again. A watermark
	// already past it (written before this rule) is not trusted: the sweep reads as a
	// first run does, and sets it right.
	wall := time.Now
	if opt.WallClock != nil {
		wall = opt.WallClock
	}
	realToday := day(wall())
	ahead := found && mark.After(realToday)
	today := day(now)
	start := today.AddDate(0, 0, -opt.FirstRunDays)
	if found && !ahead {
		start = mark
	}
	if !opt.From.IsZero() {
		start = day(opt.From)
	}
	// A clock rewritten by this sweep never goes into a bucket the watermark has passed
	// (or will pass), whatever moment its next firing has: it would never be read again.
	sw.floor = dueBucket(now)
	if found && !ahead && dueBucket(mark) > sw.floor {
		sw.floor = dueBucket(mark)
	}

	// The unscheduled partition goes first: a clock that gets a due date already past
	// is put in today's bucket and fires in this same run.
	sw.unscheduled(ctx)

	end := today
	if last := start.AddDate(0, 0, maxBucketsPerRun-1); last.Before(end) {
		end = last
	}
	next := end.AddDate(0, 0, 1) // every bucket read was drained
	if end.Equal(today) {
		next = today // today's bucket still holds what is due later today
	}
	var failedAt *time.Time
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		if ctx.Err() != nil {
			sw.fail(classify("sweep", ctx.Err()))
			if failedAt == nil {
				failedAt = &d
			}
			break
		}
		before := sw.stats.Failed
		sw.bucket(ctx, d)
		if sw.stats.Failed > before && failedAt == nil {
			t := d
			failedAt = &t
		}
	}
	if failedAt != nil {
		next = *failedAt
	}
	sw.stats.From, sw.stats.To = start.Format(bucketDay), end.Format(bucketDay)
	if start.After(end) {
		sw.stats.To = ""
	}
	if next.After(realToday) {
		next = realToday
	}
	sw.stats.Watermark = next.Format(bucketDay)
	// Only a run that read every bucket from the watermark on may move it: a backfill
	// that starts later has not looked at the buckets in between.
	if found && !ahead && (!next.After(mark) || start.After(mark)) {
		sw.stats.Watermark = mark.Format(bucketDay)
	} else if err := st.advanceWatermark(ctx, mark, found, next, now); err != nil {
		sw.fail(err)
	}
	if len(sw.errs) > 0 {
		return sw.stats, fmt.Errorf("sweep as of %s: %d failures: %w", now.Format(time.RFC3339), sw.stats.Failed, errors.Join(sw.errs...))
	}
	return sw.stats, nil
}

func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// sweep is one run's state; the firings of a page run concurrently and report here.
type sweep struct {
	st    *Store
	now   time.Time
	floor string // the earliest bucket a rewritten clock may go into
	conc  int

	mu    sync.Mutex
	stats SweepStats
	errs  []error
}

func (sw *sweep) fail(err error) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	sw.stats.Failed++
	if len(sw.errs) < maxReportedErrors {
		sw.errs = append(sw.errs, err)
	}
}

func (sw *sweep) count(f func(s *SweepStats)) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	f(&sw.stats)
}

// query reads one partition of the Due index page by page, handing each page's items
// to fn; fn runs the items of a page concurrently.
func (sw *sweep) query(ctx context.Context, in *dynamodb.QueryInput, what string, fn func(context.Context, item)) {
	for {
		out, err := sw.st.db.Query(ctx, in)
		if err != nil {
			sw.fail(classify(what, err))
			return
		}
		sw.count(func(s *SweepStats) { s.ItemsRead += len(out.Items) })
		sem := make(chan struct{}, sw.conc)
		var wg sync.WaitGroup
		for _, m := range out.Items {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				fn(ctx, m)
			})
		}
		wg.Wait()
		if len(out.LastEvaluatedKey) == 0 {
			return
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// bucket fires the clocks of one UTC day that are due at now. The sort key starts with
// the firing moment, so "<= now~" selects exactly the due ones ('~' sorts after the
// "#app#step" suffix).
func (sw *sweep) bucket(ctx context.Context, d time.Time) {
	sw.count(func(s *SweepStats) { s.Buckets++ })
	in := &dynamodb.QueryInput{TableName: &sw.st.tables.Registry, IndexName: aws.String(idxDue),
		KeyConditionExpression: aws.String("DuePK = :b AND DueSK <= :to"),
		ExpressionAttributeValues: item{":b": s(dueBucket(d)),
			":to": s(stamp(sw.now) + "~")}}
	sw.query(ctx, in, "query due clocks "+dueBucket(d), sw.fire)
}

// rewrite is the clock's item as it now is, put in a bucket the sweep will still read.
func (sw *sweep) rewrite(r clock.Ref, c clock.Clock) (item, error) {
	r.Clock = c
	m, err := clockItem(r)
	if err != nil {
		return nil, err
	}
	if pk := str(m, "DuePK"); pk != "" && pk != unscheduledPK && pk < sw.floor {
		m["DuePK"] = s(sw.floor)
	}
	return m, nil
}

// The roles of the items of a firing's transaction, to read its cancellation reasons.
const (
	partClock = iota
	partEvent
	partConsequence
)

// fire claims one due clock: its rewrite is conditioned on the sort key and state it
// was read with, so of two sweeps that read it only one writes, and a clock the engine
// stopped meanwhile (no longer indexed) is not fired at all. The firing's trail entry
// (carrying its notices) and its consequences go in the same transaction.
func (sw *sweep) fire(ctx context.Context, m item) {
	ref, err := decodeClockRef(m)
	if err != nil {
		sw.fail(fmt.Errorf("sweep %s %s: %w", str(m, "PK"), str(m, "SK"), err))
		return
	}
	out, ok := clock.Fire(ref, sw.now)
	if !ok {
		// Only a running clock with a pending firing is indexed; anything else is left
		// for the engine, and does not hold the watermark back.
		sw.count(func(s *SweepStats) { s.Skipped++ })
		return
	}
	ci, err := sw.rewrite(ref, out.Clock)
	if err != nil {
		sw.fail(err)
		return
	}
	w := []types.TransactWriteItem{{Put: &types.Put{TableName: &sw.st.tables.Registry, Item: ci,
		ConditionExpression:      aws.String("DueSK = :sk AND #state = :running"),
		ExpressionAttributeNames: map[string]string{"#state": "state"},
		ExpressionAttributeValues: item{":sk": m["DueSK"],
			":running": s(string(clock.Running))}}}}
	parts := []int{partClock}
	for _, c := range out.Consequences {
		cw, err := sw.st.consequence(c, &out)
		if err != nil {
			sw.fail(err)
			return
		}
		if cw != nil {
			w = append(w, *cw)
			parts = append(parts, partConsequence)
		}
	}
	ev, err := eventItem(ownerPK(ref.Owner), out.Event)
	if err != nil {
		sw.fail(err)
		return
	}
	w = append(w, types.TransactWriteItem{Put: &types.Put{TableName: &sw.st.tables.Registry, Item: ev,
		ConditionExpression: aws.String("attribute_not_exists(PK)")}})
	parts = append(parts, partEvent)
	switch won, err := sw.claim(ctx, ref, w, parts); {
	case err != nil:
		sw.fail(err)
	case !won:
		sw.count(func(s *SweepStats) { s.Lost++ })
	default:
		sw.count(func(s *SweepStats) {
			s.Fired++
			switch out.Firing {
			case clock.FireReminder:
				s.Reminders++
			case clock.FireOverdue:
				s.Overdue++
			case clock.FireTermEnd:
				s.TermsEnded++
			}
		})
	}
}

// consequence is the write that applies a firing's consequence, conditioned so that it
// applies once and only while its owner is still where the clock watched it.
func (st *Store) consequence(c clock.Consequence, out *clock.Outcome) (*types.TransactWriteItem, error) {
	switch {
	case c.Kind == clock.MarkOverdue && c.Target.Kind == clock.OwnerApplication:
		// The application is overdue only while it is still in the step and round: if it
		// moved on, the engine stopped the clock and this firing must not happen.
		if c.While == "" {
			return nil, nil // a deadline of the application, not a step: the clock shows it
		}
		return &types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry,
			Key:                       item{"PK": s(appPK(c.Target.ID)), "SK": s(skMeta)},
			UpdateExpression:          aws.String("SET overdue = :true"),
			ConditionExpression:       aws.String("#status = :step AND (#round = :r OR attribute_not_exists(#round))"),
			ExpressionAttributeNames:  map[string]string{"#status": "status", "#round": "round"},
			ExpressionAttributeValues: item{":true": boolean(true), ":step": s(c.While), ":r": n(c.Round)}}}, nil
	case c.Kind == clock.MarkOverdue && c.Target.Kind == monitoring.OwnerRecommendation:
		// 004 ¶28.2: the recommendation itself turns overdue, once, only while still open.
		return st.markRecommendationOverdue(c), nil
	case c.Source.Kind == consolidation.OwnerDecision || c.Source.Kind == actionplan.OwnerPlan || c.Source.Kind == actionplan.OwnerMeasure:
		return st.latviaConsequence(c, out) // seed 000 and 001: shared/dynamo/latvia_sweep.go
	case c.Kind == clock.MarkOverdue:
		return nil, nil // any other owner shows it on the clock itself
	case c.Kind == clock.Transition && c.Target.Kind == clock.OwnerApplication:
		// A gate moves the application as the system, once, and only from the status the
		// clock watched; the firing's trail entry says so.
		out.Event.From, out.Event.To = c.While, c.Name
		out.Event.Data["gate"] = c.Basis
		return &types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry,
			Key:                      item{"PK": s(appPK(c.Target.ID)), "SK": s(skMeta)},
			UpdateExpression:         aws.String("SET #status = :to, GSI2PK = :gsi, version = version + :one, updatedAt = :now"),
			ConditionExpression:      aws.String("#status = :from AND (#round = :r OR attribute_not_exists(#round))"),
			ExpressionAttributeNames: map[string]string{"#status": "status", "#round": "round"},
			ExpressionAttributeValues: item{":to": s(c.Name), ":gsi": s("STATUS#" + c.Name), ":one": n(1),
				":now": ts(out.Event.At), ":from": s(c.While), ":r": n(c.Round)}}}, nil
	case c.Kind == clock.SetFlag && c.Target.Kind == clock.OwnerObject && c.Name == registry.WarrantyEndedFlag:
		// 003 §16 9): the object's warranty of this round ended; its record says so, once
		// (a superseded warranty's clock was stopped by the change that superseded it).
		out.Event.Data["warranty"] = map[string]any{"round": c.Round, "state": registry.WarrantyEnded}
		return &types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry,
			Key:                       item{"PK": s(objPK(c.Target.ID)), "SK": s(skMeta)},
			UpdateExpression:          aws.String("SET warranty.#state = :ended, version = if_not_exists(version, :zero) + :one"),
			ConditionExpression:       aws.String("warranty.#round = :r AND warranty.#state = :running"),
			ExpressionAttributeNames:  map[string]string{"#state": "state", "#round": "round"},
			ExpressionAttributeValues: item{":ended": s(registry.WarrantyEnded), ":running": s(registry.WarrantyRunning), ":zero": n(0), ":one": n(1), ":r": n(c.Round)}}}, nil
	case c.Kind == clock.SetFlag:
		// A flag on a subject (e.g. 000 §6.2: an organisation under freeze) takes effect at
		// the due moment, whenever the sweep runs; a flag already set stays as it was.
		v, err := marshal(Flag{Since: c.At, Source: c.Source, Basis: c.Basis})
		if err != nil {
			return nil, err
		}
		out.Event.Data["flag"] = map[string]any{"subject": c.Target, "name": c.Name, "since": c.At}
		// The flag is an attribute of the subject's item named for it ("freeze").
		return &types.TransactWriteItem{Update: &types.Update{TableName: &st.tables.Registry,
			Key:                       item{"PK": s(ownerPK(c.Target)), "SK": s(skMeta)},
			UpdateExpression:          aws.String("SET #f = if_not_exists(#f, :v)"),
			ExpressionAttributeNames:  map[string]string{"#f": c.Name},
			ExpressionAttributeValues: item{":v": &types.AttributeValueMemberM{Value: v}}}}, nil
	}
	return nil, fmt.Errorf("the sweep cannot apply %s to a %s", c.Kind, c.Target.Kind)
}

// Flag is a gate's flag on a subject: since when, set by which clock's owner, on what basis.
type Flag struct {
	Since  time.Time   `json:"since"`
	Source clock.Owner `json:"source"`
	Basis  string      `json:"basis"`
}

// claim writes a firing's transaction. It reports won=false when the clock, the
// application or the trail shows the firing was made (or made moot) by someone else. A
// notice already in the outbox was delivered by an earlier write and is dropped; a
// conflict with a transaction in flight is retried, since its outcome decides ours.
func (sw *sweep) claim(ctx context.Context, ref clock.Ref, w []types.TransactWriteItem, parts []int) (won bool, err error) {
	op := fmt.Sprintf("fire clock %s/%s", ref.Owner.ID, ref.Clock.Key())
	for attempt := 0; ; attempt++ {
		_, err := sw.st.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w})
		if err == nil {
			return true, nil
		}
		var tce *types.TransactionCanceledException
		if !errors.As(err, &tce) || len(tce.CancellationReasons) != len(w) {
			return false, sw.st.transactErr(op, err, false)
		}
		conflict, dup := false, map[int]bool{}
		for i, r := range tce.CancellationReasons {
			switch aws.ToString(r.Code) {
			case "ConditionalCheckFailed":
				if parts[i] != partEvent {
					return false, nil
				}
				dup[i] = true // the trail entry exists: written by an earlier, lost-ack try
			case "TransactionConflict":
				conflict = true
			case "None", "":
			default:
				return false, sw.st.transactErr(op, err, false)
			}
		}
		if attempt >= conflictRetries {
			return false, sw.st.transactErr(op, err, false)
		}
		if len(dup) > 0 {
			var kw []types.TransactWriteItem
			var kp []int
			for i := range w {
				if !dup[i] {
					kw, kp = append(kw, w[i]), append(kp, parts[i])
				}
			}
			w, parts = kw, kp
		}
		if conflict {
			select {
			case <-ctx.Done():
				return false, classify(op, ctx.Err())
			case <-time.After(time.Duration(25<<attempt) * time.Millisecond):
			}
		}
	}
}

// unscheduled retries the clocks whose due date fell in a calendar year not loaded.
func (sw *sweep) unscheduled(ctx context.Context) {
	in := &dynamodb.QueryInput{TableName: &sw.st.tables.Registry, IndexName: aws.String(idxDue),
		KeyConditionExpression:    aws.String("DuePK = :u"),
		ExpressionAttributeValues: item{":u": s(unscheduledPK)}}
	sw.query(ctx, in, "query unscheduled clocks", sw.reschedule)
}

func (sw *sweep) reschedule(ctx context.Context, m item) {
	ref, err := decodeClockRef(m)
	if err != nil {
		sw.fail(fmt.Errorf("sweep %s %s: %w", str(m, "PK"), str(m, "SK"), err))
		return
	}
	cl, notices, err := clock.Reschedule(ref, sw.now)
	if err != nil {
		sw.fail(fmt.Errorf("reschedule clock %s/%s: %w", ref.Owner.ID, ref.Clock.Key(), err))
		return
	}
	if cl.State == clock.Unscheduled {
		sw.count(func(s *SweepStats) { s.Unscheduled++ })
		// The admin notice's id carries the date, so this put lands at most once a day;
		// it stands alone because the clock itself does not change.
		for _, nt := range notices {
			// A trail entry of its own carries the notice; its sort key holds the day, so
			// it lands at most once a day.
			ev, err := eventItem(ownerPK(ref.Owner), audit.Event{At: sw.now, Actor: clock.SweepActor, Type: "clock_unscheduled",
				Round: ref.Clock.Round, Seq: "unsched-" + ref.Clock.Key(), Notices: []notify.Notice{nt},
				Data: map[string]any{"step": ref.Clock.Rule, "problem": ref.Clock.Problem}})
			if err != nil {
				sw.fail(err)
				return
			}
			ev["SK"] = s(skEvtFirst + sw.now.UTC().Format(bucketDay) + "#unsched-" + ref.Clock.Key())
			_, err = sw.st.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &sw.st.tables.Registry, Item: ev,
				ConditionExpression: aws.String("attribute_not_exists(PK)")})
			if err = classify("put admin notice "+nt.ID, err); err != nil && !errors.Is(err, ErrRace) {
				sw.fail(err)
			}
		}
		return
	}
	ci, err := sw.rewrite(ref, cl)
	if err != nil {
		sw.fail(err)
		return
	}
	_, err = sw.st.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &sw.st.tables.Registry, Item: ci,
		// Still unscheduled and still open: a clock the engine stopped meanwhile stays stopped.
		ConditionExpression:       aws.String("DuePK = :u AND #state = :unscheduled"),
		ExpressionAttributeNames:  map[string]string{"#state": "state"},
		ExpressionAttributeValues: item{":u": s(unscheduledPK), ":unscheduled": s(string(clock.Unscheduled))}})
	switch err = classify(fmt.Sprintf("reschedule clock %s/%s", ref.Owner.ID, ref.Clock.Key()), err); {
	case errors.Is(err, ErrRace):
		sw.count(func(s *SweepStats) { s.Lost++ })
	case err != nil:
		sw.fail(err)
	default:
		sw.count(func(s *SweepStats) { s.Rescheduled++ })
	}
}

// watermark reads the earliest UTC day bucket that may still hold unfired clocks.
func (st *Store) watermark(ctx context.Context) (time.Time, bool, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(sweepPK), "SK": s(skMeta)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return time.Time{}, false, classify("read sweep watermark", err)
	}
	if out.Item == nil {
		return time.Time{}, false, nil
	}
	t, err := time.Parse(bucketDay, str(out.Item, "From"))
	if err != nil {
		return time.Time{}, false, fmt.Errorf("sweep watermark %q: %w", str(out.Item, "From"), err)
	}
	return t, true, nil
}

// advanceWatermark moves the watermark forward, conditioned on the value read: if a
// concurrent sweep moved it first, that sweep drained at least as much, so losing is fine.
func (st *Store) advanceWatermark(ctx context.Context, old time.Time, found bool, next, now time.Time) error {
	in := &dynamodb.UpdateItemInput{TableName: &st.tables.Registry,
		Key:                      item{"PK": s(sweepPK), "SK": s(skMeta)},
		UpdateExpression:         aws.String("SET #from = :next, #type = :type, UpdatedAt = :now"),
		ExpressionAttributeNames: map[string]string{"#from": "From", "#type": "Type"},
		ExpressionAttributeValues: item{":next": s(next.Format(bucketDay)), ":type": s("sweep"),
			":now": s(now.Format(time.RFC3339Nano))}}
	if found {
		in.ConditionExpression = aws.String("#from = :old")
		in.ExpressionAttributeValues[":old"] = s(old.Format(bucketDay))
	} else {
		in.ConditionExpression = aws.String("attribute_not_exists(PK)")
	}
	_, err := st.db.UpdateItem(ctx, in)
	if err = classify("advance sweep watermark", err); err != nil && !errors.Is(err, ErrRace) {
		return err
	}
	return nil
}

// Clock reads one clock of an application as the sweep sees it.
func (st *Store) Clock(ctx context.Context, appID, rule string, round int) (clock.Ref, error) {
	out, err := st.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &st.tables.Registry,
		Key: item{"PK": s(appPK(appID)), "SK": s(clockSK(clock.Key(rule, round)))}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		return clock.Ref{}, classify("read clock", err)
	}
	if out.Item == nil {
		return clock.Ref{}, fault.E(fault.NotFound, "no clock %s round %d on application %s", rule, round, appID)
	}
	return decodeClockRef(out.Item)
}
