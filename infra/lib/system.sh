# infra/lib/system.sh: sourced (from the repository's root) by infra/test.sh and
# infra/bench.sh. It runs a throw-away copy of the local system on ports of its own (so a
# running `make run` is left alone): the stack's servers and the gateway, and stops them.

gw_pid=""

# system_env NAME DDB S3 SMTP MAIL_UI API: the environment of a throw-away system on these
# default ports; each is overridden by ICTGOV_<NAME>_DDB_PORT, _S3_PORT, _SMTP_PORT,
# _MAIL_UI_PORT and _API_PORT, and the data folder (a fresh temporary one) by
# ICTGOV_<NAME>_DATA, NAME in upper case; it makes the state folder ($ICTGOV_STATE).
system_env() {
  local name=$1 p
  p="ICTGOV_${name^^}_"
  local data="${p}DATA" ddb="${p}DDB_PORT" s3="${p}S3_PORT" smtp="${p}SMTP_PORT" ui="${p}MAIL_UI_PORT" api="${p}API_PORT"
  export ICTGOV_EPHEMERAL=1
  # The tests and the bench fire DeadlineCheck as of the moments they mean
  # (/dev/schedules); a wall-clock firing at minute 5 of an hour would land between the
  # steps of a test that expects none (a gate closed by an agreement before any sweep).
  export ICTGOV_MANUAL_SCHEDULES=1
  export ICTGOV_DATA="${!data:-$(mktemp -d "/tmp/ictgov-$name.XXXXXX")}"
  export ICTGOV_STATE="$ICTGOV_DATA/run"
  export ICTGOV_DDB_PORT="${!ddb:-$2}"
  export ICTGOV_S3_PORT="${!s3:-$3}"
  export ICTGOV_SMTP_PORT="${!smtp:-$4}"
  export ICTGOV_MAIL_UI_PORT="${!ui:-$5}"
  export ICTGOV_LISTEN="127.0.0.1:${!api:-$6}"
  mkdir -p "$ICTGOV_STATE"
}

# system_start [GATEWAY FLAGS...]: start the built gateway (.build/gateway -stack, which
# starts the stack's servers) in the background, wait until it writes gateway.url, and
# export the stack's environment and ICTGOV_API_URL.
system_start() {
  .build/gateway -stack "$@" >"$ICTGOV_STATE/gateway.out" 2>"$ICTGOV_STATE/gateway.log" &
  gw_pid=$!
  for _ in $(seq 600); do
    [ -s "$ICTGOV_STATE/gateway.url" ] && break
    kill -0 "$gw_pid" 2>/dev/null || { echo "the gateway exited during start-up"; exit 1; }
    sleep 0.3
  done
  [ -s "$ICTGOV_STATE/gateway.url" ] || { echo "the gateway did not come up in time"; exit 1; }
  eval "$(bash infra/stack/stack.sh env)"
  export ICTGOV_API_URL; ICTGOV_API_URL=$(cat "$ICTGOV_STATE/gateway.url")
}

# system_kill PID TENTHS: TERM the process, wait up to TENTHS tenths of a second, then KILL.
system_kill() {
  local pid=$1 tenths=$2
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq "$tenths"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# system_stop STATUS: stop the gateway and the stack's servers; after a failure (STATUS
# not 0), show the end of the gateway's log.
system_stop() {
  system_kill "$gw_pid" 100
  bash infra/stack/stack.sh stop >/dev/null 2>&1 || true
  if [ "$1" -ne 0 ] && [ -f "$ICTGOV_STATE/gateway.log" ]; then
    echo "--- last lines of the gateway log ($ICTGOV_STATE/gateway.log) ---"; tail -n 40 "$ICTGOV_STATE/gateway.log"
  fi
}
