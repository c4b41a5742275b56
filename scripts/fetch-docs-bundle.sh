#!/usr/bin/env bash
# Installs the npm packages pinned by assets/docs/package-lock.json (the
# Redoc standalone bundle embedded in itemctl, and the redocly CLI the tests
# lint the OpenAPI document with) into DIR/node_modules, default
# assets/docs. Does nothing when DIR already holds exactly that lock file.
# The build calls it with a directory of the build tree.
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/../assets/docs" && pwd)"
dir="${1:-$source_dir}"
bundle="$dir/node_modules/redoc/bundles/redoc.standalone.js"
marker="$dir/node_modules/.itemctl-package-lock.json"

if [ -f "$bundle" ] && cmp -s "$source_dir/package-lock.json" "$marker"; then
  touch "$bundle"
  exit 0
fi
command -v npm >/dev/null || {
  echo "fetch-docs-bundle.sh: npm is missing: run scripts/install-deps.sh" >&2
  exit 1
}
mkdir -p "$dir"
if [ "$dir" != "$source_dir" ]; then
  cp "$source_dir/package.json" "$source_dir/package-lock.json" "$dir/"
fi
cd "$dir"
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$marker"
# npm dates unpacked files 1985; a fresh time lets the build see the change.
touch "$bundle"
