#!/usr/bin/env bash
# Builds the one file a packager ships: a stripped, fully static `itemctl`
# (glibc, libstdc++, SQLite, Botan, cpp-httplib, prometheus-cpp, spdlog,
# fmt, the migrations and the docs bundle all inside), in OUT_DIR.
#
#   packaging/build-static.sh [--deb] [OUT_DIR]
#
#   OUT_DIR   where itemctl (and with --deb the .deb) is written;
#             default <build dir>/dist
#   --deb     also package it with CPack: itemctl_<version>_<arch>.deb,
#             depending on no library (only on passwd, for its user)
#   ITEMCTL_STATIC_BUILD_DIR  build tree, default ./build-static
#   ITEMCTL_JOBS              parallel jobs, default nproc
#
# Same sources as the development build, configured separately (see
# packaging/static.cmake). The libraries Debian ships only shared are built
# once per build tree from Debian's source packages by
# packaging/static-deps.sh (in <build dir>/deps); later runs reuse them.
# Needs the packages of scripts/install-deps.sh; the first run also needs
# root or sudo (it enables deb-src and installs dpkg-dev). Exits non-zero
# unless the result is a statically linked executable.
set -euo pipefail

make_deb=0
out_arg=""
for arg in "$@"; do
  case "$arg" in
    --deb) make_deb=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "build-static.sh: unknown option '$arg'" >&2; exit 2 ;;
    *) [ -z "$out_arg" ] || { echo "build-static.sh: one OUT_DIR only" >&2; exit 2; }
       out_arg="$arg" ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${ITEMCTL_STATIC_BUILD_DIR:-$root/build-static}"
mkdir -p "$build_dir"
build_dir="$(cd "$build_dir" && pwd -P)"
out_dir="${out_arg:-$build_dir/dist}"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
jobs="${ITEMCTL_JOBS:-$(nproc)}"
export ITEMCTL_JOBS="$jobs"

"$root/packaging/static-deps.sh" "$build_dir/deps"

echo "build-static: configuring $build_dir"
cmake -S "$root" -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
  -DCMAKE_PROJECT_INCLUDE="$root/packaging/static.cmake" \
  -DITEMCTL_STATIC_DEPS_PREFIX="$build_dir/deps/prefix" >"$build_dir/configure.log" 2>&1 ||
  { cat "$build_dir/configure.log" >&2; exit 1; }
echo "build-static: building itemctl"
cmake --build "$build_dir" --parallel "$jobs" --target itemctl

binary="$out_dir/itemctl"
strip --strip-all -o "$binary.tmp" "$build_dir/cmd/itemctl"
mv "$binary.tmp" "$binary"

if ! grep -q 'statically linked' <<<"$(file "$binary")"; then
  echo "build-static: $binary is not statically linked: $(file -b "$binary")" >&2
  exit 1
fi
if ldd "$binary" >/dev/null 2>&1; then
  echo "build-static: ldd still finds dynamic dependencies in $binary:" >&2
  ldd "$binary" >&2
  exit 1
fi
echo "build-static: $binary ($(stat -c %s "$binary") bytes, stripped, static)"

if [ "$make_deb" = 1 ]; then
  rm -rf "$build_dir/cpack"
  (cd "$build_dir" && cpack -G DEB -B "$build_dir/cpack" >"$build_dir/cpack.log" 2>&1) ||
    { cat "$build_dir/cpack.log" >&2; exit 1; }
  cp "$build_dir"/cpack/*.deb "$out_dir/"
  echo "build-static: $(ls "$out_dir"/*.deb)"
fi
