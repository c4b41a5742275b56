#!/usr/bin/env bash
# Builds the libraries Debian 12 ships only as shared objects (fmt, spdlog,
# prometheus-cpp core, cpp-httplib), and a libpq without the GSSAPI and LDAP
# that Debian's libpq.a needs (both shipped shared only), as static archives
# from Debian's own source packages, into DEPS_DIR/prefix, for
# packaging/build-static.sh.
#
#   packaging/static-deps.sh DEPS_DIR
#
# Built once: a later run with the same recipe (this file) finds
# DEPS_DIR/prefix/.itemctl-static-deps and returns at once, without apt.
# The first run enables deb-src for the Debian mirrors already configured
# (a file under /etc/apt/sources.list.d/) and installs dpkg-dev when missing,
# so it needs root or sudo. Nothing is fetched except through apt-get source.
# Static archives Debian does ship (SQLite, Botan, OpenSSL, zlib, ...) are
# used as installed: libpq speaks TLS through Debian's libssl.a.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 DEPS_DIR" >&2; exit 2; }
mkdir -p "$1"
deps_dir="$(cd "$1" && pwd -P)"
prefix="$deps_dir/prefix"
stamp="$prefix/.itemctl-static-deps"
recipe="$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)"
jobs="${ITEMCTL_JOBS:-$(nproc)}"

if [ -f "$stamp" ] && [ "$(head -n1 "$stamp")" = "recipe $recipe" ]; then
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
log() { echo "static-deps: $*"; }

# The Debian source packages built here, recorded in the stamp.
source_packages=(fmtlib spdlog prometheus-cpp cpp-httplib postgresql-15)

ensure_tools() {
  local missing=()
  for p in dpkg-dev python3 cmake ninja-build make perl libssl-dev; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# Writes a deb-src twin of every Debian "deb" entry apt already uses, in
# both the deb822 (*.sources) and the one-line (*.list) formats.
ensure_deb_src() {
  if grep -q '^Package: fmtlib' <<<"$(apt-cache showsrc fmtlib 2>/dev/null)"; then
    return
  fi
  local out=/etc/apt/sources.list.d/itemctl-deb-src.sources
  local lists=()
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && [ "$f" != "$out" ] && lists+=("$f")
  done
  local oneline=()
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && oneline+=("$f")
  done
  log "enabling deb-src in $out"
  python3 - "$out" "${lists[@]}" -- "${oneline[@]}" <<'PY' | $sudo tee "$out" >/dev/null
import re, sys
args = sys.argv[2:]
sep = args.index("--")
deb822, oneline = args[:sep], args[sep + 1:]
stanzas = []
for path in deb822:
    for block in re.split(r"\n\s*\n", open(path).read()):
        fields = {}
        for line in block.splitlines():
            if line.startswith("#") or ":" not in line or line[:1].isspace():
                continue
            key, value = line.split(":", 1)
            fields[key.strip()] = value.strip()
        if "deb" in fields.get("Types", "").split() and "/debian" in fields.get("URIs", ""):
            if fields.get("Enabled", "yes") == "no":
                continue
            fields["Types"] = "deb-src"
            stanzas.append(fields)
for path in oneline:
    for line in open(path):
        m = re.match(r"\s*deb\s+(\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.*)", line)
        if m and "/debian" in m.group(2):
            stanzas.append({"Types": "deb-src", "URIs": m.group(2),
                            "Suites": m.group(3), "Components": m.group(4).strip()})
if not stanzas:
    sys.exit("no Debian 'deb' source found in /etc/apt to mirror as deb-src")
print("# Written by itemctl packaging/static-deps.sh: source packages for the static build.")
print("\n\n".join("\n".join(f"{k}: {v}" for k, v in s.items()) for s in stanzas))
PY
  $sudo apt-get update -qq
}

# Unpacks Debian's source package $1 (patches applied) and prints its path.
# The newest version apt knows first; a mirror may lack its files for a
# while after a security update (404), so older known versions follow.
fetch_source() {
  local pkg="$1"
  local dir="$deps_dir/src/$pkg"
  if ! ls -d "$dir"/"$pkg"-*/debian >/dev/null 2>&1; then
    local version fetched=0
    for version in "" $(apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' | sort -rV); do
      rm -rf "$dir"
      mkdir -p "$dir"
      if (cd "$dir" && apt-get source -qq "$pkg${version:+=$version}" >/dev/null \
            2>"$dir/apt-get-source.log"); then
        fetched=1
        break
      fi
    done
    if [ "$fetched" = 0 ]; then
      cat "$dir/apt-get-source.log" >&2
      echo "static-deps: apt-get source $pkg failed" >&2
      exit 1
    fi
  fi
  ls -d "$dir"/"$pkg"-*/ | sed -n '1s:/$::p'
}

cmake_dep() {
  local name="$1" src="$2"
  shift 2
  log "building $name (static) from $(basename "$src")"
  cmake -S "$src" -B "$deps_dir/build/$name" -G Ninja -Wno-dev \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DCMAKE_POSITION_INDEPENDENT_CODE=OFF \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_PACKAGE_PREFER_CONFIG=ON \
    "$@" >"$deps_dir/build/$name.log" 2>&1 || { cat "$deps_dir/build/$name.log" >&2; exit 1; }
  cmake --build "$deps_dir/build/$name" --parallel "$jobs" >>"$deps_dir/build/$name.log" 2>&1 ||
    { tail -n 40 "$deps_dir/build/$name.log" >&2; exit 1; }
  cmake --install "$deps_dir/build/$name" >>"$deps_dir/build/$name.log" 2>&1
}

# Debian builds cpp-httplib with meson: split.py cuts the header-only
# httplib.h into a declarations header and httplib.cc. Same here, without
# OpenSSL, zlib and brotli: `itemctl serve` speaks plain HTTP.
httplib_dep() {
  local src="$1"
  local out="$deps_dir/build/cpp-httplib"
  local version
  version="$(sed -n 's/^#define CPPHTTPLIB_VERSION "\(.*\)"/\1/p' "$src/httplib.h")"
  log "building cpp-httplib $version (static) from $(basename "$src")"
  rm -rf "$out"
  mkdir -p "$out" "$prefix/include" "$prefix/lib/pkgconfig"
  python3 "$src/split.py" --out "$out" >/dev/null
  c++ -std=c++17 -O2 -DNDEBUG -DCPPHTTPLIB_USE_POLL -I"$out" -c "$out/httplib.cc" -o "$out/httplib.o"
  rm -f "$prefix/lib/libcpp-httplib.a"
  ar rcs "$prefix/lib/libcpp-httplib.a" "$out/httplib.o"
  cp "$out/httplib.h" "$prefix/include/httplib.h"
  cat >"$prefix/lib/pkgconfig/cpp-httplib.pc" <<EOF
prefix=$prefix
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: cpp-httplib
Description: A C++ HTTP server and client library (static, plain HTTP)
Version: $version
Libs: -L\${libdir} -lcpp-httplib
Libs.private: -pthread
Cflags: -I\${includedir} -DCPPHTTPLIB_USE_POLL
EOF
}

# libpq and the two PostgreSQL support archives it calls into, configured
# without GSSAPI, LDAP, ICU, readline and compression: nothing in them that
# Debian ships only shared. TLS (sslmode) through OpenSSL.
libpq_dep() {
  local src="$1"
  local out="$deps_dir/build/libpq"
  log "building libpq (static, TLS, no GSSAPI/LDAP) from $(basename "$src")"
  rm -rf "$out"
  mkdir -p "$out" "$prefix/include" "$prefix/lib/pkgconfig"
  (cd "$out" && "$src/configure" --prefix="$prefix" --with-ssl=openssl --without-gssapi \
    --without-ldap --without-icu --without-readline --without-zlib --without-lz4 \
    --without-zstd --without-llvm --disable-nls >"$out.log" 2>&1) ||
    { tail -n 40 "$out.log" >&2; exit 1; }
  local dir
  for dir in src/port src/common src/interfaces/libpq; do
    make -C "$out/$dir" -j"$jobs" >>"$out.log" 2>&1 || { tail -n 40 "$out.log" >&2; exit 1; }
  done
  cp "$out/src/interfaces/libpq/libpq.a" "$out/src/common/libpgcommon_shlib.a" \
    "$out/src/port/libpgport_shlib.a" "$prefix/lib/"
  cp "$src/src/interfaces/libpq/libpq-fe.h" "$src/src/interfaces/libpq/libpq-events.h" \
    "$src/src/include/postgres_ext.h" "$out/src/include/pg_config_ext.h" "$prefix/include/"
  local version
  version="$(sed -n 's/^#define PG_VERSION "\(.*\)"/\1/p' "$out/src/include/pg_config.h")"
  # Everything on Libs: CMake's pkg_check_modules links what Libs names.
  cat >"$prefix/lib/pkgconfig/libpq.pc" <<EOF
prefix=$prefix
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: libpq
Description: PostgreSQL client library (static: TLS, no GSSAPI, no LDAP)
Version: $version
Libs: -L\${libdir} -lpq -lpgcommon_shlib -lpgport_shlib -lssl -lcrypto -lm -pthread
Cflags: -I\${includedir}
EOF
}

ensure_tools
ensure_deb_src
rm -rf "$prefix" "$deps_dir/build"
mkdir -p "$prefix" "$deps_dir/build"

fmt_src="$(fetch_source fmtlib)"
spdlog_src="$(fetch_source spdlog)"
prometheus_src="$(fetch_source prometheus-cpp)"
httplib_src="$(fetch_source cpp-httplib)"
postgresql_src="$(fetch_source postgresql-15)"

cmake_dep fmt "$fmt_src" -DFMT_TEST=OFF -DFMT_DOC=OFF -DFMT_INSTALL=ON
cmake_dep spdlog "$spdlog_src" -DSPDLOG_BUILD_SHARED=OFF -DSPDLOG_FMT_EXTERNAL=ON \
  -DSPDLOG_BUILD_EXAMPLE=OFF -DSPDLOG_BUILD_TESTS=OFF -DSPDLOG_INSTALL=ON \
  -Dfmt_DIR="$prefix/lib/cmake/fmt"
cmake_dep prometheus-cpp "$prometheus_src" -DENABLE_PULL=OFF -DENABLE_PUSH=OFF \
  -DENABLE_COMPRESSION=OFF -DENABLE_TESTING=OFF -DUSE_THIRDPARTY_LIBRARIES=OFF \
  -DGENERATE_PKGCONFIG=OFF
httplib_dep "$httplib_src"
libpq_dep "$postgresql_src"

{
  echo "recipe $recipe"
  for p in "${source_packages[@]}"; do
    basename "$(ls -d "$deps_dir/src/$p/$p"-*/)"
  done
} >"$stamp"
log "done: $(tail -n +2 "$stamp" | tr '\n' ' ')"
