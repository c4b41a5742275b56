#!/usr/bin/env bash
# The bash and zsh completions of packaging/completions/ complete
# subcommands, options (the root's global ones too), option choices and
# paths, read from the --help of the binary given.
#
#   completion_test.sh BINARY
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 BINARY" >&2; exit 2; }
binary="$(realpath "$1")"
completions="$(cd "$(dirname "$0")/../../packaging/completions" && pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v zsh >/dev/null || fail "zsh is missing: run ITEMCTL_TEST_DEPS=1 scripts/install-deps.sh"

work="$(mktemp -d /tmp/itemctl-completion.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/assets/docs"
touch "$work/assets-file"

# bash: prints the sorted candidates for the words given (the last is the
# word being completed).
bash_complete() {
  (cd "$work" && bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()
    _itemctl
    printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$completions/itemctl.bash" "$binary" "$@")
}
# zsh: the same through stubs of the completion system's functions.
zsh_complete() {
  (cd "$work" && zsh -f -c '
    _describe() { local arr=${@[-1]}; print -rl -- ${${(P)arr}%%:*} }
    _files() { print -r -- "<files>" }
    _directories() { print -r -- "<directories>" }
    _message() { print -r -- "<message>" }
    file=$1; shift
    words=("$@"); CURRENT=$#
    source $file | sort | tr "\n" " "' _ "$completions/_itemctl" "$binary" "$@")
}
expect() {
  local shell="$1" expected="$2"
  shift 2
  local actual
  actual="$("${shell}_complete" "$@")"
  [ "$actual" = "$expected" ] || fail "$shell: itemctl ${*:1} -> '$actual', expected '$expected'"
}

top="$("$binary" --help | awk '/^Subcommands:/ { s = 1; next } /^[^ ]/ { s = 0 } s && /^  [a-z]/ { print $1 }' |
       sort | tr '\n' ' ')"
[ -n "$top" ] || fail "$binary --help lists no subcommands"
expect bash "$top" ""
expect bash "item " "it"
expect bash "add delete export import list show update " item ""
expect bash "list " --db x.db item l
expect bash "--listen " serve --li
expect bash "--json " user list --js
expect bash "trace " --log-level t
expect bash "warn " item list --log-level w
expect bash "assets " serve --static-dir as
expect bash "assets assets-file " --db as
expect bash "assets assets-file " --config as
expect bash "show " config s
expect bash "assets assets-file " item import as

zsh -n "$completions/_itemctl" || fail "_itemctl has a syntax error"
expect zsh "$top" ""
expect zsh "add delete export import list show update " item ""
expect zsh "add delete export import list show update " --db x.db item ""
expect zsh "critical debug error info off trace warn " --log-level ""
expect zsh "<directories> " serve --static-dir ""
expect zsh "<files> " --db ""
expect zsh "<files> " item import ""
grep -q -- '--listen' <<<"$(zsh_complete serve --)" || fail "zsh: serve options lack --listen"
grep -q -- '--json' <<<"$(zsh_complete item list --)" || fail "zsh: item list options lack the global --json"
echo "PASS: bash and zsh complete commands, options, choices and paths"
