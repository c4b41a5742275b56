#!/usr/bin/env bash
# packaging/build-static.sh, run as a packager would, produces in
# BUILD_DIR/dist a stripped itemctl that `file` calls statically linked and
# `ldd` not a dynamic executable, whose --version names the Release build
# and the SQLite and Botan it carries, and the static .deb. The static
# dependencies are built once per BUILD_DIR; a second run reuses them.
#
#   static_build_test.sh BUILD_DIR VERSION
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 BUILD_DIR VERSION" >&2; exit 2; }
build_dir="$1"
version="$2"
here="$(cd "$(dirname "$0")" && pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }

start=$(date +%s)
ITEMCTL_STATIC_BUILD_DIR="$build_dir" "$here/../../packaging/build-static.sh" --deb "$build_dir/dist" ||
  fail "build-static.sh failed"
echo "build-static.sh took $(( $(date +%s) - start )) s"

binary="$build_dir/dist/itemctl"
[ -x "$binary" ] || fail "no executable $binary"
description="$(file -b "$binary")"
grep -q 'statically linked' <<<"$description" || fail "file says: $description"
grep -q ', stripped' <<<"$description" || fail "not stripped: $description"
if ldd_out="$(ldd "$binary" 2>&1)"; then
  fail "ldd lists dynamic dependencies: $ldd_out"
fi
grep -q 'not a dynamic executable' <<<"$ldd_out" || fail "ldd says: $ldd_out"
"$here/version_test.sh" "$binary" "$version" Release
[ -f "$build_dir/deps/prefix/.itemctl-static-deps" ] || fail "no static dependency stamp"

# Built once: the dependency step of a second run does nothing.
start=$(date +%s%N)
"$here/../../packaging/static-deps.sh" "$build_dir/deps"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$elapsed_ms" -lt 2000 ] || fail "a second static-deps.sh run took $elapsed_ms ms: it rebuilt"
echo "PASS: $binary, $(stat -c %s "$binary") bytes, static and stripped"
