#!/usr/bin/env bash
# Benchmarks BrokerIdentity's resolver against known truth, beside the Python Record Linkage Toolkit
# (recordlinkage) on the same records in the same run, then times a large resolution.
#
#   scripts/bench-identity.sh [PEOPLE] [SCALE] [RUNS]
#     PEOPLE: invented people for the accuracy run (default 20000; about 2.4 records each).
#     SCALE:  parties for the timing run, 3 identifiers each (default 1000000; 0 skips it).
#
# Accuracy is pairwise precision, recall and F1 of the clusters (records that end in one group)
# against the people who made the records: once for the automatic merges alone, once with every
# suggestion at or above the default threshold accepted. See docs/identity.md.
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-20000}"
scale="${2:-1000000}"
runs="${3:-3}"
out=bench-out/identity
mkdir -p "$out"

python3 -c "import recordlinkage" 2>/dev/null || pip install -q recordlinkage
python3 -c "import pypinyin" 2>/dev/null || pip install -q pypinyin

(cd Benchmarks && swift build -c release --product identity-bench >/dev/null)
python3 scripts/gen_identity_records.py --people "$people" --seed 1 --out "$out"
Benchmarks/.build/release/identity-bench --records "$out/records.tsv" --out "$out"
python3 -W ignore scripts/bench_identity_reference.py "$out" 2> >(grep -v -e "^WARNING" -e "RuntimeWarning" -e "np.dot" >&2)
python3 scripts/bench_identity_eval.py --table "$out"

if [[ $scale != 0 ]]; then
  echo
  Benchmarks/.build/release/identity-bench --scale "$scale" --runs "$runs"
fi
