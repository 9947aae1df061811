#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks, on a free loopback port.
#   eval "$(scripts/postgres.sh start)"   # prints export lines: BROKERGRAPH_TEST_POSTGRES, BROKERGRAPH_PG_DIR
#   scripts/postgres.sh stop [DIR]        # stops it and removes its directory (default: $BROKERGRAPH_PG_DIR)
# Installs Debian's `postgresql` package when initdb is missing. initdb refuses to run as root, so as
# root the cluster runs as the `postgres` system user. Loopback connections use trust authentication:
# the cluster is for tests only (it lives in a mktemp directory and listens on 127.0.0.1 only).
set -euo pipefail

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x $dir/initdb ]] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null && dirname "$(command -v initdb)"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin=$(find_bin || true)
  if [[ -z $bin ]]; then
    echo "postgres.sh: installing postgresql" >&2
    local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
    bin=$(find_bin)
  fi
  local dir port
  dir=$(mktemp -d /tmp/brokergraph-pg.XXXXXX)
  chmod 0755 "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
CONF
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start >/dev/null
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -v ON_ERROR_STOP=1 -d postgres \
    -c "CREATE ROLE brokergraph_admin LOGIN SUPERUSER" -c "CREATE DATABASE brokergraph OWNER brokergraph_admin" >/dev/null
  echo "export BROKERGRAPH_PG_DIR=$dir"
  echo "export BROKERGRAPH_PG_BIN=$bin"
  echo "export BROKERGRAPH_TEST_POSTGRES=postgresql://brokergraph_admin@127.0.0.1:$port/brokergraph"
}

stop() {
  local dir=${1:-${BROKERGRAPH_PG_DIR:-}}
  [[ -n $dir && -d $dir/data ]] || { echo "postgres.sh: no cluster directory given" >&2; exit 1; }
  local bin
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
  rm -rf "$dir"
}

case ${1:-} in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: scripts/postgres.sh start | stop [DIR]" >&2; exit 2 ;;
esac
