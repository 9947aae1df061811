#!/usr/bin/env bash
# Measures an ingest of N generated transfers: wall time and peak memory (GNU time), so memory can be
# compared across sizes (it should not grow with the row count). The generated file and case are
# deleted afterwards.
# Usage: scripts/large-ingest.sh ROWS [BINARY]   (default binary: .build/debug/brokergraph)
set -euo pipefail
rows=${1:?usage: scripts/large-ingest.sh ROWS [BINARY]}
binary=${2:-.build/debug/brokergraph}
[[ -x /usr/bin/time ]] || { echo "large-ingest: needs GNU time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/brokergraph-large.XXXXXX")
trap 'rm -rf "$work"' EXIT

awk -v n="$rows" 'BEGIN {
  srand(42); print "id,time,from,to,records,category,mode,amount,note"
  split("property whereabouts credit communication_record health", cat, " ")
  for (i = 0; i < n; i++) {
    f = int(rand() * 100000); t = (f + 1 + int(rand() * 99999)) % 100000
    printf "L%d,2025-%02d-%02d %02d:%02d,party-%d,party-%d,%d,%s,sale,%d.50,generated row %d\n",
      i, 1 + int(rand() * 12), 1 + int(rand() * 28), int(rand() * 24), int(rand() * 60), f, t,
      1 + int(rand() * 5000), cat[1 + int(rand() * 5)], int(rand() * 100000), i
  }
}' > "$work/transfers.csv"
echo "large-ingest: $rows rows, $(du -h "$work/transfers.csv" | cut -f1) of CSV" >&2
# GNU time writes to a file, so standard error stays the terminal (progress line) when it is one.
/usr/bin/time -v -o "$work/time.txt" "$binary" ingest --db "$work/case.sqlite" "$work/transfers.csv"
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt"
echo "case file: $(du -h "$work/case.sqlite" | cut -f1)"
