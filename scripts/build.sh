#!/usr/bin/env bash
# Configures and builds itemctl into ${BUILD_DIR:-build} with every core.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
# ITEMCTL_TARGETS="itemctl ...": build only these targets (default: all).
targets=()
for t in ${ITEMCTL_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}"
