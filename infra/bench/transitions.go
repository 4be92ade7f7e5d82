package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ictgov/ictgov/shared/id"
)

// gateway sends one transition of a clone through the local gateway, as the portal would:
// bearer token, JSON body, a fresh Idempotency-Key.
func (e *env) gateway(ctx context.Context, tokens map[string]string, c clone, step string) (time.Duration, error) {
	body, _ := json.Marshal(actionBody(step))
	hdr := map[string]string{"Idempotency-Key": id.New(time.Now())}
	t := time.Now()
	st, out, err := e.do(ctx, tokens[actorOf(step).sub], "POST", "/v1/applications/"+c.appID+"/"+step, body, hdr)
	d := time.Since(t)
	if err != nil {
		return d, fmt.Errorf("gateway %s on %s: %w", step, c.appID, err)
	}
	if st != 200 {
		return d, fmt.Errorf("gateway %s on %s: status %d: %.300s", step, c.appID, st, out)
	}
	return d, nil
}

func (e *env) tokens(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, c := range []who{clerk, ab, si, op} {
		t, err := e.token(ctx, c)
		if err != nil {
			return nil, err
		}
		out[c.sub] = t
	}
	return out, nil
}

// submitP50 keeps figure 1's submit medians for sizing figure 3.
var submitP50 struct{ gw, bare time.Duration }

// transitionOverhead is figure 1: each transition through the gateway against the bare
// TransactWriteItems it performs, alternated one by one (gateway first on even samples,
// bare first on odd ones) so both see the same machine.
func (e *env) transitionOverhead(ctx context.Context, ch *chain) error {
	n := envInt("ICTGOV_BENCH_SAMPLES", 200)
	const warm = 12 // three rounds over the 4 RIE instances, and DynamoDB Local's JIT
	tokens, err := e.tokens(ctx)
	if err != nil {
		return err
	}
	t := time.Now()
	clones, err := e.cloneDrafts(ctx, ch, 2*(n+warm))
	if err != nil {
		return fmt.Errorf("clone drafts: %w", err)
	}
	e.progress("  cloned %d complete drafts (9 items + object each) in %.1f s", len(clones), time.Since(t).Seconds())
	gw, br := clones[:n+warm], clones[n+warm:]
	for _, step := range transitions {
		var g, b []time.Duration
		for i := 0; i < n+warm; i++ {
			var dg, db time.Duration
			if i%2 == 0 {
				if dg, err = e.gateway(ctx, tokens, gw[i], step); err == nil {
					db, err = e.bare(ctx, ch, br[i], step)
				}
			} else {
				if db, err = e.bare(ctx, ch, br[i], step); err == nil {
					dg, err = e.gateway(ctx, tokens, gw[i], step)
				}
			}
			if err != nil {
				return err
			}
			if i >= warm {
				g, b = append(g, dg), append(b, db)
			}
		}
		g, b = sortDur(g), sortDur(b)
		gp50, gp99, bp50, bp99 := percentile(g, .5), percentile(g, .99), percentile(b, .5), percentile(b, .99)
		if step == "submit" {
			submitP50.gw, submitP50.bare = gp50, bp50
		}
		k := "transition." + step
		e.res.add(k+".gateway_p50", ms(gp50), "ms", fmt.Sprintf("%d samples through the gateway", len(g)))
		e.res.add(k+".gateway_p99", ms(gp99), "ms", "")
		e.res.add(k+".bare_p50", ms(bp50), "ms", fmt.Sprintf("the same TransactWriteItems (%d items), sent directly", len(ch.steps[step].TransactItems)))
		e.res.add(k+".bare_p99", ms(bp99), "ms", "")
		r50 := float64(gp50) / float64(bp50)
		e.res.check(k+".ratio_p50", r50, "×", "≤ 2×", r50 <= 2, "gateway p50 / bare p50")
		e.res.add(k+".ratio_p99", float64(gp99)/float64(bp99), "×", "gateway p99 / bare p99")
		e.progress("  %-14s gateway p50 %.2f ms p99 %.2f ms | bare p50 %.2f ms p99 %.2f ms | ratio p50 %.2f×",
			step, ms(gp50), ms(gp99), ms(bp50), ms(bp99), r50)
	}
	return nil
}

// throughput is figure 3: submits per second through the gateway with 16 clients against
// the bare submit transaction's rate with 16 clients, in alternating windows.
func (e *env) throughput(ctx context.Context, ch *chain) error {
	const clients = 16
	window := time.Duration(envInt("ICTGOV_BENCH_WINDOW", 4)) * time.Second
	const rounds = 3
	tokens, err := e.tokens(ctx)
	if err != nil {
		return err
	}
	// Size the pools of complete drafts from figure 1's single-client medians: at most
	// 3 times the single-client rate on this machine, with a margin; a window that runs
	// out of drafts ends early and says so.
	gp, bp := submitP50.gw, submitP50.bare
	if gp == 0 {
		gp, bp = 20*time.Millisecond, 5*time.Millisecond
	}
	per := func(p time.Duration) int {
		return int(math.Ceil(3 * window.Seconds() / p.Seconds()))
	}
	gN, bN := min(per(gp), 3000), min(per(bp), 6000)
	t := time.Now()
	const warmN = 4 * clients
	clones, err := e.cloneDrafts(ctx, ch, rounds*(gN+bN)+2*warmN)
	if err != nil {
		return fmt.Errorf("clone drafts: %w", err)
	}
	e.progress("  cloned %d complete drafts in %.1f s (pools: %d per gateway window, %d per bare window)", len(clones), time.Since(t).Seconds(), gN, bN)

	type tally struct {
		done    int64
		elapsed time.Duration
		ranOut  bool
	}
	burst := func(pool []clone, send func(clone) error) (tally, error) {
		var next, done atomic.Int64
		var mu sync.Mutex
		var firstErr error
		deadline := time.Now().Add(window)
		t := time.Now()
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for ctx.Err() == nil && time.Now().Before(deadline) {
					i := int(next.Add(1)) - 1
					if i >= len(pool) {
						return
					}
					if err := send(pool[i]); err != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = err
						}
						mu.Unlock()
						return
					}
					done.Add(1)
				}
			})
		}
		wg.Wait()
		return tally{done: done.Load(), elapsed: time.Since(t), ranOut: int(next.Load()) >= len(pool)}, firstErr
	}
	// An untimed warm-up burst of each kind: connections, RIE instances, the JIT.
	if _, err := burst(clones[:warmN], func(c clone) error { _, err := e.gateway(ctx, tokens, c, "submit"); return err }); err != nil {
		return err
	}
	if _, err := burst(clones[warmN:2*warmN], func(c clone) error { _, err := e.bare(ctx, ch, c, "submit"); return err }); err != nil {
		return err
	}
	clones = clones[2*warmN:]
	var gDone, bDone int64
	var gTime, bTime time.Duration
	ranOut := false
	for r := range rounds {
		gPool, bPool := clones[:gN], clones[gN:gN+bN]
		clones = clones[gN+bN:]
		g, err := burst(gPool, func(c clone) error { _, err := e.gateway(ctx, tokens, c, "submit"); return err })
		if err != nil {
			return err
		}
		b, err := burst(bPool, func(c clone) error { _, err := e.bare(ctx, ch, c, "submit"); return err })
		if err != nil {
			return err
		}
		ranOut = ranOut || g.ranOut || b.ranOut
		gDone, gTime, bDone, bTime = gDone+g.done, gTime+g.elapsed, bDone+b.done, bTime+b.elapsed
		e.progress("  window %d/%d: gateway %d submits in %.1f s (%.0f/s) | bare %d submit transactions in %.1f s (%.0f/s)",
			r+1, rounds, g.done, g.elapsed.Seconds(), float64(g.done)/g.elapsed.Seconds(), b.done, b.elapsed.Seconds(), float64(b.done)/b.elapsed.Seconds())
	}
	gr, br := float64(gDone)/gTime.Seconds(), float64(bDone)/bTime.Seconds()
	note := fmt.Sprintf("%d clients, %d windows of %s alternating with the bare baseline", clients, rounds, window)
	if ranOut {
		note += "; a window ran out of prepared drafts and ended early"
	}
	e.res.add("throughput.gateway_submit_rps", gr, "requests/s", note)
	e.res.add("throughput.bare_submit_tx_rps", br, "transactions/s", fmt.Sprintf("the submit's TransactWriteItems (%d items), %d clients, same DynamoDB Local", len(ch.steps["submit"].TransactItems), clients))
	e.res.add("throughput.ratio", gr/br, "×", "gateway rate / bare write rate")
	return nil
}
