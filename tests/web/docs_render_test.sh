#!/usr/bin/env bash
# Renders /docs in headless Chromium with no network and checks that Redoc
# drew the operations: their summaries must appear in the rendered DOM.
# Usage: docs_render_test.sh DOCS_SERVER_BINARY
set -euo pipefail
server_bin="$1"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "docs_render_test: chromium is missing: run ITEMCTL_TEST_DEPS=1 scripts/install-deps.sh" >&2
  exit 1
fi
work="$(mktemp -d)"
server_pid=""
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkfifo "$work/stdin"
"$server_bin" "$work" < "$work/stdin" > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
exec 3> "$work/stdin"  # the server stops when this closes
port=""
for _ in $(seq 1 100); do
  port="$(sed -n 's/^port \([0-9]*\)$/\1/p' "$work/server.out")"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "docs server did not start" >&2; cat "$work/server.err" >&2; exit 1; }

# Credentials in the URL answer the Basic challenge of the top-level page.
# Any request leaving 127.0.0.1 fails: the page must need none.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --disable-default-apps --user-data-dir="$work/profile" \
  --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" \
  --virtual-time-budget=15000 --dump-dom \
  "http://docs:docs-password-1@127.0.0.1:$port/docs" > "$work/dom.html" 2> "$work/chromium.err" || {
  echo "chromium failed:" >&2
  tail -20 "$work/chromium.err" >&2
  exit 1
}

# The summaries are also in the page's embedded JSON: drop it, so only what
# Redoc rendered is searched.
perl -0pe 's#<script id="openapi-document".*?</script>##s' "$work/dom.html" > "$work/rendered.html"
status=0
for expected in "Log in with a password" "Refresh the tokens" "Create a user" "List users" \
                "Update a user" "Create an item" "List items" "Delete an item" "List roles" \
                "List API versions" "Prometheus metrics"; do
  if ! grep -qF "$expected" "$work/rendered.html"; then
    echo "missing from the rendered /docs: $expected" >&2
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  head -c 2000 "$work/rendered.html" >&2
  exit 1
fi
echo "rendered /docs: $(wc -c < "$work/dom.html") bytes of DOM"
