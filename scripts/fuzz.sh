#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang into
# ${FUZZ_BUILD_DIR:-build-fuzz} and runs each for SECONDS (default 60), one
# per core at a time (FUZZ_JOBS), on a scratch copy of its checked-in corpus
# (which is never written to). Prints one line per target and exits non-zero when any
# target crashed, leaked, hit undefined behaviour, ran out of memory or timed
# out; the input that did it is kept and its path printed.
#
#   scripts/fuzz.sh [SECONDS]
#   FUZZ_TARGETS="fuzz_phc fuzz_route" scripts/fuzz.sh 30   # a subset
#   FUZZ_CMAKE_ARGS="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache" scripts/fuzz.sh
#
# Needs clang and libFuzzer (`ITEMCTL_TEST_DEPS=1 scripts/install-deps.sh`).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build_dir="${FUZZ_BUILD_DIR:-build-fuzz}"

# Debug for the _GLIBCXX_ASSERTIONS bounds checks, at -O1 with line tables
# only: what OSS-Fuzz uses, and quicker to compile than -O2 -g. The build's
# output goes to a log, shown only when it fails.
mkdir -p "$build_dir"
build_log="$build_dir/fuzz-build.log"
# shellcheck disable=SC2086  # FUZZ_CMAKE_ARGS is a list of arguments
if ! { CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
         -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
         -DBUILD_TESTING=OFF -DITEMCTL_FUZZ=ON ${FUZZ_CMAKE_ARGS:-} &&
       cmake --build "$build_dir" --target fuzz --parallel "$(nproc)"; } >"$build_log" 2>&1; then
  echo "building the fuzz targets failed; full log: $build_log"
  tail -n 40 "$build_log"
  exit 1
fi

if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for source in tests/fuzz/fuzz_*.cpp; do
    targets+=("$(basename "$source" .cpp)")
  done
fi

# Leaks and undefined behaviour are fatal, with a stack trace.
symbolizer="$(command -v llvm-symbolizer || true)"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:print_stacktrace=1:abort_on_error=0${symbolizer:+:external_symbolizer_path=$symbolizer}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${symbolizer:+:external_symbolizer_path=$symbolizer}"

runs="$build_dir/fuzz-runs"
# run_target TARGET: fuzzes one target; its report goes to
# $runs/TARGET/report, the fuzzer's exit status to $runs/TARGET/status.
run_target() {
  local target="$1"
  local binary="$build_dir/tests/fuzz/$target"
  local run="$runs/$target"
  rm -rf "$run"
  mkdir -p "$run/corpus" "$run/artifacts"
  local artifacts
  artifacts="$(cd "$run/artifacts" && pwd)/"
  cp -R "tests/fuzz/corpus/$target/." "$run/corpus/" 2>/dev/null || true
  local options=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
                 -artifact_prefix="$artifacts")
  [ -f "tests/fuzz/$target.dict" ] && options+=(-dict="tests/fuzz/$target.dict")
  local log="$run/fuzz.log" start elapsed execs status=0
  start=$(date +%s)
  "$binary" "${options[@]}" "$run/corpus" >"$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  # A crash ends the run before the final stats: take the last progress line.
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
  execs="${execs:-0}"
  {
    echo "$target: $execs execs ($(( execs / (elapsed > 0 ? elapsed : 1) ))/s) in $elapsed s, exit $status"
    if [ "$status" -ne 0 ]; then
      echo "--- $target failed; full log: $log"
      tail -n 40 "$log" | sed 's/^/    /'
      for artifact in "$run"/artifacts/*; do
        [ -e "$artifact" ] && echo "    kept input: $artifact"
      done
    fi
  } >"$run/report"
  echo "$status" >"$run/status"
}

# One fuzzer per core at a time (FUZZ_JOBS); reports in target order.
max_jobs="${FUZZ_JOBS:-$(nproc)}"
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$max_jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "$target" &
  running=$((running + 1))
done
wait || true

failed=0
for target in "${targets[@]}"; do
  cat "$runs/$target/report"
  [ "$(cat "$runs/$target/status" 2>/dev/null)" = 0 ] || failed=1
done
exit "$failed"
