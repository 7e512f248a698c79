#!/usr/bin/env bash
# Finds or fetches the shadowbot CLI for the action's own version, so a consumer's workflow does not
# compile it. Everything it reads is under GITHUB_ACTION_PATH (the action's checkout at the ref the
# workflow names), never the consumer's workspace.
#
#   cli.sh locate   sets the step outputs dir (where the CLI goes), key (the cache key: version, ref and a
#                   hash of the sources under the action path, so a new ref never restores an old CLI),
#                   version and embedded (true when plan runs without a database: the MariaDB binaries
#                   are needed beside the jar)
#   cli.sh fetch    puts the CLI into dir: for a released version, the release's shadowbot.jar verified
#                   against the release's SHA256SUMS; otherwise (a branch or a commit between releases), or
#                   when the download or its checksum fails, a Maven build of the sources at the ref.
#
# Environment: GITHUB_ACTION_PATH, GITHUB_OUTPUT, RUNNER_TEMP, RUNNER_OS, GITHUB_SERVER_URL (set by the
# runner); ACTION_REF and ACTION_REPOSITORY (github.action_ref / github.action_repository, passed by
# action.yml: the runner does not set them for composite actions itself); INPUT_COMMAND and DATABASE_GIVEN
# (true when the database input is set; the URL itself never reaches this script).
# SHADOWBOT_RELEASES_URL replaces <server>/<owner>/<repo>/releases/download (a mirror, or a test's server).
set -euo pipefail
action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this as a step of action.yml}
root=$(cd "$action_path/.." && pwd)

project_version() {
  # The first <version> of the parent pom is the project's own (the <parent> of the modules points at it).
  sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1
}

sources_hash() {
  # What goes into the jar: the build files and the main sources of the CLI and the engine.
  (cd "$root" && find pom.xml engine/pom.xml action/pom.xml engine/src/main action/src/main -type f -print0 \
    | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}

# The action's repository and ref: from the expressions when the runner filled them in, else from the
# runner's layout of downloaded actions: <work>/_actions/<owner>/<repo>/<ref>/<path>.
action_repository() {
  if [ -n "${ACTION_REPOSITORY:-}" ]; then echo "$ACTION_REPOSITORY"; return; fi
  case "$root" in */_actions/*/*/*) echo "$root" | sed 's:.*/_actions/\([^/]*\)/\([^/]*\)/.*:\1/\2:' ;; *) echo "" ;; esac
}

action_ref() {
  if [ -n "${ACTION_REF:-}" ]; then echo "$ACTION_REF"; return; fi
  case "$root" in */_actions/*/*/*) echo "$root" | sed 's:.*/_actions/[^/]*/[^/]*/\([^/]*\).*:\1:' ;; *) echo "local" ;; esac
}

needs_embedded() {
  [ "${INPUT_COMMAND:-plan}" = plan ] && [ "${DATABASE_GIVEN:-false}" != true ]
}

output() { echo "$1=$2" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"; }

locate() {
  local version ref embedded key dir
  version=$(project_version)
  ref=$(action_ref | tr -c 'A-Za-z0-9._-' '_')
  embedded=false
  needs_embedded && embedded=true
  key="shadowbot-cli-${RUNNER_OS:-Linux}-${version}-${ref}-$(sources_hash)-$([ "$embedded" = true ] && echo embedded || echo jar)"
  dir="${RUNNER_TEMP:-$action_path/target}/shadowbot-cli"
  output dir "$dir"
  output key "$key"
  output version "$version"
  output embedded "$embedded"
  echo "shadowbot CLI $version (ref $(action_ref)), cache key $key"
}

# Downloads the release's assets for $version into $dir and checks them; returns 1 (leaving nothing
# behind) when there is no such release or a checksum does not match.
download_release() {
  local version=$1 dir=$2 repo base tmp
  repo=$(action_repository)
  if [ -z "${SHADOWBOT_RELEASES_URL:-}" ] && [ -z "$repo" ]; then
    echo "shadowbot: cannot tell the action's repository; building from source" >&2
    return 1
  fi
  base="${SHADOWBOT_RELEASES_URL:-${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/download}/v$version"
  tmp=$(mktemp -d)
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" RETURN
  if ! curl -fsSL --retry 3 -o "$tmp/SHA256SUMS" "$base/SHA256SUMS" \
      || ! curl -fsSL --retry 3 -o "$tmp/shadowbot.jar" "$base/shadowbot.jar"; then
    echo "shadowbot: no release v$version at $base; building from source" >&2
    return 1
  fi
  local files=(shadowbot.jar)
  if needs_embedded; then
    local lib
    lib=$(awk '$2 ~ /^lib\// { print $2 }' "$tmp/SHA256SUMS" | head -1)
    mkdir -p "$tmp/lib"
    if [ -z "$lib" ] || ! curl -fsSL --retry 3 -o "$tmp/$lib" "$base/$(basename "$lib")"; then
      echo "shadowbot: release v$version lacks the MariaDB binaries for plan without a database; building from source" >&2
      return 1
    fi
    files+=("$lib")
  fi
  local f
  for f in "${files[@]}"; do
    if ! (cd "$tmp" && grep -E "^[0-9a-f]{64} [ *]?$f\$" SHA256SUMS | sha256sum -c --quiet -) ; then
      echo "::warning title=shadowbot::the release asset $f of v$version does not match its SHA256SUMS entry; it is not used and the CLI is built from source"
      return 1
    fi
  done
  mkdir -p "$dir"
  for f in "${files[@]}"; do
    mkdir -p "$dir/$(dirname "$f")"
    mv "$tmp/$f" "$dir/$f"
  done
  echo "shadowbot: release v$version downloaded and verified (sha256)"
}

build_from_source() {
  local dir=$1
  echo "shadowbot: building the CLI from source at $root (a released version downloads it instead)"
  mvn -B -q -f "$root/pom.xml" -pl action -am package -DskipTests
  mkdir -p "$dir"
  cp "$root/action/target/shadowbot.jar" "$dir/shadowbot.jar"
  if needs_embedded; then
    mkdir -p "$dir/lib"
    cp "$root"/action/target/lib/*.jar "$dir/lib/"
  fi
}

fetch() {
  local version dir
  version=$(project_version)
  dir="${RUNNER_TEMP:-$action_path/target}/shadowbot-cli"
  rm -rf "$dir"
  case "$version" in
    *-SNAPSHOT) build_from_source "$dir" ;;
    *) download_release "$version" "$dir" || build_from_source "$dir" ;;
  esac
  java -jar "$dir/shadowbot.jar" --version
}

case "${1:-}" in
  locate) locate ;;
  fetch) fetch ;;
  *) echo "usage: cli.sh locate|fetch" >&2; exit 2 ;;
esac
