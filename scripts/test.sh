#!/usr/bin/env bash
# The "test" command of README.md: installs what is missing, builds from
# scratch with warnings as errors, and runs every stage of the suite, then
# prints one summary line per stage. It exits non-zero if any stage failed.
#
#   scripts/test.sh                       # every stage
#   ITEMCTL_STAGES="unit tsan" scripts/test.sh   # only these stages
#   ITEMCTL_CMAKE_ARGS=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache   # extra cmake args
#
# Stages (README "Tests" says what each proves):
#   unit, http, cli, faults  the plain build (build-test), by ctest label
#   packaging                the static binary, .deb, unit file, completions
#   asan                     unit + cli + http again, built with clang ASan+UBSan
#   tsan                     unit + http again, built with ThreadSanitizer
#   fuzz                     every libFuzzer target for ITEMCTL_FUZZ_SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd -P)"
ITEMCTL_TEST_DEPS=1 scripts/install-deps.sh

stages="${ITEMCTL_STAGES:-unit http cli faults packaging asan tsan fuzz}"
jobs="$(nproc)"
fuzz_seconds="${ITEMCTL_FUZZ_SECONDS:-10}"
wants() { [[ " $stages " == *" $1 "* ]]; }

summary=()
failed=0
# stage NAME COMMAND...: runs one stage, timing it; a failure is recorded,
# and the remaining stages still run so one report shows everything.
stage() {
  local name="$1"
  shift
  local start=$SECONDS status=passed
  echo "=== stage $name ==="
  if ! "$@"; then
    status=FAILED
    failed=1
  fi
  summary+=("$(printf 'stage %-9s %-6s %4d s' "$name" "$status" $((SECONDS - start)))")
}

# configure DIR ARGS...: a fresh build tree (never reused between runs).
configure() {
  local dir="$1"
  shift
  rm -rf "$dir"
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DITEMCTL_WERROR=ON \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" ${ITEMCTL_CMAKE_ARGS:-} "$@" >/dev/null
}

run_ctest() {
  local dir="$1"
  shift
  (cd "$dir" && ctest --output-on-failure --parallel "$jobs" "$@")
}

# A stage's steps are chained with && : `set -e` does not apply inside a
# function that `stage` calls as a condition.
build_plain() {
  local packaging=OFF
  if wants packaging; then packaging=ON; fi
  configure build-test -DITEMCTL_PACKAGING_TESTS="$packaging" &&
    cmake --build build-test --parallel "$jobs"
}

# Sanitizer builds: the libraries at -O1 too, as the sanitizers advise; no
# packaging tests. Warnings are the plain build's job: with sanitizers gcc
# warns falsely (maybe-uninitialized in std::optional<std::string>). A
# report aborts the process, so its test fails.
sanitizer_flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DITEMCTL_PACKAGING_TESTS=OFF
  -DITEMCTL_WERROR=OFF)
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/tsan.supp"

# ASan+UBSan with clang, configured exactly as scripts/fuzz.sh configures
# its tree (Debug at -O1, libFuzzer's coverage instrumentation in every
# target), so the fuzz stage reuses this tree and compiles only the fuzz
# targets' own sources: core, web and cmd are compiled once for both.
asan_dir=build-asan
asan() {
  rm -rf "$asan_dir"
  # shellcheck disable=SC2086  # ITEMCTL_CMAKE_ARGS is a list of arguments
  CC=clang CXX=clang++ cmake -S . -B "$asan_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DITEMCTL_FUZZ=ON \
    -DITEMCTL_PACKAGING_TESTS=OFF ${ITEMCTL_CMAKE_ARGS:-} >/dev/null &&
    cmake --build "$asan_dir" --parallel "$jobs" --target \
      itemctl itemctl_core_tests itemctl_cmd_tests itemctl_web_tests itemctl_ops_tests \
      itemctl_instances_tests &&
    run_ctest "$asan_dir" --timeout 900 -L '^(unit|cli|http)$' -LE '^(docs|engine)$'
}

# The threaded parts: server, pool, sessions under load, scheduler, metrics.
tsan() {
  configure build-tsan -DITEMCTL_SANITIZE=thread "${sanitizer_flags[@]}" &&
    cmake --build build-tsan --parallel "$jobs" --target \
      itemctl_core_tests itemctl_web_tests itemctl_ops_tests &&
    run_ctest build-tsan --timeout 900 -L '^(unit|http)$' -LE '^(docs|engine)$'
}

# The packaging stage spends most of its minutes in the single-threaded
# configure scripts of the static build's dependencies, so it runs in the
# background beside the unit..asan stages; its output is kept in a log and
# printed when it is waited for, its own wall time in the summary.
packaging_pid=""
packaging_log="$root/build-test/packaging-stage.log"
start_packaging() {
  packaging_started=$SECONDS
  (
    status=0
    run_ctest build-test --timeout 2400 -L '^packaging$' >"$packaging_log" 2>&1 || status=$?
    echo "$SECONDS" >"$packaging_log.end"
    exit "$status"
  ) &
  packaging_pid=$!
}
finish_packaging() {
  local status=passed ended
  echo "=== stage packaging (ran in the background) ==="
  if ! wait "$packaging_pid"; then
    status=FAILED
    failed=1
  fi
  cat "$packaging_log"
  ended="$(cat "$packaging_log.end" 2>/dev/null || echo "$SECONDS")"
  summary+=("$(printf 'stage %-9s %-6s %4d s (beside the stages after build)' packaging "$status" \
    $((ended - packaging_started)))")
}

plain_needed=0
for s in unit http cli faults packaging; do if wants "$s"; then plain_needed=1; fi; done
if [ "$plain_needed" = 1 ]; then
  stage build build_plain
  if wants packaging; then start_packaging; fi
  for s in unit http cli faults; do
    if wants "$s"; then stage "$s" run_ctest build-test --timeout 300 -L "^$s\$"; fi
  done
fi
if wants asan; then stage asan asan; fi
if [ -n "$packaging_pid" ]; then finish_packaging; fi
if wants tsan; then stage tsan tsan; fi
# After the asan stage the fuzz stage finds its libraries built there.
fuzz_dir=build-fuzz
if wants asan; then fuzz_dir="$asan_dir"; fi
if wants fuzz; then
  stage fuzz env FUZZ_BUILD_DIR="$fuzz_dir" FUZZ_CMAKE_ARGS="${FUZZ_CMAKE_ARGS:-${ITEMCTL_CMAKE_ARGS:-}}" \
    scripts/fuzz.sh "$fuzz_seconds"
fi

echo
echo "=== summary ($root) ==="
printf '%s\n' "${summary[@]}"
exit "$failed"
