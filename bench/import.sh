#!/usr/bin/env bash
# Import benchmark for MarketShock, run by hand (not in CI).
#
# Measures `MarketShock.Web import` end to end against a plain `psql \copy` of the same rows into a table
# with the same columns and primary key, on a throwaway PostgreSQL 15 started just for this run, and
# compares the importer's peak memory at two sizes. Targets: import ≤ 2.5 × COPY at N rows, and peak RSS
# at N within 20% of that at the smaller N. It prints PASS/FAIL per target and exits 0 either way; it
# exits non-zero only when something broke (build, server, an import rejected, a row count wrong).
#
# Usage: bench/import.sh [options] [N [N_SMALL]]
#   N                      rows for the timing comparison (default 2000000)
#   N_SMALL                rows for the memory comparison (default 200000)
#   --format long|yahoo    long: one file `Ticker,Date,Open,High,Low,Close,Adj Close,Volume` (default);
#                          yahoo: `Date,Open,High,Low,Close,Adj Close,Volume`, ticker from the file name —
#                          one BENCH.csv when N and N_SMALL weekdays fit between 1900-01-01 and 2024-12-31,
#                          otherwise one file per ticker (T0001.csv, ...) imported as a folder
#   --days-per-ticker D    rows per ticker in the long form and in split yahoo files (default 2500)
#   --seed S               random seed of the synthetic prices (default 42)
#   --rev REV              build the app from git revision REV (e.g. HEAD) instead of the working tree
#   --app DIR              use an already published app in DIR instead of building one
#   --keep                 keep the temporary folder (data, logs; the server is still stopped)
# Environment:
#   BENCH_PG_OPTIONS          extra server options, e.g. "-c log_min_duration_statement=500"
#   BENCH_CONNECTION_OPTIONS  appended to the app's Npgsql connection string, e.g. "Command Timeout=0"
set -euo pipefail

bench_script=${BASH_SOURCE[0]}
# shellcheck source=bench/lib.sh
source "$(dirname "$bench_script")/lib.sh"

readonly IMPORT_TARGET=2.5   # import wall time / COPY wall time, at most
readonly RSS_TARGET=1.2      # peak RSS at N / peak RSS at N_SMALL, at most (less memory at N is no problem)

format=long
days_per_ticker=2500
seed=42
n=2000000
n_small=200000

parse_args() {
    local positional=()
    while (($#)); do
        take_common_option "$@"
        if ((taken)); then shift "$taken"; continue; fi
        case $1 in
            --format) format=${2:?--format needs long or yahoo}; shift 2 ;;
            --days-per-ticker) days_per_ticker=${2:?--days-per-ticker needs a number}; shift 2 ;;
            --seed) seed=${2:?--seed needs a number}; shift 2 ;;
            -*) die "unknown option $1 (see --help)" ;;
            *) positional+=("$1"); shift ;;
        esac
    done
    ((${#positional[@]} <= 2)) || die "at most two row counts (N and N_SMALL), got: ${positional[*]}"
    n=${positional[0]:-$n}
    n_small=${positional[1]:-$n_small}
    [[ $format == long || $format == yahoo ]] || die "--format must be long or yahoo, not '$format'"
    local v
    for v in "$n" "$n_small" "$days_per_ticker" "$seed"; do
        [[ $v =~ ^[0-9]+$ ]] || die "'$v' is not a whole number"
    done
    ((n > 0 && n_small > 0)) || die "row counts must be positive"
    # 9,000 weekdays from 1990-01-02 end in 2024, so no generated date is in the future.
    ((days_per_ticker > 0 && days_per_ticker <= 9000)) || die "--days-per-ticker must be 1..9000"
}

# generate_prices ROWS FOLDER: writes the synthetic prices, one long-form prices.csv or Yahoo files.
# Prices are a random walk per ticker from a fixed seed, so every run sees the same bytes. Yahoo data is
# split into files per ticker for both sizes when the larger does not fit one file, so that the memory
# comparison is between like layouts.
generate_prices() {
    local rows=$1 out=$2
    mkdir -p "$out"
    python3 - "$format" "$rows" "$out" "$days_per_ticker" "$seed" "$((n > n_small ? n : n_small))" <<'PY'
import datetime as dt
import math
import os
import random
import sys

fmt, rows, out, days_per_ticker, seed, most_rows = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
LONG_START = dt.date(1990, 1, 2)
# A fixed last date keeps runs repeatable; never after yesterday, as the importer rejects future dates.
YAHOO_END = min(dt.date(2024, 12, 31), dt.date.today() - dt.timedelta(days=1))
YAHOO_FLOOR = dt.date(1900, 1, 1)


def weekdays(start, count):
    day, one = start, dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += one
    for _ in range(count):
        yield day
        day += one
        while day.weekday() >= 5:
            day += one


def weekdays_back(end, count):
    """The first of `count` consecutive weekdays ending on or before `end`."""
    day, one, left = end, dt.timedelta(days=1), count
    while True:
        if day.weekday() < 5:
            left -= 1
            if left == 0:
                return day
        day -= one


def yahoo_capacity():
    span = (YAHOO_END - YAHOO_FLOOR).days + 1
    full, rest = divmod(span, 7)
    return full * 5 + sum(1 for i in range(rest) if (YAHOO_FLOOR + dt.timedelta(days=i)).weekday() < 5)


rng = random.Random(seed)
gauss, uniform = rng.gauss, rng.uniform


def price_lines(ticker_index, dates, prefix):
    """CSV lines for one ticker: a random walk with High >= max(Open, Close), 0 < Low <= min(Open, Close)."""
    price = math.exp(uniform(math.log(5), math.log(500)))
    base_volume = math.exp(uniform(math.log(1e5), math.log(5e7)))
    has_adjusted = ticker_index % 10 != 0  # some sources leave Adj Close empty: it must load as NULL
    dates = list(dates)
    lines = []
    for i, date in enumerate(dates):
        open_ = price * math.exp(gauss(0, 0.006))
        close = open_ * math.exp(gauss(0.0003, 0.018))
        # Keep the walk within sane bounds by reflecting it.
        if close < 0.05:
            close = 0.1 - close
        elif close > 50_000:
            close = 100_000 - close
        price = close
        decimals = 2 if min(open_, close) >= 1 else 4
        o, c = round(open_, decimals), round(close, decimals)
        h = round(max(open_, close) * (1 + abs(gauss(0, 0.008))), decimals)
        l = round(min(open_, close) * (1 - min(abs(gauss(0, 0.008)), 0.5)), decimals)
        h, l = max(h, o, c), min(l, o, c)
        unit = 10 ** -decimals
        if l <= 0:
            l = unit
        if o < l:
            o = l
        if c < l:
            c = l
        adjusted = f"{c * (0.6 + 0.4 * i / len(dates)):.4f}" if has_adjusted else ""
        volume = int(base_volume * math.exp(gauss(0, 0.5)))
        lines.append(f"{prefix}{date.isoformat()},{o:.{decimals}f},{h:.{decimals}f},{l:.{decimals}f},{c:.{decimals}f},{adjusted},{volume}\n")
    return lines


tickers = -(-rows // days_per_ticker)
width = max(4, len(str(tickers)))


def ticker_name(t):
    return f"T{t:0{width}d}"


def ticker_rows(t):
    return min(days_per_ticker, rows - (t - 1) * days_per_ticker)


header = "Date,Open,High,Low,Close,Adj Close,Volume\n"
if fmt == "long":
    with open(os.path.join(out, "prices.csv"), "w", newline="") as f:
        f.write("Ticker," + header)
        for t in range(1, tickers + 1):
            f.writelines(price_lines(t, weekdays(LONG_START, ticker_rows(t)), ticker_name(t) + ","))
    print(f"1 file, {tickers} tickers x up to {days_per_ticker} weekdays from {LONG_START}")
elif most_rows <= yahoo_capacity():
    start = weekdays_back(YAHOO_END, rows)
    with open(os.path.join(out, "BENCH.csv"), "w", newline="") as f:
        f.write(header)
        f.writelines(price_lines(1, weekdays(start, rows), ""))
    print(f"1 file BENCH.csv, {rows} weekdays {start}..{YAHOO_END}")
else:
    for t in range(1, tickers + 1):
        with open(os.path.join(out, ticker_name(t) + ".csv"), "w", newline="") as f:
            f.write(header)
            f.writelines(price_lines(t, weekdays(LONG_START, ticker_rows(t)), ""))
    print(f"{tickers} file(s) {ticker_name(1)}.csv..{ticker_name(tickers)}.csv, up to {days_per_ticker} weekdays from {LONG_START} "
          f"({most_rows} weekdays do not fit in one file after {YAHOO_FLOOR})")
PY
}

# Empty tables, and a checkpoint so that one run's dirty pages are not written during the next.
reset_database() {
    sql "TRUNCATE companies, daily_prices, market_days, import_logs RESTART IDENTITY CASCADE; DROP TABLE IF EXISTS bench_prices" >/dev/null
    sql "CHECKPOINT" >/dev/null
}

# measure_import LABEL ROWS FOLDER: imports the files in FOLDER into empty tables; sets import_wall and import_rss.
measure_import() {
    local label=$1 rows=$2 data=$3 target
    reset_database
    # One long-form file or one BENCH.csv is imported as a file; split Yahoo files as their folder.
    target=$(find "$data" -name '*.csv' | head -n 2 | wc -l)
    if ((target == 1)); then target=$(find "$data" -name '*.csv'); else target=$data; fi
    say "importing $rows rows"
    timed "import-$label" dotnet "$app_dir/MarketShock.Web.dll" import "$target"
    expect_rows "daily_prices after the import" "SELECT count(*) FROM daily_prices" "$rows"
    expect_rows "daily_moves after the import" "SELECT count(*) FROM daily_moves" "$rows"
    import_wall=$wall import_rss=$rss_mb
    # The recomputation of the derived figures, from the importer's log lines ("Recomputed ... in N ms").
    import_recompute=$(grep -oE 'Recomputed the figures of [0-9]+ companies for .* in [0-9]+ ms' "$work/logs/import-$label.err" |
        awk '{ ms += $(NF - 1) } END { printf "%.2f", ms / 1000 }')
}

# Sets copy_wall: the wall time of one psql process that \copy-ies the same files into a table with the
# importer's columns and primary key. Yahoo files have no ticker column, so it comes from the column default.
measure_copy() {
    local rows=$1 data=$2 script=$work/copy.sql file ticker
    reset_database
    sql "CREATE TABLE bench_prices (ticker text, date date, open numeric(19,6), high numeric(19,6), low numeric(19,6),
        close numeric(19,6), adjusted_close numeric(19,6), volume bigint, PRIMARY KEY (ticker, date))" >/dev/null
    : >"$script"
    if [[ $format == long ]]; then
        echo "\\copy bench_prices FROM '$data/prices.csv' WITH (FORMAT csv, HEADER true)" >>"$script"
    else
        while IFS= read -r file; do
            ticker=$(basename "$file" .csv)
            echo "ALTER TABLE bench_prices ALTER COLUMN ticker SET DEFAULT '$ticker';" >>"$script"
            echo "\\copy bench_prices (date, open, high, low, close, adjusted_close, volume) FROM '$file' WITH (FORMAT csv, HEADER true)" >>"$script"
        done < <(find "$data" -name '*.csv' | sort)
    fi
    say "copying $rows rows with psql \\copy"
    timed copy psql -X -q -v ON_ERROR_STOP=1 -d "$DB_NAME" -f "$script"
    expect_rows "bench_prices after COPY" "SELECT count(*) FROM bench_prices" "$rows"
    copy_wall=$wall
}

verdict() {  # verdict VALUE TARGET: PASS when VALUE <= TARGET
    awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "PASS" : "FAIL") }'
}

# report WALL RSS COPY_WALL SMALL_WALL SMALL_RSS
report() {
    local wall=$1 rss=$2 copy=$3 small_wall=$4 small_rss=$5 recompute=$6 small_recompute=$7 ratio engine_ratio rss_ratio
    ratio=$(awk -v a="$wall" -v b="$copy" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    engine_ratio=$(awk -v a="$wall" -v r="$recompute" -v b="$copy" 'BEGIN { printf "%.2f", (b > 0 ? (a - r) / b : 0) }')
    rss_ratio=$(awk -v a="$rss" -v b="$small_rss" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    echo
    echo "MarketShock import benchmark: format $format, seed $seed, $(nproc) CPUs, PostgreSQL $(sql 'SHOW server_version')"
    echo "  N:       $layout"
    echo "  N_SMALL: $small_layout"
    printf '%-24s %12s %12s\n' "" "N" "N_SMALL"
    printf '%-24s %12s %12s\n' "rows" "$n" "$n_small"
    printf '%-24s %12s %12s\n' "import wall (s)" "$wall" "$small_wall"
    printf '%-24s %12s %12s\n' "  of which recomputation" "$recompute" "$small_recompute"
    printf '%-24s %12s %12s\n' "import peak RSS (MB)" "$rss" "$small_rss"
    printf '%-24s %12s\n' "psql \\copy wall (s)" "$copy"
    echo
    printf 'import / COPY at N:          %6s  (target <= %s)  %s\n' "$ratio" "$IMPORT_TARGET" "$(verdict "$ratio" "$IMPORT_TARGET")"
    # The same without the logged recomputation of the figures and market days, which COPY has no counterpart of (on a first
    # load the recomputation also inserts the price rows, with their figures).
    printf '  without recomputation:     %6s  (target <= %s)  %s\n' "$engine_ratio" "$IMPORT_TARGET" "$(verdict "$engine_ratio" "$IMPORT_TARGET")"
    printf 'peak RSS, N / N_SMALL:       %6s  (target <= %s)  %s\n' "$rss_ratio" "$RSS_TARGET" "$(verdict "$rss_ratio" "$RSS_TARGET")"
}

main() {
    parse_args "$@"
    check_prerequisites
    install_traps
    make_workdir

    say "generating $n and $n_small rows ($format)"
    layout=$(generate_prices "$n" "$work/data-n")
    small_layout=$(generate_prices "$n_small" "$work/data-small")
    build_app
    start_postgres
    migrate

    measure_import n "$n" "$work/data-n"
    local big_wall=$import_wall big_rss=$import_rss big_recompute=$import_recompute
    measure_copy "$n" "$work/data-n"
    measure_import small "$n_small" "$work/data-small"
    report "$big_wall" "$big_rss" "$copy_wall" "$import_wall" "$import_rss" "$big_recompute" "$import_recompute"
}

main "$@"
