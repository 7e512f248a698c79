#!/usr/bin/env bash
# Times `shadowbot plan` on generated schemas of 50, 500 and 2000 tables (every table a CREATE, with
# FKs, indexes, JSON/TEXT columns). Without DATABASE_URL the CLI starts its embedded MariaDB 11.4;
# with DATABASE_URL=mysql://user:pass@host:port/db it plans against that server (nothing is changed).
#
#   bench/plan.sh [runs-per-size]        (default 3; prints the best and the median run)
#
# "wall" includes JVM and embedded-server start; "plan" is the planner's own time from its
# event=plan log line: read live + create workspace + read workspace + drop workspace + diff.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
SIZES="${SIZES:-50 500 2000}"
JAR=action/target/shadowbot.jar
if [[ ! -f "$JAR" ]]; then
  mvn -B -q -pl action -am package -DskipTests
fi
CP="$JAR:action/target/lib/*"
WORK="$(mktemp -d /tmp/shadowbot-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
DB_ARGS=()
if [[ -n "${DATABASE_URL:-}" ]]; then
  DB_ARGS=(--database "$DATABASE_URL")
fi
printf '%-7s %-5s %-9s %-9s %s\n' tables run wall_ms plan_ms phases
for n in $SIZES; do
  python3 bench/gen-schema.py "$n" "$WORK/schema-$n"
  for run in $(seq 1 "$RUNS"); do
    start=$(date +%s%N)
    # The CLI logs at warn; the planner's and linter's timing lines are info. --fail-on never: findings
    # are not failures here.
    java -Dorg.slf4j.simpleLogger.log.dev.shadowbot=info -cp "$CP" dev.shadowbot.action.Main plan \
      --schema-dir "$WORK/schema-$n" --format json --fail-on never "${DB_ARGS[@]}" \
      > "$WORK/out.json" 2> "$WORK/err.txt" || { cat "$WORK/err.txt" >&2; exit 1; }
    end=$(date +%s%N)
    line=$(grep -o 'event=plan .*' "$WORK/err.txt" | tail -1)
    plan_ms=$(echo "$line" | grep -o '_ms=[0-9]*' | cut -d= -f2 | paste -sd+ | bc)
    phases=$(echo "$line" | grep -o '[a-z_]*_ms=[0-9]*' | paste -sd' ')
    lint_ms=$(grep -o 'event=lint .*' "$WORK/err.txt" | tail -1 | grep -o 'lint_ms=[0-9]*' | cut -d= -f2)
    phases="$phases lint_ms=${lint_ms:-?}"
    printf '%-7s %-5s %-9s %-9s %s\n' "$n" "$run" $(( (end - start) / 1000000 )) "$plan_ms" "$phases"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
