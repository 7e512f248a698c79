#!/usr/bin/env bash
# Client stall while a retired table is dropped: plain DROP TABLE vs the stepwise drop (DELETE 1000 rows a
# step, then DROP), on a table of ROWS rows while 4 clients write ~300 autocommit writes/s to another table.
#   [SHADOWBOT_DROP_BENCH_WAYS=drop] bench/retired-drop.sh [ROWS] [SERVER...]   (defaults: 1000000 rows; servers: mariadb mysql, plus
#                                                 debian when DEBIAN_PORT is set)
# mariadb = embedded MariaDB 11.4, mysql = embedded MySQL 8.0.31, debian = Debian's MariaDB 10.11 started
# privately on DEBIAN_PORT (.ci/mariadb-debian.sh). Prints one "DROP way=… drop_ms p99_before_ms
# p99_during_ms max_stall_ms binlog_mb" line per way (RetiredDropBench) and the load average before and
# after each server (other jobs share the CPU). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
shift || true
SERVERS=("$@")
if [ ${#SERVERS[@]} -eq 0 ]; then
  SERVERS=(mariadb mysql)
  [ -n "${DEBIAN_PORT:-}" ] && SERVERS+=(debian)
fi
for server in "${SERVERS[@]}"; do
  env=(SHADOWBOT_DROP_BENCH="$ROWS" SHADOWBOT_DROP_BENCH_WAYS="${SHADOWBOT_DROP_BENCH_WAYS:-drop,stepwise}")
  case "$server" in
    mariadb) ;;
    mysql) env+=(SHADOWBOT_TEST_DB=mysql) ;;
    debian) url=$(.ci/mariadb-debian.sh start "${DEBIAN_PORT:?set DEBIAN_PORT}")
            env+=(SHADOWBOT_TEST_DB=url SHADOWBOT_TEST_DB_URL="$url") ;;
    *) echo "unknown server $server (mariadb, mysql, debian)" >&2; exit 2 ;;
  esac
  echo "== $server rows=$ROWS load_before=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
  log=$(mktemp)
  env "${env[@]}" mvn -B -q -o -pl engine verify -Dtest=NONE -Dit.test=RetiredDropBench \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false >"$log" 2>&1 || { tail -30 "$log"; exit 1; }
  grep -h "^DROP way" "$log" engine/target/failsafe-reports/*RetiredDropBench-output.txt 2>/dev/null | sort -u
  echo "   load_after=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
  rm -f "$log"
  [ "$server" = debian ] && .ci/mariadb-debian.sh stop "$DEBIAN_PORT" >/dev/null
done
