#!/usr/bin/env bash
# Attacks `itemctl serve` from outside, like issue 8's attacker, and prints
# one line per attack: the status, the bytes of the answer, and the server's
# RSS (VmRSS) before and after. Builds nothing: pass the binary.
#
#   bench/attacks.sh [build/cmd/itemctl]
# The server runs on a temporary database at 127.0.0.1 on a random port.
set -euo pipefail

binary="${1:-build/cmd/itemctl}"
[ -x "$binary" ] || { echo "no itemctl binary at $binary" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
password="attack-admin-password"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

ITEMCTL_ADMIN_PASSWORD="$password" ITEMCTL_SECRET_KEY="attack-secret-key-0123456789" \
  "$binary" --db "$work/attack.db" serve --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

PORT="$port" PID="$server_pid" PASSWORD="$password" python3 - <<'PY'
import gzip, json, os, socket, threading, time, urllib.request

port, pid = int(os.environ["PORT"]), os.environ["PID"]
base = f"http://127.0.0.1:{port}"

def rss_kib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1

login = urllib.request.Request(
    base + "/auth/token", method="POST", headers={"Content-Type": "application/json"},
    data=json.dumps({"username": "admin", "password": os.environ["PASSWORD"],
                     "platform": "attack"}).encode())
token = json.load(urllib.request.urlopen(login))["access_token"]

def post_head(framing):
    return (f"POST /items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\n{framing}\r\n").encode()

def exchange(head, pieces=(), timeout=30, source=None):
    """Sends head then pieces until the server answers; returns the answer."""
    s = socket.socket()
    if source:
        s.bind((source, 0))
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    answer = b""
    try:
        s.sendall(head)
        for piece in pieces:
            s.setblocking(False)
            try:
                answer += s.recv(1 << 16)
                break  # answered early
            except BlockingIOError:
                pass
            finally:
                s.settimeout(timeout)
            s.sendall(piece)
    except OSError:
        pass
    try:
        while True:
            data = s.recv(1 << 16)
            if not data:
                break
            answer += data
            if b"\r\n\r\n" in answer:
                head_end = answer.index(b"\r\n\r\n") + 4
                length = [l for l in answer[:head_end].split(b"\r\n")
                          if l.lower().startswith(b"content-length:")]
                if length and len(answer) >= head_end + int(length[0].split(b":")[1]):
                    break
    except OSError:
        pass
    s.close()
    return answer

def report(name, answer, before):
    status = answer[:12].decode(errors="replace") if answer else "(no answer)"
    print(f"{name:<34} {status:<14} {len(answer):>9} bytes   "
          f"RSS {before:>7} KiB -> {rss_kib():>7} KiB")

def attack(name, head, pieces=()):
    before = rss_kib()
    report(name, exchange(head, pieces), before)

chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
attack("8 MiB chunked POST /items", post_head("Transfer-Encoding: chunked\r\n"),
       [chunk] * 128 + [b"0\r\n\r\n"])
bomb = gzip.compress(b"{" + b" " * (16 << 20) + b"}", 9)
attack(f"gzip bomb ({len(bomb)} B -> 16 MiB)",
       post_head(f"Content-Encoding: gzip\r\nContent-Length: {len(bomb)}\r\n") + bomb)
deep = b"[" * (1 << 20)
attack("1 MiB deep JSON [[[[", post_head(f"Content-Length: {len(deep)}\r\n"),
       [deep[i:i + 65536] for i in range(0, len(deep), 65536)])
deep = b"[" * (200 << 10)
attack("200 KiB deep JSON [[[[", post_head(f"Content-Length: {len(deep)}\r\n") + deep)
ranges = "bytes=0-" + ",0-" * 199
attack("200-range Range on /logo.png",
       f"GET /logo.png HTTP/1.1\r\nHost: x\r\nRange: {ranges}\r\nConnection: close\r\n\r\n".encode())
attack("100 MiB Content-Length", post_head("Content-Length: 104857600\r\n"))
attack("9 KiB header line",
       b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n")
attack("150 header fields", b"GET /healthz HTTP/1.1\r\nHost: x\r\n" +
       b"".join(b"X-F%d: 1\r\n" % i for i in range(150)) + b"\r\n")
attack("CL + TE", post_head("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n") + b"0\r\n\r\n")

# Slowloris: 300 connections from 127.0.0.1 sending a header line every 2 s,
# then a fresh GET /healthz from 127.0.0.2.
before = rss_kib()
held, stop = [], threading.Event()
for _ in range(300):
    s = socket.socket()
    s.settimeout(5)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        held.append(s)
    except OSError:
        s.close()
def trickle():
    while not stop.wait(2):
        for s in held:
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                pass
threading.Thread(target=trickle, daemon=True).start()
time.sleep(3)
started = time.monotonic()
answer = exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=15,
                  source="127.0.0.2")
report(f"slowloris x300 (probe {time.monotonic() - started:.2f}s)", answer, before)
closed = 0
for s in held:
    s.setblocking(False)
    try:
        if s.recv(4096) == b"":
            closed += 1
        else:
            closed += 1  # answered (503 or 408)
    except BlockingIOError:
        pass
    except OSError:
        closed += 1
print(f"{'  slowloris connections answered/closed':<34} {closed}/{len(held)} after 3 s")
stop.set()
for s in held:
    s.close()
PY
echo "refusal metrics:"
curl -fs "http://127.0.0.1:$port/metrics" | grep '^itemctl_http_refused_total' || echo "  (none)"
