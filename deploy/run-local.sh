#!/usr/bin/env bash
# Runs the production shape on one machine: two hotline instances sharing one
# PostgreSQL database, behind nginx on loopback.
#
#   deploy/run-local.sh          start, print the URL, run until Ctrl-C
#   deploy/run-local.sh stop     stop a run started elsewhere (e.g. with &)
#
# Settings (environment):
#   PG_SERVER   postgres://postgres@127.0.0.1:5432   server to create the database on
#   DB_NAME     hotline_local                        kept between runs; drop it with
#                                                    psql "$PG_SERVER/postgres" -c 'DROP DATABASE hotline_local'
#   PORT        8080                                 where nginx listens (127.0.0.1)
#   APP_PORTS   "8081 8082"                          where the two instances listen
#   HOTLINE_BIN                                      a built binary; otherwise cargo builds
#                                                    the release binary (a no-op when fresh)
#   SEED_DEMO   1                                    seed the demo bureau into an empty database
#
# Everything else lives in a temporary folder removed on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
DB_NAME=${DB_NAME:-hotline_local}
PORT=${PORT:-8080}
read -r -a APP_PORTS <<<"${APP_PORTS:-8081 8082}"
SEED_DEMO=${SEED_DEMO:-1}
# Where a running start records itself, so that `stop` can find it.
STATE_FILE=${TMPDIR:-/tmp}/hotline-local-$(id -u).state
# Bounds on every wait, in tenths of a second.
STARTUP_LIMIT=600
STOP_LIMIT=100

say() { printf '%s\n' "$*" >&2; }
die() {
    say "run-local: $*"
    exit 1
}

# Waits a bounded time for a process to end; false if it is still there.
wait_gone() {
    local pid=$1 limit=$2 tries=0
    while kill -0 "$pid" 2>/dev/null; do
        ((tries < limit)) || return 1
        sleep 0.1
        tries=$((tries + 1))
    done
}

# Whether PID is a running copy of this script (pids are reused).
is_run_local() {
    [[ $(ps -o args= -p "$1" 2>/dev/null) == *run-local.sh* ]]
}

# Sends TERM to each pid, waits a bounded time, then KILLs what is left.
stop_pids() {
    local pid
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "$@"; do wait_gone "$pid" "$STOP_LIMIT" || kill -KILL "$pid" 2>/dev/null || true; done
}

if [[ ${1:-start} == stop ]]; then
    [[ -f $STATE_FILE ]] || die "nothing to stop (no $STATE_FILE)"
    read -r SUPERVISOR RUN_DIR <"$STATE_FILE"
    # The starting script cleans up on TERM; if it is gone, clean up for it.
    # It stops three processes, each within STOP_LIMIT.
    if is_run_local "$SUPERVISOR"; then
        kill -TERM "$SUPERVISOR" 2>/dev/null || true
        wait_gone "$SUPERVISOR" $((3 * STOP_LIMIT + 50)) || kill -KILL "$SUPERVISOR" 2>/dev/null || true
    fi
    if [[ -d $RUN_DIR ]]; then
        # shellcheck disable=SC2046
        stop_pids $(cat "$RUN_DIR"/*.pid 2>/dev/null || true)
        rm -rf "$RUN_DIR"
    fi
    rm -f "$STATE_FILE"
    say "stopped"
    exit 0
fi
[[ ${1:-start} == start ]] || die "usage: $0 [start|stop]"

command -v nginx >/dev/null || die "nginx is not installed (Debian: apt-get install nginx)"
command -v psql >/dev/null || die "psql is not installed (Debian: apt-get install postgresql-client)"
command -v curl >/dev/null || die "curl is not installed"
[[ $DB_NAME =~ ^[a-z_][a-z0-9_]*$ ]] || die "DB_NAME=$DB_NAME: use lower-case letters, digits and _"
((${#APP_PORTS[@]} == 2)) || die "APP_PORTS must name two ports"
if [[ -f $STATE_FILE ]] && is_run_local "$(cut -d' ' -f1 "$STATE_FILE")"; then
    die "already running (pid $(cut -d' ' -f1 "$STATE_FILE")); stop it with: $0 stop"
fi

# A port already answering would make the health checks below lie.
for port in "$PORT" "${APP_PORTS[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "127.0.0.1:$port is already in use"
    fi
done

if [[ -n ${HOTLINE_BIN:-} ]]; then
    BIN=$HOTLINE_BIN
else
    say "building the release binary (if it is not up to date)…"
    cargo build --release --locked --bin hotline --manifest-path "$ROOT/Cargo.toml" >&2
    BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/hotline
fi
[[ -x $BIN ]] || die "no binary at $BIN"

exists=$(psql "$PG_SERVER/postgres" -v ON_ERROR_STOP=1 -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ||
    die "cannot reach PostgreSQL at $PG_SERVER"
if [[ $exists != 1 ]]; then
    psql "$PG_SERVER/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$DB_NAME\"" >/dev/null
    say "created database $DB_NAME"
fi
DATABASE_URL=$PG_SERVER/$DB_NAME

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hotline-local.XXXXXX")
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/tmp"
echo "$$ $RUN_DIR" >"$STATE_FILE"

cleanup() {
    trap - EXIT INT TERM
    say "stopping…"
    # nginx first, so that nothing reaches an instance that is going away.
    # shellcheck disable=SC2046
    stop_pids $(cat "$RUN_DIR/nginx.pid" 2>/dev/null || true)
    # shellcheck disable=SC2046
    stop_pids $(cat "$RUN_DIR"/app*.pid 2>/dev/null || true)
    rm -rf "$RUN_DIR"
    # Only this run's record: a later run may have written its own.
    if [[ $(cut -d' ' -f1 "$STATE_FILE" 2>/dev/null) == "$$" ]]; then rm -f "$STATE_FILE"; fi
    say "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Prints the end of a log, for a start that went wrong.
show_log() {
    say "--- last lines of $1:"
    tail -n 20 "$1" >&2 || true
}

# Waits until URL answers 200 while process PID lives.
wait_healthy() {
    local url=$1 pid=$2 log=$3 tries=0
    until curl -fsS --max-time 2 -o /dev/null "$url" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            show_log "$log"
            die "the process behind $url exited"
        fi
        ((tries < STARTUP_LIMIT)) || {
            show_log "$log"
            die "$url did not answer within $((STARTUP_LIMIT / 10)) seconds"
        }
        sleep 0.1
        tries=$((tries + 1))
    done
}

start_instance() {
    local n=$1 port=$2 seed=$3
    # nginx serves plain HTTP on loopback here: cookies cannot be Secure.
    DATABASE_URL=$DATABASE_URL BIND=127.0.0.1:$port TRUSTED_PROXIES=127.0.0.1 SEED_DEMO=$seed SECURE_COOKIES=0 \
        LOG=${LOG:-info} "$BIN" >"$RUN_DIR/app$n.log" 2>&1 &
    echo $! >"$RUN_DIR/app$n.pid"
    wait_healthy "http://127.0.0.1:$port/healthz" "$!" "$RUN_DIR/app$n.log"
    say "instance $n healthy on 127.0.0.1:$port (log: $RUN_DIR/app$n.log)"
}

# Seeding is a check-then-insert: two instances seeding an empty database at
# once could collide. The first seeds; the second starts once it is healthy.
start_instance 1 "${APP_PORTS[0]}" "$SEED_DEMO"
start_instance 2 "${APP_PORTS[1]}" 0

sed -e "s/127\.0\.0\.1:8081;/127.0.0.1:${APP_PORTS[0]};/" \
    -e "s/127\.0\.0\.1:8082;/127.0.0.1:${APP_PORTS[1]};/" \
    -e "s/listen 127\.0\.0\.1:8080;/listen 127.0.0.1:$PORT;/" \
    "$ROOT/deploy/nginx-local.conf" >"$RUN_DIR/nginx.conf"
cp "$ROOT/deploy/hotline-proxy.conf" "$RUN_DIR/"
# In the foreground of its own process, so that its pid is known at once.
nginx -p "$RUN_DIR/" -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/logs/error.log" -g 'daemon off;' \
    >"$RUN_DIR/logs/nginx.out" 2>&1 &
echo $! >"$RUN_DIR/nginx.pid"
wait_healthy "http://127.0.0.1:$PORT/healthz" "$(cat "$RUN_DIR/nginx.pid")" "$RUN_DIR/logs/error.log"

say "nginx log: $RUN_DIR/logs/access.log"
say "stop with Ctrl-C or: $0 stop"
echo "http://127.0.0.1:$PORT/"

# Until a signal, or until any of the three exits on its own.
set +e
# shellcheck disable=SC2046
wait -n -p ended $(cat "$RUN_DIR"/app*.pid "$RUN_DIR/nginx.pid")
say "process ${ended:-?} ($(grep -lx "${ended:-}" "$RUN_DIR"/*.pid | xargs -r -n1 basename)) exited on its own"
exit 1
