#!/usr/bin/env bash
# Runs the test suite: installs what is missing (scripts/setup.sh), then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product brokergraph
swift test "$@"
