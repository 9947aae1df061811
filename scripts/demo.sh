#!/usr/bin/env bash
# Runs the whole job on the bundled sample case: installs what is missing, builds, and runs
# `brokergraph demo` (ingest, analyses, pictures). Outputs go to ./brokergraph-out (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --product brokergraph
.build/debug/brokergraph demo --out "${1:-brokergraph-out}"
