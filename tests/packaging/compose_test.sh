#!/usr/bin/env bash
# packaging/compose.yaml cannot be started here (no image registry), so this
# holds it to README "Running several instances": PostgreSQL with a health
# check, two itemctl services of the image packaging/Dockerfile builds, both
# on the same postgresql:// URL (postgres's numeric address: the static
# binary resolves no names) and the same secret, nginx in front with an
# upstream naming both and the address --trust-proxy trusts.
#
#   compose_test.sh
set -euo pipefail

packaging="$(cd "$(dirname "$0")/../../packaging" && pwd)"
python3 - "$packaging" <<'PY'
import os, re, sys, yaml
packaging = sys.argv[1]
doc = yaml.safe_load(open(os.path.join(packaging, "compose.yaml")))
services = doc["services"]
errors = []

pg = services.get("postgres", {})
if not str(pg.get("image", "")).startswith("postgres:"):
    errors.append("no postgres service from a postgres image")
if "healthcheck" not in pg:
    errors.append("postgres has no health check to wait for")

instances = {name: s for name, s in services.items()
             if s.get("command", [None])[0] == "serve"}
if len(instances) != 2:
    errors.append(f"expected two serve instances, found {sorted(instances)}")
envs = [s.get("environment", {}) for s in instances.values()]
urls = {e.get("ITEMCTL_DB", "") for e in envs}
keys = {e.get("ITEMCTL_SECRET_KEY", "") for e in envs}
# The static binary resolves no host names: the URL names postgres's address.
pg_address = pg.get("networks", {}).get("itemctl", {}).get("ipv4_address")
if len(urls) != 1 or not next(iter(urls)).startswith("postgresql://") or f"@{pg_address}:" not in next(iter(urls)):
    errors.append(f"the instances do not share one postgresql:// URL on postgres's address {pg_address}: {urls}")
if len(keys) != 1 or "ITEMCTL_SECRET_KEY" not in next(iter(keys)):
    errors.append(f"the instances do not share ITEMCTL_SECRET_KEY: {keys}")
builds = [s["build"] for s in instances.values() if "build" in s]
if not builds or builds[0].get("dockerfile") != "packaging/Dockerfile":
    errors.append("no instance builds packaging/Dockerfile")
elif not os.path.exists(os.path.join(packaging, builds[0]["context"], builds[0]["dockerfile"])):
    errors.append("the build context does not hold packaging/Dockerfile")
images = {s.get("image") for s in instances.values()}
if len(images) != 1:
    errors.append(f"the instances run different images: {images}")
for name, s in instances.items():
    if "postgres" not in str(s.get("depends_on", {})):
        errors.append(f"{name} does not wait for postgres")

nginx = services.get("nginx", {})
mounts = [v.split(":")[0] for v in nginx.get("volumes", [])]
if not mounts:
    errors.append("nginx mounts no configuration")
else:
    conf = open(os.path.join(packaging, mounts[0])).read()
    upstream = re.search(r"upstream\s+(\w+)\s*\{([^}]*)\}", conf)
    if not upstream:
        errors.append("the nginx configuration has no upstream")
    else:
        servers = set(re.findall(r"server\s+([\w.-]+):8080", upstream.group(2)))
        if servers != set(instances):
            errors.append(f"the upstream names {servers}, the instances are {set(instances)}")
        if f"proxy_pass http://{upstream.group(1)};" not in conf:
            errors.append("nothing proxies to the upstream")
    if "X-Forwarded-For $proxy_add_x_forwarded_for" not in conf:
        errors.append("nginx does not set X-Forwarded-For")
    address = nginx.get("networks", {}).get("itemctl", {}).get("ipv4_address")
    for name, s in instances.items():
        command = s["command"]
        trusted = command[command.index("--trust-proxy") + 1] if "--trust-proxy" in command else None
        if trusted != address:
            errors.append(f"{name} trusts {trusted} as its proxy, nginx is at {address}")

if errors:
    sys.exit("packaging/compose.yaml:\n  " + "\n  ".join(errors))
print("packaging/compose.yaml: PostgreSQL, two instances on one URL and secret, nginx in front")
PY
