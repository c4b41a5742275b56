#!/usr/bin/env bash
# The "test" command of README.md: installs what is missing, builds from
# scratch with warnings as errors, and runs the whole suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMCTL_TEST_DEPS=1 scripts/install-deps.sh
export BUILD_DIR="${BUILD_DIR:-build-test}"
rm -rf "$BUILD_DIR"
scripts/build.sh -DITEMCTL_WERROR=ON -DITEMCTL_PACKAGING_TESTS=ON
cd "$BUILD_DIR"
ctest --output-on-failure --parallel "$(nproc)" --timeout 300
