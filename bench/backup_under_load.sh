#!/usr/bin/env bash
# `itemctl db backup` while the server answers requests (issue 11): a
# 100 000-item SQLite database (`item import` of a generated CSV), `itemctl
# serve` on it, and wrk on an authenticated `GET /items/{id}` twice: first
# alone, then while `db backup --force` runs back to back for the whole wrk
# run, so every percentile wrk reports is one measured during a backup.
# Prints each run's p50, p99 and max latency, and the backups' wall times.
#
#   bench/backup_under_load.sh [ITEMCTL_BINARY]      # default build/cmd/itemctl
#   ITEMS=100000 DURATION=10s CONNECTIONS=32 KEEP=1 bench/backup_under_load.sh B
# Only 127.0.0.1 is contacted; every wait and loop is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="$(realpath "${1:-build/cmd/itemctl}")"
items="${ITEMS:-100000}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
max_backups=200
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "backup_under_load: $tool is needed" >&2; exit 1; }
done
work="$(mktemp -d)"
db="$work/itemctl.db"
admin_password="backup-bench-admin-password-1"
export ITEMCTL_SECRET_KEY="backup-bench-secret-key-0123456789"
export ITEMCTL_ADMIN_PASSWORD="$admin_password"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "backup_under_load: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# latency REPORT: "p50 p99 max" in ms from a wrk --latency report.
latency() {
  python3 - "$1" <<'PY'
import re, sys
def ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)$", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
report = open(sys.argv[1]).read()
if "Requests/sec" not in report:
    sys.exit(f"no figures in {sys.argv[1]}:\n{report}")
p50 = ms(re.search(r"^\s+50%\s+(\S+)", report, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", report, re.M).group(1))
peak = ms(re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", report, re.M).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
errors = int(bad.group(1)) if bad else 0
sock = re.search(r"Socket errors: (.*)", report)
if sock:
    errors += sum(int(n) for n in re.findall(r"\d+", sock.group(1)))
print(f"{rps:9.0f} {p50:8.2f} {p99:8.2f} {peak:8.2f} {errors:7d}")
PY
}

echo "backup_under_load: $items items, wrk -t2 -c$connections -d$duration, $(nproc) cores"
python3 - "$items" >"$work/items.csv" <<'PY'
import sys
print("name,description")
for i in range(1, int(sys.argv[1]) + 1):
    print(f"item-{i:07d},Item number {i} generated for the backup benchmark")
PY
"$binary" --db "$db" migrate >/dev/null
"$binary" --db "$db" item import "$work/items.csv" >/dev/null

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$binary" --db "$db" serve --listen "127.0.0.1:$port" --trust-proxy 127.0.0.1 \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do
  grep -q "serving on" "$work/server.log" && break
  sleep 0.1
done
grep -q "serving on" "$work/server.log" || { cat "$work/server.log" >&2; exit 1; }
base="http://127.0.0.1:$port"
token="$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" "$base/auth/token" |
  json_field access_token)"
item=$((items / 2))
curl -sf -H "Authorization: Bearer $token" "$base/items/$item" >/dev/null

run_wrk() {
  wrk -t2 -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $token" \
    "$base/items/$item" >"$1" 2>&1
}

run_wrk "$work/alone.txt"

run_wrk "$work/backup.txt" &
wrk_pid=$!
backups=0
: >"$work/backups.jsonl"
while kill -0 "$wrk_pid" 2>/dev/null && [ "$backups" -lt "$max_backups" ]; do
  "$binary" --db "$db" --json db backup --force "$work/backup.db" |
    python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))' >>"$work/backups.jsonl"
  backups=$((backups + 1))
done
wait "$wrk_pid"

printf '%-20s %9s %8s %8s %8s %7s\n' "GET /items/{id}" "req/s" "p50 ms" "p99 ms" "max ms" errors
printf '%-20s %s\n' "without backup" "$(latency "$work/alone.txt")"
printf '%-20s %s\n' "during backups" "$(latency "$work/backup.txt")"
python3 - "$work/backups.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
if not runs:
    sys.exit("no backup finished during the wrk run")
seconds = sorted(r["seconds"] for r in runs)
last = runs[-1]
print(f"db backup: {len(runs)} runs back to back, wall time min {seconds[0]:.2f} s, "
      f"median {statistics.median(seconds):.2f} s, max {seconds[-1]:.2f} s; "
      f"{last['bytes']} bytes, {last['users']} user(s), {last['items']} items")
PY
"$binary" --db "$work/backup.db" item list --limit 1 >/dev/null
echo "the last backup opens with --db and lists its items"
