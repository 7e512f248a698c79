#!/usr/bin/env bash
# Starts or stops a private Debian MariaDB (mariadbd from the mariadb-server package) with ROW binlog
# on its own port, socket and data directory, for the test pass against MariaDB 10.11.
# It never touches a MariaDB it did not start.
#   .ci/mariadb-debian.sh start [PORT]   prints the URL to use as SHADOWBOT_TEST_DB_URL
#   .ci/mariadb-debian.sh stop [PORT]
set -euo pipefail
cmd=${1:?usage: mariadb-debian.sh start|stop [PORT]}
port=${2:-3417}
dir=${SHADOWBOT_CI_DIR:-/tmp}/shadowbot-ci-mariadb-$port
sock=$dir/mysqld.sock
user_args=()
[ "$(id -u)" = 0 ] && user_args=(--user=root)

case "$cmd" in
start)
  if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
    echo "mariadb-debian: installing mariadb-server from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq mariadb-server >&2
  fi
  PATH=/usr/sbin:/usr/bin:$PATH
  if [ -f "$dir/mysqld.pid" ] && kill -0 "$(cat "$dir/mysqld.pid")" 2>/dev/null; then
    echo "mysql://root@127.0.0.1:$port/"; exit 0
  fi
  rm -rf "$dir"; mkdir -p "$dir/data" "$dir/tmp"
  mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
    --skip-test-db "${user_args[@]}" >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
  nohup mariadbd --no-defaults --datadir="$dir/data" --tmpdir="$dir/tmp" --port="$port" --socket="$sock" \
    --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
    --log-bin=mysql-bin --binlog-format=ROW --binlog-row-image=FULL --server-id=1 \
    --innodb-buffer-pool-size=256M --max-connections=500 --skip-name-resolve "${user_args[@]}" \
    >"$dir/stdout.log" 2>&1 &
  for _ in $(seq 1 120); do
    if mariadb --no-defaults -uroot --socket="$sock" -e "SELECT 1" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  mariadb --no-defaults -uroot --socket="$sock" -e "
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" \
    || { echo "mariadb-debian: server did not start" >&2; tail -20 "$dir/error.log" >&2; exit 1; }
  echo "mysql://root@127.0.0.1:$port/"
  ;;
stop)
  if [ -f "$dir/mysqld.pid" ]; then
    pid=$(cat "$dir/mysqld.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*) echo "usage: mariadb-debian.sh start|stop [PORT]" >&2; exit 2 ;;
esac
