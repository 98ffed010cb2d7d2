#!/usr/bin/env bash
# Recomputation benchmark for MarketShock, run by hand (not in CI).
#
# On the real data (companies, shares, splits and the Yahoo price files of shared/data) and a throwaway
# PostgreSQL 15 started just for this run, it measures what keeping daily_moves and market_days up to date
# costs: the import of every price file but its last row; then the daily case, one long-form file with
# the held-back last day of every company, timed as a whole and by the app's own log line for its
# recomputation; then `recompute` of everything, R times. It checks that the figures left by the
# incremental recomputation are exactly those of a full one (md5 of every row of both tables), and after
# every later run too. Exits non-zero when they differ or something broke (build, server, an import
# rejected, a row count wrong).
#
# Usage: bench/recompute.sh [options]
#   --data DIR    the data: DIR/companies.csv, DIR/shares/, DIR/splits/ and DIR/prices/*.csv (Yahoo layout
#                 `Date,Open,High,Low,Close,Adj Close,Volume`, ticker from the file name);
#                 default: shared/data beside the repository
#   --runs R      full recomputations to time (default 3)
#   --rev REV     build the app from git revision REV (e.g. HEAD) instead of the working tree
#   --app DIR     use an already published app in DIR instead of building one
#   --keep        keep the temporary folder (data, logs; the server is still stopped)
# Environment:
#   BENCH_PG_OPTIONS          extra server options, e.g. "-c log_min_duration_statement=500"
#   BENCH_CONNECTION_OPTIONS  appended to the app's Npgsql connection string, e.g. "Command Timeout=0"
set -euo pipefail

bench_script=${BASH_SOURCE[0]}
# shellcheck source=bench/lib.sh
source "$(dirname "$bench_script")/lib.sh"

readonly YAHOO_HEADER='Date,Open,High,Low,Close,Adj Close,Volume'
readonly MOVES_DIGEST="SELECT md5(string_agg(m::text, '|' ORDER BY company_id, date)) FROM daily_moves m"
readonly MARKET_DIGEST="SELECT md5(string_agg(d::text, '|' ORDER BY date, sector)) FROM market_days d"

data=
runs=3

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
    local need
    for need in companies.csv shares splits prices; do
        [[ -e $data/$need ]] || die "$data has no $need"
    done
    compgen -G "$data/prices/*.csv" >/dev/null || die "no .csv files in $data/prices"
}

# Writes each price file without its last row into $work/data/prices (same file names, so the same tickers)
# and those last rows into one long-form file, $work/data/last-day.csv. Prints what it did.
split_last_days() {
    mkdir -p "$work/data/prices"
    python3 - "$data/prices" "$work/data/prices" "$work/data/last-day.csv" "$YAHOO_HEADER" <<'PY'
import collections
import os
import sys

source, target, last_day, header = sys.argv[1:5]
held, kept = [], 0
for name in sorted(f for f in os.listdir(source) if f.lower().endswith(".csv")):
    with open(os.path.join(source, name), encoding="utf-8-sig", newline="") as f:
        lines = [line.rstrip("\r\n") for line in f]
    lines = [line for line in lines if line.strip()]
    if not lines or lines[0] != header:
        sys.exit(f"{name}: not a Yahoo price file (its header is not {header})")
    if len(lines) < 3:
        sys.exit(f"{name}: fewer than two rows of prices")
    with open(os.path.join(target, name), "w", newline="") as f:
        f.write("\n".join(lines[:-1]) + "\n")
    kept += len(lines) - 2
    held.append((os.path.splitext(name)[0], lines[-1]))
with open(last_day, "w", newline="") as f:
    f.write("Ticker," + header + "\n")
    f.writelines(f"{ticker},{row}\n" for ticker, row in held)
dates = collections.Counter(row.split(",", 1)[0] for _, row in held)
print(f"{len(held)} {kept} " + ", ".join(f"{d} x{n}" for d, n in sorted(dates.items(), reverse=True)))
PY
}

# Each measurement starts from the same state: vacuumed and analysed, as autovacuum leaves a database some
# time after a load (so that it does not start during the measurement), and checkpointed, so that the
# previous step's dirty pages are not written during it.
settle() {
    sql "VACUUM (ANALYZE)" >/dev/null
    sql "CHECKPOINT" >/dev/null
}

# sum_ms FILE: the sum of the "(NNN ms)" that end the import's summary lines.
sum_ms() { sed -n 's/.*(\([0-9][0-9]*\) ms)$/\1/p' "$1" | awk '{ s += $1 } END { print s + 0 }'; }

# recompute_lines FILE: "COMPANIES MS" for each "Recomputed the figures of ..." line of an import's log.
recompute_lines() {
    sed -n 's/.*Recomputed the figures of \([0-9][0-9]*\) companies for .* in \([0-9][0-9]*\) ms.*/\1 \2/p' "$1"
}

digest() { echo "$(sql "$MOVES_DIGEST") $(sql "$MARKET_DIGEST")"; }

# import_base: everything but the last day of each price file, into the new database, by one process. Not
# settled first: VACUUM of the empty tables would tell the planner that they are empty, which no real first
# import sees.
import_base() {
    local imported
    sql "CHECKPOINT" >/dev/null
    say "importing companies, shares, splits and $price_files price files without their last row"
    timed import-base dotnet "$app_dir/MarketShock.Web.dll" import \
        "$data/companies.csv" "$data/shares" "$data/splits" "$work/data/prices"
    expect_rows "daily_prices after the first import" "SELECT count(*) FROM daily_prices" "$base_rows"
    imported=$(grep -c ': imported: ' "$work/logs/import-base.out" || true)
    base_wall=$wall
    base_files=$imported
    base_app_ms=$(sum_ms "$work/logs/import-base.out")
    base_recompute_ms=$(recompute_lines "$work/logs/import-base.err" | awk '{ s += $2 } END { print s + 0 }')
}

# import_last_day: the held-back day of every company, one long-form file.
import_last_day() {
    local line
    settle
    say "importing the last day of $price_files companies (one long-form file)"
    timed import-day dotnet "$app_dir/MarketShock.Web.dll" import "$work/data/last-day.csv"
    expect_rows "daily_prices after the last day" "SELECT count(*) FROM daily_prices" "$((base_rows + price_files))"
    day_wall=$wall
    day_app_ms=$(sum_ms "$work/logs/import-day.out")
    line=$(recompute_lines "$work/logs/import-day.err")
    [[ -n $line && $line != *$'\n'* ]] ||
        die "expected one 'Recomputed the figures of ...' line from the last day's import, got: ${line:-none} (see logs/import-day.err)"
    read -r day_companies day_recompute_ms <<<"$line"
    ((day_companies == price_files)) ||
        echo "$bench_name: warning: the last day's import recomputed $day_companies companies, not $price_files" >&2
    moves_rows=$(sql "SELECT count(*) FROM daily_moves")
    market_rows=$(sql "SELECT count(*) FROM market_days")
    incremental_digest=$(digest)
}

# recompute NAME: one `recompute` run; sets recompute_s (the time it prints) and checks its row counts and
# digest against those the incremental recomputation left.
recompute() {
    local name=$1 line
    settle
    timed "$name" dotnet "$app_dir/MarketShock.Web.dll" recompute
    line=$(grep '^recompute: ' "$work/logs/$name.out" || true)
    [[ $line =~ ^recompute:\ ([0-9]+)\ company-days\ and\ ([0-9]+)\ market\ and\ sector\ days\ in\ ([0-9.]+)\ s$ ]] ||
        die "$name printed no time: ${line:-nothing} (see logs/$name.out)"
    recompute_s=${BASH_REMATCH[3]}
    ((BASH_REMATCH[1] == moves_rows && BASH_REMATCH[2] == market_rows)) ||
        die "$name left ${BASH_REMATCH[1]} company-days and ${BASH_REMATCH[2]} market days, the import $moves_rows and $market_rows"
    local now
    now=$(digest)
    [[ $now == "$incremental_digest" ]] || {
        echo "$bench_name: daily_moves and market_days after $name differ from those the incremental recomputation left" >&2
        printf '  %-24s %s\n' "md5 of" "daily_moves market_days" "incremental:" "$incremental_digest" "after $name:" "$now" >&2
        exit 1
    }
}

median() { tr ' ' '\n' <<<"$*" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

report() {
    echo
    echo "MarketShock recompute benchmark: $(nproc) CPUs, PostgreSQL $(sql 'SHOW server_version'), data $data"
    echo "  prices: $price_files files, $((base_rows + price_files)) rows; $base_rows imported first, the last row of each held back ($held_dates)"
    echo "  after the last day: $(sql 'SELECT count(*) FROM companies') companies" \
        "($(sql 'SELECT count(DISTINCT company_id) FROM daily_prices') with prices), $((base_rows + price_files)) daily_prices," \
        "$moves_rows daily_moves, $market_rows market_days"
    echo
    printf '%-52s %10s\n' "" "seconds"
    printf '%-52s %10s\n' "first import, wall ($base_files files, one process)" "$base_wall"
    printf '%-52s %10s\n' "  of which the files' own times (summed)" "$(awk -v m="$base_app_ms" 'BEGIN { printf "%.2f", m / 1000 }')"
    printf '%-52s %10s\n' "  of which recomputation (logged, summed)" "$(awk -v m="$base_recompute_ms" 'BEGIN { printf "%.2f", m / 1000 }')"
    printf '%-52s %10s\n' "last day of $price_files companies, wall (one process)" "$day_wall"
    printf '%-52s %10s\n' "  the file's own time (import summary)" "$(awk -v m="$day_app_ms" 'BEGIN { printf "%.3f", m / 1000 }')"
    printf '%-52s %10s\n' "  recomputation of $day_companies companies (logged)" "$(awk -v m="$day_recompute_ms" 'BEGIN { printf "%.3f", m / 1000 }')"
    printf '%-52s %10s\n' "full recompute, check run (printed)" "$check_s"
    printf '%-52s %10s\n' "full recompute, median of $runs runs (printed)" "$(median "${recompute_times[@]}")"
    printf '  runs: %s\n' "${recompute_times[*]}"
    echo
    echo "incremental = full recomputation: daily_moves md5 ${incremental_digest% *}, market_days md5 ${incremental_digest#* }: SAME"
}

main() {
    parse_args "$@"
    check_prerequisites
    install_traps
    make_workdir

    say "holding back the last row of each price file in $data/prices"
    local split
    split=$(split_last_days) || die "cannot split the price files (message above)"
    read -r price_files base_rows held_dates <<<"$split"
    build_app
    start_postgres
    migrate

    import_base
    import_last_day
    say "checking the incremental figures against a full recomputation"
    recompute recompute-check
    check_s=$recompute_s
    recompute_times=()
    local i
    for ((i = 1; i <= runs; i++)); do
        say "full recomputation $i of $runs"
        recompute "recompute-$i"
        recompute_times+=("$recompute_s")
    done
    report
}

main "$@"
