#!/usr/bin/env bash
# Several instances of MarketShock on one machine, without Docker, run by hand: PostgreSQL 15, Redis, two instances of
# the site and nginx in front of them, each on a loopback port, everything in one folder. The same set-up as
# docker-compose.yml's `scale` profile.
#
# Usage: deploy/local-cluster.sh up [--app DIR]   start everything (publishes the app into the folder unless --app)
#        deploy/local-cluster.sh proof            check, with curl and wrk, what several instances must do (below)
#        deploy/local-cluster.sh down             stop everything (the folder is kept: logs, data)
#
# The proof, against a running cluster:
#   1. sessions: an admin signed in on instance 1 opens the admin pages on instance 2 (the data-protection keys are in
#      PostgreSQL);
#   2. cache: a page cached by both instances (one Redis cache) is fresh on both as soon as an upload through
#      instance 1 changes the data (the PostgreSQL notification both instances listen to);
#      links: a page through nginx links to itself with nginx's address and port;
#   3. failover: under load through nginx, instance 2 is stopped (SIGTERM) and started again; nginx retries what it
#      could not send there on instance 1, and no request fails.
# It prints one line per check and exits non-zero when one fails.
#
# Requires: nginx, redis-server, wrk (apt-get install -y nginx redis-server wrk), curl, the PostgreSQL 15 server binaries,
# the .NET SDK. As root, PostgreSQL runs as the postgres account (initdb refuses root).
# Environment: CLUSTER_DIR (default /tmp/marketshock-cluster), CLUSTER_PORT_BASE (default 58080: nginx on it, the
# instances on +1 and +2, PostgreSQL on +3, Redis on +4).
set -euo pipefail

readonly DIR=${CLUSTER_DIR:-/tmp/marketshock-cluster}
readonly BASE=${CLUSTER_PORT_BASE:-58080}
readonly NGINX_PORT=$BASE APP_PORTS=($((BASE + 1)) $((BASE + 2))) PG_PORT=$((BASE + 3)) REDIS_PORT=$((BASE + 4))
readonly PG_BIN=/usr/lib/postgresql/15/bin
readonly ADMIN_EMAIL=admin@cluster.example ADMIN_PASSWORD=cluster-admin-password-1
readonly REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Database=marketshock;Username=postgres"

die() { echo "local-cluster: $*" >&2; exit 1; }
as_postgres() { if ((EUID == 0)); then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

wait_for() { # URL SECONDS
    local i
    for ((i = 0; i < $2 * 4; i++)); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$1") == 200 ]] && return 0
        sleep 0.25
    done
    return 1
}

start_instance() { # N (1 or 2)
    local n=$1 port=${APP_PORTS[$(($1 - 1))]}
    (
        cd "$DIR/app"
        export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
        export ConnectionStrings__MarketShock="$CONNECTION" ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT"
        export MarketShock__Admin__Email=$ADMIN_EMAIL MarketShock__Admin__Password=$ADMIN_PASSWORD
        nohup dotnet MarketShock.Web.dll >>"$DIR/app$n.log" 2>&1 &
        echo $! >"$DIR/app$n.pid"
    )
    wait_for "http://127.0.0.1:$port/healthz" 60 || die "instance $n did not become healthy (see $DIR/app$n.log)"
}

stop_instance() { # N
    local pidfile=$DIR/app$1.pid pid
    [[ -f $pidfile ]] || return 0
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$pidfile"
}

write_nginx_conf() {
    mkdir -p "$DIR/nginx"
    cat >"$DIR/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log $DIR/nginx/access.log;
    client_body_temp_path $DIR/nginx/body;
    proxy_temp_path $DIR/nginx/proxy;
    fastcgi_temp_path $DIR/nginx/fastcgi;
    uwsgi_temp_path $DIR/nginx/uwsgi;
    scgi_temp_path $DIR/nginx/scgi;
    upstream marketshock {
        server 127.0.0.1:${APP_PORTS[0]} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:${APP_PORTS[1]} max_fails=1 fail_timeout=5s;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        client_max_body_size 0;
        proxy_request_buffering off;
        location / {
            proxy_pass http://marketshock;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-Host \$http_host;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            # A refused or reset connection, or a 502/503, is tried on the other instance (GET and HEAD only: nginx
            # never repeats a POST that may have reached an instance).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_connect_timeout 2s;
        }
    }
}
EOF
}

up() {
    local app=
    while (($#)); do
        case $1 in
            --app) app=${2:?--app needs a folder}; shift 2 ;;
            *) die "unknown argument $1" ;;
        esac
    done
    for tool in nginx redis-server wrk curl dotnet "$PG_BIN/initdb"; do
        command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y nginx redis-server wrk curl)"
    done
    mkdir -p "$DIR"
    if [[ -n $app ]]; then
        rm -rf "$DIR/app" && cp -r "$app" "$DIR/app"
    else
        # Every time: a folder left by an earlier run would otherwise serve the code of that day.
        dotnet publish "$REPO/src/MarketShock.Web" -c Release -o "$DIR/app" --artifacts-path "$DIR/build" >"$DIR/publish.log" ||
            die "publish failed (see $DIR/publish.log)"
    fi

    if [[ ! -d $DIR/pg/data ]]; then
        mkdir -p "$DIR/pg" && { ((EUID != 0)) || chown postgres "$DIR/pg"; }
        as_postgres "$PG_BIN/initdb -D $DIR/pg/data -A trust -U postgres >/dev/null"
    fi
    as_postgres "$PG_BIN/pg_ctl -D $DIR/pg/data -l $DIR/pg/server.log -w -o '-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1' start >/dev/null"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'marketshock'" | grep -q 1 ||
        psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE marketshock"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --dir "$DIR"

    start_instance 1 # migrates and creates the admin first, alone
    start_instance 2
    write_nginx_conf
    nginx -c "$DIR/nginx/nginx.conf"
    wait_for "http://127.0.0.1:$NGINX_PORT/healthz" 10 || die "nginx does not answer (see $DIR/nginx/error.log)"
    echo "up: nginx http://127.0.0.1:$NGINX_PORT/ -> instances :${APP_PORTS[0]} :${APP_PORTS[1]}; PostgreSQL :$PG_PORT, Redis :$REDIS_PORT; folder $DIR"
}

down() {
    [[ -f $DIR/nginx/nginx.pid ]] && nginx -c "$DIR/nginx/nginx.conf" -s quit 2>/dev/null || true
    stop_instance 1
    stop_instance 2
    [[ -f $DIR/redis.pid ]] && kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
    [[ -d $DIR/pg/data ]] && as_postgres "$PG_BIN/pg_ctl -D $DIR/pg/data -m fast stop >/dev/null" 2>/dev/null || true
    echo "down (folder $DIR kept)"
}

# token FILE: the antiforgery token of the first form in an HTML page.
token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'; }

failed=0
check() { # NAME OK(0/1) DETAIL
    if (($2 == 0)); then echo "PASS $1: $3"; else echo "FAIL $1: $3"; failed=1; fi
}

proof() {
    local work=$DIR/proof one=http://127.0.0.1:${APP_PORTS[0]} two=http://127.0.0.1:${APP_PORTS[1]} status
    rm -rf "$work" && mkdir -p "$work"
    # The admin pages answer HTTPS only, and the instances are reached here directly: each admin request says what the
    # TLS proxy in front of a public site would say (X-Forwarded-Proto, believed from loopback), and curl sends the
    # Secure __Host- cookies to 127.0.0.1 as a browser does to localhost.
    local https=(-H 'X-Forwarded-Proto: https')

    # 1. A sign-in on instance 1 is valid on instance 2.
    curl -s "${https[@]}" -c "$work/jar" -b "$work/jar" "$one/admin/signin" -o "$work/signin.html"
    curl -s "${https[@]}" -c "$work/jar" -b "$work/jar" -o /dev/null "$one/admin/signin" \
        --data-urlencode "Input.Email=$ADMIN_EMAIL" --data-urlencode "Input.Password=$ADMIN_PASSWORD" \
        --data-urlencode "__RequestVerificationToken=$(token "$work/signin.html")"
    status=$(curl -s "${https[@]}" -b "$work/jar" -o /dev/null -w '%{http_code}' "$two/admin/uploads")
    check sessions "$([[ $status == 200 ]]; echo $?)" "signed in on :${APP_PORTS[0]}, /admin/uploads on :${APP_PORTS[1]} answered $status"

    # 2. An upload through instance 1 evicts the page both instances serve from the shared cache.
    local ticker=CLU$((RANDOM % 900 + 100))
    for base in "$one" "$two" "$one"; do curl -s -o /dev/null "$base/shocks"; done
    local age
    age=$(curl -s -D - -o /dev/null "$two/shocks" | tr -d '\r' | awk -F': ' 'tolower($1) == "age" {print $2}')
    check cached "$([[ -n $age ]]; echo $?)" "/shocks on :${APP_PORTS[1]} served from the cache (Age: ${age:-none})"
    printf 'Date,Open,High,Low,Close,Adj Close,Volume\n2025-01-02,100,100,100,100,100,1000\n2025-01-03,50,50,50,50,50,1000\n' >"$work/$ticker.csv"
    curl -s "${https[@]}" -b "$work/jar" "$one/admin/uploads" -o "$work/uploads.html"
    status=$(curl -s "${https[@]}" -b "$work/jar" -o /dev/null -w '%{http_code}' "$one/admin/uploads" \
        -F "__RequestVerificationToken=$(token "$work/uploads.html")" -F "files=@$work/$ticker.csv;type=text/csv")
    local fresh=1 elapsed=0
    for ((i = 0; i < 50; i++)); do
        if curl -s "$one/shocks" | grep -q "$ticker" && curl -s "$two/shocks" | grep -q "$ticker"; then fresh=0; break; fi
        sleep 0.1; elapsed=$((elapsed + 100))
    done
    check eviction "$fresh" "upload of $ticker.csv through :${APP_PORTS[0]} answered $status; its fall on /shocks of both instances within ${elapsed} ms"

    # Through nginx, the site's links carry the address the client used, port included.
    local link canonical="http://127.0.0.1:$NGINX_PORT/companies/$ticker/2025-01-03"
    link=$(curl -s "$canonical" | grep -o '<link rel="canonical" href="[^"]*"' | cut -d'"' -f4 || true)
    check links "$([[ $link == "$canonical" ]]; echo $?)" "the canonical link of $ticker's day through nginx: ${link:-none}"

    # 3. Instance 2 stops and starts again under load through nginx: no request fails.
    wrk -t2 -c16 -d14s "http://127.0.0.1:$NGINX_PORT/shocks" >"$work/wrk.txt" &
    local load=$!
    sleep 4; stop_instance 2
    sleep 3; start_instance 2
    wait "$load"
    local requests errors non2xx
    requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$work/wrk.txt")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
    check failover "$([[ ${errors:-0} == 0 && ${non2xx:-0} == 0 && ${requests:-0} -gt 0 ]]; echo $?)" \
        "$requests requests through nginx while :${APP_PORTS[1]} stopped and started: ${non2xx:-0} non-2xx, ${errors:-0} socket errors"
    return $failed
}

case ${1:-} in
    up) shift; up "$@" ;;
    down) down ;;
    proof) proof ;;
    *) die "usage: $0 up [--app DIR] | proof | down" ;;
esac
