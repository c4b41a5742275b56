#!/usr/bin/env bash
# The monitoring kit fits the server: packaging/grafana-dashboard.json is
# valid JSON (python3 -m json.tool) with unique panel ids, every panel
# queries the data source variable, and every metric its queries name is
# exported by a live `itemctl serve` once it has seen a login, a failed
# login, a rejected X-Version and a purge run; packaging/prometheus.yml
# scrapes /metrics of an `itemctl serve` default address.
#
#   monitoring_test.sh BINARY
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 BINARY" >&2; exit 2; }
binary="$(realpath "$1")"
packaging="$(cd "$(dirname "$0")/../../packaging" && pwd)"
dashboard="$packaging/grafana-dashboard.json"
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 -m json.tool "$dashboard" >/dev/null || fail "grafana-dashboard.json is not valid JSON"

work="$(mktemp -d /tmp/itemctl-monitoring.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$packaging/prometheus.yml" "$binary" <<'PY' || fail "prometheus.yml does not scrape itemctl"
import subprocess, sys, yaml
config = yaml.safe_load(open(sys.argv[1]))
jobs = {job["job_name"]: job for job in config["scrape_configs"]}
job = jobs["itemctl"]
assert job.get("metrics_path", "/metrics") == "/metrics", job
assert not job.get("honor_labels", False), "honor_labels would overwrite the target's job label"
targets = [t for sc in job["static_configs"] for t in sc["targets"]]
help_text = subprocess.run([sys.argv[2], "serve", "--help"], capture_output=True, text=True).stdout
default = help_text.split("--listen", 1)[1].split("=", 1)[1].split()[0]
assert default in targets, f"default listen address {default} is not a target: {targets}"
PY

export ITEMCTL_ADMIN_PASSWORD="monitoring-admin-pw" ITEMCTL_SECRET_KEY="monitoring-test-secret-key-012345"
db="$work/itemctl.db"
"$binary" --db "$db" migrate >/dev/null
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
"$binary" --db "$db" serve --listen "127.0.0.1:$port" --threads 2 --purge-interval 1s >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; fail "serve exited early"; }
  sleep 0.1
done

json='Content-Type: application/json'
curl -sS -o /dev/null -H "$json" -d "{\"username\":\"admin\",\"password\":\"$ITEMCTL_ADMIN_PASSWORD\",\"platform\":\"web\"}" "$base/auth/token"
curl -sS -o /dev/null -H "$json" -d '{"username":"admin","password":"not-the-password"}' "$base/auth/token"
curl -sS -o /dev/null -H 'X-Version: 0.1' "$base/items"
curl -sS -o /dev/null "$base/items"

# The purge job runs every second; wait (bounded) until it has reported.
metrics=""
for _ in $(seq 1 50); do
  metrics="$(curl -fsS "$base/metrics")" || fail "GET /metrics failed"
  grep -q '^itemctl_cron_last_success_timestamp_seconds' <<<"$metrics" && break
  sleep 0.1
done
echo "$metrics" >"$work/metrics.txt"

kill -TERM "$server_pid"
for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$server_pid" 2>/dev/null && fail "serve did not stop within 10 s of SIGTERM"
server_pid=""

python3 - "$dashboard" "$work/metrics.txt" <<'PY'
import json, re, sys
dashboard = json.load(open(sys.argv[1]))
exposed = set()
for line in open(sys.argv[2]):
    m = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{|\s)", line)
    if m and not line.startswith("#"):
        exposed.add(m.group(1))
# Prometheus' own series, not itemctl's.
synthetic = {"up"}
promql_words = {"sum", "by", "rate", "increase", "histogram_quantile", "max", "time",
                "clamp_min", "le", "handler", "status", "result", "platform", "version",
                "exported_job", "instance", "job", "without", "on", "ignoring"}
errors = []
ids = []
panels = [p for p in dashboard["panels"]]
for panel in panels:
    ids.append(panel["id"])
    if panel["type"] == "row":
        continue
    if panel.get("datasource", {}).get("uid") != "${datasource}":
        errors.append(f"panel {panel['title']!r} does not use the $datasource variable")
    if not panel.get("targets"):
        errors.append(f"panel {panel['title']!r} has no query")
    for target in panel.get("targets", []):
        expr = re.sub(r'"[^"]*"', '""', target["expr"])  # drop label values
        expr = re.sub(r"\[[^\]]*\]", "", expr)             # and range selectors
        expr = re.sub(r"(?<![\w:])\d+(\.\d+)?([eE][-+]?\d+)?", "", expr)  # and numbers
        for name in re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
            if name in promql_words or name in synthetic:
                continue
            if name not in exposed:
                errors.append(f"panel {panel['title']!r} queries {name}, which itemctl does not export")
if len(ids) != len(set(ids)):
    errors.append(f"duplicate panel ids: {ids}")
titles = " ".join(p["title"].lower() for p in panels)
for topic in ("request rate", "error rate", "latency p50 / p95 / p99", "logins", "active sessions",
              "version rejections", "cron", "last successful run"):
    if topic not in titles:
        errors.append(f"no panel about {topic}")
if errors:
    sys.exit("FAIL:\n" + "\n".join(errors))
print(f"PASS: {len(panels)} panels, every metric they query is exported")
PY
