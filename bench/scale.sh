#!/usr/bin/env bash
# Scale benchmark for MarketShock (issue 10), run by hand (not in CI).
#
# On a synthetic market from bench/generate (1, 10 or 30 million price rows) and a throwaway PostgreSQL 15
# started just for this run, it measures: the import of companies, shares, splits and prices (wall time,
# rows/s, peak RSS) against a plain `psql \copy` of the same prices.csv; a full `recompute`; the daily
# update (next-day.csv, one new day for every ticker: wall time, the app's logged recomputation time, and
# the rows it wrote to daily_prices, which carries the figures, and market_days, from pg_stat_user_tables); the database's size; and,
# with the site running in Production on a loopback port, requests/s and p50/p99 latency under wrk for the
# home page, the leaderboard, the worst shock's permalink, company and market day, /api/shocks with filters and sorts and
# /api/compare. The app caches none of these responses; each is requested once before wrk runs. It prints
# one markdown table and the machine's facts. Exits non-zero when something broke (build, server, an
# import rejected, a row count wrong, a page not answering 200).
#
# Usage: bench/scale.sh [options]
#   --size 1m|10m|30m     the generated market: 400 tickers x 10 years (1m, the default), 4,000 x 10 y, 5,000 x 24 y
#   --tickers N --years Y another size (both or neither)
#   --data DIR            use a folder bench/generate wrote instead of generating one (into the temporary folder)
#   --wrk-seconds S       duration of each wrk run (default 30)
#   --connections C       wrk connections (default 64; 2 threads; a request slower than 10 s counts as a timeout)
#   --single-seconds S    duration of a second wrk run per page on one connection, the latency of a request that
#                         waits for no other (default 10)
#   --out FILE            also write the results (the table and the machine's facts) to FILE
#   --rev REV             build the app from git revision REV (e.g. HEAD) instead of the working tree
#   --app DIR             use an already published app in DIR instead of building one
#   --keep                keep the temporary folder (data, logs; the servers are still stopped)
# Requires wrk (apt-get install -y wrk) and curl besides what every benchmark here needs.
# Environment:
#   BENCH_PG_OPTIONS          extra server options, e.g. "-c log_min_duration_statement=500"
#   BENCH_CONNECTION_OPTIONS  appended to the app's Npgsql connection string, e.g. "Command Timeout=0"
set -euo pipefail

bench_script=${BASH_SOURCE[0]}
# shellcheck source=bench/lib.sh
source "$(dirname "$bench_script")/lib.sh"

readonly WRK_THREADS=2 WRK_TIMEOUT=10s
readonly FIGURE_TABLES="'daily_prices', 'market_days'"
readonly SETTINGS=(shared_buffers work_mem effective_cache_size max_connections jit synchronous_commit)

size=
tickers=
years=
data=
wrk_seconds=30
single_seconds=10
connections=64
out=
app_given=
results=()  # the markdown rows of the table, in order

parse_args() {
    while (($#)); do
        take_common_option "$@"
        if ((taken)); then shift "$taken"; continue; fi
        case $1 in
            --size) size=${2:?--size needs 1m, 10m or 30m}; shift 2 ;;
            --tickers) tickers=${2:?--tickers needs a number}; shift 2 ;;
            --years) years=${2:?--years needs a number}; shift 2 ;;
            --data) data=${2:?--data needs a folder}; shift 2 ;;
            --wrk-seconds) wrk_seconds=${2:?--wrk-seconds needs a number}; shift 2 ;;
            --connections) connections=${2:?--connections needs a number}; shift 2 ;;
            --single-seconds) single_seconds=${2:?--single-seconds needs a number}; shift 2 ;;
            --out) out=${2:?--out needs a file}; shift 2 ;;
            *) die "unknown argument $1 (see --help)" ;;
        esac
    done
    [[ -z $size || $size =~ ^(1m|10m|30m)$ ]] || die "--size must be 1m, 10m or 30m, not '$size'"
    [[ -z $tickers && -z $years ]] || [[ $tickers =~ ^[0-9]+$ && $years =~ ^[0-9]+$ ]] ||
        die "--tickers and --years go together, as whole numbers"
    [[ -z $size || -z $tickers ]] || die "give --size or --tickers and --years, not both"
    [[ -z $data || (-z $size && -z $tickers) ]] || die "--data is an already generated market: no --size or --tickers with it"
    local v
    for v in "$wrk_seconds" "$connections" "$single_seconds"; do
        [[ $v =~ ^[1-9][0-9]*$ ]] || die "'$v' is not a positive whole number"
    done
    if [[ -n $data ]]; then
        [[ -d $data ]] || die "no data folder $data"
        data=$(cd "$data" && pwd)
        local need
        for need in companies.csv shares.csv splits.csv prices.csv next-day.csv; do
            [[ -f $data/$need ]] || die "$data has no $need (write one with bench/generate)"
        done
    fi
    if [[ -n $out ]]; then : >"$out" || die "cannot write $out"; out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out"); fi
    command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
    command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"
}

generate() {
    local args=()
    if [[ -n $tickers ]]; then args=(--tickers "$tickers" --years "$years"); else args=(--size "${size:-1m}"); fi
    data=$work/data
    say "generating the market (bench/generate ${args[*]})"
    "$repo/bench/generate" "${args[@]}" "$data" >"$work/logs/generate.out" || die "bench/generate failed"
    cat "$work/logs/generate.out" >&2
}

row() { results+=("| $1 | $2 |"); }
seconds() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
lines_of() { echo $(($(wc -l <"$1") - 1)); }  # a CSV file's rows, without its header

# Like recompute.sh: each measurement after the first import starts vacuumed, analysed and checkpointed.
settle() {
    sql "VACUUM (ANALYZE)" >/dev/null
    sql "CHECKPOINT" >/dev/null
}

# recompute_ms FILE: the sum of the import's "Recomputed the figures of N companies for F in X ms" lines.
recompute_ms() {
    sed -n 's/.*Recomputed the figures of [0-9]* companies for .* in \([0-9][0-9]*\) ms.*/\1/p' "$1" | awk '{ s += $1 } END { print s + 0 }'
}

# loaded_ms FILE: a first load's "Loaded F directly, N companies with their figures; indexes and market days in X ms" (the
# figures are computed as the file is read; this is what follows the rows: the indexes, statistics and market days).
loaded_ms() {
    sed -n 's/.*Loaded .* directly, [0-9]* companies with their figures; indexes and market days in \([0-9][0-9]*\) ms.*/\1/p' "$1" | awk '{ s += $1 } END { print s + 0 }'
}

# file_ms FILE: the sum of the "(NNN ms)" that end the import's summary lines.
file_ms() { sed -n 's/.*(\([0-9][0-9]*\) ms)$/\1/p' "$1" | awk '{ s += $1 } END { print s + 0 }'; }

# 1. The first import: the small files, then prices.csv (not settled first, as recompute.sh explains: a
# VACUUM of empty tables would tell the planner that they are empty), then COPY of the same rows.
measure_import() {
    local price_rows recompute
    price_rows=$(lines_of "$data/prices.csv")
    sql "CHECKPOINT" >/dev/null
    say "importing companies.csv, shares.csv and splits.csv"
    # A small market may have no split: the importer refuses a file with a header and no rows.
    local meta=("$data/companies.csv" "$data/shares.csv")
    (($(lines_of "$data/splits.csv") > 0)) && meta+=("$data/splits.csv")
    timed import-meta dotnet "$app_dir/MarketShock.Web.dll" import "${meta[@]}"
    row "import of companies, shares, splits ($(lines_of "$data/companies.csv"), $(lines_of "$data/shares.csv"), $(lines_of "$data/splits.csv") rows): wall s" "$wall"
    sql "CHECKPOINT" >/dev/null
    say "importing prices.csv ($price_rows rows)"
    timed import-prices dotnet "$app_dir/MarketShock.Web.dll" import "$data/prices.csv"
    expect_rows "daily_prices after the import" "SELECT count(*) FROM daily_prices" "$price_rows"
    import_wall=$wall
    recompute=$(seconds "$(recompute_ms "$work/logs/import-prices.err")")
    row "import of prices.csv ($price_rows rows): wall s" "$wall"
    row "… rows/s" "$(per_second "$price_rows" "$wall")"
    row "… of which recomputation of the figures (logged; none when the file is loaded directly) s" "$recompute"
    row "… of which, loaded directly, the indexes, statistics and market days after the rows (logged) s" "$(seconds "$(loaded_ms "$work/logs/import-prices.err")")"
    row "… peak RSS MB" "$rss_mb"

    sql "CREATE TABLE bench_prices (ticker text, date date, open numeric(19,6), high numeric(19,6), low numeric(19,6),
        close numeric(19,6), adjusted_close numeric(19,6), volume bigint, PRIMARY KEY (ticker, date))" >/dev/null
    sql "CHECKPOINT" >/dev/null
    echo "\\copy bench_prices FROM '$data/prices.csv' WITH (FORMAT csv, HEADER true)" >"$work/copy.sql"
    say "copying the same rows with psql \\copy"
    timed copy psql -X -q -v ON_ERROR_STOP=1 -d "$DB_NAME" -f "$work/copy.sql"
    expect_rows "bench_prices after COPY" "SELECT count(*) FROM bench_prices" "$price_rows"
    sql "DROP TABLE bench_prices" >/dev/null
    row "psql \\copy of prices.csv into a keyed table: wall s" "$wall"
    row "… rows/s" "$(per_second "$price_rows" "$wall")"
    row "import / COPY" "$(ratio "$import_wall" "$wall")"
    if ((${recompute%.*} > 0)); then
        row "… without the recomputation (on a staged first load it also inserts the price rows)" "$(ratio "$(awk -v a="$import_wall" -v r="$recompute" 'BEGIN { print a - r }')" "$wall")"
    fi
}

# 2. recompute of everything.
measure_recompute() {
    local line
    settle
    say "recomputing every figure"
    timed recompute dotnet "$app_dir/MarketShock.Web.dll" recompute
    line=$(grep '^recompute: ' "$work/logs/recompute.out" || true)
    [[ $line =~ ^recompute:\ ([0-9]+)\ company-days\ and\ ([0-9]+)\ market\ and\ sector\ days\ in\ ([0-9.]+)\ s$ ]] ||
        die "recompute printed no time: ${line:-nothing} (see logs/recompute.out)"
    row "full recompute (${BASH_REMATCH[1]} company-days, ${BASH_REMATCH[2]} market and sector days): wall s" "$wall"
    row "… its own time (printed) s" "${BASH_REMATCH[3]}"
}

# The rows inserted, updated and deleted in daily_prices (which carries the figures) and market_days so far, as "INS UPD DEL" each. A
# session's counts reach the shared statistics when it ends, and each psql is a new session and snapshot.
figure_writes() {
    sql "SELECT string_agg(concat_ws(' ', n_tup_ins, n_tup_upd, n_tup_del), ' ' ORDER BY relname)
         FROM pg_stat_user_tables WHERE relname IN ($FIGURE_TABLES)"
}

# 3. The daily update: one new day for every ticker.
measure_daily_update() {
    local before after new_rows prices_before
    settle
    prices_before=$(sql "SELECT count(*) FROM daily_prices")
    new_rows=$(lines_of "$data/next-day.csv")
    before=$(figure_writes)
    say "importing next-day.csv ($new_rows rows, one day for every ticker)"
    timed import-day dotnet "$app_dir/MarketShock.Web.dll" import "$data/next-day.csv"
    expect_rows "daily_prices after next-day.csv" "SELECT count(*) FROM daily_prices" "$((prices_before + new_rows))"
    sleep 1  # the statistics of a session that just ended
    after=$(figure_writes)
    row "daily update, next-day.csv ($new_rows rows): wall s" "$wall"
    row "… the file's own time (import summary) s" "$(seconds "$(file_ms "$work/logs/import-day.out")")"
    row "… recomputation of the figures (logged) s" "$(seconds "$(recompute_ms "$work/logs/import-day.err")")"
    # "prices: ins upd del, market: ins upd del" (tables in name order: daily_prices, market_days). A new day's price row
    # is inserted by the merge and its figures written by the recomputation: one insert and one update per row.
    read -r mi mu md ki ku kd <<<"$before"
    read -r mi2 mu2 md2 ki2 ku2 kd2 <<<"$after"
    row "… daily_prices rows written (inserted + updated + deleted)" \
        "$(((mi2 - mi) + (mu2 - mu) + (md2 - md))) ($((mi2 - mi)) + $((mu2 - mu)) + $((md2 - md)))"
    row "… market_days rows written (inserted + updated + deleted)" \
        "$(((ki2 - ki) + (ku2 - ku) + (kd2 - kd))) ($((ki2 - ki)) + $((ku2 - ku)) + $((kd2 - kd)))"
}

# 4. Sizes, after the daily update and a vacuum.
measure_sizes() {
    local table
    settle
    row "database size MB" "$(sql "SELECT round(pg_database_size(current_database()) / 1048576.0)")"
    for table in daily_prices market_days; do
        row "$table: rows; table + indexes MB" "$(sql "SELECT (SELECT count(*) FROM $table) || '; ' ||
            round(pg_table_size('$table') / 1048576.0) || ' + ' || round(pg_indexes_size('$table') / 1048576.0) ||
            ' = ' || round(pg_total_relation_size('$table') / 1048576.0)")"
    done
}

# The pages to measure, from the worst shocks: sets `pages`.
choose_pages() {
    local worst
    curl -fs "http://127.0.0.1:$site_port/api/shocks?limit=3" >"$work/worst.json" || die "/api/shocks?limit=3 failed"
    worst=$(python3 - "$work/worst.json" <<'PY'
import json, sys, urllib.parse
items = json.load(open(sys.argv[1]))["items"]
if len(items) < 3:
    sys.exit("fewer than three shocks")
first = items[0]
print(urllib.parse.urlsplit(first["permalink"]).path, first["ticker"], first["date"],
      ",".join(f"{i['ticker']}:{i['date']}" for i in items))
PY
    ) || die "cannot read the worst shocks from /api/shocks (see $work/worst.json)"
    local permalink ticker date events year
    read -r permalink ticker date events <<<"$worst"
    year=${date%%-*}
    pages=(
        /
        /shocks
        "$permalink"
        "/companies/$ticker"
        "/days/$date"
        "/api/shocks?sort=sigma&limit=50"
        "/api/shocks?sort=loss&minLossUsd=1e9&limit=50"
        "/api/shocks?sort=change&from=$year-01-01&to=$year-12-31&limit=50"
        "/api/compare?events=$events"
    )
}

# measure_page PATH: once with curl (it must answer 200), then wrk; adds a row to wrk_rows.
measure_page() {
    local page=$1 url status first log
    url="http://127.0.0.1:$site_port$page"
    read -r status first <<<"$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$url")"
    [[ $status == 200 ]] || die "$page answered $status"
    log=$work/logs/wrk-$((${#wrk_rows[@]} + 1)).txt
    say "wrk on $page ($wrk_seconds s, $connections connections)"
    wrk -t"$WRK_THREADS" -c"$connections" -d"${wrk_seconds}s" --timeout "$WRK_TIMEOUT" --latency "$url" >"$log" 2>&1 ||
        { cat "$log" >&2; die "wrk failed on $page"; }
    local rps p50 p99 requests non2xx errors
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$log")
    p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$log")")
    p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$log")")
    requests=$(awk '/requests in/ { print $1 }' "$log")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$log")
    # wrk prints zero latencies when no request completed within the run (those in flight at its end are
    # dropped, not counted as timeouts): say so rather than report 0 ms.
    if [[ ${requests:-0} == 0 ]]; then p50="none completed"; p99="none completed"; fi
    errors=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\4 (connect \1, read \2, write \3)/p' "$log")
    local single=$work/logs/wrk-$((${#wrk_rows[@]} + 1))-single.txt single_p50 single_p99
    say "wrk on $page ($single_seconds s, 1 connection)"
    wrk -t1 -c1 -d"${single_seconds}s" --timeout "$WRK_TIMEOUT" --latency "$url" >"$single" 2>&1 ||
        { cat "$single" >&2; die "wrk failed on $page"; }
    single_p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$single")")
    single_p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$single")")
    wrk_rows+=("| \`$page\` | $(awk -v s="$first" 'BEGIN { printf "%.1f", s * 1000 }') | ${rps:-?} | $p50 | $p99 | ${requests:-?} | ${non2xx:-0} | ${errors:-0} | $single_p50 / $single_p99 |")
}

report() {
    local setting
    echo "## MarketShock scale benchmark"
    echo
    echo "$(date -u +%Y-%m-%d), commit $(git -C "$repo" rev-parse --short HEAD)${rev:+ (built from $rev)}${app_given:+ (app given with --app)};" \
        "$(cat "$work/logs/generate.out" 2>/dev/null || echo "data $data (given with --data)")"
    echo
    echo "| measurement | value |"
    echo "|---|---:|"
    printf '%s\n' "${results[@]}"
    echo
    echo "wrk: $WRK_THREADS threads, $connections connections, $wrk_seconds s per page, timeout $WRK_TIMEOUT; the site in Production on a loopback port; first = one curl request before wrk; then $single_seconds s of wrk on 1 connection."
    echo
    echo "| page | first ms | requests/s | p50 ms | p99 ms | requests | non-2xx/3xx | timeouts (socket errors) | 1 connection: p50 / p99 ms |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${wrk_rows[@]}"
    echo
    echo "Machine: $(nproc) CPUs; memory (free -g): $(free -g | awk '/^Mem:/ { print $2 " GB total, " $7 " GB available" }');" \
        "PostgreSQL $(sql 'SHOW server_version') (server defaults${BENCH_PG_OPTIONS:+ plus $BENCH_PG_OPTIONS}):" \
        "$(for setting in "${SETTINGS[@]}"; do printf '%s=%s ' "$setting" "$(sql "SHOW $setting")"; done)"
}

main() {
    parse_args "$@"
    app_given=$app_dir
    check_prerequisites
    install_traps
    trap 'stop_site; cleanup' EXIT
    make_workdir
    [[ -n $data ]] || generate
    build_app
    start_postgres
    migrate

    measure_import
    measure_recompute
    measure_daily_update
    measure_sizes

    settle
    start_site
    choose_pages
    wrk_rows=()
    local page
    for page in "${pages[@]}"; do measure_page "$page"; done

    echo
    if [[ -n $out ]]; then report | tee "$out"; else report; fi
}

main "$@"
