#!/usr/bin/env bash
# make test: start throw-away servers and the local gateway on test ports (so a running
# `make run` is left alone), run every Go test against them, and stop them all.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

export ICTGOV_EPHEMERAL=1
export ICTGOV_DATA="${ICTGOV_TEST_DATA:-$(mktemp -d /tmp/ictgov-test.XXXXXX)}"
export ICTGOV_STATE="$ICTGOV_DATA/run"
export ICTGOV_DDB_PORT="${ICTGOV_TEST_DDB_PORT:-18100}"
export ICTGOV_S3_PORT="${ICTGOV_TEST_S3_PORT:-17170}"
export ICTGOV_SMTP_PORT="${ICTGOV_TEST_SMTP_PORT:-11125}"
export ICTGOV_MAIL_UI_PORT="${ICTGOV_TEST_MAIL_UI_PORT:-18125}"
export ICTGOV_LISTEN="127.0.0.1:${ICTGOV_TEST_API_PORT:-13100}"
mkdir -p "$ICTGOV_STATE"

gw_pid=""
stop() {
  status=$?
  if [ -n "$gw_pid" ] && kill -0 "$gw_pid" 2>/dev/null; then
    kill -TERM "$gw_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$gw_pid" 2>/dev/null || true
  fi
  bash infra/stack/stack.sh stop >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ] && [ -f "$ICTGOV_STATE/gateway.log" ]; then
    echo "--- last lines of the gateway log ($ICTGOV_STATE/gateway.log) ---"; tail -n 40 "$ICTGOV_STATE/gateway.log"
  fi
  exit "$status"
}
trap stop EXIT INT TERM

start=$(date +%s)
go build -o .build/gateway ./infra/gateway
# Addresses for the e2e deadline test, which reads its mails back from Mailpit.
recipients='{"role:authorized_body":["ab@ministry.test"],"role:service_integrator":["si@integrator.test"],"role:operator":["noc@operator.test"],"role:admin":["admin@ministry.test"],"org:kz-e2e-deadline":["clerk@minjust.test"]}'
.build/gateway -stack -param "NotificationRecipients=$recipients" >"$ICTGOV_STATE/gateway.out" 2>"$ICTGOV_STATE/gateway.log" &
gw_pid=$!
for _ in $(seq 600); do
  [ -s "$ICTGOV_STATE/gateway.url" ] && break
  kill -0 "$gw_pid" 2>/dev/null || { echo "the gateway exited during start-up"; exit 1; }
  sleep 0.3
done
[ -s "$ICTGOV_STATE/gateway.url" ] || { echo "the gateway did not come up in time"; exit 1; }
eval "$(bash infra/stack/stack.sh env)"
export ICTGOV_API_URL; ICTGOV_API_URL=$(cat "$ICTGOV_STATE/gateway.url")
echo "test stack up in $(( $(date +%s) - start )) s: $ICTGOV_API_URL"

# PKGS narrows the run while working on one part, e.g. make test PKGS=./infra/e2e
go test -count=1 -timeout 12m ${GOTESTFLAGS:-} ${PKGS:-./...} 2>&1 | tee "$ICTGOV_STATE/go-test.log"
echo "tests done in $(( $(date +%s) - start )) s"
