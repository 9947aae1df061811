#!/usr/bin/env bash
# Times the chain search on seeded random temporal transfer graphs with hubs: the former length
# bound (O(Σ in·out), skipped where that sum is too large), the O(E log E) bound, and the whole
# `Chains.longest` (limit 10; from, to a hub; from an ordinary party; budget 0 = everything but
# the search). Prints medians.
#
#   scripts/bench-chains.sh [1m|3m|10m|both] [RUNS]
#     1m: 1,000,000 parties / 1,000,000 transfers; 3m: 1,000,000 / 3,000,000 (the former bound
#     alone takes minutes); 10m: 1,000,000 / 10,000,000 (1.5 GiB; the former bound is skipped).
#     both: 1m then 10m.
# Timings are wall clock and the thread's CPU time; on a shared machine, compare CPU times.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1m}"
runs="${2:-3}"

(cd Benchmarks && swift build -c release --product chains-bench >/dev/null)
case "$size" in
  both) sizes=(1m 10m) ;;
  *) sizes=("$size") ;;
esac
for s in "${sizes[@]}"; do
  Benchmarks/.build/release/chains-bench --size "$s" --runs "$runs"
  echo
done
