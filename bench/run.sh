#!/usr/bin/env bash
# Side-by-side benchmark: native ALTER (INPLACE, COPY), pt-online-schema-change and shadowbot, for
# the same change on the same sysbench table, idle and under a fixed-rate write load.
#   bench/run.sh [ROWS]        (default 1,000,000) — writes bench/RESULTS.md
# Starts a private Debian MariaDB with ROW binlog (stopped at the end); installs percona-toolkit and
# sysbench from apt when missing. Only talks to 127.0.0.1.
set -euo pipefail
ROWS=${1:-1000000}
PORT=${BENCH_PORT:-3427}
LOAD_TPS=${BENCH_TPS:-300}
LOAD_THREADS=${BENCH_THREADS:-4}
TOOLS=${BENCH_TOOLS:-"inplace copy ptosc shadowbot"}
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

url=$("$root/.ci/mariadb-debian.sh" start "$PORT")
trap '"$root/.ci/mariadb-debian.sh" stop "$PORT"' EXIT
sql() { mariadb --no-defaults -uroot -h127.0.0.1 -P"$PORT" -N -B "$@"; }
server_version=$(sql -e "SELECT VERSION()")
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
  : >"$work/ledger.ok"
  ( i=0
    while [ ! -f "$work/ledger.stop" ]; do
      i=$((i + 1)); id=$((50000000 + i))
      if sql bench -e "INSERT INTO sbtest1 (id, k, c, pad) VALUES ($id, $((id % 1000)), 'ledger-$id', 'p');
                       UPDATE sbtest1 SET k = k + 1 WHERE id = $id" 2>/dev/null; then
        echo "$id" >>"$work/ledger.ok"
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
    sql bench_base --local-infile=1 -e "LOAD DATA LOCAL INFILE '$work/ledger.ok' INTO TABLE ledger_expected" 2>/dev/null \
      || while read -r id; do sql bench_base -e "INSERT INTO ledger_expected VALUES ($id)"; done <"$work/ledger.ok"
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
             --chunk-time=0.5 --set-vars=lock_wait_timeout=2 >"$work/ptosc-$case.log" 2>&1 ;;
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
      java -Xmx256m -jar "${SHADOWBOT_JAR:-$root/action/target/shadowbot.jar}" deploy --schema-dir "$work/schema-$case" \
        --database "${url}bench" >"$work/shadowbot-$case.log" 2>&1 ;;
  esac
}

declare -A IDLE_MS=()
measure() { # tool case alter mode
  local tool=$1 case=$2 alter=$3 mode=$4
  reset_table
  local load_pid="" t0 t1 status=ok
  if [ "$mode" = load ]; then
    # sysbench prints its percentiles only when it ends by itself, so the load runs for a fixed
    # window sized from the idle run: 5 s before the tool, the tool (up to 3x its idle time), then the rest.
    local idle_s=$(( ${IDLE_MS[$tool-$case]:-10000} / 1000 ))
    local window=$(( idle_s * 3 + 20 ))
    "${SB[@]}" oltp_write_only run --rate="$LOAD_TPS" --threads="$LOAD_THREADS" --time="$window" --events=0 \
      --percentile=99 --mysql-ignore-errors=all --report-interval=1 --histogram=off >"$work/load-$tool-$case.log" 2>&1 &
    load_pid=$!
    ledger_start
    sleep 5
  fi
  t0=$(now_ms)
  run_tool "$tool" "$case" "$alter" || status=failed
  t1=$(now_ms)
  [ "$mode" = idle ] && IDLE_MS[$tool-$case]=$((t1 - t0))
  local p99="" maxlat="" errors="" acked="" missing=""
  if [ "$mode" = load ]; then
    sleep 3
    ledger_stop
    wait "$load_pid" 2>/dev/null || true
    read -r acked missing < <(ledger_check)
    p99=$(awk '/99th percentile:/ {print $3}' "$work/load-$tool-$case.log")
    maxlat=$(awk '/max:/ {print $2; exit}' "$work/load-$tool-$case.log")
    errors=$(awk '/ignored errors:/ {print $3}' "$work/load-$tool-$case.log")
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$mode" "$tool" "$((t1 - t0))" "$status" \
    "${p99:-}" "${maxlat:-}" "${errors:-}" "${acked:-}" "${missing:-}" | tee -a "$results"
}

baseline_load() { # load alone, for the p99 ratio
  reset_table
  "${SB[@]}" oltp_write_only run --rate="$LOAD_TPS" --threads="$LOAD_THREADS" --time=30 \
    --percentile=99 --mysql-ignore-errors=all --report-interval=1 >"$work/load-alone.log" 2>&1
  printf 'load-alone\tload\tnone\t30000\tok\t%s\t%s\t%s\t\t\n' "$(awk '/99th percentile:/ {print $3}' "$work/load-alone.log")" \
    "$(awk '/max:/ {print $2; exit}' "$work/load-alone.log")" "$(awk '/ignored errors:/ {print $3}' "$work/load-alone.log")" \
    | tee -a "$results"
}

if [[ " $TOOLS " == *" shadowbot "* ]] && [ ! -f "$root/action/target/shadowbot.jar" ]; then
  (cd "$root" && mvn -B -q package -DskipTests)
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
baseline_load
declare -A ALTERS=([rebuild]="ENGINE=InnoDB" [add-column-index]="ADD COLUMN extra INT NOT NULL DEFAULT 0, ADD INDEX ix_extra (extra)")
for case in rebuild add-column-index; do
  for mode in idle load; do
    for tool in $TOOLS; do
      measure "$tool" "$case" "${ALTERS[$case]}" "$mode"
    done
  done
done

BENCH_LOAD="start $load_start, end $(cut -d' ' -f1-3 /proc/loadavg)" \
  "$here/report.py" "$results" "$ROWS" "$server_version" >"$here/RESULTS.md"
echo "bench: wrote bench/RESULTS.md"
