#!/usr/bin/env bash
# The static itemctl runs alone: copied into an otherwise empty root (no
# /usr, /etc, /lib, /proc, not even /dev: its randomness comes from the
# getrandom(2) system call, SPEC §8), run there under chroot, it tries a
# PostgreSQL URL (libpq is in), migrates,
# adds a user and an item (random salts),
# lists items as JSON, and serves /healthz, a login, /items, the embedded
# static files and the embedded docs on 127.0.0.1, asked by curl from
# outside the root.
#
#   static_chroot_test.sh STATIC_BINARY
#
# Needs root (chroot). Exits 77 (skipped) when not root.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 STATIC_BINARY" >&2; exit 2; }
binary="$(realpath "$1")"
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: chroot needs root"
  exit 77
fi

fail() { echo "FAIL: $*" >&2; exit 1; }
chroot_bin="$(command -v chroot)" || fail "chroot is not installed"

work="$(mktemp -d /tmp/itemctl-chroot.XXXXXX)"
root="$work/root"
mkdir "$root"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cp "$binary" "$root/itemctl"
mkdir -m 0755 "$root/data"

actual="$(cd "$root" && find . -mindepth 1 | sort | tr '\n' ' ')"
[ "$actual" = "./data ./itemctl " ] ||
  fail "the root holds more than the binary: $actual"

admin_password="chroot-admin-pw-1"
bob_password="chroot-bob-pw-22"
# itemctl inside the root with a clean environment; stdin passes through.
root_itemctl=(env -i ITEMCTL_ADMIN_PASSWORD="$admin_password"
  ITEMCTL_SECRET_KEY="chroot-test-secret-key-0123456789" "$chroot_bin" "$root" /itemctl
  --db /data/itemctl.db)
in_root() { "${root_itemctl[@]}" "$@"; }
# Checks a JSON document on stdin with a Python expression over `doc`.
json_check() {
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
if not eval("(" + sys.argv[1] + ")"):
    sys.exit("JSON check failed: %s\ndocument: %s" % (sys.argv[1], json.dumps(doc)))
' "$1"
}

version="$(in_root --version 2>&1)" || fail "--version failed in the empty root: $version"
grep -q '^itemctl ' <<<"$version" || fail "--version printed: $version"

# libpq is linked in (TLS, no GSSAPI/LDAP): a PostgreSQL URL with nothing
# listening is a connection error, not "built without PostgreSQL support".
out="$(env -i ITEMCTL_SECRET_KEY="chroot-test-secret-key-0123456789" "$chroot_bin" "$root" \
  /itemctl --db "postgresql://itemctl:pw@127.0.0.1:1/itemctl?connect_timeout=5" migrate 2>&1)" &&
  fail "migrate on a closed PostgreSQL port succeeded: $out"
grep -q "cannot connect to postgresql://itemctl:\*\*\*@127.0.0.1:1/itemctl" <<<"$out" ||
  fail "migrate on a closed PostgreSQL port said: $out"

out="$(in_root migrate 2>&1)" || fail "migrate failed: $out"
[ -s "$root/data/itemctl.db" ] || fail "migrate wrote no database"
in_root migrate --status >/dev/null || fail "migrate --status failed"

out="$(echo "$bob_password" | in_root user add bob --password-stdin 2>&1)" || fail "user add failed: $out"
in_root --json user list | json_check 'sorted(u["username"] for u in doc["users"]) == ["admin", "bob"]'

out="$(in_root item add chroot-widget --description "made in an empty root" 2>&1)" ||
  fail "item add failed: $out"
items_json="$(in_root item list --json)" || fail "item list --json failed"
echo "$items_json" | json_check 'doc["total"] == 1 and doc["items"][0]["name"] == "chroot-widget"
  and doc["items"][0]["description"] == "made in an empty root" and doc["items"][0]["user_id"] == 1'

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
log="$work/serve.log"
# exec, so that $! is the server itself (env and chroot exec in turn): the
# PID of a shell running in_root would take the TERM below and leave the
# server running.
(exec "${root_itemctl[@]}" serve --listen "127.0.0.1:$port" --threads 2) >"$log" 2>&1 &
server_pid=$!

up=0
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$base/healthz" 2>/dev/null; then up=1; break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; fail "serve exited early"; }
  sleep 0.1
done
[ "$up" = 1 ] || { cat "$log" >&2; fail "serve did not answer /healthz within 10 s"; }

status="$(curl -sS -o /dev/null -w '%{http_code}' "$base/readyz")"
[ "$status" = 200 ] || fail "/readyz answered $status"

login="$(curl -sS -w '\n%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"bob\",\"password\":\"$bob_password\",\"platform\":\"cli\"}" "$base/auth/token")"
[ "$(echo "$login" | tail -n1)" = 200 ] || fail "login answered: $login"
echo "$login" | head -n -1 | json_check 'doc["token_type"] == "bearer" and doc["id"] == 2
  and len(doc["access_token"]) >= 128 and doc["access_token"].isalnum()'
token="$(echo "$login" | head -n -1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"

status="$(curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"username":"bob","password":"wrong-password"}' "$base/auth/token")"
[ "$status" = 401 ] || fail "a wrong password answered $status, not 401"

curl -fsS -H "Authorization: Bearer $token" "$base/items" |
  json_check '[i["name"] for i in doc["items"]] == ["chroot-widget"]'

# Embedded files: the logo from assets/static and the Redoc bundle.
status="$(curl -sS -o "$work/logo.png" -w '%{http_code}' "$base/logo.png")"
[ "$status" = 200 ] && [ "$(head -c 4 "$work/logo.png" | tail -c 3)" = PNG ] ||
  fail "/logo.png answered $status without a PNG"
status="$(curl -sS -o "$work/docs.html" -w '%{http_code}' -u "admin:$admin_password" "$base/docs")"
[ "$status" = 200 ] && grep -q 'Redoc.init' "$work/docs.html" || fail "/docs answered $status without Redoc"
bundle_path="$(sed -n 's/.*<script src="\([^"]*redoc[^"]*\)".*/\1/p' "$work/docs.html" | sed -n 1p)"
[ -n "$bundle_path" ] || fail "/docs names no Redoc bundle"
bundle_size="$(curl -fsS -u "admin:$admin_password" "$base$bundle_path" | wc -c)"
[ "$bundle_size" -gt 100000 ] || fail "$bundle_path served $bundle_size bytes, not the embedded bundle"

kill -TERM "$server_pid"
for _ in $(seq 1 100); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$server_pid" 2>/dev/null; then
  cat "$log" >&2
  fail "serve did not stop within 10 s of SIGTERM"
fi
wait "$server_pid" || true
server_pid=""
echo "PASS: the static binary migrates, adds, lists and serves in an empty root"
