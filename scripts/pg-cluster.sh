#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (the ctest fixture `postgres`,
# tests/postgres.cmake), or by hand:
#
#   scripts/pg-cluster.sh start DIR   # prints postgresql://postgres:PW@127.0.0.1:PORT/postgres
#   scripts/pg-cluster.sh stop DIR    # kills it and removes DIR; idempotent
#
# The cluster lives in DIR (data, log, Unix socket; in a directory under /tmp
# that DIR/server-dir names when DIR is out of the server user's reach) and
# listens on 127.0.0.1 on a free port; TCP needs the random superuser
# password (scram-sha-256), the socket trusts local users. Durability is off
# for speed: never keep data in it. Runs the server as `postgres` when
# started as root.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
command="$1"
dir="$2"

bindir="${ITEMCTL_PG_BINDIR:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$bindir/pg_ctl" ]; then
  echo "$0: no PostgreSQL server in $bindir (install the postgresql package:" \
    "ITEMCTL_TEST_DEPS=1 scripts/install-deps.sh)" >&2
  exit 1
fi

# The server refuses to run as root: run its tools as `postgres` then.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Where the server's files are: DIR, or the directory DIR/server-dir names.
server_home() {
  if [ -f "$dir/server-dir" ]; then cat "$dir/server-dir"; else echo "$dir"; fi
}

stop_cluster() {
  local home
  home="$(server_home)"
  if [ -f "$home/data/postmaster.pid" ]; then
    # Immediate: nothing in a test cluster is worth a checkpoint.
    as_server_user "$bindir/pg_ctl" -D "$home/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ "$home" = "$dir" ] || rm -rf "$home"
  rm -rf "$dir"
}

start_cluster() {
  # A leftover of an interrupted run is replaced, not reused.
  stop_cluster
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd -P)"
  chmod 0700 "$dir"
  local home="$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    # A checkout under /root (mode 0700) is out of the server user's reach:
    # the server's files then go to a private directory under /tmp.
    if ! runuser -u postgres -- test -w "$dir"; then
      home="$(mktemp -d "${TMPDIR:-/tmp}/itemctl-pg.XXXXXX")"
      chown postgres: "$home"
      echo "$home" >"$dir/server-dir"
    fi
  fi

  # Letters and digits only, so the password needs no escaping in the URL.
  local password
  password="$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 24)"
  as_server_user sh -c 'umask 077 && cat > "$1"' sh "$home/pwfile" <<<"$password"
  as_server_user "$bindir/initdb" -D "$home/data" -U postgres --pwfile="$home/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$home/initdb.log" 2>&1 || {
    cat "$home/initdb.log" >&2
    exit 1
  }
  rm -f "$home/pwfile"
  as_server_user sh -c 'cat >> "$1"' sh "$home/data/postgresql.conf" <<EOF
# scripts/pg-cluster.sh: a throw-away test cluster.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$home'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF

  # A port that is free now may be taken before the server binds it: on a
  # bind failure pick another one.
  local port attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((32768 + RANDOM % 28000))
    if as_server_user "$bindir/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
      -o "-p $port" start >/dev/null 2>&1; then
      local url="postgresql://postgres:$password@127.0.0.1:$port/postgres"
      (umask 077 && echo "$url" >"$dir/url")
      echo "$url"
      return 0
    fi
    grep -q "could not bind\|Address already in use" "$home/server.log" 2>/dev/null || break
    echo "$0: port $port is taken (attempt $attempt), trying another" >&2
    as_server_user sh -c ': > "$1"' sh "$home/server.log"
  done
  echo "$0: the server did not start; its log:" >&2
  cat "$home/server.log" >&2 || true
  exit 1
}

case "$command" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  *) usage ;;
esac
