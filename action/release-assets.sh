#!/usr/bin/env bash
# Collects the release assets of the built CLI into DIR (default dist/): shadowbot.jar, the MariaDB
# binaries jar it loads from lib/ for plan without a database, and SHA256SUMS, which names the binaries
# jar lib/<name> as the jar's manifest expects it. The release workflow publishes these; action/cli.sh
# downloads and checks them. Run after `mvn -pl action -am package`.
set -euo pipefail
target="$(cd "$(dirname "$0")" && pwd)/target"
dist=${1:-dist}
mkdir -p "$dist"
cp "$target/shadowbot.jar" "$dist/"
cp "$target"/lib/*.jar "$dist/"
(
  cd "$dist"
  sha256sum shadowbot.jar
  for lib in "$target"/lib/*.jar; do
    name=$(basename "$lib")
    echo "$(sha256sum "$name" | cut -d' ' -f1)  lib/$name"
  done
) >"$dist/SHA256SUMS"
cat "$dist/SHA256SUMS"
