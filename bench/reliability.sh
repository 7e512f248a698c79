#!/usr/bin/env bash
# Runs the fault-injection, hostile-input and forged-request suites on each server and writes
# bench/RELIABILITY.md from the test reports (runs, failures, time), the faults each suite injects per
# run, and the figures the tests record under target/reliability/ (rows compared, timings).
#   bench/reliability.sh [ROUNDS]   (default 1: each suite once per server)
# Servers: RELIABILITY_SERVERS (default "mariadb mysql": embedded MariaDB 11.4 and MySQL 8.0.31);
# add "url" to include the server at SHADOWBOT_TEST_DB_URL (e.g. Debian's MariaDB from
# .ci/mariadb-debian.sh). MVN_ARGS is passed to Maven (e.g. -o).
set -euo pipefail
ROUNDS=${1:-1}
SERVERS=${RELIABILITY_SERVERS:-mariadb mysql}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/work/reliability
rm -rf "$out"; mkdir -p "$out"
ITS="ConnectionKillIT,BinlogPurgeIT,ShadowReaderCutoverIT,MultiTableCutoverIT,CopyContentionIT,DropQuarantineIT,WindowEndIT,ServerRestartIT,PhaseKillIT,HostileCliIT,KillResumeIT,ResumeIT,GtidResumeIT,StreamPositionRefusalIT,FailoverResumeIT,RevertIT,CancelIT,CutoverIT,SentryCutoverIT,StagedMigrationIT,PreflightIT,ForgedRequestsIT,WebhookIT,IdentifierQuotingIT,InboxRetryIT"
UNITS="HostileInputProperties,DeployStatusTest,ApprovalGateTest"
cd "$root"
for server in $SERVERS; do
  for round in $(seq 1 "$ROUNDS"); do
    echo "reliability: $server round $round"
    status=0
    rm -rf */target/reliability */target/failsafe-reports */target/surefire-reports
    # shellcheck disable=SC2086
    SHADOWBOT_TEST_DB=$server CI=true mvn -B -q ${MVN_ARGS:-} verify -Dtest="$UNITS" -Dit.test="$ITS" \
      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false >"$out/$server-$round.log" 2>&1 \
      || status=$?
    dest="$out/$server-$round"
    mkdir -p "$dest"
    cp */target/failsafe-reports/TEST-*.xml */target/surefire-reports/TEST-*.xml "$dest/" 2>/dev/null || true
    cat */target/reliability/*.txt >"$dest/figures.txt" 2>/dev/null || true
    echo "$status" >"$dest/exit"
  done
done
python3 - "$out" "$ROUNDS" "$SERVERS" >"$here/RELIABILITY.md" <<'PY'
import glob, os, re, sys, datetime, xml.etree.ElementTree as ET
out, rounds, servers = sys.argv[1], sys.argv[2], sys.argv[3].split()
names = {"mariadb": "embedded MariaDB 11.4", "mysql": "embedded MySQL 8.0.31",
         "url": "the server at SHADOWBOT_TEST_DB_URL (Debian MariaDB 10.11 in CI)"}
# Faults (or hostile inputs) one run of each suite injects; failures are counted from the reports.
faults = {
  "ConnectionKillIT": 6, "BinlogPurgeIT": 1, "ShadowReaderCutoverIT": 1, "WindowEndIT": 4, "ServerRestartIT": 1, "PhaseKillIT": 4, "HostileCliIT": 15,
  "KillResumeIT": 1, "ResumeIT": 2, "GtidResumeIT": 2, "StreamPositionRefusalIT": 2, "FailoverResumeIT": 1, "RevertIT": 1, "CutoverIT": 1, "ForgedRequestsIT": 1008,
  "IdentifierQuotingIT": 60, "HostileInputProperties": 1400,
}  # suites not listed inject faults too, but are not counted here ("—")
what = {
  "ConnectionKillIT": "KILL of the copy connection mid-chunk, of the Binlog Dump thread (3x) while staged, of the cutover's renamer and lock holder; writers' model compared",
  "BinlogPurgeIT": "FLUSH + PURGE BINARY LOGS behind a stopped stream: resume refused naming the file, state kept, cancel works; live table untouched",
  "ServerRestartIT": "private MariaDB stopped and started on the same data while staged; resumed, shadow and live vs the writers' model",
  "PhaseKillIT": "kill -9 of the CLI JVM while copying (held on a locked row), staged, cutting over, reverting; next command finishes; writers' model compared",
  "ShadowReaderCutoverIT": "an open transaction holds the shadow table through the cutover under 3 writers; writers' model compared",
  "MultiTableCutoverIT": "3-table atomic cutover and revert under writers; a reader parks the RENAME; a locker killed mid-swap; driver crash in the window",
  "CopyContentionIT": "8 clients in multi-row transactions on hot keys inside the copied chunks: 0 client errors, shadow = live",
  "DropQuarantineIT": "dropped tables quarantined at cutover under writers, restored by revert, dropped at window end",
  "WindowEndIT": "window ended without a driver; binlogs purged in the window; reverse stream killed 3x",
  "HostileCliIT": "2,000 tables, 10 MB files, 5,000 nested parentheses, 7 malformed configs, odd passwords (never printed)",
  "RevertIT": "writes through cutover, window and revert; driver crashed in the window",
  "KillResumeIT": "kill -9 of the detached driver JVM mid-copy, resume; tables vs the writers' model",
  "ResumeIT": "driver killed mid-copy and while staged, resumed; shadow vs live row by row",
  "GtidResumeIT": "driver stopped while staged under writers, resumed by GTID (stored file made unusable) and by file:pos; writers' model compared",
  "StreamPositionRefusalIT": "RESET MASTER behind a stopped stream (by file:pos and by GTID): resume refused, nothing changed, cancel works",
  "FailoverResumeIT": "staged on a private primary, GTID replica promoted, primary shut down: resumed on the replica by GTID; shadow = live",
  "CancelIT": "cancel from another process; cancel after the driver died (lease expiry)",
  "CutoverIT": "cutover under write load; long transaction holding the table",
  "SentryCutoverIT": "lock holder KILLed mid-cutover; every attempt killed; long transaction; 4 writers",
  "StagedMigrationIT": "8 schema changes under concurrent writers; shadow vs live row by row",
  "PreflightIT": "wrong settings, missing privileges, leftover shadows: refused, nothing stored",
  "ForgedRequestsIT": "1,000 forged webhooks + slow bodies while valid ones arrive",
  "WebhookIT": "missing/wrong/altered signatures, oversize body, redelivery",
  "IdentifierQuotingIT": "60 hostile identifiers created and read back",
  "InboxRetryIT": "GitHub outage, unreachable target DB: retried, then parked",
  "HostileInputProperties": "500 mutated schema files, 300 URLs, 300 configs, 300 identifiers",
  "DeployStatusTest": "transition table, terminal states",
  "ApprovalGateTest": "approval refusals",
}
rows = {}
figures = []
for d in sorted(glob.glob(os.path.join(out, "*-*"))):
    if not os.path.isdir(d):
        continue
    server = os.path.basename(d).split("-")[0]
    for f in glob.glob(os.path.join(d, "TEST-*.xml")):
        t = ET.parse(f).getroot()
        cls = t.get("name").split(".")[-1]
        if cls not in what:
            continue
        if cls not in what:
            continue
        r = rows.setdefault((cls, server), [0, 0, 0.0, None])
        r[0] += int(t.get("tests")); r[1] += int(t.get("failures")) + int(t.get("errors")); r[2] += float(t.get("time"))
        r[3] = None if cls not in faults else (r[3] or 0) + faults[cls]
    fig = os.path.join(d, "figures.txt")
    if os.path.exists(fig):
        figures += [f"{server}: {l.strip()}" for l in open(fig) if l.strip()]
print("# Reliability figures\n")
print(f"Generated by `bench/reliability.sh {rounds}` on {datetime.date.today()} ({os.cpu_count()} cores), on "
      + ", ".join(f"`{s}` = {names.get(s, s)}" for s in servers)
      + ". Every row is a real run against a real server; the faults are injected by the tests named "
      "(`ServerRestartIT` always restarts a private MariaDB it starts itself, whatever the server column says).\n")
print("| suite | faults / hostile input | server | test cases run | faults injected | failures | time (s) |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for (cls, server), (n, fail, secs, nf) in sorted(rows.items()):
    print(f"| `{cls}` | {what[cls]} | {server} | {n} | {'—' if nf is None else nf} | {fail} | {secs:.1f} |")
total = sum(v[0] for v in rows.values()); failed = sum(v[1] for v in rows.values())
injected = sum(v[3] or 0 for v in rows.values())
compared = sum(int(m) for f in figures for m in re.findall(r"rows_compared=(\d+)", f))
print(f"\n**Total: {total} test cases, {injected} counted faults or hostile inputs injected, {failed} failures, "
      f"{compared} rows compared against the writers' model (from the recorded figures).**\n")
if figures:
    print("Recorded figures:\n")
    for f in figures:
        print(f"- `{f}`")
PY
echo "reliability: wrote bench/RELIABILITY.md"
