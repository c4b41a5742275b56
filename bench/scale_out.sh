#!/usr/bin/env bash
# Scale-out figures (README "Running several instances"): wrk on an
# authenticated `GET /items/{id}` and on `POST /items` with unique names, for
# one `itemctl serve` on SQLite, one on PostgreSQL, and two on the same
# PostgreSQL database, all on this machine in one run. One instance gets
# `wrk -t2 -c64`; two instances get one `wrk -t1 -c32` each at the same
# time (no load balancer in between), their req/s summed, the worse p99.
#
#   bench/scale_out.sh [ITEMCTL_BINARY]     # default build/cmd/itemctl
#   DURATION=10s KEEP=1 bench/scale_out.sh   # KEEP: leave wrk's reports and logs
# Starts a throw-away PostgreSQL cluster (scripts/pg-cluster.sh: Debian's
# postgresql package, run as root) in a temporary directory. Only 127.0.0.1
# is contacted; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="$(realpath "${1:-build/cmd/itemctl}")"
duration="${DURATION:-10s}"
for tool in wrk curl python3 psql; do
  command -v "$tool" >/dev/null || { echo "scale_out: $tool is needed" >&2; exit 1; }
done
work="$(mktemp -d)"
chmod 755 "$work"
admin_password="scale-admin-password-1"
export ITEMCTL_SECRET_KEY="scale-out-secret-key-0123456789"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "scale_out: reports kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start DB NAME: `itemctl serve` on DB; sets `port` once it serves.
start() {
  local db="$1" name="$2"
  port="$(free_port)"
  ITEMCTL_ADMIN_PASSWORD="$admin_password" "$binary" --db "$db" serve \
    --listen "127.0.0.1:$port" --trust-proxy 127.0.0.1 >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do
    grep -q "serving on" "$work/$name.log" && return
    sleep 0.1
  done
  echo "scale_out: $name did not start:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

token_on() {
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" \
    "http://127.0.0.1:$1/auth/token" | json_field access_token
}

# wrk_run OUT THREADS CONNECTIONS URL [wrk args]: wrk's report into OUT.
wrk_run() {
  local out="$1" threads="$2" connections="$3"
  shift 3
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@" >"$out" 2>&1
}

# summary OUT...: "req/s p50 p99 non-2xx" over the reports (req/s summed).
summary() {
  python3 - "$@" <<'PY'
import re, sys
def ms(text):
    parsed = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not parsed:
        sys.exit(f"unreadable latency '{text}'")
    value, unit = parsed.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
rps = errors = 0
p50 = p99 = 0.0
for path in sys.argv[1:]:
    report = open(path).read()
    if "Requests/sec" not in report:
        sys.exit(f"no figures in {path}:\n{report}")
    rps += float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
    p50 = max(p50, ms(re.search(r"^\s+50%\s+(\S+)", report, re.M).group(1)))
    p99 = max(p99, ms(re.search(r"^\s+99%\s+(\S+)", report, re.M).group(1)))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    errors += int(bad.group(1)) if bad else 0
    socket_errors = re.search(r"Socket errors: (.*)", report)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
print(f"{rps:9.0f} {p50:8.2f} {p99:8.2f} {errors:7d}")
PY
}

# measure LABEL PORT...: GET /items/{id} then POST /items on those instances.
measure() {
  local label="$1"
  shift
  local ports=("$@") token item reports=() wrk_pids=() port i
  token="$(token_on "${ports[0]}")"
  item="$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"read-me-$label\"}" "http://127.0.0.1:${ports[0]}/items" | json_field id)"
  local threads=2 connections=64
  if [ "${#ports[@]}" -gt 1 ]; then threads=1 connections=$((64 / ${#ports[@]})); fi
  for kind in get post; do
    reports=()
    wrk_pids=()
    i=0
    for port in "${ports[@]}"; do
      local out="$work/$label-$kind-$i.txt"
      reports+=("$out")
      if [ "$kind" = get ]; then
        wrk_run "$out" "$threads" "$connections" -H "Authorization: Bearer $token" \
          "http://127.0.0.1:$port/items/$item" &
      else
        NAME_PREFIX="$label-$i" TOKEN="$token" wrk_run "$out" "$threads" "$connections" \
          -s bench/post_unique_names.lua "http://127.0.0.1:$port" &
      fi
      wrk_pids+=($!)
      i=$((i + 1))
    done
    wait "${wrk_pids[@]}"
    printf '%-22s %-6s %s\n' "$label" "$kind" "$(summary "${reports[@]}")"
  done
}

scripts/pg-cluster.sh start "$work/pg" >/dev/null
cluster_url="$(cat "$work/pg/url")"
psql -q "$cluster_url" -c "CREATE DATABASE bench_one" -c "CREATE DATABASE bench_two"
pg_one="${cluster_url%/*}/bench_one"
pg_two="${cluster_url%/*}/bench_two"

echo "itemctl scale-out: wrk $duration, 64 connections in all, $(nproc) cores"
printf '%-22s %-6s %9s %8s %8s %7s\n' scenario route "req/s" "p50 ms" "p99 ms" errors

stop_last() { kill -TERM "${pids[-1]}"; wait "${pids[-1]}" || true; unset 'pids[-1]'; }

start "$work/sqlite.db" sqlite
measure "sqlite-1-instance" "$port"
stop_last

start "$pg_one" pg-one
measure "postgres-1-instance" "$port"
stop_last

start "$pg_two" pg-a
port_a="$port"
start "$pg_two" pg-b
measure "postgres-2-instances" "$port_a" "$port"
