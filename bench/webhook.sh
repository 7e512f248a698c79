#!/usr/bin/env bash
# Webhook acknowledgement latency at a fixed rate on loopback.
#   bench/webhook.sh [rate=100] [seconds=60]
# Starts the real bot jar (state DB: $SHADOWBOT_STATE_DB_URL, or the embedded MariaDB of trial mode),
# drives signed pull_request webhooks with bench/WebhookLoad.java and prints p50/p90/p99/max.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-100}
SECONDS_=${2:-60}
WARMUP=${WARMUP:-10}
JAR=bot/target/shadowbot-bot.jar
if [[ ! -f $JAR || -n ${REBUILD:-} ]]; then
  mvn -B -q -o -pl bot -am -DskipTests package
fi
WORK=$(mktemp -d)
BOT_PID=
cleanup() {
  if [[ -n $BOT_PID ]]; then kill "$BOT_PID" 2>/dev/null || true; wait "$BOT_PID" 2>/dev/null || true; fi
  if [[ -n ${KEEP_LOG:-} ]]; then cp "$WORK/bot.log" "$KEEP_LOG"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
openssl genrsa -out "$WORK/app.pem" 2048 2>/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SECRET=bench-$(date +%s%N)
SHADOWBOT_PORT=$PORT SHADOWBOT_WEBHOOK_SECRET=$SECRET SHADOWBOT_APP_ID=1 \
SHADOWBOT_PRIVATE_KEY_FILE=$WORK/app.pem SHADOWBOT_GITHUB_API_URL=http://127.0.0.1:9 \
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=${BOT_LOG_LEVEL:-warn} -jar "$JAR" serve --host 127.0.0.1 >"$WORK/bot.log" 2>&1 &
BOT_PID=$!
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$BOT_PID" 2>/dev/null; then cat "$WORK/bot.log"; echo "bot exited" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null
echo "bot up on port $PORT; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
# Diagnostic only (FSYNC=relaxed): stop the trial state DB from syncing its redo log on every commit, to
# separate the disk's fsync latency from the bot's own code path. Never a production setting for the inbox.
STATE_PORT=$(grep -o 'state_db=mysql://root@127.0.0.1:[0-9]*' "$WORK/bot.log" | grep -o '[0-9]*$' | head -1 || true)
status() { # statement counters of the trial state DB (needs BOT_LOG_LEVEL=info to learn its port)
  [[ -n $STATE_PORT ]] && mysql -h127.0.0.1 -P"$STATE_PORT" -uroot -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN
    ('Questions','Com_select','Com_insert','Com_update','Com_commit','Com_set_option','Innodb_data_fsyncs')" | tr '\t' '=' | tr '\n' ' '
}
if [[ ${FSYNC:-} == relaxed ]]; then
  mysql -h127.0.0.1 -P"$STATE_PORT" -uroot -e "SET GLOBAL innodb_flush_log_at_trx_commit = 2"
  echo "diagnostic: innodb_flush_log_at_trx_commit=2 on the trial state DB (port $STATE_PORT)"
fi
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
cpu_ticks() { # utime+stime of the bot JVM plus its children (the trial MariaDB), in clock ticks
  local t=0 p
  for p in $BOT_PID $(pgrep -P "$BOT_PID" || true); do t=$((t + $(ticks "$p"))); done
  echo $t
}
PAYLOAD=bot/src/test/resources/webhooks/pull_request.opened.json
# Warm-up run (JIT, pools, buffer pool), not counted in latency or CPU.
java bench/WebhookLoad.java "http://127.0.0.1:$PORT/webhook" "$SECRET" "$RATE" "$WARMUP" 0 "$PAYLOAD" | sed 's/^/warm-up: /'
CPU0=$(cpu_ticks)
JVM0=$(ticks "$BOT_PID")
S0=$(status || true)
java bench/WebhookLoad.java "http://127.0.0.1:$PORT/webhook" "$SECRET" "$RATE" "$SECONDS_" 0 "$PAYLOAD"
CPU1=$(cpu_ticks)
JVM1=$(ticks "$BOT_PID")
if [[ -n $STATE_PORT ]]; then echo "state DB counters before: $S0"; echo "state DB counters after:  $(status)"; fi
TOTAL=$((RATE * SECONDS_))
echo "bot+state-db cpu: $(( (CPU1 - CPU0) * 1000 / $(getconf CLK_TCK) )) ms for $TOTAL webhooks" \
  "($(( (CPU1 - CPU0) * 1000000 / $(getconf CLK_TCK) / TOTAL )) us each, of which bot JVM" \
  "$(( (JVM1 - JVM0) * 1000000 / $(getconf CLK_TCK) / TOTAL )) us); load $(cut -d' ' -f1-3 /proc/loadavg)"
