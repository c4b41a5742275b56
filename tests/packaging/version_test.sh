#!/usr/bin/env bash
# `itemctl --version` states the build's identity: the version (with its git
# description), the build type, and the SQLite and Botan versions inside,
# which must be those of the Debian packages it was built with.
#
#   version_test.sh BINARY VERSION BUILD_TYPE
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 BINARY VERSION BUILD_TYPE" >&2; exit 2; }
binary="$1" version="$2" build_type="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }

out="$("$binary" --version)" || fail "--version exited $?"
# Upstream version of an installed Debian package: 2.19.3+dfsg-1+deb12u1 -> 2.19.3.
upstream() { dpkg-query -W -f='${Version}' "$1" | sed -e 's/^[0-9]*://' -e 's/[-+~].*//'; }
sqlite="$(upstream libsqlite3-dev)"
botan="$(upstream libbotan-2-dev)"

expected_lines=(
  "^itemctl $version \(.+\)$"
  "^build type: $build_type$"
  "^SQLite $sqlite$"
  "^Botan $botan$"
)
for pattern in "${expected_lines[@]}"; do
  grep -Eq "$pattern" <<<"$out" || fail "no line matching '$pattern' in:
$out"
done
echo "PASS: $(echo "$out" | tr '\n' ';')"
