#!/usr/bin/env bash
# Share-card benchmark for MarketShock, run by hand (not in CI).
#
# On the real data (companies, shares, splits, prices and event labels of shared/data) and a throwaway PostgreSQL 15
# started just for this run, it serves the published app on a free loopback port and times, per card, with
# curl from the same machine: the first request (the query and the drawing), the second (the query and the
# cached PNG) and a conditional request with the ETag (the query and a 304, no body). The first request is
# made once per card (one drawing); the cached and conditional ones R times each, and their medians are
# printed. Exits non-zero when something broke (build, server, an import rejected, a card not a PNG of
# 1200×630, no 304).
#
# Usage: bench/cards.sh [options]
#   --data DIR    the data: DIR/companies.csv, DIR/shares/, DIR/splits/, DIR/prices/*.csv and DIR/events.csv;
#                 default: shared/data beside the repository
#   --runs R      cached and conditional requests to time per card (default 20)
#   --rev REV     build the app from git revision REV (e.g. HEAD) instead of the working tree
#   --app DIR     use an already published app in DIR instead of building one
#   --keep        keep the temporary folder (data, logs; the servers are still stopped)
# Environment:
#   BENCH_PG_OPTIONS          extra server options, e.g. "-c log_min_duration_statement=500"
#   BENCH_CONNECTION_OPTIONS  appended to the app's Npgsql connection string, e.g. "Command Timeout=0"
set -euo pipefail

bench_script=${BASH_SOURCE[0]}
# shellcheck source=bench/lib.sh
source "$(dirname "$bench_script")/lib.sh"

readonly CARDS=(
    /companies/NVDA/2025-01-27/card.png
    /companies/TSLA/2025-03-10/card.png
    /companies/NVDA/2024-09-03/card.png
    /days/2025-01-27/card.png
    /days/2020-03-16/card.png
    '/compare/card.png?events=NVDA:2025-01-27,MSFT:2026-01-29,AAPL:2025-04-03'
    '/compare/card.png?events=NVDA:2025-01-27,MSFT:2026-01-29,AAPL:2025-04-03,AVGO:2026-06-04,NVDA:2024-09-03,GOOG:2026-07-23,NVDA:2025-03-03,AAPL:2026-07-31'
)

data=
runs=20

parse_args() {
    while (($#)); do
        take_common_option "$@"
        if ((taken)); then shift "$taken"; continue; fi
        case $1 in
            --data) data=${2:?--data needs a folder}; shift 2 ;;
            --runs) runs=${2:?--runs needs a number}; shift 2 ;;
            *) die "unknown argument $1 (see --help)" ;;
        esac
    done
    if [[ ! $runs =~ ^[0-9]+$ ]] || ((runs == 0)); then die "--runs must be a positive whole number, not '$runs'"; fi
    data=${data:-$(dirname "$repo")/shared/data}
    [[ -d $data ]] || die "no data folder $data (give one with --data)"
    data=$(cd "$data" && pwd)
    command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"
}

# fetch PATH [ETAG]: prints "STATUS SECONDS" and leaves the body in $work/card.png, the headers in $work/headers.
fetch() {
    local args=(-s -o "$work/card.png" -D "$work/headers" -w '%{http_code} %{time_total}')
    [[ -n ${2:-} ]] && args+=(-H "If-None-Match: $2")
    curl "${args[@]}" "http://127.0.0.1:$site_port$1"
}

# The compare cards by their number of events, so that the table stays narrow.
label() { if [[ $1 == /compare/* ]]; then echo "/compare/card.png ($(tr -cd , <<<"$1" | wc -c | awk '{ print $1 + 1 }') events)"; else echo "$1"; fi; }

median() { tr ' ' '\n' <<<"$*" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", 1000 * (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

measure() {
    local card=$1 status seconds etag size cached=() conditional=() i
    read -r status seconds <<<"$(fetch "$card")"
    [[ $status == 200 ]] || die "$card answered $status"
    python3 - "$work/card.png" <<'PY' || die "$card is not a 1200×630 PNG"
import struct, sys
b = open(sys.argv[1], "rb").read()
sys.exit(0 if b[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", b[16:24]) == (1200, 630) else 1)
PY
    first=$seconds
    size=$(stat -c %s "$work/card.png")
    etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\([^\r]*\).*/\1/p' "$work/headers")
    for ((i = 0; i < runs; i++)); do
        read -r status seconds <<<"$(fetch "$card")"
        [[ $status == 200 ]] || die "$card answered $status the second time"
        cached+=("$seconds")
        read -r status seconds <<<"$(fetch "$card" "$etag")"
        [[ $status == 304 ]] || die "$card answered $status to If-None-Match: $etag"
        conditional+=("$seconds")
    done
    printf '%-40s %9s %12s %12s %9s\n' "$(label "$card")" "$(awk -v s="$first" 'BEGIN { printf "%.1f", s * 1000 }')" \
        "$(median "${cached[@]}")" "$(median "${conditional[@]}")" "$((size / 1024))"
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
    say "importing $data"
    timed import dotnet "$app_dir/MarketShock.Web.dll" import "$data/companies.csv" "$data/shares" "$data/splits" "$data/prices" "$data/events.csv"
    start_site
    # One page first, so that the first card's time is its own and not the site's first request.
    curl -fs -o /dev/null "http://127.0.0.1:$site_port/companies/AAPL/2025-01-02" || die "the site's first page failed"
    echo
    echo "MarketShock card benchmark: $(nproc) CPUs, PostgreSQL $(sql 'SHOW server_version'), data $data, $runs runs"
    printf '%-40s %9s %12s %12s %9s\n' "card" "first ms" "cached ms" "304 ms" "PNG KB"
    local card
    for card in "${CARDS[@]}"; do measure "$card"; done
}

main "$@"
