#!/usr/bin/env bash
# packaging/Dockerfile cannot be built here (no image registry), so this
# holds it to the static build: a Debian 12 build stage that runs
# packaging/build-static.sh and copies the binary that script writes into a
# final stage FROM scratch whose entry point is that binary, run as a
# non-root user. Also checks packaging/build-static.sh accepts the
# arguments the Dockerfile gives it (--help documents OUT_DIR).
#
#   dockerfile_test.sh
set -euo pipefail

packaging="$(cd "$(dirname "$0")/../../packaging" && pwd)"
python3 - "$packaging/Dockerfile" <<'PY'
import re, shlex, sys
lines = open(sys.argv[1]).read().replace("\\\n", " ").splitlines()
instructions = [l.strip() for l in lines if l.strip() and not l.lstrip().startswith("#")]
stages, current = [], None
for ins in instructions:
    word, _, rest = ins.partition(" ")
    if word.upper() == "FROM":
        current = {"from": rest.split()[0], "name": rest.split()[-1] if " AS " in rest.upper() else None,
                   "body": []}
        stages.append(current)
    elif current is not None:
        current["body"].append((word.upper(), rest.strip()))
errors = []
if len(stages) < 2:
    errors.append("not a multi-stage build")
build, final = stages[0], stages[-1]
if not build["from"].startswith("debian:bookworm"):
    errors.append(f"the build stage is FROM {build['from']}, not Debian 12 (bookworm)")
if final["from"] != "scratch":
    errors.append(f"the final stage is FROM {final['from']}, not scratch")
out_dir = None
for word, rest in build["body"]:
    if word == "RUN":
        for command in re.split(r"&&|;", rest):
            args = shlex.split(command)
            while args and "=" in args[0] and not args[0].startswith("-"):
                args = args[1:]
            if args and args[0] == "packaging/build-static.sh":
                out_dir = [a for a in args[1:] if not a.startswith("-")][0]
if not out_dir:
    errors.append("the build stage never runs packaging/build-static.sh OUT_DIR")
build_text = " ".join(rest for _, rest in build["body"])
if out_dir and f"{out_dir}/itemctl" not in build_text:
    errors.append(f"the build stage does not take the binary from {out_dir}/itemctl")
copies = [rest for word, rest in final["body"] if word == "COPY"]
if not any(f"--from={build['name']}" in c for c in copies):
    errors.append(f"the final stage copies nothing from the build stage {build['name']}")
entry = [rest for word, rest in final["body"] if word == "ENTRYPOINT"]
if entry != ['["/itemctl"]']:
    errors.append(f"ENTRYPOINT is {entry}, expected [\"/itemctl\"]")
user = [rest for word, rest in final["body"] if word == "USER"]
if not user or user[-1].split(":")[0] in ("0", "root"):
    errors.append("the final stage runs as root")
if errors:
    sys.exit("FAIL: packaging/Dockerfile: " + "; ".join(errors))
print(f"PASS: build stage runs packaging/build-static.sh {out_dir}; final stage FROM scratch")
PY
grep -q 'OUT_DIR' <<<"$("$packaging/build-static.sh" --help)" || { echo "FAIL: build-static.sh --help" >&2; exit 1; }
