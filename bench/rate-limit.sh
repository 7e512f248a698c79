#!/usr/bin/env bash
# Time for an event of installation B while installation A is rate-limited (issue 19).
#   bench/rate-limit.sh [runs=20] [backlog=20]
# Runs bot/src/test/java/dev/shadowbot/bot/inbox/RateLimitBench.java (the real bot on loopback, the fake GitHub
# answering A with 403 X-RateLimit-Remaining: 0, a real state database) and prints the BENCH lines.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bot -am verify -Dtest=NONE -Dit.test=RateLimitBench -Dbench.runs="${1:-20}" -Dbench.backlog="${2:-20}" \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 | grep -E '^BENCH|ERROR|FAIL'
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
