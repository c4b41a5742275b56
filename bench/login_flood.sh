#!/usr/bin/env bash
# Login flood (SPEC §8 "Argon2 work is bounded", issue 8 item 3): do reads
# stay fast while 48 connections post logins? Starts `itemctl serve` on a
# fresh database in a temporary directory (admin, a user `bob`, one item),
# measures GET /healthz and an authenticated GET /items/1 with a paced probe
# (one keep-alive connection, a request every 10 ms) first on an idle
# server, then while wrk posts correct logins for bob on 48 connections, and
# prints logins/s, the 503 count and the read p50/p99 of both phases.
#
#   bench/login_flood.sh [ITEMCTL_BINARY]     # default build/cmd/itemctl
#   PORT=18090 CONNECTIONS=48 PROBE_SECONDS=5 HASH_CONCURRENCY=1 bench/login_flood.sh
# Only 127.0.0.1 is contacted; every loop is bounded in count and time.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="$(realpath "${1:-build/cmd/itemctl}")"
port="${PORT:-18090}"
connections="${CONNECTIONS:-48}"
probe_seconds="${PROBE_SECONDS:-5}"
admin_password="flood-admin-password-1"
bob_password="flood-bob-password-22"
work="$(mktemp -d)"
server_pid=""
flood_pid=""

cleanup() {
  [ -n "$flood_pid" ] && kill "$flood_pid" 2>/dev/null || true
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -x "$binary" ] || { echo "no itemctl binary at $binary" >&2; exit 1; }

export ITEMCTL_ADMIN_PASSWORD="$admin_password" ITEMCTL_SECRET_KEY="flood-secret-key-0123456789"
db="$work/flood.db"
"$binary" --db "$db" migrate >/dev/null
echo "$bob_password" | "$binary" --db "$db" user add bob --password-stdin >/dev/null
"$binary" --db "$db" item add flood-item --description "read during the flood" >/dev/null

hash_flag=()
[ -n "${HASH_CONCURRENCY:-}" ] && hash_flag=(--hash-concurrency "$HASH_CONCURRENCY")
"$binary" --db "$db" --log-level warn serve --listen "127.0.0.1:$port" "${hash_flag[@]}" \
  >"$work/server.log" 2>&1 &
server_pid=$!

base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

token="$(curl -fs -X POST "$base/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$admin_password\",\"platform\":\"bench\"}" |
  grep -o '"access_token":"[A-Za-z0-9]*"' | cut -d'"' -f4)"
[ -n "$token" ] || { echo "admin login failed" >&2; exit 1; }
curl -fs "$base/items/1" -H "Authorization: Bearer $token" >/dev/null ||
  { echo "GET /items/1 failed" >&2; exit 1; }

# wrk: POST bob's correct password; count answers by status across threads.
cat >"$work/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"username":"bob","password":"$bob_password","platform":"flood"}'
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; busy = 0; other = 0 end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 503 then busy = busy + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local o, b, x = 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("busy"); x = x + t:get("other") end
  io.write(string.format("logins_ok %d\nlogins_503 %d\nlogins_other %d\n", o, b, x))
  io.write(string.format("login_p50_ms %.1f\nlogin_p99_ms %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

# A paced probe: one keep-alive connection, a GET every 10 ms for $1
# seconds; prints "p50 p99 max non200" in milliseconds.
probe() {
  python3 - "$port" "$1" "$2" "$3" <<'PY'
import http.client, sys, time
port, path, token, seconds = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
headers = {"Authorization": "Bearer " + token} if token else {}
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
lat, bad = [], 0
end = time.monotonic() + seconds
while time.monotonic() < end and len(lat) < 100000:
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    resp.read()
    lat.append((time.perf_counter() - start) * 1000)
    if resp.status != 200:
        bad += 1
    if resp.getheader("Connection", "").lower() == "close":
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    time.sleep(0.01)
lat.sort()
pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print("%.2f %.2f %.2f %d %d" % (pick(0.50), pick(0.99), lat[-1], bad, len(lat)))
PY
}

echo "probing reads on the idle server (${probe_seconds}s each)..."
idle_health="$(probe /healthz "" "$probe_seconds")"
idle_items="$(probe /items/1 "$token" "$probe_seconds")"

flood_seconds=$((2 * probe_seconds + 3))
echo "flooding POST /auth/token on $connections connections for ${flood_seconds}s..."
wrk -t1 -c"$connections" -d"${flood_seconds}s" --timeout 10s -s "$work/login.lua" \
  "$base/auth/token" >"$work/flood.txt" 2>&1 &
flood_pid=$!
sleep 1
flood_health="$(probe /healthz "" "$probe_seconds")"
flood_items="$(probe /items/1 "$token" "$probe_seconds")"
wait "$flood_pid" || true
flood_pid=""

field() { awk -v k="$1" '$1 == k { print $2 }' "$work/flood.txt"; }
logins_ok="$(field logins_ok)"
logins_503="$(field logins_503)"
logins_other="$(field logins_other)"
[ -n "$logins_ok" ] || { cat "$work/flood.txt" >&2; exit 1; }
logins_per_s="$(awk -v n="$logins_ok" -v s="$flood_seconds" 'BEGIN { printf "%.1f", n / s }')"

echo
echo "itemctl serve, $(nproc) cores, hash concurrency ${HASH_CONCURRENCY:-default}, $connections login connections"
echo "logins: ${logins_per_s}/s succeeded ($logins_ok in ${flood_seconds}s), 503: $logins_503," \
  "other: $logins_other, login latency p50 $(field login_p50_ms) ms, p99 $(field login_p99_ms) ms"
printf '%-22s %10s %10s %10s %8s %8s\n' "read" "p50 ms" "p99 ms" "max ms" "non-200" "count"
row() { read -r p50 p99 max bad count <<<"$2"; printf '%-22s %10s %10s %10s %8s %8s\n' "$1" "$p50" "$p99" "$max" "$bad" "$count"; }
row "/healthz idle" "$idle_health"
row "/healthz flood" "$flood_health"
row "/items/1 idle" "$idle_items"
row "/items/1 flood" "$flood_items"
