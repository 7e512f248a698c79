#!/usr/bin/env bash
# Installs Debian's chromium for the status-page browser test (StatusPageBrowserIT). The test runs this
# only when /usr/bin/chromium is missing and CI=true; developers may run it by hand. Needs root (CI is).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
