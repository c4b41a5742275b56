#!/usr/bin/env python3
"""Performance round two (issue 12): every scenario of the issue's table in one
run, `itemctl serve` against a bare cpp-httplib + SQLite reference server
(bench/reference_server.cpp) on the same machine, printed as one table with
the ratios and the targets, then the cost growth at 1 000, 100 000 and
1 000 000 items.

    bench/perf.py                          # builds build-perf (Release) first
    bench/perf.py --build-dir build-rel --duration 8 --sizes 1000,100000
    bench/perf.py --postgres               # the itemctl rows again on PostgreSQL
    bench/perf.py --serve-args "--hash-concurrency 2"   # a setting's effect

wrk runs with -t2 on 127.0.0.1 only; the server trusts 127.0.0.1 as a proxy,
so wrk's connections are not capped per address. --postgres starts a
throw-away cluster (scripts/pg-cluster.sh, durability off: figures of the
server's CPU path, not of fsync). Nothing here is a pass/fail test: it prints
figures, and the targets beside them.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, nullcontext

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN_PASSWORD = "perf-admin-password-1"
USER_PASSWORD = "perf-user-password-22"
SECRET_KEY = "perf-secret-key-0123456789abcdef"


def log(text):
    print(text, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    """The process's resident set, MB (VmRSS of /proc/PID/status)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def http(method, url, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


class Server:
    """A server process on a free port, answering /healthz."""

    def __init__(self, argv, log_path, env=None):
        self.port = free_port()
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=env)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(600):  # at most 60 s, for a migration of a big database
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start: {' '.join(argv)}\n"
                           + open(log_path).read()[-2000:])

    def rss_mb(self):
        return rss_mb(self.process.pid)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def parse_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)$", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(report):
    if "Requests/sec" not in report:
        raise RuntimeError("wrk gave no figures:\n" + report)
    errors = 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    if bad:
        errors += int(bad.group(1))
    sock = re.search(r"Socket errors: (.*)", report)
    if sock:
        errors += sum(int(n) for n in re.findall(r"\d+", sock.group(1)))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1)),
        "p50": parse_ms(re.search(r"^\s+50%\s+(\S+)", report, re.M).group(1)),
        "p99": parse_ms(re.search(r"^\s+99%\s+(\S+)", report, re.M).group(1)),
        "errors": errors,
    }


class Bench:
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.scripts = {}
        self.env = dict(os.environ, ITEMCTL_SECRET_KEY=SECRET_KEY,
                        ITEMCTL_ADMIN_PASSWORD=ADMIN_PASSWORD)

    # --- tools -------------------------------------------------------------

    def wrk_command(self, url, connections, headers=(), script=None, extra_env=None):
        argv = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{self.args.duration}s",
                "--latency"]
        for header in headers:
            argv += ["-H", header]
        if script:
            argv += ["-s", script]
        argv.append(url)
        return argv, dict(os.environ, **(extra_env or {}))

    def wrk(self, url, connections, **kwargs):
        argv, env = self.wrk_command(url, connections, **kwargs)
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        return parse_wrk(done.stdout + done.stderr)

    def wrk_script(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w") as script:
            script.write(text)
        return path

    def itemctl(self, db, *argv, stdin=None):
        done = subprocess.run([self.args.itemctl, "--db", db, *argv], env=self.env, input=stdin,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"itemctl {' '.join(argv)}: {done.stderr}")
        return done.stdout

    def database(self, name, items):
        """A migrated database holding admin, user `perf` and `items` items."""
        if self.args.postgres:
            db = self.args.postgres_url_for(name)
        else:
            db = os.path.join(self.work, f"{name}.db")
        self.itemctl(db, "migrate")
        self.itemctl(db, "user", "add", "perf", "--password-stdin", stdin=USER_PASSWORD + "\n")
        if items:
            csv = os.path.join(self.work, f"items-{items}.csv")
            if not os.path.exists(csv):
                with open(csv, "w") as out:
                    out.write("name,description\n")
                    for i in range(1, items + 1):
                        out.write(f"item-{i:07d},Item number {i} of the performance run\n")
            started = time.monotonic()
            self.itemctl(db, "item", "import", csv)
            log(f"  imported {items} items into {name} in {time.monotonic() - started:.1f} s")
        return db

    @contextmanager
    def itemctl_serve(self, db, name):
        server = Server([self.args.itemctl, "--db", db, "serve", "--listen", "127.0.0.1:{port}",
                         "--trust-proxy", "127.0.0.1", *shlex.split(self.args.serve_args)],
                        os.path.join(self.work, f"{name}.log"), env=self.env)
        try:
            yield server
        finally:
            server.stop()

    @contextmanager
    def reference_serve(self, db):
        server = Server([self.args.reference, db, "{port}"],
                        os.path.join(self.work, "reference.log"))
        try:
            yield server
        finally:
            server.stop()

    def token(self, server, username="admin", password=ADMIN_PASSWORD):
        return http("POST", server.base + "/auth/token",
                    {"username": username, "password": password})["access_token"]

    # --- the table ----------------------------------------------------

    def table(self):
        rows = []
        item = 500
        small = self.database("small", 1000)
        reference = None
        if not self.args.postgres:
            with self.reference_serve(small) as server:
                reference = self.wrk(f"{server.base}/items/{item}", 64)
        with self.itemctl_serve(small, "small") as server:
            idle = server.rss_mb()
            token = self.token(server)
            bearer = "Authorization: Bearer " + token
            url = f"{server.base}/items/{item}"
            read = self.wrk(url, 64, headers=[bearer])
            share = f"{100 * read['rps'] / reference['rps']:.0f} % of " \
                    f"{reference['rps']:.0f}" if reference else "-"
            rows.append(("GET /items/{id} c64 (% of the bare server)", fmt_run(read), share,
                         ">= 85 %"))
            self.wrk(url, 256, headers=[bearer])
            rows.append(("RSS after 256 connections / idle", f"{server.rss_mb():.0f} MB / "
                         f"{idle:.0f} MB", "-", "<= 64 MB / <= 15 MB"))

            login = self.wrk_script("login.lua", LOGIN_LUA % json.dumps(
                {"username": "perf", "password": USER_PASSWORD}))
            logins = self.wrk(server.base + "/auth/token", 4, script=login)
            rows.append(("logins POST /auth/token c4", fmt_run(logins), "-", ">= 50/s"))

            alone = self.wrk(url, 16, headers=[bearer])
            flood_argv, flood_env = self.wrk_command(server.base + "/auth/token", 8, script=login)
            flood = subprocess.Popen(flood_argv, env=flood_env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            try:
                during = self.wrk(url, 16, headers=[bearer])
            finally:
                flood.wait()
            rows.append(("read p99 c16 while c8 post logins", fmt_run(during),
                         f"{during['p99'] / alone['p99']:.1f}x of {alone['p99']:.2f} ms",
                         "<= 2x"))

            posts = self.wrk(server.base + "/items", 16, script=POST_SCRIPT,
                             extra_env={"NAME_PREFIX": f"perf{int(time.time())}",
                                        "TOKEN": token})
            rows.append(("POST /items unique names c16", fmt_run(posts), "-", "p99 <= 25 ms"))

        if not self.args.postgres and shutil.which("sqlite3"):
            big = self.database("list", 100000)
            ours = best_of(3, lambda: subprocess.run(
                [self.args.itemctl, "--db", big, "--json", "item", "list", "--all"], env=self.env,
                stdout=subprocess.DEVNULL, check=True))
            shell = best_of(3, lambda: subprocess.run(
                ["sqlite3", "-json", big, "SELECT id, name, description, user_id, created_at, "
                 "updated_at FROM items ORDER BY id"], stdout=subprocess.DEVNULL, check=True))
            rows.append(("itemctl --json item list --all, 100k", f"{ours:.2f} s",
                         f"{ours / shell:.1f}x sqlite3 -json ({shell:.2f} s)", "<= 2x"))
        return rows

    # --- cost growth ---------------------------------------------------------

    def growth(self):
        rows = []
        first_page = None
        for size in self.args.sizes:
            db = self.database(f"size{size}", size)
            with self.itemctl_serve(db, f"size{size}") as server:
                bearer = "Authorization: Bearer " + self.token(server)
                deep = max(1, size // 40)
                for label, path, connections in (
                        ("GET /items/{id}", f"/items/{size // 2}", 16),
                        ("GET /items?page=3&limit=20", "/items?page=3&limit=20", 16),
                        (f"GET /items?page={deep}&limit=20 (deep)",
                         f"/items?page={deep}&limit=20", 16),
                        (f"GET /items?after_id={(deep - 1) * 20}&limit=20 (cursor)",
                         f"/items?after_id={(deep - 1) * 20}&limit=20", 16),
                        ("GET /items?name=77777", "/items?name=77777", 16),
                        ("GET /items?name=77777 c1 (one client's latency)",
                         "/items?name=77777", 1),
                        # Descriptions say "number <i> of": the numbers that
                        # start with 7 are a ninth of the items at each size.
                        ("GET /items?description=number 7&page=3 (a ninth match)",
                         "/items?description=number%207&page=3", 16)):
                    run = self.wrk(server.base + path, connections, headers=[bearer])
                    note = "-"
                    if label.startswith("GET /items?page=3"):
                        if first_page is None:
                            first_page = run["rps"]
                        note = f"{100 * run['rps'] / first_page:.0f} % of the first size"
                    rows.append((f"{size:>9,} {label}", fmt_run(run), note, ""))
        return rows


LOGIN_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '%s'
"""

POST_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "post_unique_names.lua")


def fmt_run(run):
    errors = f", {run['errors']} errors" if run["errors"] else ""
    return (f"{run['rps']:>8.0f} req/s  p50 {run['p50']:6.2f} ms  p99 {run['p99']:7.2f} ms"
            f"{errors}")


def best_of(times, action):
    best = None
    for _ in range(times):
        started = time.monotonic()
        action()
        elapsed = time.monotonic() - started
        best = elapsed if best is None else min(best, elapsed)
    return best


def print_table(title, header, rows):
    print(f"\n{title}")
    rows = [header] + rows
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


def build(args):
    if args.itemctl and args.reference:
        return
    build_dir = os.path.join(ROOT, args.build_dir)
    if not os.path.exists(os.path.join(build_dir, "build.ninja")):
        subprocess.run(["cmake", "-S", ROOT, "-B", build_dir, "-G", "Ninja",
                        "-DCMAKE_BUILD_TYPE=Release"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir, "--target", "itemctl",
                    "itemctl_reference_server"], check=True, stdout=subprocess.DEVNULL)
    args.itemctl = args.itemctl or os.path.join(build_dir, "cmd", "itemctl")
    args.reference = args.reference or os.path.join(build_dir, "web", "itemctl_reference_server")


@contextmanager
def postgres_cluster(args, work):
    directory = os.path.join(work, "pg")
    url = subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "start", directory],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    created = []

    def url_for(name):
        database = f"itemctl_perf_{name}"
        if database not in created:
            subprocess.run(["psql", url, "-q", "-c", f"CREATE DATABASE {database}"], check=True)
            created.append(database)
        return url.rsplit("/", 1)[0] + "/" + database

    args.postgres_url_for = url_for
    try:
        yield
    finally:
        subprocess.run([os.path.join(ROOT, "scripts", "pg-cluster.sh"), "stop", directory],
                       capture_output=True, check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default="build-perf",
                        help="CMake build directory (Release), built first")
    parser.add_argument("--itemctl", help="itemctl binary (skips the build with --reference)")
    parser.add_argument("--reference", help="itemctl_reference_server binary")
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--sizes", default="1000,100000,1000000",
                        help="item counts of the growth table, comma-separated")
    parser.add_argument("--postgres", action="store_true",
                        help="run the itemctl rows on a throw-away PostgreSQL cluster")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--serve-args", default="",
                        help="more `itemctl serve` flags, e.g. \"--hash-concurrency 2\"")
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",") if size]
    for tool in ("wrk",) + (("psql",) if args.postgres else ()):
        if not shutil.which(tool):
            sys.exit(f"perf: {tool} is needed (apt-get install {tool if tool == 'wrk' else 'postgresql-client'})")
    build(args)
    work = tempfile.mkdtemp(prefix="itemctl-perf-")
    os.chmod(work, 0o755)  # the PostgreSQL server user reads its socket directory
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"itemctl perf: {os.cpu_count()} cores, wrk -t2 -d{args.duration}s, {engine}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    try:
        cluster = postgres_cluster(args, work) if args.postgres else nullcontext()
        with cluster:
            bench = Bench(args, work)
            print_table("The issue's table", ("scenario", "itemctl", "ratio", "target"),
                        bench.table())
            if not args.skip_growth:
                print_table("Cost growth, wrk -c16 unless marked c1", ("items / request", "itemctl", "", ""),
                            bench.growth())
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
