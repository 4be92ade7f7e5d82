package schedule

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// maxSleep caps one timer wait. Go timers run on the monotonic clock, so a
// single long timer would not notice the wall clock being stepped (NTP, VM
// resume, manual change); re-reading the wall clock at least this often keeps
// a fire at most maxSleep late after such a jump.
var maxSleep = 30 * time.Second

// maxCatchUp bounds the walk over missed fire times after a long pause.
const maxCatchUp = 100_000

// Run calls fire at each fire time of s until ctx is done or the schedule
// has no further fire time (a past or already fired at()). fire runs
// synchronously, so invocations never overlap, and it receives the
// scheduled time, not the delivery time.
//
// If fire times were missed (fire ran longer than the interval, the host
// was suspended, or the wall clock jumped forward), they are coalesced into
// one call for the most recent missed time instead of a burst of stale
// calls. A backward clock jump never repeats a fire time, because the next
// time is always computed from the last scheduled one.
func Run(ctx context.Context, s *Schedule, fire func(ctx context.Context, scheduled time.Time)) {
	if s == nil || fire == nil {
		return
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()

	from := time.Now()
	for {
		next, ok := s.Next(from)
		if !ok {
			return
		}
		for {
			now := time.Now()
			if !now.Before(next) {
				break
			}
			timer.Reset(min(next.Sub(now), maxSleep))
			select {
			case <-ctx.Done():
				return
			case <-timer.C:
			}
		}
		if ctx.Err() != nil {
			return
		}
		now := time.Now()
		scheduled := next
		for range maxCatchUp {
			n, ok := s.Next(scheduled)
			if !ok || n.After(now) {
				break
			}
			scheduled = n
		}
		fire(ctx, scheduled)
		from = scheduled
	}
}

// Context attribute placeholders that EventBridge Scheduler substitutes in a
// target's Input.
const (
	phScheduledTime = "<aws.scheduler.scheduled-time>"
	phExecutionID   = "<aws.scheduler.execution-id>"
	phScheduleARN   = "<aws.scheduler.schedule-arn>"
	phAttempt       = "<aws.scheduler.attempt-number>"
)

// Payload builds the event a scheduled target receives. A non-empty input
// gets the Scheduler context attributes substituted as plain text, as AWS
// does (the values are placed verbatim, so they belong inside JSON strings
// in the template). The execution id is a fresh random UUID per call and
// the attempt number is always 1: the gateway delivers each fire time once.
//
// An empty input yields a Scheduled Event envelope like the one EventBridge
// delivers for a schedule without Input.
func Payload(input string, scheduled time.Time, scheduleARN string) []byte {
	ts := scheduled.UTC().Format(time.RFC3339)
	id := newUUID()
	if strings.TrimSpace(input) != "" {
		return []byte(strings.NewReplacer(
			phScheduledTime, ts,
			phExecutionID, id,
			phScheduleARN, scheduleARN,
			phAttempt, "1",
		).Replace(input))
	}
	resources := []string{}
	if scheduleARN != "" {
		resources = append(resources, scheduleARN)
	}
	ev := struct {
		Version    string   `json:"version"`
		ID         string   `json:"id"`
		DetailType string   `json:"detail-type"`
		Source     string   `json:"source"`
		Time       string   `json:"time"`
		Resources  []string `json:"resources"`
		Detail     struct{} `json:"detail"`
	}{"0", id, "Scheduled Event", "aws.scheduler", ts, resources, struct{}{}}
	b, err := json.Marshal(ev)
	if err != nil {
		// Marshalling strings and an empty struct cannot fail; an empty
		// object still gives the target valid JSON.
		return []byte("{}")
	}
	return b
}

// newUUID returns a random RFC 4122 version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never returns an error (Go ≥ 1.24)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
