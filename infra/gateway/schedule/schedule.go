// Package schedule evaluates EventBridge Scheduler schedule expressions
// (cron, rate and at) for the local gateway, and drives a callback at each
// fire time.
//
// Semantics follow EventBridge Scheduler where AWS documents them:
//
//   - cron(minutes hours day-of-month month day-of-week year) with the AWS
//     wildcards , - * ? / L W # and the names JAN-DEC and SUN-SAT
//     (day-of-week 1 = SUN … 7 = SAT). Exactly one of day-of-month and
//     day-of-week must be ?.
//   - The expression is evaluated in the schedule's IANA time zone (UTC when
//     empty). The zone database is embedded, so results do not depend on the
//     host's /usr/share/zoneinfo.
//   - Daylight saving time, as the Scheduler documentation states: a local
//     time that a spring-forward skips does not exist, so that invocation is
//     skipped; a local time that a fall-back repeats fires once, at its first
//     occurrence. (Set skipNonexistent to false to fire a skipped time at the
//     first valid instant after the jump instead.)
//   - rate(N unit) is a fixed duration (a "day" is 24 hours, as on AWS) on a
//     grid anchored at the moment Parse ran. AWS fires a rate schedule without
//     StartDate immediately on creation; the local gateway instead fires first
//     one interval after start-up, so restarting it does not fire every rate
//     schedule at once.
//   - at(yyyy-mm-ddThh:mm:ss) fires once. If that local time falls into a
//     spring-forward gap it fires at the first valid instant after the jump,
//     because a one-time schedule that silently never fires is worse than one
//     that fires a little late.
package schedule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	// Embedded zone database: schedule results must not depend on the host.
	_ "time/tzdata"
)

// skipNonexistent selects how a cron time inside a spring-forward gap is
// handled: true skips it (documented EventBridge Scheduler behaviour), false
// fires it at the first valid instant after the jump.
var skipNonexistent = true

// searchHorizon bounds how far Next looks for a cron match.
const searchHorizon = 5 // years

type kind int

const (
	kindCron kind = iota + 1
	kindRate
	kindAt
)

// Schedule is a parsed schedule expression bound to a time zone. It is
// immutable after Parse and safe for concurrent use.
type Schedule struct {
	expr string
	loc  *time.Location
	kind kind

	cron *cronSpec

	every  time.Duration // rate
	anchor time.Time     // rate: grid origin

	at time.Time // at: the single fire instant
}

// Parse parses an EventBridge Scheduler expression evaluated in timezone (an
// IANA name such as "Asia/Almaty"; empty means UTC).
func Parse(expression, timezone string) (*Schedule, error) {
	loc, err := loadLocation(timezone)
	if err != nil {
		return nil, fmt.Errorf("schedule %q: %w", expression, err)
	}
	expr := strings.TrimSpace(expression)
	s := &Schedule{expr: expr, loc: loc}
	switch {
	case hasCall(expr, "cron"):
		s.kind = kindCron
		s.cron, err = parseCron(callArgs(expr, "cron"))
	case hasCall(expr, "rate"):
		s.kind = kindRate
		s.every, err = parseRate(callArgs(expr, "rate"))
		// Second precision keeps fire times tidy in logs and payloads.
		s.anchor = time.Now().Truncate(time.Second)
	case hasCall(expr, "at"):
		s.kind = kindAt
		s.at, err = parseAt(callArgs(expr, "at"), loc)
	default:
		err = errors.New("expected cron(...), rate(...) or at(...)")
	}
	if err != nil {
		return nil, fmt.Errorf("schedule %q: %w", expression, err)
	}
	return s, nil
}

func loadLocation(tz string) (*time.Location, error) {
	tz = strings.TrimSpace(tz)
	if tz == "" {
		return time.UTC, nil
	}
	// "Local" would make the schedule depend on the host, which AWS never does.
	if tz == "Local" {
		return nil, errors.New(`time zone "Local" is not an IANA zone name`)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", tz, err)
	}
	return loc, nil
}

func hasCall(expr, name string) bool {
	return strings.HasPrefix(expr, name+"(") && strings.HasSuffix(expr, ")")
}

func callArgs(expr, name string) string {
	return strings.TrimSpace(expr[len(name)+1 : len(expr)-1])
}

// String returns the expression followed by its time zone (omitted for rate
// expressions, where the zone has no effect), for logs.
func (s *Schedule) String() string {
	if s == nil {
		return "<nil schedule>"
	}
	if s.kind == kindRate {
		return s.expr
	}
	return s.expr + " " + s.loc.String()
}

// Next returns the first fire time strictly after after. It returns false
// when there is none: an at() in the past, or no cron match within five
// years (for example cron(0 0 30 FEB ? *)).
func (s *Schedule) Next(after time.Time) (time.Time, bool) {
	if s == nil {
		return time.Time{}, false
	}
	switch s.kind {
	case kindAt:
		if s.at.After(after) {
			return s.at, true
		}
		return time.Time{}, false
	case kindRate:
		return s.nextRate(after)
	case kindCron:
		return s.cron.next(after, s.loc)
	}
	return time.Time{}, false
}

func (s *Schedule) nextRate(after time.Time) (time.Time, bool) {
	first := s.anchor.Add(s.every)
	if after.Before(first) {
		return first, true
	}
	// Sub saturates for instants centuries apart; the final check below
	// turns that into "no fire time" rather than a wrong one.
	k := after.Sub(first)/s.every + 1
	t := first.Add(k * s.every)
	if !t.After(after) {
		return time.Time{}, false
	}
	return t, true
}

// --- rate ---

var rateUnits = map[string]time.Duration{
	"minute": time.Minute, "minutes": time.Minute,
	"hour": time.Hour, "hours": time.Hour,
	"day": 24 * time.Hour, "days": 24 * time.Hour,
}

// parseRate accepts singular and plural units for any value. Legacy
// EventBridge rules reject rate(1 minutes) and rate(5 minute), but the
// Scheduler documents "minutes | hours | days" as valid for every value and
// the gateway should not refuse an expression the Scheduler may accept;
// template linting (cfn-lint) is the place for stricter checks.
func parseRate(args string) (time.Duration, error) {
	parts := strings.Fields(args)
	if len(parts) != 2 {
		return 0, fmt.Errorf("rate needs \"value unit\", got %q", args)
	}
	n, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("rate value must be a positive integer, got %q", parts[0])
	}
	unit, ok := rateUnits[strings.ToLower(parts[1])]
	if !ok {
		return 0, fmt.Errorf("rate unit must be minute(s), hour(s) or day(s), got %q", parts[1])
	}
	if n > int64(maxDuration/unit) {
		return 0, fmt.Errorf("rate %d %s is too large", n, parts[1])
	}
	return time.Duration(n) * unit, nil
}

const maxDuration = time.Duration(1<<63 - 1)

// --- at ---

func parseAt(args string, loc *time.Location) (time.Time, error) {
	wall, err := time.ParseInLocation("2006-01-02T15:04:05", args, time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("at needs yyyy-mm-ddThh:mm:ss, got %q", args)
	}
	y, mo, d := wall.Date()
	h, mi, sec := wall.Clock()
	t, ok := resolveLocal(y, mo, d, h, mi, sec, loc, false)
	if !ok {
		return time.Time{}, fmt.Errorf("at %q does not exist in %s", args, loc)
	}
	return t, nil
}

// resolveLocal maps a local wall-clock time to an instant. A repeated wall
// time (fall-back) resolves to its first occurrence. A wall time inside a
// spring-forward gap resolves to the first instant after the jump, unless
// skipGap is set, in which case it reports false.
func resolveLocal(y int, mo time.Month, d, h, mi, sec int, loc *time.Location, skipGap bool) (time.Time, bool) {
	naive := time.Date(y, mo, d, h, mi, sec, 0, time.UTC)
	// Every offset in force within ±16 h of the naive instant is a candidate
	// (real offsets lie within ±15 h).
	offsets := zoneOffsets(naive.Add(-16*time.Hour), naive.Add(16*time.Hour), loc)

	var best time.Time
	found := false
	minOff := offsets[0]
	for _, off := range offsets {
		minOff = min(minOff, off)
		cand := naive.Add(-time.Duration(off) * time.Second)
		if sameWall(cand.In(loc), y, mo, d, h, mi, sec) && (!found || cand.Before(best)) {
			best, found = cand, true
		}
	}
	if found {
		return best, true
	}
	if skipGap {
		return time.Time{}, false
	}
	// In a gap, applying the pre-jump (smaller) offset lands after the jump;
	// the start of the zone period it lands in is the jump itself.
	after := naive.Add(-time.Duration(minOff) * time.Second)
	start, _ := after.In(loc).ZoneBounds()
	if !start.IsZero() && !start.After(after) {
		return start, true
	}
	return after, true
}

// zoneOffsets lists the UTC offsets (seconds) in force in loc between from
// and to. Walking the zone transitions finds all of them even when two
// transitions are close together.
func zoneOffsets(from, to time.Time, loc *time.Location) []int {
	var offsets []int
	t := from
	for range 16 {
		lt := t.In(loc)
		_, off := lt.Zone()
		offsets = appendUnique(offsets, off)
		_, end := lt.ZoneBounds()
		if end.IsZero() || end.After(to) || !end.After(t) {
			break
		}
		t = end
	}
	return offsets
}

func appendUnique(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func sameWall(t time.Time, y int, mo time.Month, d, h, mi, sec int) bool {
	ty, tmo, td := t.Date()
	th, tmi, ts := t.Clock()
	return ty == y && tmo == mo && td == d && th == h && tmi == mi && ts == sec
}
