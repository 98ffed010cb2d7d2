#!/usr/bin/env bash
# Daily updates in a row, on a database kept by `scale.sh --keep`: each day file (from `days-after`) imported in the
# order given, with its wall time, the importer's own time, its recomputation's and the rows it wrote.
#
# Usage: bench/days.sh --db FOLDER [--rewind DATE] [--rev REV | --app DIR] [--keep] DAY_FILE...
#   --db FOLDER    the folder `scale.sh --keep` left (its pg/data); the server is started from it on a free loopback
#                  port with $BENCH_PG_OPTIONS (e.g. "-c shared_buffers=6GB") and stopped at the end
#   --rewind DATE  first delete every price row, market day and company month from DATE on, then VACUUM (ANALYZE): the importer refuses
#                  days in the future, so this is how the same days are measured again
#   --rev, --app, --keep, --help as for the other scripts (lib.sh); --keep keeps the folder of the build, not the data
# Prints a Markdown table. The first import after the server starts reads its index leaves from disk or the OS page
# cache: import one day first and read the ones after it.
set -euo pipefail

bench_script=${BASH_SOURCE[0]}
source "$(dirname "$bench_script")/lib.sh"

db=
rewind=
files=()
while (($#)); do
    take_common_option "$@"
    if ((taken)); then shift "$taken"; continue; fi
    case $1 in
        --db) db=${2:?--db needs the folder scale.sh --keep left}; shift 2 ;;
        --rewind) rewind=${2:?--rewind needs a date}; shift 2 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) files+=("$1"); shift ;;
    esac
done
[[ -n $db && -d $db/pg/data ]] || die "--db must name a folder with pg/data in it (see --help)"
((${#files[@]})) || die "no day file given (see --help)"
[[ -z $rewind || $rewind =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || die "--rewind takes a date as YYYY-MM-DD"
check_prerequisites

db_started=0
stop_db() {
    if ((db_started)); then
        as_pg "$PG_BIN/pg_ctl" stop -D "$db/pg/data" -m fast -w >/dev/null 2>&1 || true
    fi
    cleanup
}
trap stop_db EXIT
trap 'exit 130' INT TERM

make_workdir
build_app

port=$(free_loopback_port)
say "starting the kept server of $db on 127.0.0.1:$port"
db_started=1
as_pg "$PG_BIN/pg_ctl" start -w -t 120 -D "$db/pg/data" -l "$db/pg/server.log" \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' ${BENCH_PG_OPTIONS:-}" >/dev/null ||
    { tail -n 20 "$db/pg/server.log" >&2; die "the kept server did not start"; }
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$DB_USER
export ConnectionStrings__MarketShock="Host=127.0.0.1;Port=$port;Username=$DB_USER;Database=$DB_NAME;${BENCH_CONNECTION_OPTIONS:-}"
migrate

if [[ -n $rewind ]]; then
    say "deleting the days from $rewind on, then VACUUM (ANALYZE)"
    sql "DELETE FROM daily_prices WHERE date >= '$rewind'" >/dev/null
    sql "DELETE FROM market_days WHERE date >= '$rewind'" >/dev/null
    # The months from DATE's on: the next import of a day in that month sums it again for each company it names.
    sql "DELETE FROM company_months WHERE month >= date_trunc('month', DATE '$rewind')" >/dev/null
    sql "VACUUM (ANALYZE) daily_prices" >/dev/null
    sql "VACUUM market_days" >/dev/null
fi

echo "| day file | wall s | the file's own time ms | recomputation ms | inserted | updated |"
echo "|---|---:|---:|---:|---:|---:|"
n=0
for file in "${files[@]}"; do
    n=$((n + 1))
    say "importing $file"
    timed "day-$n" dotnet "$app_dir/MarketShock.Web.dll" import "$file"
    log=$work/logs/day-$n
    # "…: imported: …, read 5000, inserted 5000, updated 0, unchanged 0, skipped 0 (2795 ms)"
    summary=$(grep -h ': imported: ' "$log.out" "$log.err" | tail -n 1)
    [[ -n $summary ]] || die "$file: no import summary (see $log.out)"
    own=$(sed -n 's/.*skipped [0-9]* (\([0-9]*\) ms).*/\1/p' <<<"$summary")
    inserted=$(sed -n 's/.*inserted \([0-9]*\),.*/\1/p' <<<"$summary")
    updated=$(sed -n 's/.*updated \([0-9]*\),.*/\1/p' <<<"$summary")
    recomputed=$(grep -h 'Recomputed the figures' "$log.out" "$log.err" | sed -n 's/.* in \([0-9]*\) ms.*/\1/p' | tail -n 1)
    echo "| $(basename "$file") | $wall | ${own:-?} | ${recomputed:-?} | ${inserted:-?} | ${updated:-?} |"
done
echo
echo "Machine: $(nproc) CPUs; PostgreSQL $(sql 'SHOW server_version') (server defaults${BENCH_PG_OPTIONS:+ plus $BENCH_PG_OPTIONS}):" \
    "shared_buffers=$(sql 'SHOW shared_buffers'); the OS page cache $(free -g | awk '/^Mem:/ { print $6 }') GB of $(free -g | awk '/^Mem:/ { print $2 }') GB."
