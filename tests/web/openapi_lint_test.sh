#!/usr/bin/env bash
# Lints the OpenAPI document with the pinned @redocly/cli (recommended rules):
# any error fails the test.
# Usage: openapi_lint_test.sh OPENAPI_DUMP_BINARY DOCS_TOOLS_DIR
set -euo pipefail
dump="$1"
tools="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$dump" > "$work/openapi.json"
cp "$(dirname "$0")/../../assets/docs/redocly.yaml" "$work/redocly.yaml"
cd "$tools"
# No telemetry or update checks: the test must not need the network.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
npx --no-install redocly lint --config "$work/redocly.yaml" --format stylish "$work/openapi.json"
