#!/usr/bin/env bash
# Turns the action's inputs (INPUT_* variables set by action.yml) into one shadowbot CLI call.
# Kept as a script, not inline YAML, so it can be tested like any other program.
set -euo pipefail
jar="${SHADOWBOT_JAR:-$(dirname "$0")/target/shadowbot.jar}"
cmd="${INPUT_COMMAND:-plan}"
args=("$cmd")
truthy() { case "${1,,}" in true|yes|1|on) return 0 ;; *) return 1 ;; esac; }

case "$cmd" in
  plan)
    args+=(--schema-dir "${INPUT_SCHEMA_DIR:?schema-dir is required for plan}" --format markdown
           --fail-on "${INPUT_FAIL_ON:-error}")
    truthy "${INPUT_COMMENT:-false}" && args+=(--comment)
    truthy "${INPUT_ALLOW_DATA_LOSS:-false}" && args+=(--allow-data-loss)
    ;;
  deploy)
    args+=(--schema-dir "${INPUT_SCHEMA_DIR:?schema-dir is required for deploy}"
           --revert-window "${INPUT_REVERT_WINDOW:-30m}")
    truthy "${INPUT_DEFER_CUTOVER:-false}" && args+=(--defer-cutover)
    truthy "${INPUT_ALLOW_DATA_LOSS:-false}" && args+=(--allow-data-loss)
    ;;
  cutover|revert|skip-revert|status|cancel)
    [ -n "${INPUT_DEPLOY_REQUEST_ID:-}" ] && args+=(--id "$INPUT_DEPLOY_REQUEST_ID")
    ;;
  *)
    echo "::error title=shadowbot::unknown command '$cmd': use plan, deploy, cutover, revert, skip-revert, cancel or status"
    exit 2
    ;;
esac
exec java -jar "$jar" "${args[@]}"
