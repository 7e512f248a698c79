#!/usr/bin/env bash
# Turns the action's inputs (INPUT_* variables set by action.yml) into one shadowbot CLI call.
# Kept as a script, not inline YAML, so it can be tested like any other program.
set -euo pipefail
jar="${SHADOWBOT_JAR:-$(dirname "$0")/target/shadowbot.jar}"
cmd="${INPUT_COMMAND:-plan}"
args=("$cmd")
truthy() { case "${1,,}" in true|yes|1|on) return 0 ;; *) return 1 ;; esac; }
comment="${INPUT_COMMENT:-auto}"
case "${comment,,}" in true|yes|1|on|false|no|0|off|auto) ;; *)
  echo "::error title=shadowbot::comment is '$comment': use true, false or auto"
  exit 2 ;;
esac
# deploy and the commands on its request put their new state into the sticky comment unless told not to;
# that needs a token (the action passes the workflow's by default).
state_comment() {
  case "${comment,,}" in false|no|0|off) return 1 ;; esac
  [ -n "${GITHUB_TOKEN:-}" ]
}

case "$cmd" in
  plan)
    args+=(--schema-dir "${INPUT_SCHEMA_DIR:?schema-dir is required for plan}" --format markdown
           --fail-on "${INPUT_FAIL_ON:-error}")
    truthy "$comment" && args+=(--comment)
    truthy "${INPUT_ALLOW_DATA_LOSS:-false}" && args+=(--allow-data-loss)
    ;;
  deploy)
    args+=(--schema-dir "${INPUT_SCHEMA_DIR:?schema-dir is required for deploy}"
           --revert-window "${INPUT_REVERT_WINDOW:-30m}")
    # A deferred deploy ends the job at staged: a job that waited for the merge would hold a runner for
    # up to 6 hours. The merge workflow's cutover resumes the stream from the stored checkpoint.
    truthy "${INPUT_DEFER_CUTOVER:-false}" && args+=(--defer-cutover --exit-when-staged)
    truthy "${INPUT_ALLOW_DATA_LOSS:-false}" && args+=(--allow-data-loss)
    state_comment && args+=(--comment)
    ;;
  cutover|revert|skip-revert|cancel)
    [ -n "${INPUT_DEPLOY_REQUEST_ID:-}" ] && args+=(--id "$INPUT_DEPLOY_REQUEST_ID")
    state_comment && args+=(--comment)
    ;;
  status)
    [ -n "${INPUT_DEPLOY_REQUEST_ID:-}" ] && args+=(--id "$INPUT_DEPLOY_REQUEST_ID")
    ;;
  *)
    echo "::error title=shadowbot::unknown command '$cmd': use plan, deploy, cutover, revert, skip-revert, cancel or status"
    exit 2
    ;;
esac
# Class data sharing: the first run with this CLI and this JVM dumps the classes it loaded into an archive
# beside the jar (cached with it), later runs map it and start faster (docs/github-action.md has the
# figures). The archive's name follows the JVM, so a JVM update makes a new one instead of a mismatch.
jvm=()
if [ "${SHADOWBOT_CDS:-on}" != off ]; then
  archive="$(dirname "$jar")/shadowbot-$(printf %s "${JAVA_HOME:-$(command -v java)}" | cksum | cut -d' ' -f1).jsa"
  if [ -f "$archive" ]; then
    jvm+=("-XX:SharedArchiveFile=$archive")
  else
    jvm+=("-XX:ArchiveClassesAtExit=$archive")
  fi
  jvm+=(-Xlog:cds=off -Xlog:cds+dynamic=off)
fi
exec java "${jvm[@]}" -jar "$jar" "${args[@]}"
