#!/usr/bin/env bash
# Installs the Debian 12 packages itemctl builds and tests with. Idempotent:
# does nothing when every package is already there. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libsqlite3-dev libpq-dev libbotan-2-dev libcli11-dev libcpp-httplib-dev
  nlohmann-json3-dev libspdlog-dev prometheus-cpp-dev catch2
  sqlite3 curl nodejs
)
# The build runs `npm ci` for the Redoc bundle it embeds. A Node.js that
# ships its own npm conflicts with Debian's npm package: add it only if absent.
command -v npm >/dev/null || packages+=(npm)
if [ "${ITEMCTL_TEST_DEPS:-0}" = 1 ]; then
  # chromium renders /docs headless in the tests.
  packages+=(python3 wrk chromium)
  # scripts/pg-cluster.sh: the throw-away PostgreSQL cluster the suite runs
  # its second engine on (initdb and pg_ctl as the postgres user).
  packages+=(postgresql)
  # The packaging tests (tests/packaging/): static build from Debian source
  # packages, the .deb, the unit, completions, man page, monitoring kit.
  packages+=(file dpkg-dev python3-yaml systemd zsh man-db groff-base)
  # scripts/fuzz.sh: clang with libFuzzer and the sanitizer runtimes, and
  # llvm-symbolizer for readable stack traces.
  packages+=(clang libclang-rt-14-dev llvm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
