#!/usr/bin/env bash
# Benchmarks BrokerGraph's graph measures beside python-igraph and networkit, on one generated
# transfer graph, in one run, and prints a side-by-side table of medians, ratios and peak memory.
#
#   scripts/bench-graph.sh [100k|1m] [RUNS] [SKIP]
#     100k: 100,000 parties / 1,000,000 transfers (default); 1m: 1,000,000 / 10,000,000.
#     SKIP: measures the reference libraries leave out, e.g. betweenness_256 (slow at 1m).
#
# All three libraries build their graph from the same in-memory edge arrays (written once by
# graph-bench to bench-out/edges.bin), so "load" here is graph construction only. Loading a graph
# from the SQLite case database is measured by the ingest benchmark, not here.
# Each library runs in its own process so that its peak RSS is its own.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-100k}"
runs="${2:-5}"
skip="${3:-none}"
out=bench-out
mkdir -p "$out"

python3 -c "import igraph" 2>/dev/null || pip install -q python-igraph
python3 -c "import networkit" 2>/dev/null || pip install -q networkit

(cd Benchmarks && swift build -c release --product graph-bench >/dev/null)
Benchmarks/.build/release/graph-bench --size "$size" --runs "$runs" \
    --write-edges "$out/edges.bin" --json "$out/brokergraph.json"
python3 scripts/bench_graph_reference.py "$out/edges.bin" igraph --runs "$runs" --skip "$skip" > "$out/igraph.json"
python3 scripts/bench_graph_reference.py "$out/edges.bin" networkit --runs "$runs" --skip "$skip" > "$out/networkit.json"

python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
ours, ig, nk = (json.load(open(os.path.join(out, f + ".json"))) for f in ("brokergraph", "igraph", "networkit"))
rows = ["load", "weak", "strong", "pagerank", "betweenness_256", "louvain"]
print()
print("%-16s %12s %12s %12s %14s" % ("measure (s)", "brokergraph", "igraph", "networkit", "ours/fastest"))
for r in rows:
    o, i, n = ours.get(r), ig.get(r), nk.get(r)
    refs = [x for x in (i, n) if x is not None]
    cell = lambda x: "%12.4f" % x if x is not None else "%12s" % "-"
    ratio = "%13.2fx" % (o / min(refs)) if refs else "%14s" % "-"
    print("%-16s %s %s %s %s" % (r, cell(o), cell(i), cell(n), ratio))
for r in ("brokerage", "reach_1_source", "rings"):
    if r in ours:
        print("%-16s %12.4f %12s %12s" % (r, ours[r], "-", "-"))
print("%-16s %12.0f %12.0f %12.0f %13.2fx" % ("peak RSS (MiB)", ours["peak_mib"], ig["peak_mib"], nk["peak_mib"],
                                                ours["peak_mib"] / ig["peak_mib"]))
print("louvain: igraph runs Leiden (2 iterations) and networkit PLM, each including the undirected conversion;")
print("pagerank: igraph PRPACK (direct), networkit tol 1e-10 with sinks distributed, brokergraph L1 tol 1e-10.")
PY
