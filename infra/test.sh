#!/usr/bin/env bash
# make test: start throw-away servers and the local gateway on test ports (so a running
# `make run` is left alone), run every Go test against them, and stop them all.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
. infra/lib/system.sh

system_env test 18100 17170 11125 18125 13100

stop() {
  status=$?
  system_stop "$status"
  exit "$status"
}
trap stop EXIT INT TERM

start=$(date +%s)
go build -o .build/gateway ./infra/gateway
# Addresses for the e2e deadline test, which reads its mails back from Mailpit.
r=/ictgov/local/recipients
# The portal is served at the gateway's origin; the documents bucket (another port) must
# allow it by CORS for the browser's uploads.
export ICTGOV_PORTAL_ORIGINS="http://$ICTGOV_LISTEN,http://localhost:${ICTGOV_LISTEN##*:}"
system_start -param "PortalOrigins=$ICTGOV_PORTAL_ORIGINS" \
  -ssm "$r/role/authorized_body=ab@ministry.test" -ssm "$r/role/service_integrator=si@integrator.test" \
  -ssm "$r/role/operator=noc@operator.test" -ssm "$r/role/admin=admin@ministry.test" -ssm "$r/org/kz-e2e-deadline=clerk@minjust.test" \
  -ssm "$r/org/lv-e2e-zm=it@zm.test"
echo "test stack up in $(( $(date +%s) - start )) s: $ICTGOV_API_URL"

# PKGS narrows the run while working on one part, e.g. make test PKGS=./infra/e2e
go test -count=1 -timeout 12m ${GOTESTFLAGS:-} ${PKGS:-./...} 2>&1 | tee "$ICTGOV_STATE/go-test.log"
echo "tests done in $(( $(date +%s) - start )) s"

# The portal in Debian's Chromium against the same gateway, after the Go suite (its
# deadline test sweeps as of a future moment first; README, "The portal"). Skipped when
# PKGS narrows the run, unless PORTAL_TESTS=1; PORTAL_TESTS=0 skips them.
if [ "${PORTAL_TESTS:-}" = "1" ] || { [ -z "${PKGS:-}" ] && [ "${PORTAL_TESTS:-}" != "0" ]; }; then
  pstart=$(date +%s)
  ICTGOV_CHROMIUM=$(bash portal/scripts/chromium.sh)
  export ICTGOV_CHROMIUM
  (cd portal && node --test --test-concurrency=1 tests/) 2>&1 | tee "$ICTGOV_STATE/portal-test.log"
  echo "portal browser tests done in $(( $(date +%s) - pstart )) s; screenshots in .build/portal-screenshots/"
fi
