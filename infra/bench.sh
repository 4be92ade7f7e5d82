#!/usr/bin/env bash
# make bench: start throw-away servers and the local gateway on bench ports (so a running
# `make run` or `make test` is left alone), with 4 RIE instances per function so that 16
# concurrent clients have instances to use, run the measurements (go run ./infra/bench),
# which write bench/results.json and bench/results.md, and stop everything on exit, also
# on Ctrl-C.
#
# Knobs (environment): ICTGOV_BENCH_CLOCKS (the largest sweep size, default 100000),
# ICTGOV_BENCH_SAMPLES (transitions per action for the latency figure, default 200),
# ICTGOV_BENCH_WINDOW (seconds per throughput window, default 4), and the ports below.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

export ICTGOV_EPHEMERAL=1
export ICTGOV_DATA="${ICTGOV_BENCH_DATA:-$(mktemp -d /tmp/ictgov-bench.XXXXXX)}"
export ICTGOV_STATE="$ICTGOV_DATA/run"
export ICTGOV_DDB_PORT="${ICTGOV_BENCH_DDB_PORT:-18200}"
export ICTGOV_S3_PORT="${ICTGOV_BENCH_S3_PORT:-17270}"
export ICTGOV_SMTP_PORT="${ICTGOV_BENCH_SMTP_PORT:-11225}"
export ICTGOV_MAIL_UI_PORT="${ICTGOV_BENCH_MAIL_UI_PORT:-18225}"
export ICTGOV_LISTEN="127.0.0.1:${ICTGOV_BENCH_API_PORT:-13200}"
export ICTGOV_INSTANCES="${ICTGOV_BENCH_INSTANCES:-4}"
export ICTGOV_TOOLS="${ICTGOV_TOOLS:-$repo/.tools}"
mkdir -p "$ICTGOV_STATE"

gw_pid=""
bench_pid=""
stop() {
  status=$?
  trap - EXIT INT TERM
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$bench_pid" 2>/dev/null || true
  fi
  if [ -n "$gw_pid" ] && kill -0 "$gw_pid" 2>/dev/null; then
    kill -TERM "$gw_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$gw_pid" 2>/dev/null || true
  fi
  bash infra/stack/stack.sh stop >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ] && [ -f "$ICTGOV_STATE/gateway.log" ]; then
    echo "--- last lines of the gateway log ($ICTGOV_STATE/gateway.log) ---"; tail -n 40 "$ICTGOV_STATE/gateway.log"
  fi
  if [ -z "${ICTGOV_BENCH_DATA:-}" ]; then rm -rf -- "$ICTGOV_DATA"; fi
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

start=$(date +%s)
echo "bench: building the gateway and the bench, starting the stack on :$ICTGOV_DDB_PORT/:$ICTGOV_S3_PORT and the gateway on $ICTGOV_LISTEN ($ICTGOV_INSTANCES RIE instances per function) ..."
go build -o .build/gateway ./infra/gateway
go build -o .build/bench ./infra/bench
.build/gateway -stack >"$ICTGOV_STATE/gateway.out" 2>"$ICTGOV_STATE/gateway.log" &
gw_pid=$!
for _ in $(seq 600); do
  [ -s "$ICTGOV_STATE/gateway.url" ] && break
  kill -0 "$gw_pid" 2>/dev/null || { echo "the gateway exited during start-up"; exit 1; }
  sleep 0.3
done
[ -s "$ICTGOV_STATE/gateway.url" ] || { echo "the gateway did not come up in time"; exit 1; }
eval "$(bash infra/stack/stack.sh env)"
export ICTGOV_API_URL; ICTGOV_API_URL=$(cat "$ICTGOV_STATE/gateway.url")
echo "bench: stack up in $(( $(date +%s) - start )) s: $ICTGOV_API_URL"

# In the background and waited for, so that a Ctrl-C reaches the trap at once.
.build/bench -out bench &
bench_pid=$!
wait "$bench_pid"
bench_pid=""
echo "bench: done in $(( $(date +%s) - start )) s"
