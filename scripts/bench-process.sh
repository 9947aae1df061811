#!/usr/bin/env bash
# Whole-process benchmark, case file to answer: `brokergraph components` and `hubs` (PageRank,
# 256-source betweenness, brokerage) read from the case file, side by side in one run with pandas +
# python-igraph and pandas + networkit reading the same transfers CSV and computing the same
# measures. Prints medians of RUNS, the ratio to the faster reference, and peak memory (GNU time).
#
#   scripts/bench-process.sh [ROWS] [RUNS]     (default 1,000,000 transfers, 3 runs; 10000000 for 10M)
#
# The input is the benchmarks' generated file (scripts/gen_bench_transfers.py: about one party per 10 transfers),
# ingested once into bench-out/process-ROWS.sqlite. Nothing here is a test; figures are the
# machine's, and a busy machine inflates both sides.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${2:-3}
out=bench-out
mkdir -p "$out"
csv=$out/transfers-$rows-2025.csv
db=$out/process-$rows.sqlite

python3 -c "import igraph" 2>/dev/null || pip install -q python-igraph
python3 -c "import networkit" 2>/dev/null || pip install -q networkit
python3 -c "import pandas" 2>/dev/null || pip install -q pandas
[[ -x /usr/bin/time ]] || { sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo; $sudo apt-get install -y -qq time >&2; }

swift build -c release --product brokergraph >/dev/null
bin=.build/release/brokergraph
if [[ ! -s $csv ]]; then python3 scripts/gen_bench_transfers.py "$rows" 2025 "$csv"; fi
if [[ ! -s $db ]]; then $bin ingest --db "$db" "$csv" >/dev/null; fi

# measure NAME COMMAND...: RUNS runs; prints "NAME median_seconds peak_MiB" (peak of the slowest run).
measure() {
    local name=$1; shift
    local times=() peak=0
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/last-$name.out" 2>/dev/null
        read -r seconds kib <"$out/time.txt"
        times+=("$seconds"); ((kib > peak)) && peak=$kib
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
    echo "$name $median $((peak / 1024))"
}

results=$out/process-$rows.txt
: >"$results"
for round in components centrality; do
    if [[ $round == components ]]; then
        measure ours-$round $bin components --json --db "$db" >>"$results"
    else
        measure ours-$round $bin hubs --json --top 10 --samples 256 --seed 1 --db "$db" >>"$results"
    fi
    measure igraph-$round python3 scripts/bench_process_reference.py "$csv" igraph $round >>"$results"
    measure networkit-$round python3 scripts/bench_process_reference.py "$csv" networkit $round >>"$results"
done

echo "whole process, $rows transfers, median of $runs (seconds; peak MiB):"
python3 - "$results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, seconds, peak = line.split()
    rows[name] = (float(seconds), int(peak))
print("%-12s %18s %18s %18s %14s %12s" % ("measure", "brokergraph", "igraph", "networkit", "ours/fastest", "mem/networkit"))
for m in ("components", "centrality"):
    o, i, n = rows["ours-" + m], rows["igraph-" + m], rows["networkit-" + m]
    cell = lambda x: "%8.2f s %5d MiB" % x
    print("%-12s %s %s %s %13.2fx %11.2fx" % (m, cell(o), cell(i), cell(n), o[0] / min(i[0], n[0]), o[1] / n[1]))
print("centrality: brokergraph `hubs` (PageRank, betweenness from 256 sources, brokerage, reach of the top 10)")
print("against PageRank + 256-source betweenness in each reference.")
PY
