#!/usr/bin/env bash
# The .deb packages: CPack builds one from the development build tree (its
# Depends computed by dpkg-shlibdeps) and build-static.sh --deb one of the
# static binary (depending on nothing but passwd, for useradd). For each,
# `dpkg -c` lists exactly the shipped files and the control fields are
# right. The static one is then installed with `dpkg -i` into a throwaway
# root (dpkg --root, maintainer scripts run chrootless with DPKG_ROOT),
# which must create the itemctl system user and /etc/itemctl, install a
# working binary and a man page that renders, and purge cleanly. Exits 77
# (skipped) after the listing checks when not root.
#
#   deb_test.sh BUILD_DIR STATIC_DEB_DIR VERSION
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 BUILD_DIR STATIC_DEB_DIR VERSION" >&2; exit 2; }
build_dir="$(realpath "$1")"
static_dir="$(realpath "$2")"
version="$3"
arch="$(dpkg --print-architecture)"
fail() { echo "FAIL: $*" >&2; exit 1; }

work="$(mktemp -d /tmp/itemctl-deb.XXXXXX)"
trap 'rm -rf "$work"' EXIT

(cd "$build_dir" && cpack -G DEB -B "$work/cpack" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; fail "cpack failed in $build_dir"; }
dynamic_deb="$work/cpack/itemctl_${version}_${arch}.deb"
static_deb="$static_dir/itemctl_${version}_${arch}.deb"
[ -f "$dynamic_deb" ] || fail "cpack wrote no $dynamic_deb: $(ls "$work/cpack")"
[ -f "$static_deb" ] || fail "no static package $static_deb: $(ls "$static_dir")"

expected_files="./usr/bin/itemctl
./usr/lib/systemd/system/itemctl.service
./usr/share/bash-completion/completions/itemctl
./usr/share/doc/itemctl/examples/itemctl.env.example
./usr/share/itemctl/monitoring/grafana-dashboard.json
./usr/share/itemctl/monitoring/prometheus.yml
./usr/share/man/man1/itemctl.1.gz
./usr/share/zsh/vendor-completions/_itemctl"

check_package() {
  local deb="$1" kind="$2"
  local listing files
  listing="$(dpkg -c "$deb")" || fail "$kind: dpkg -c failed"
  files="$(echo "$listing" | awk '$1 !~ /^d/ { print $6 }' | sort)"
  [ "$files" = "$expected_files" ] || fail "$kind: dpkg -c lists
$files
expected
$expected_files"
  grep -q '^-rwxr-xr-x root/root .* ./usr/bin/itemctl$' <<<"$listing" ||
    fail "$kind: /usr/bin/itemctl is not root-owned mode 0755"
  local field
  for field in "Package:itemctl" "Version:$version" "Architecture:$arch" "Section:admin" \
               "Priority:optional"; do
    [ "$(dpkg-deb -f "$deb" "${field%%:*}")" = "${field#*:}" ] ||
      fail "$kind: ${field%%:*} is '$(dpkg-deb -f "$deb" "${field%%:*}")', expected '${field#*:}'"
  done
  grep -Eq '^[^<]+ <[^@ ]+@[^> ]+>$' <<<"$(dpkg-deb -f "$deb" Maintainer)" ||
    fail "$kind: Maintainer '$(dpkg-deb -f "$deb" Maintainer)' is not 'Name <address>'"
  local description
  description="$(dpkg-deb -f "$deb" Description)"
  [[ "$(echo "$description" | sed -n 1p)" == *"item management"* ]] ||
    fail "$kind: the Description summary is '$(echo "$description" | sed -n 1p)'"
  [ "$(echo "$description" | wc -l)" -gt 2 ] || fail "$kind: no long Description"
  local info scripts
  info="$(dpkg-deb -I "$deb")"
  scripts="$(echo "$info" | awk '/^ +[0-9]+ bytes, +[0-9]+ lines +\*/ { print $6 }' | sort | tr '\n' ' ')"
  [ "$scripts" = "postinst postrm prerm " ] || fail "$kind: executable maintainer scripts are '$scripts'"
  dpkg-deb -x "$deb" "$work/x-$kind"
  grep -q ', stripped' <<<"$(file "$work/x-$kind/usr/bin/itemctl")" || fail "$kind: the binary is not stripped"
}

check_package "$dynamic_deb" dynamic
check_package "$static_deb" static
depends="$(dpkg-deb -f "$dynamic_deb" Depends)"
for lib in libc6 libstdc++6 libsqlite3-0 libbotan-2-19 passwd; do
  grep -q "\b$lib\b" <<<"$depends" || fail "dynamic: Depends '$depends' lacks $lib"
done
[ "$(dpkg-deb -f "$static_deb" Depends)" = "passwd" ] ||
  fail "static: Depends is '$(dpkg-deb -f "$static_deb" Depends)', expected only passwd"
grep -q 'statically linked' <<<"$(file "$work/x-static/usr/bin/itemctl")" || fail "static: the binary is dynamic"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the package listings are right; installing them needs root"
  exit 77
fi

# A throwaway root with an empty dpkg database and the base accounts.
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers" "$root/etc"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
echo 'root:*:19000:0:99999:7:::' >"$root/etc/shadow"
echo 'root:*::' >"$root/etc/gshadow"
chmod 0640 "$root/etc/shadow" "$root/etc/gshadow"
# passwd is not in the throwaway root's database; everything else is real.
in_root_dpkg() { dpkg --root="$root" --force-script-chrootless --force-depends "$@"; }

in_root_dpkg -i "$static_deb" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i failed"; }
grep -q '^Status: install ok installed$' <<<"$(dpkg --root="$root" -s itemctl)" ||
  fail "itemctl is not 'install ok installed': $(dpkg --root="$root" -s itemctl | grep Status)"
grep -q "^itemctl $version " <<<"$("$root/usr/bin/itemctl" --version)" || fail "the installed binary does not run"
grep -Eq '^itemctl:x:[0-9]+:[0-9]+:itemctl service:/var/lib/itemctl:/usr/sbin/nologin$' "$root/etc/passwd" ||
  fail "postinst created no itemctl system user: $(cat "$root/etc/passwd")"
gid="$(awk -F: '$1 == "itemctl" { print $3 }' "$root/etc/group")"
uid="$(awk -F: '$1 == "itemctl" { print $3 }' "$root/etc/passwd")"
[ -n "$gid" ] && [ "$uid" -lt 1000 ] || fail "itemctl is no system account (uid $uid, gid '$gid')"
[ "$(stat -c '%a %u %g' "$root/etc/itemctl")" = "750 0 $gid" ] ||
  fail "/etc/itemctl is $(stat -c '%a %u %g' "$root/etc/itemctl"), expected 750 0 $gid"
# Reinstalling (upgrade path) must keep the account as it is.
in_root_dpkg -i "$static_deb" >"$work/reinstall.log" 2>&1 || { cat "$work/reinstall.log" >&2; fail "reinstall failed"; }
[ "$(grep -c '^itemctl:' "$root/etc/passwd")" -eq 1 ] || fail "a reinstall duplicated the itemctl user"

man_out="$(MANWIDTH=80 man -l "$root/usr/share/man/man1/itemctl.1.gz" 2>&1)" || fail "man -l failed: $man_out"
for needle in "NAME" "itemctl - " "SYNOPSIS" "COMMANDS" "itemctl serve" "--listen" "EXIT STATUS" "ITEMCTL_SECRET_KEY"; do
  grep -qF -- "$needle" <<<"$man_out" || fail "the man page lacks '$needle'"
done
warnings="$(zcat "$root/usr/share/man/man1/itemctl.1.gz" | groff -man -Tutf8 -ww -z 2>&1)"
[ -z "$warnings" ] || fail "groff warns about the man page: $warnings"

in_root_dpkg --purge itemctl >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg --purge failed"; }
[ ! -e "$root/usr/bin/itemctl" ] && [ ! -e "$root/usr/lib/systemd/system/itemctl.service" ] ||
  fail "purge left files behind"
[ ! -e "$root/etc/itemctl" ] || fail "purge left the empty /etc/itemctl"
echo "PASS: both packages list their files; the static one installs, creates its user and purges"
