#!/usr/bin/env bash
# The "run" command of README.md: installs what is missing, builds, and starts
# `itemctl serve` on ./itemctl.db (created and migrated on first run, which
# prints the admin credentials once).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Only the binary: the tests are not built to start a server.
ITEMCTL_TARGETS=itemctl scripts/build.sh
exec build/cmd/itemctl --db "${ITEMCTL_DB:-./itemctl.db}" serve "$@"
