#!/usr/bin/env bash
# Side-by-side benchmark: native ALTER (INPLACE, COPY), pt-online-schema-change and shadowbot, for
# the same change on the same sysbench table, idle and under a fixed-rate write load; shadowbot's
# revert is timed too, and every tool is checked against a ledger of acknowledged writes.
#   bench/run.sh [ROWS]        (default 1,000,000) — writes bench/RESULTS.md (or $BENCH_OUT)
# Cases (BENCH_CASES): rebuild, add-column-index (copied by shadowbot), add-column (a nullable column:
# shadowbot's instant path, the server alters in place; e.g. BENCH_CASES=add-column BENCH_TOOLS="ptosc shadowbot").
# Servers: a private Debian MariaDB with ROW binlog (stopped at the end) and, when a Docker engine is
# reachable, MySQL 8.4 in a container (removed at the end); BENCH_SERVERS="mariadb mysql84" picks.
# Installs percona-toolkit and sysbench from apt when missing. Only talks to 127.0.0.1.
set -euo pipefail
ROWS=${1:-1000000}
MARIADB_PORT=${BENCH_PORT:-3427}
MYSQL_PORT=${BENCH_MYSQL_PORT:-3428}
LOAD_TPS=${BENCH_TPS:-300}
LOAD_THREADS=${BENCH_THREADS:-4}
TOOLS=${BENCH_TOOLS:-"inplace copy ptosc shadowbot"}
WINDOW_WRITES_S=${BENCH_WINDOW_S:-5}   # seconds of writes between shadowbot's cutover and its revert
CASES=${BENCH_CASES:-"rebuild add-column-index"}
# Extra JVM options for shadowbot, e.g. its engine log with times:
#   "-Dorg.slf4j.simpleLogger.log.dev.shadowbot=info -Dorg.slf4j.simpleLogger.showDateTime=true"
read -r -a JAVA_OPTS <<<"${SHADOWBOT_JAVA_OPTS:-}"
if [ -z "${BENCH_SERVERS:-}" ]; then
  BENCH_SERVERS=mariadb
  docker info >/dev/null 2>&1 && BENCH_SERVERS="mariadb mysql84"
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=$here/work
mkdir -p "$work"
results=$work/results.tsv
: >"$results"

need=()
command -v pt-online-schema-change >/dev/null || need+=(percona-toolkit)
command -v sysbench >/dev/null || need+=(sysbench)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

started_mysql=""
cleanup() {
  "$root/.ci/mariadb-debian.sh" stop "$MARIADB_PORT" >/dev/null 2>&1 || true
  [ -n "$started_mysql" ] && docker rm -f shadowbot-bench-mysql84 >/dev/null 2>&1 || true
}
trap cleanup EXIT

start_server() { # name → sets PORT and url
  case "$1" in
    mariadb)
      PORT=$MARIADB_PORT
      url=$("$root/.ci/mariadb-debian.sh" start "$PORT") ;;
    mysql84)
      PORT=$MYSQL_PORT
      docker rm -f shadowbot-bench-mysql84 >/dev/null 2>&1 || true
      docker run -d --name shadowbot-bench-mysql84 -p "127.0.0.1:$PORT:3306" -e MYSQL_ALLOW_EMPTY_PASSWORD=yes \
        -e MYSQL_ROOT_HOST=% mysql:8.4 --binlog-format=ROW --binlog-row-image=FULL --server-id=1 \
        --innodb-buffer-pool-size=256M --local-infile=1 >/dev/null
      started_mysql=yes
      for _ in $(seq 1 180); do sql -e "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
      url="mysql://root@127.0.0.1:$PORT/" ;;
    *) echo "bench: unknown server $1 (mariadb, mysql84)" >&2; exit 2 ;;
  esac
}
sql() { mariadb --no-defaults -uroot -h127.0.0.1 -P"$PORT" -N -B "$@"; }

prepare_base() {
  sql -e "CREATE DATABASE IF NOT EXISTS bench; CREATE DATABASE IF NOT EXISTS bench_base"
  SB=(sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$PORT" --mysql-user=root
      --mysql-db=bench --tables=1 --table-size="$ROWS")
  echo "bench: preparing $ROWS rows (once, kept as sbtest_base)"
  # The base copy and the ledger live in bench_base: the bench database holds only sbtest1, because
  # shadowbot's schema folder is declarative and would plan to drop anything else.
  if [ "$(sql -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='bench_base' AND table_name='sbtest_base'")" = 0 ]; then
    "${SB[@]}" oltp_write_only prepare >/dev/null
    sql bench -e "RENAME TABLE bench.sbtest1 TO bench_base.sbtest_base"
  fi
}

reset_table() {
  local leftovers
  leftovers=$(sql bench -e "SELECT GROUP_CONCAT(CONCAT('\`', TABLE_NAME, '\`')) FROM information_schema.TABLES
                           WHERE TABLE_SCHEMA = 'bench' AND TABLE_NAME LIKE '%shadowbot%'")
  [ "$leftovers" != "NULL" ] && [ -n "$leftovers" ] && sql bench -e "DROP TABLE $leftovers"
  sql -e "DROP DATABASE IF EXISTS _shadowbot"
  sql bench -e "DROP TABLE IF EXISTS sbtest1, _sbtest1_new, _sbtest1_old; CREATE TABLE sbtest1 LIKE bench_base.sbtest_base;
                INSERT INTO sbtest1 SELECT * FROM bench_base.sbtest_base;"
}

# The ledger: a writer outside sysbench whose acknowledged inserts/updates are recorded, so that
# after each tool we can prove every acknowledged write is in the final table.
ledger_start() {
  : >"$work/ledger.ok"; : >"$work/ledger.lat"
  ( i=0
    while [ ! -f "$work/ledger.stop" ]; do
      i=$((i + 1)); id=$((50000000 + i))
      s0=$(now_ms)
      if sql bench -e "INSERT INTO sbtest1 (id, k, c, pad) VALUES ($id, $((id % 1000)), 'ledger-$id', 'p');
                       UPDATE sbtest1 SET k = k + 1 WHERE id = $id" 2>/dev/null; then
        echo "$id" >>"$work/ledger.ok"
        echo "$s0 $(now_ms) ok" >>"$work/ledger.lat"
      else
        echo "$s0 $(now_ms) err" >>"$work/ledger.lat"
      fi
      sleep 0.02
    done ) &
  ledger_pid=$!
}
ledger_stop() {
  touch "$work/ledger.stop"; wait "$ledger_pid" 2>/dev/null || true; rm -f "$work/ledger.stop"
}
ledger_check() {
  local acked missing
  acked=$(wc -l <"$work/ledger.ok")
  missing=0
  if [ "$acked" -gt 0 ]; then
    sql bench_base -e "DROP TABLE IF EXISTS ledger_expected; CREATE TABLE ledger_expected (id INT PRIMARY KEY)"
    # One INSERT of all acknowledged ids (LOAD DATA LOCAL may be refused by the server).
    { printf 'INSERT INTO ledger_expected VALUES '; paste -sd, <(sed 's/.*/(&)/' "$work/ledger.ok"); } | sql bench_base
    missing=$(sql bench -e "SELECT COUNT(*) FROM bench_base.ledger_expected e LEFT JOIN sbtest1 t ON t.id = e.id
                            WHERE t.id IS NULL OR t.k <> (e.id % 1000) + 1 OR t.c <> CONCAT('ledger-', e.id)")
  fi
  echo "$acked $missing"
}

now_ms() { date +%s%3N; }

run_tool() { # tool case alter
  local tool=$1 case=$2 alter=$3
  case "$tool" in
    inplace) sql bench -e "ALTER TABLE sbtest1 $alter, ALGORITHM=INPLACE, LOCK=NONE" ;;
    copy) sql bench -e "ALTER TABLE sbtest1 $alter, ALGORITHM=COPY" ;;
    ptosc) pt-online-schema-change --alter "$alter" "h=127.0.0.1,P=$PORT,u=root,D=bench,t=sbtest1" \
             --execute --recursion-method=none --no-check-replication-filters --no-check-alter \
             --chunk-time=0.5 --set-vars=lock_wait_timeout=2 >"$work/ptosc-$server-$case.log" 2>&1 ;;
    shadowbot)
      mkdir -p "$work/schema-$case"
      sql bench -e "SHOW CREATE TABLE sbtest1" | cut -f2 | sed 's/\\n/\n/g' >"$work/schema-$case/base.sql"
      # The desired schema = the live table with the change applied, read back from a scratch copy.
      # A declarative tool has no "rebuild": its proxy is a table comment, which makes shadowbot copy
      # the whole table through a shadow exactly as a rebuild does.
      local desired_alter=$alter
      [ "$case" = rebuild ] && desired_alter="COMMENT='rebuilt by shadowbot'"
      sql bench_base -e "DROP TABLE IF EXISTS scratch_desired; CREATE TABLE scratch_desired LIKE bench.sbtest1;
                    ALTER TABLE scratch_desired $desired_alter"
      sql bench_base -e "SHOW CREATE TABLE scratch_desired" | cut -f2 | sed 's/\\n/\n/g; s/scratch_desired/sbtest1/' \
        >"$work/schema-$case/sbtest1.sql"
      sql bench_base -e "DROP TABLE scratch_desired"; rm -f "$work/schema-$case/base.sql"
      java -Xmx256m "${JAVA_OPTS[@]}" -jar "$jar" deploy --schema-dir "$work/schema-$case" \
        --database "${url}bench" --format json >"$work/shadowbot-$server-$case.json" 2>"$work/shadowbot-$server-$case.log" || return 1
      # The request's own phase timestamps (epoch ms): staged, cutover start, cutover end.
      sql -e "SELECT ROUND(UNIX_TIMESTAMP(staged_at) * 1000), ROUND(UNIX_TIMESTAMP(cutting_over_at) * 1000),
                     ROUND(UNIX_TIMESTAMP(reverse_syncing_at) * 1000) FROM _shadowbot.deploy_requests
              ORDER BY id DESC LIMIT 1" >"$work/phases" ;;
  esac
}

# The cutover window: the last CUT_S seconds of a tool's run (pt-osc swaps, then drops its triggers
# and the old table; shadowbot's deploy ends with its cutover). Figures inside it come from
# sysbench's per-second report (99th percentile, errors) and from the ledger's own latencies (max stall).
CUT_S=${BENCH_CUT_S:-3}
cut_window() { # load_t0 from_ms to_ms → "p99max errors ledger_max_ms"
  local t0=$1 from=$2 to=$3
  awk -v t0="$t0" -v from="$from" -v to="$to" '
    /^\[ *[0-9]+s \].*tps:/ { s = $2; sub(/s/, "", s); end = t0 + s * 1000; start = end - 1000
      if (end > from && start < to) {
        for (i = 1; i <= NF; i++) { if ($i == "(ms,99%):") p = $(i + 1); if ($i == "err/s:") e = $(i + 1) }
        if (p + 0 > pm) pm = p + 0; errs += e + 0 } }
    END { printf "%.2f %d", pm, errs }' "$work/load-$server-$tool-$case.log"
  awk -v from="$from" -v to="$to" '$2 > from && $1 < to { d = $2 - $1; if (d > m) m = d } END { printf " %d\n", m }' \
    "$work/ledger.lat"
}

declare -A IDLE_MS=()
measure() { # tool case alter mode
  local tool=$1 case=$2 alter=$3 mode=$4
  reset_table
  local load_pid="" load_t0="" t0 t1 status=ok
  if [ "$mode" = load ]; then
    # sysbench prints its percentiles only when it ends by itself, so the load runs for a fixed
    # window sized from the idle run: 5 s before the tool, the tool (up to 3x its idle time), then the rest.
    local idle_s=$(( ${IDLE_MS[$server-$tool-$case]:-10000} / 1000 ))
    local window=$(( idle_s * 3 + 20 + WINDOW_WRITES_S ))
    load_t0=$(now_ms)
    "${SB[@]}" oltp_write_only run --rate="$LOAD_TPS" --threads="$LOAD_THREADS" --time="$window" --events=0 \
      --percentile=99 --mysql-ignore-errors=all --report-interval=1 --histogram=off >"$work/load-$server-$tool-$case.log" 2>&1 &
    load_pid=$!
    ledger_start
    sleep 5
  fi
  t0=$(now_ms)
  rm -f "$work/phases"
  run_tool "$tool" "$case" "$alter" || status=failed
  t1=$(now_ms)
  local staged_ms="" cut_from=$((t1 - CUT_S * 1000)) cut_to=$t1
  if [ -s "$work/phases" ]; then
    local staged_at cut_at cut_end
    read -r staged_at cut_at cut_end <"$work/phases"
    staged_ms=$((staged_at - t0))
    # shadowbot records its cutover (drain, lock, swap): its window is that phase, not the run's tail.
    cut_from=$cut_at; cut_to=$cut_end
  fi
  [ "$mode" = idle ] && IDLE_MS[$server-$tool-$case]=$((t1 - t0))
  local revert_ms="" cleanup_ms="" revert_status=""
  if [ "$tool" = shadowbot ] && [ "$status" = ok ]; then
    # Writes land in the new table during the window, then the revert must bring them all back.
    [ "$mode" = load ] && sleep "$WINDOW_WRITES_S"
    local r0; r0=$(now_ms)
    if java -Xmx256m "${JAVA_OPTS[@]}" -jar "$jar" revert --database "${url}bench" --format json \
         >"$work/revert-$server-$case-$mode.json" 2>"$work/revert-$server-$case-$mode.log"; then revert_status=ok; else revert_status=failed; fi
    revert_ms=$(( $(now_ms) - r0 ))
    if [ "$revert_status" = ok ]; then
      # The command's own figures: revert_ms until the old schema is live with every row, cleanup_ms for
      # the stepwise drop of the retired new table that follows (the command waits for it).
      read -r revert_ms cleanup_ms < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["revert_ms"], d.get("cleanup_ms", ""))' \
        "$work/revert-$server-$case-$mode.json")
    else
      revert_ms="$revert_ms(failed)"
    fi
  fi
  local p99="" maxlat="" errors="" acked="" missing="" cut=$'\t\t'
  if [ "$mode" = load ]; then
    sleep 3
    ledger_stop
    wait "$load_pid" 2>/dev/null || true
    read -r acked missing < <(ledger_check)
    p99=$(awk '/99th percentile:/ {print $3}' "$work/load-$server-$tool-$case.log")
    maxlat=$(awk '/max:/ {print $2; exit}' "$work/load-$server-$tool-$case.log")
    errors=$(awk '/ignored errors:/ {print $3}' "$work/load-$server-$tool-$case.log")
    cut=$(cut_window "$load_t0" "$cut_from" "$cut_to" | tr ' ' '\t')
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$case" "$mode" "$tool" "$((t1 - t0))" "$status" \
    "${p99:-}" "${maxlat:-}" "${errors:-}" "${acked:-}" "${missing:-}" "$cut" "${revert_ms:-}" "${cleanup_ms:-}" "${staged_ms:-}" | tee -a "$results"
}

baseline_load() { # load alone, for the p99 ratio
  reset_table
  "${SB[@]}" oltp_write_only run --rate="$LOAD_TPS" --threads="$LOAD_THREADS" --time=30 \
    --percentile=99 --mysql-ignore-errors=all --report-interval=1 >"$work/load-alone-$server.log" 2>&1
  printf '%s\tload-alone\tload\tnone\t30000\tok\t%s\t%s\t%s\t\t\t\t\t\t\t\n' "$server" \
    "$(awk '/99th percentile:/ {print $3}' "$work/load-alone-$server.log")" \
    "$(awk '/max:/ {print $2; exit}' "$work/load-alone-$server.log")" \
    "$(awk '/ignored errors:/ {print $3}' "$work/load-alone-$server.log")" | tee -a "$results"
}

jar=${SHADOWBOT_JAR:-$root/action/target/shadowbot.jar}
if [[ " $TOOLS " == *" shadowbot "* ]] && [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q package -DskipTests)
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
versions=()
declare -A ALTERS=([rebuild]="ENGINE=InnoDB" [add-column-index]="ADD COLUMN extra INT NOT NULL DEFAULT 0, ADD INDEX ix_extra (extra)"
                  [add-column]="ADD COLUMN extra INT NULL")
for server in $BENCH_SERVERS; do
  start_server "$server"
  versions+=("$server=$(sql -e "SELECT VERSION()")")
  prepare_base
  baseline_load
  for case in $CASES; do
    for mode in idle load; do
      for tool in $TOOLS; do
        measure "$tool" "$case" "${ALTERS[$case]}" "$mode"
      done
    done
  done
done

BENCH_LOAD="start $load_start, end $(cut -d' ' -f1-3 /proc/loadavg)" BENCH_CUT_S=$CUT_S BENCH_WINDOW_S=$WINDOW_WRITES_S \
  "$here/report.py" "$results" "$ROWS" "${versions[*]}" >"${BENCH_OUT:-$here/RESULTS.md}"
echo "bench: wrote ${BENCH_OUT:-bench/RESULTS.md}"
