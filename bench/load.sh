#!/usr/bin/env bash
# Load and fault proofs for MarketShock (issue 11), run by hand (not in CI).
#
# On the real data (a folder with companies.csv, shares/, splits/ and prices/, as ../shared/data) in a private
# PostgreSQL 15, with the site published in Release and run in Production on a loopback port:
#   load:   wrk (2 threads, --connections, --seconds each) against the worst shock's permalink, the leaderboard,
#           /api/shocks and the worst shock's card, with the output cache on (the default) and then off: requests/s,
#           p50, p99, non-2xx responses and socket errors. Target: no error.
#   faults (--faults):
#     1. PostgreSQL restarted during a load run (cache off, so that every request needs the database): a probe requests
#        /shocks every 50 ms; errors must fall only between the restart's start and 5 s after the database is back.
#     2. A large price file (1,000,000 rows) imported through the command line with PostgreSQL
#        restarted while it runs: the database must then hold none of the file; a re-run imports all of it.
#     3. The same, the import killed with SIGKILL instead.
# It prints markdown tables and exits non-zero when a proof fails or something broke.
#
# Usage: bench/load.sh [options]
#   --data DIR          the real data (default: $MARKETSHOCK_SAMPLE_DATA)
#   --seconds S         duration of each wrk run (default 60)
#   --connections C     wrk connections (default 64)
#   --faults            also run the fault proofs
#   --rev REV | --app DIR | --keep | --help   as every benchmark here (see bench/README.md)
# Requires wrk and curl besides what every benchmark here needs.
set -euo pipefail

bench_script=${BASH_SOURCE[0]}
# shellcheck source=bench/lib.sh
source "$(dirname "$bench_script")/lib.sh"

data=${MARKETSHOCK_SAMPLE_DATA:-}
seconds=60
connections=64
faults=0
failed=0

parse_args() {
    while (($#)); do
        take_common_option "$@"
        if ((taken)); then shift "$taken"; continue; fi
        case $1 in
            --data) data=${2:?--data needs a folder}; shift 2 ;;
            --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
            --connections) connections=${2:?--connections needs a number}; shift 2 ;;
            --faults) faults=1; shift ;;
            *) die "unknown argument $1 (see --help)" ;;
        esac
    done
    [[ -n $data && -f $data/companies.csv && -d $data/prices ]] || die "give --data DIR (or MARKETSHOCK_SAMPLE_DATA) with companies.csv and prices/"
    data=$(cd "$data" && pwd)
    command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
}

import_real_data() {
    say "importing $data"
    local files=("$data/companies.csv" "$data"/shares/*.csv "$data"/splits/*.csv "$data"/prices/*.csv)
    timed import dotnet "$app_dir/MarketShock.Web.dll" import "${files[@]}"
    say "imported in $wall s"
}

# The worst shock's permalink and card paths, from the API.
read_targets() {
    local worst
    worst=$(curl -fs "http://127.0.0.1:$site_port/api/shocks?limit=1" | python3 -c '
import json, sys, urllib.parse
item = json.load(sys.stdin)["items"][0]
path = urllib.parse.urlsplit(item["permalink"]).path
print(path, path + "/card.png")')
    read -r permalink card <<<"$worst"
    targets=("$permalink" /shocks "/api/shocks?sort=loss&limit=50" "$card")
}

load_rows=()
measure() { # LABEL PATH
    local out=$work/logs/wrk-$1-$(echo "$2" | tr -c 'A-Za-z0-9' '_').txt
    curl -fs -o /dev/null "http://127.0.0.1:$site_port$2" || die "$2 did not answer 200"
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency "http://127.0.0.1:$site_port$2" >"$out"
    local rps p50 p99 non2xx errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$out")
    p50=$(ms "$(awk '$1 == "50%" {print $2}' "$out")")
    p99=$(ms "$(awk '$1 == "99%" {print $2}' "$out")")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$out")
    errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
    load_rows+=("| $1 | \`$2\` | $rps | $p50 | $p99 | ${non2xx:-0} | ${errors:-0} |")
    [[ ${non2xx:-0} == 0 && ${errors:-0} == 0 ]] || failed=1
}

run_load() {
    local label
    for label in on off; do
        stop_site
        export MarketShock__OutputCache__Enabled=$([[ $label == on ]] && echo true || echo false)
        start_site
        read_targets
        local path
        for path in "${targets[@]}"; do
            say "wrk, cache $label: $path"
            measure "$label" "$path"
        done
    done
    echo
    echo "wrk -t2 -c$connections -d${seconds}s, real data, Production"
    echo
    echo "| cache | page | requests/s | p50 ms | p99 ms | non-2xx | socket errors |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${load_rows[@]}"
}

now_ms() { date +%s%3N; }

# 1. PostgreSQL restarted under load: when did the errors fall, against the outage?
fault_restart_under_load() {
    stop_site
    export MarketShock__OutputCache__Enabled=false
    start_site
    local probe=$work/logs/probe.txt
    : >"$probe"
    wrk -t2 -c16 -d30s --timeout 10s "http://127.0.0.1:$site_port/api/shocks?sort=loss&limit=50" >"$work/logs/wrk-restart.txt" &
    local load=$!
    # Each probe as its start, its end and its status: a request that began before the restart and failed in it failed
    # because of the outage, which its interval shows (a slow machine keeps requests in flight for a while).
    (while kill -0 "$load" 2>/dev/null; do
        local start status
        start=$(now_ms)
        status=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$site_port/shocks")
        echo "$start $(now_ms) $status" >>"$probe"
        sleep 0.05
    done) &
    local prober=$!
    sleep 10
    local down up
    down=$(now_ms)
    as_pg "$PG_BIN/pg_ctl" restart -w -m fast -D "$work/pg/data" -l "$work/pg/server.log" >/dev/null
    up=$(now_ms)
    wait "$load" "$prober"
    local first_error last_error errors total
    # The first error's end and the last error's start, against the outage.
    read -r first_error last_error errors total < <(awk '$3 != 200 { if (!f) f = $2; l = $1; n++ } END { print (f ? f : 0), (l ? l : 0), n + 0, NR }' "$probe")
    local back="no error"
    ((errors == 0)) || back="began $(awk -v a="$last_error" -v b="$up" 'BEGIN { printf "%+.2f", (a - b) / 1000 }') s from the end of the restart"
    local ok=1
    ((errors == 0 || (first_error >= down && last_error <= up + 5000))) && ok=0
    ((ok == 0)) || failed=1
    echo
    echo "| fault | outcome |"
    echo "|---|---|"
    echo "| PostgreSQL restarted (-m fast) under load, the restart $(awk -v a="$down" -v b="$up" 'BEGIN { printf "%.2f", (b - a) / 1000 }') s | probe: $errors of $total requests not 200; the last $back; $( ((ok == 0)) && echo "errors only during the outage: PASS" || echo "errors outside the outage or more than 5 s after it: FAIL") |"
}

# 2 and 3. A large import interrupted (RESTART or KILL), then run again.
fault_import() { # restart|kill
    local db=marketshock_import_$1 file=$work/big/prices.csv
    psql_in postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    local connection="Host=127.0.0.1;Port=$PGPORT;Username=$DB_USER;Database=$db;Command Timeout=0"
    ConnectionStrings__MarketShock=$connection dotnet "$app_dir/MarketShock.Web.dll" import "$work/big/companies.csv" >/dev/null 2>&1
    local before
    before=$(psql_in "$db" -tAc "SELECT count(*) FROM daily_prices")
    ConnectionStrings__MarketShock=$connection dotnet "$app_dir/MarketShock.Web.dll" import "$file" >"$work/logs/import-$1.out" 2>&1 &
    local importer=$!
    sleep 8
    if [[ $1 == restart ]]; then
        as_pg "$PG_BIN/pg_ctl" restart -w -m fast -D "$work/pg/data" -l "$work/pg/server.log" >/dev/null
    else
        pkill -KILL -P "$importer" 2>/dev/null || true
        kill -KILL "$importer" 2>/dev/null || true
    fi
    local status=0
    wait "$importer" || status=$?
    local after_fault logs
    after_fault=$(psql_in "$db" -tAc "SELECT count(*) FROM daily_prices")
    logs=$(psql_in "$db" -tAc "SELECT count(*) FROM import_logs WHERE status = 'Imported' AND file_name LIKE '%prices.csv'")
    ConnectionStrings__MarketShock=$connection dotnet "$app_dir/MarketShock.Web.dll" import "$file" >"$work/logs/import-$1-again.out" 2>&1 ||
        { failed=1; echo "| import, $1 | the re-run failed: $(tail -n 3 "$work/logs/import-$1-again.out" | tr '\n' ' ') |"; return; }
    local after_rerun expected
    after_rerun=$(psql_in "$db" -tAc "SELECT count(*) FROM daily_prices")
    expected=$(($(wc -l <"$file") - 1))
    # All of the file or none of it: none, or (the retrying strategy having run the import again over a restart) all,
    # logged once; and then the re-run holds every row.
    local verdict=PASS
    [[ ($after_fault == "$before" && $logs == 0) || ($status == 0 && $after_fault == "$expected" && $logs == 1) ]] || { verdict=FAIL; failed=1; }
    [[ $after_rerun == "$expected" ]] || { verdict=FAIL; failed=1; }
    local said
    said=$(tail -n 1 "$work/logs/import-$1.out" | cut -c1-160)
    echo "| large import ($expected rows), $( [[ $1 == restart ]] && echo "PostgreSQL restarted" || echo "the importer SIGKILLed") 8 s in | exit $status (\"${said:-nothing}\"); price rows $before before, $after_fault after, logged as imported $logs time(s); after the re-run $after_rerun of $expected: $verdict |"
}

main() {
    parse_args "$@"
    check_prerequisites
    install_traps
    trap 'stop_site; cleanup' EXIT
    make_workdir
    build_app
    start_postgres
    migrate
    import_real_data
    run_load
    if ((faults)); then
        say "generating the large price file"
        python3 "$repo/bench/generate" --size 1m "$work/big" >"$work/logs/generate.log" 2>&1 || die "bench/generate failed"
        fault_restart_under_load
        stop_site
        fault_import restart
        fault_import kill
    fi
    echo
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); PostgreSQL defaults"
    ((failed == 0)) || die "a proof failed (above)"
}

main "$@"
