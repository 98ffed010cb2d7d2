#!/usr/bin/env bash
# One page on one connection, build against build: for each run, each published app in turn is started on the same
# database (Production, output cache off), warmed up with wrk (--warmup), then measured with
# `wrk -t1 -c1`: p50, p99, requests/s and the CPU milliseconds per request of the app and of PostgreSQL (from /proc).
# The builds alternate, so that a machine whose speed drifts between runs moves both alike.
#
# Usage: bench/permalink.sh --connection CONNECTION_STRING [--path PATH] [--seconds S] [--warmup S] [--runs N] [--extra OPTIONS] APP_DIR...
#   --connection  the Npgsql connection string of a database already loaded (e.g. kept by `scale.sh --keep`)
#   --path        the page, /companies/XFXR/2025-11-19 by default (the 30 M market's worst shock)
#   --seconds     how long each measurement lasts, 20 by default
#   --warmup      how long each warm-up lasts, 40 by default: in the first 20 s the tiered JIT still compiles (requests of 40 ms
#                 and more among ones of 20 ms)
#   --runs        how many times each build is measured, 2 by default
#   --extra       appended to the connection string of every build, e.g. "Max Auto Prepare=100;Auto Prepare Min Usages=2"
#   APP_DIR       folders of `dotnet publish -c Release` output (bench/lib.sh's build_app leaves one per --rev)
set -euo pipefail

connection= path=/companies/XFXR/2025-11-19 seconds=20 warmup=40 runs=2 extra= apps=()
while (($#)); do
    case $1 in
        --connection) connection=$2; shift 2 ;;
        --path) path=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --extra) extra=$2; shift 2 ;;
        --help) sed -n '2,16p' "$0"; exit 0 ;;
        *) apps+=("$1"); shift ;;
    esac
done
[[ -n $connection && ${#apps[@]} -gt 0 ]] || { sed -n '2,16p' "$0" >&2; exit 2; }
command -v wrk >/dev/null || { echo "permalink.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }

port=5091
url=http://127.0.0.1:$port$path
app_pid=
stop() { [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null; app_pid=; }
trap stop EXIT
# Clock ticks (1/100 s) used by the processes whose command line matches.
ticks() { local t=0 p; for p in $(pgrep -f "$1"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }

echo "| run | build | requests | p50 ms | p99 ms | requests/s | app CPU ms/request | PostgreSQL CPU ms/request |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
for run in $(seq "$runs"); do
    for app in "${apps[@]}"; do
        (cd "$app" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:$port MarketShock__OutputCache__Enabled=false \
            ConnectionStrings__MarketShock="$connection;$extra" exec dotnet MarketShock.Web.dll >/dev/null 2>&1) &
        app_pid=$!
        for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 1; done
        wrk -t1 -c1 -d"${warmup}s" "$url" >/dev/null
        a0=$(ticks MarketShock.Web.dll); p0=$(ticks postgres)
        out=$(wrk -t1 -c1 -d"${seconds}s" --latency "$url")
        a1=$(ticks MarketShock.Web.dll); p1=$(ticks postgres)
        n=$(awk '/requests in/ {print $1}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        printf '| %s | %s | %s | %s | %s | %s | %.1f | %.1f |\n' "$run" "$app" "$n" "$p50" "$p99" "$rps" \
            "$(bc -l <<<"($a1 - $a0) * 10 / $n")" "$(bc -l <<<"($p1 - $p0) * 10 / $n")"
        stop
    done
done
