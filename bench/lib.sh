# shellcheck shell=bash disable=SC2034  # variables here are read by the scripts that source this
# Shared by the benchmark scripts in this folder; sourced, not run. Each script sets `bench_script` to its
# own path (${BASH_SOURCE[0]}) before sourcing this, so that messages and --help name it:
#
#   bench_script=${BASH_SOURCE[0]}
#   source "$(dirname "$bench_script")/lib.sh"
#
# It provides a private PostgreSQL 15 for one run (start_postgres, psql_in, sql), the app published once
# in Release (build_app, migrate), the work folder and its cleanup on exit (make_workdir, cleanup), GNU
# time measurements (timed) and the options every script takes (--rev, --app, --keep, --help).
# Environment:
#   BENCH_PG_OPTIONS          extra server options, e.g. "-c log_min_duration_statement=500"
#   BENCH_CONNECTION_OPTIONS  appended to the app's Npgsql connection string, e.g. "Command Timeout=0"

: "${bench_script:?set bench_script to the running script before sourcing lib.sh}"
bench_name=$(basename "$bench_script")

readonly PG_BIN=/usr/lib/postgresql/15/bin
readonly DB_USER=bench
readonly DB_NAME=marketshock_bench

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app_dir=
rev=
keep=0

work=
pg_started=0

die() { echo "$bench_name: $*" >&2; exit 1; }
say() { echo "--- $*" >&2; }

# The script's header comment from "# Usage:" to its `set -euo pipefail` line.
usage() { sed -n '/^# Usage:/,/^set -euo/p' "$bench_script" | sed '$d; s/^# \{0,1\}//'; }

# take_common_option ARGS...: when $1 is an option every script takes (--rev, --app, --keep, --help), handles
# it and sets `taken` to the number of arguments it used; otherwise sets `taken` to 0.
take_common_option() {
    taken=0
    case $1 in
        --rev) rev=${2:?--rev needs a git revision}; taken=2 ;;
        --app) app_dir=${2:?--app needs a folder}; taken=2 ;;
        --keep) keep=1; taken=1 ;;
        -h | --help) usage; exit 0 ;;
    esac
}

check_prerequisites() {
    local missing=0
    if [[ ! -x /usr/bin/time ]]; then
        echo "$bench_name: /usr/bin/time (GNU time, for wall time and peak memory) is missing: apt-get install -y time" >&2
        missing=1
    fi
    local tool
    for tool in initdb pg_ctl postgres; do
        if [[ ! -x $PG_BIN/$tool ]]; then
            echo "$bench_name: $PG_BIN/$tool is missing: apt-get install -y postgresql-15" >&2
            missing=1
        fi
    done
    for tool in psql python3; do
        if ! command -v "$tool" >/dev/null; then
            echo "$bench_name: $tool is missing" >&2
            missing=1
        fi
    done
    if [[ -z $app_dir ]] && ! command -v dotnet >/dev/null; then
        echo "$bench_name: the .NET SDK (dotnet) is missing" >&2
        missing=1
    fi
    if ((EUID == 0)) && ! id postgres >/dev/null 2>&1; then
        echo "$bench_name: running as root needs a 'postgres' account for the server (initdb refuses root)" >&2
        missing=1
    fi
    ((missing == 0)) || exit 1
}

# initdb and postgres refuse to run as root, so as root the server runs as the postgres account.
as_pg() {
    if ((EUID == 0)); then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

cleanup() {
    local status=$?
    if ((pg_started)); then
        # The data is thrown away, so there is nothing to flush: stop at once.
        as_pg "$PG_BIN/pg_ctl" stop -D "$work/pg/data" -m immediate -w >/dev/null 2>&1 || true
    fi
    if [[ -n $work && -d $work ]]; then
        if ((keep)); then
            echo "$bench_name: kept $work" >&2
        else
            rm -rf "$work"
        fi
    fi
    exit "$status"
}

# Stops the server and removes the work folder however the script ends.
install_traps() {
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

make_workdir() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/marketshock-bench.XXXXXX")
    # The server's account must reach its data folder inside ours.
    chmod 755 "$work"
    mkdir -p "$work/pg" "$work/logs"
    if ((EUID == 0)); then
        chown postgres: "$work/pg"
    fi
}

# The app is published once, so neither the build nor `dotnet run` is measured. Its bin/obj go into our
# folder (--artifacts-path), away from the builds of whoever works in the repository; --rev builds a
# clean snapshot of a commit, for when the working tree is half-edited.
build_app() {
    if [[ -n $app_dir ]]; then
        [[ -f $app_dir/MarketShock.Web.dll ]] || die "no MarketShock.Web.dll in $app_dir"
        app_dir=$(cd "$app_dir" && pwd)
        return
    fi
    local source=$repo
    if [[ -n $rev ]]; then
        source=$work/src
        mkdir -p "$source"
        git -C "$repo" archive "$rev" | tar -x -C "$source" || die "cannot export revision $rev"
    fi
    app_dir=$work/app
    say "publishing src/MarketShock.Web (Release) from ${rev:-the working tree}"
    if ! (cd "$source" && dotnet publish src/MarketShock.Web -c Release -o "$app_dir" \
        --artifacts-path "$work/artifacts" -nologo >"$work/logs/publish.log" 2>&1); then
        tail -n 30 "$work/logs/publish.log" >&2
        die "the build failed (log above)"
    fi
}

free_loopback_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# A private cluster: trust authentication, listening on 127.0.0.1 only, no Unix socket. Server defaults
# otherwise (plus $BENCH_PG_OPTIONS), and the same server for every measurement.
start_postgres() {
    port=$(free_loopback_port)
    say "starting PostgreSQL 15 on 127.0.0.1:$port"
    as_pg "$PG_BIN/initdb" -D "$work/pg/data" -U "$DB_USER" --auth trust -E UTF8 --locale C \
        --no-instructions >"$work/logs/initdb.log" 2>&1 || { cat "$work/logs/initdb.log" >&2; die "initdb failed"; }
    local options="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
    options+=" ${BENCH_PG_OPTIONS:-}"
    pg_started=1
    as_pg "$PG_BIN/pg_ctl" start -w -t 60 -D "$work/pg/data" -l "$work/pg/server.log" -o "$options" \
        >/dev/null || { cat "$work/pg/server.log" >&2; die "the server did not start"; }
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$DB_USER
    psql_in postgres -c "CREATE DATABASE $DB_NAME" >/dev/null
    # Npgsql defaults otherwise (e.g. a 30 s command timeout); $BENCH_CONNECTION_OPTIONS can add to them.
    export ConnectionStrings__MarketShock="Host=127.0.0.1;Port=$port;Username=$DB_USER;Database=$DB_NAME;${BENCH_CONNECTION_OPTIONS:-}"
}

psql_in() {
    local database=$1; shift
    # Quiet about TRUNCATE's cascades and DROP IF EXISTS.
    PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d "$database" "$@"
}

sql() { psql_in "$DB_NAME" -tAc "$1"; }

# Applies the migrations outside the timed runs (the app checks for pending ones on every start).
migrate() {
    say "migrating the database"
    dotnet "$app_dir/MarketShock.Web.dll" migrate >"$work/logs/migrate.log" 2>&1 ||
        { tail -n 30 "$work/logs/migrate.log" >&2; die "migrate failed"; }
}

# timed NAME COMMAND...: runs COMMAND under GNU time; its output goes to $work/logs/NAME.{out,err,time}.
# Sets `wall` (seconds) and `rss_mb` (peak resident set, MB).
timed() {
    local name=$1; shift
    local log=$work/logs/$name
    if ! /usr/bin/time -v -o "$log.time" "$@" >"$log.out" 2>"$log.err"; then
        tail -n 10 "$log.out" >&2
        grep -v '^ *at ' "$log.err" | tail -n 20 >&2  # without .NET stack frames
        die "$name failed (output above)"
    fi
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        k = split($2, p, ":"); s = 0; for (i = 1; i <= k; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$log.time")
    rss_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")
    [[ -n $wall && -n $rss_mb ]] || die "could not read $log.time"
}

expect_rows() {
    local what=$1 query=$2 expected=$3 actual
    actual=$(sql "$query")
    [[ $actual == "$expected" ]] || die "$what holds $actual rows, expected $expected"
}

# ms VALUE: wrk's "635.91us", "1.02ms", "2.01s" or "1.5m" in milliseconds.
ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        f = (u == "us" ? 0.001 : u == "ms" ? 1 : u == "s" ? 1000 : u == "m" ? 60000 : -1)
        if (f < 0) { print "?"; exit } printf "%.2f", n * f }'
}

# The published site, for the scripts that measure pages (start_site, stop_site): in Production on a free loopback port,
# its log in $work/logs/site.log. A script's EXIT trap calls stop_site before cleanup, which stops PostgreSQL.
site_pid=
site_port=

stop_site() {
    local status=$?
    if [[ -n $site_pid ]]; then kill "$site_pid" 2>/dev/null || true; wait "$site_pid" 2>/dev/null || true; fi
    site_pid=
    return "$status"
}

# The benchmarks measure the work of each request: the output cache is off unless the caller sets
# MarketShock__OutputCache__Enabled (load.sh measures both).
start_site() {
    site_port=$(free_loopback_port)
    say "starting the site on 127.0.0.1:$site_port (Production, output cache ${MarketShock__OutputCache__Enabled:-false})"
    ASPNETCORE_URLS="http://127.0.0.1:$site_port" ASPNETCORE_ENVIRONMENT=Production \
        MarketShock__OutputCache__Enabled=${MarketShock__OutputCache__Enabled:-false} dotnet "$app_dir/MarketShock.Web.dll" >"$work/logs/site.log" 2>&1 &
    site_pid=$!
    local i
    for ((i = 0; i < 120; i++)); do
        curl -fs "http://127.0.0.1:$site_port/healthz" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    tail -n 20 "$work/logs/site.log" >&2
    die "the site did not answer /healthz"
}
