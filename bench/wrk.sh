#!/usr/bin/env bash
# Measures the API with wrk on 127.0.0.1, as SPEC §6 and issue 3 ask:
# `GET /items/1` with a Bearer token and `GET /roles`, 2 threads and 64
# connections for 10 s, then both again at 256 connections (which must show
# no timeouts). The server is bench/bench_server.cpp on a fresh database in a
# temporary directory; SERVER=itemctl measures `itemctl serve` instead.
# Every wrk connection comes from 127.0.0.1, which is therefore a trusted
# proxy: exempt from the per-address connection cap (SPEC §8).
#
#   bench/wrk.sh                       # BUILD_DIR=build, PORT=18080
#   BUILD_DIR=build-d THREADS=64 bench/wrk.sh
# The access log goes to $WORK/server.log (kept with KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${BUILD_DIR:-build}"
port="${PORT:-18080}"
duration="${DURATION:-10s}"
threads="${THREADS:-0}"
password="bench-admin-password"
work="$(mktemp -d)"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
if [ ! -f "$build_dir/build.ninja" ] && [ ! -f "$build_dir/Makefile" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi

if [ "${SERVER:-bench}" = itemctl ]; then
  cmake --build "$build_dir" --target itemctl >/dev/null
  thread_flag=()
  [ "$threads" != 0 ] && thread_flag=(--threads "$threads")
  ITEMCTL_ADMIN_PASSWORD="$password" ITEMCTL_SECRET_KEY="bench-secret-key-0123456789" \
    "$build_dir/cmd/itemctl" --db "$work/bench.db" serve --listen "127.0.0.1:$port" \
    --trust-proxy 127.0.0.1 "${thread_flag[@]}" >"$work/server.log" 2>&1 &
else
  cmake --build "$build_dir" --target itemctl_bench_server >/dev/null
  ITEMCTL_ADMIN_PASSWORD="$password" \
    "$build_dir/web/itemctl_bench_server" "$work/bench.db" "$port" "$threads" \
    >"$work/server.log" 2>&1 &
fi
server_pid=$!

base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

token="$(curl -fs -X POST "$base/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\",\"platform\":\"bench\"}" |
  grep -o '"access_token":"[A-Za-z0-9]*"' | cut -d'"' -f4)"
[ -n "$token" ] || { echo "login failed" >&2; exit 1; }
if [ "${SERVER:-bench}" = itemctl ]; then
  curl -fs -X POST "$base/items" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"bench item"}' >/dev/null || true
fi
curl -fs "$base/items/1" -H "Authorization: Bearer $token" >/dev/null

run() {
  local connections="$1" path="$2"
  shift 2
  local shown="${*//$token/<token>}"
  echo "== wrk -t2 -c$connections -d$duration --latency $shown $base$path"
  wrk -t2 -c"$connections" -d"$duration" --latency "$@" "$base$path" |
    grep -E 'Latency|99%|Requests/sec|Socket errors|Non-2xx|requests in'
}

run 64 /items/1 -H "Authorization: Bearer $token"
run 64 /roles
run 256 /items/1 -H "Authorization: Bearer $token"
run 256 /roles
