#!/usr/bin/env bash
# Time-to-staged and peak heap of the online migration on a sysbench-shaped table.
#   bench/staged.sh [ROWS] [WRITERS]       (defaults: 1000000 rows, 0 writers)
# Uses SHADOWBOT_BENCH_URL (mysql://user:pass@host:port/) when set, else an embedded MariaDB 11.4.
# The JVM runs with -Xmx256m: the heap budget of the issue. Prints copy_s (copy incl. its chunk checkpoints)
# and checksum_s (checksum + deferred index build) from the sidecar timestamps, jvm_cpu_s (this JVM's CPU
# while deploying) and, with SHADOWBOT_BENCH_SERVER_PID, server_cpu_s. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
WRITERS="${2:-0}"
mvn -B -q -o -pl engine -am test-compile -DskipTests >/dev/null
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o -pl engine dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="engine/target/test-classes:engine/target/classes:$(cat "$CP_FILE")"
exec java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  dev.shadowbot.engine.bench.StagedBench "$ROWS" "$WRITERS"
