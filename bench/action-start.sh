#!/usr/bin/env bash
# Start-up cost of the action's run step on this machine: the JVM starting the CLI, and `plan` of the
# example schema (examples/schema), each without and with the class-data-sharing archive that
# action/run-action.sh creates on a first run and reuses afterwards; plan without a database starts the
# embedded MariaDB. The first run of each is reported apart from the median of the others ("warm": files
# in the page cache). Writes bench/ACTION-START.md.
#
#   DATABASE_URL=mysql://root@127.0.0.1:3461/bench bench/action-start.sh [runs]   (default 5)
#
# The network part of a cold runner (release download, or Maven fetching the dependencies for the source
# build) is not measured here; COLD_BUILD_LOG may name a log whose last line is "cold source build rc=0 ms=N"
# (a `mvn package` with an empty local repository) to include that figure.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
JAR=action/target/shadowbot.jar
[ -f "$JAR" ] || mvn -B -q -pl action -am package -DskipTests
work=$(mktemp -d /tmp/shadowbot-start-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$JAR" "$work/shadowbot.jar"
mkdir -p "$work/lib" && cp action/target/lib/*.jar "$work/lib/"
jar="$work/shadowbot.jar"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
# series NAME CMD...: first run, then the median of the next RUNS-1
series() {
  local name=$1; shift
  local first rest=() i
  first=$(ms "$@")
  for i in $(seq 2 "$RUNS"); do rest+=("$(ms "$@")"); done
  local median
  median=$(printf '%s\n' "${rest[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  printf '| %s | %s | %s |\n' "$name" "$first" "$median" | tee -a "$work/rows"
}

archive="$work/shadowbot.jsa"
train=(plan --schema-dir examples/schema --fail-on never)
db_args=()
[ -n "${DATABASE_URL:-}" ] && db_args=(--database "$DATABASE_URL")
# The archive as run-action.sh makes it: dumped at the exit of a first real run.
dump_ms=$(ms java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" "${train[@]}" "${db_args[@]}")
cds=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)

: >"$work/rows"
series "JVM start (\`--version\`)" java -jar "$jar" --version
series "JVM start (\`--version\`), CDS archive" java "${cds[@]}" -jar "$jar" --version
if [ -n "${DATABASE_URL:-}" ]; then
  series "plan examples/schema against the server" java -jar "$jar" "${train[@]}" "${db_args[@]}"
  series "plan examples/schema against the server, CDS archive" java "${cds[@]}" -jar "$jar" "${train[@]}" "${db_args[@]}"
fi
series "plan examples/schema, embedded MariaDB (no database)" java -jar "$jar" "${train[@]}"
series "plan examples/schema, embedded MariaDB, CDS archive" java "${cds[@]}" -jar "$jar" "${train[@]}"

cold_build=""
if [ -n "${COLD_BUILD_LOG:-}" ] && [ -f "$COLD_BUILD_LOG" ]; then
  cold_build=$(sed -n 's/.*cold source build rc=0 ms=\([0-9]*\).*/\1/p' "$COLD_BUILD_LOG" | tail -1)
fi
warm_build=$(ms mvn -B -q -o -pl action -am package -DskipTests)

{
  echo "# Action start-up (bench/action-start.sh)"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on this machine ($(nproc) cores, $(java -version 2>&1 | head -1)), $RUNS runs each;"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs shared the CPU). Milliseconds, wall clock."
  echo "Server for \`plan\` against a server: $([ -n "${DATABASE_URL:-}" ] && echo "the one at DATABASE_URL (here a MariaDB 10.11 on loopback)" || echo none)."
  echo
  echo "| what | first run | median of the rest |"
  echo "| --- | --- | --- |"
  cat "$work/rows"
  echo
  echo "Creating the CDS archive (a first plan run with -XX:ArchiveClassesAtExit): $dump_ms ms, archive $(du -h "$archive" | cut -f1)."
  echo
  echo "| CLI from source | ms |"
  echo "| --- | --- |"
  [ -n "$cold_build" ] && echo "| \`mvn package\` with an empty local repository (dependencies from Maven Central) | $cold_build |"
  echo "| \`mvn -o package\`, dependencies already local (a warm Maven cache) | $warm_build |"
} >bench/ACTION-START.md
cat bench/ACTION-START.md
