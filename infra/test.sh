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
system_start -ssm "$r/role/authorized_body=ab@ministry.test" -ssm "$r/role/service_integrator=si@integrator.test" \
  -ssm "$r/role/operator=noc@operator.test" -ssm "$r/role/admin=admin@ministry.test" -ssm "$r/org/kz-e2e-deadline=clerk@minjust.test" \
  -ssm "$r/org/lv-e2e-zm=it@zm.test"
echo "test stack up in $(( $(date +%s) - start )) s: $ICTGOV_API_URL"

# PKGS narrows the run while working on one part, e.g. make test PKGS=./infra/e2e
go test -count=1 -timeout 12m ${GOTESTFLAGS:-} ${PKGS:-./...} 2>&1 | tee "$ICTGOV_STATE/go-test.log"
echo "tests done in $(( $(date +%s) - start )) s"
