#!/usr/bin/env bash
# Runs the test suite: installs what is missing (scripts/setup.sh), starts a throwaway PostgreSQL
# cluster when none is given, then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The store tests run against PostgreSQL too: a throwaway cluster unless BROKERGRAPH_TEST_POSTGRES
# names a server (scripts/postgres.sh; stopped and removed on exit).
if [[ -z ${BROKERGRAPH_TEST_POSTGRES:-} ]]; then
  eval "$(bash scripts/postgres.sh start)"
  trap 'bash scripts/postgres.sh stop "$BROKERGRAPH_PG_DIR"' EXIT
fi
swift build --product brokergraph
swift test "$@"
