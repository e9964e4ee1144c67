#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests (README "Tests"; used by .ci/run).
#   eval "$(Scripts/pg-test-server.sh start DIR [PORT])"   initdb in DIR, start on 127.0.0.1:PORT
#                                                          (default 54329, else the next free one),
#                                                          print the export line
#   Scripts/pg-test-server.sh restart DIR                   stop it and start it again (a fault test)
#   Scripts/pg-test-server.sh stop DIR                      stop it (DIR is left for the caller)
# The cluster belongs to the `postgres` user when run as root (PostgreSQL refuses to run as root);
# authentication is `trust` on the loopback address and the socket folder inside DIR only.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"; port="${3:-54329}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|restart|stop DIR [PORT]" >&2; exit 2; }
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/pg_ctl" ] || { echo "pg-test-server: no PostgreSQL server (apt-get install -y postgresql)" >&2; exit 1; }
# The server must not keep descriptors it did not open: a test process running other commands
# through pipes at the moment of a (re)start would otherwise wait forever for those pipes to close.
close_inherited() {
    local fd
    for fd in /proc/$$/fd/*; do
        fd="${fd##*/}"
        if [ "$fd" -gt 2 ] 2>/dev/null && [ "$fd" -lt 255 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
}
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
close_inherited
case "$cmd" in
start)
    # The next free port from PORT on (another server, e.g. a developer's, may hold it).
    for _ in $(seq 1 20); do
        (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
        port=$((port + 1))
    done
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    mkdir -p "$dir/socket" && { [ "$(id -u)" != 0 ] || chown postgres "$dir/socket"; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-h 127.0.0.1 -p $port -k $dir/socket -c fsync=off -c max_connections=200" start > /dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "export LIUSHI_TEST_PG=postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
restart)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 30 restart > /dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    ;;
*) echo "usage: $0 start|restart|stop DIR [PORT]" >&2; exit 2 ;;
esac
