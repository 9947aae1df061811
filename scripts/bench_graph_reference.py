#!/usr/bin/env python3
"""Times python-igraph or networkit on the edge list written by `graph-bench --write-edges`.

Usage: bench_graph_reference.py EDGES.bin igraph|networkit [--runs R] [--skip measure,...]
Prints one JSON object: median seconds per measure and the peak RSS (MiB) of this process.
Input: little-endian int64 n, int64 m, then m int32 triples (source, target, records).
"load" builds the library's graph from in-memory arrays (not parsing text), like graph-bench.
"""
import json, resource, statistics, sys, time
import numpy as np

path, lib = sys.argv[1], sys.argv[2]
runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
skip = set(sys.argv[sys.argv.index("--skip") + 1].split(",")) if "--skip" in sys.argv else set()
raw = open(path, "rb").read()
n, m = np.frombuffer(raw[:16], dtype="<i8")
n, m = int(n), int(m)
triples = np.frombuffer(raw[16:], dtype="<i4").reshape(m, 3)
src = np.ascontiguousarray(triples[:, 0]); dst = np.ascontiguousarray(triples[:, 1])
result = {"lib": lib}
notes = {}


def timed(name, fn, runs=runs, setup=None):
    """Median of `runs` calls of fn (of setup's result, when given; setup is not timed)."""
    if name in skip:
        return None
    times, out = [], None
    for _ in range(runs):
        arg = setup() if setup else None
        t0 = time.perf_counter()
        out = fn(arg) if setup else fn()
        times.append(time.perf_counter() - t0)
    result[name] = statistics.median(times)
    print("%-10s %-16s median %8.4f s  min %8.4f s" % (lib, name, result[name], min(times)), file=sys.stderr)
    return out


if lib == "igraph":
    import igraph as ig
    edges = np.column_stack((src, dst))
    g = timed("load", lambda: ig.Graph(n=n, edges=edges, directed=True))
    # igraph caches "is connected" on a graph, and a repeated weak-components call on a connected
    # graph then only fills in zeros: each run gets a fresh graph (built outside the timed block).
    fresh = lambda: ig.Graph(n=n, edges=edges, directed=True)
    timed("weak", lambda h: h.connected_components(mode="weak"), setup=fresh)
    timed("strong", lambda h: h.connected_components(mode="strong"), setup=fresh)
    timed("pagerank", lambda: g.pagerank(damping=0.85, directed=True))  # PRPACK, exact solve
    rng = np.random.default_rng(1)
    sources = sorted(rng.choice(n, 256, replace=False).tolist())
    timed("betweenness_256", lambda: g.betweenness(directed=True, sources=sources))
    # Leiden needs an undirected graph: the conversion is part of the timed step, as in graph-bench.
    timed("louvain", lambda: g.as_undirected(mode="collapse").community_leiden(
        objective_function="modularity", n_iterations=2))
elif lib == "networkit":
    import networkit as nk
    nk.setNumberOfThreads(2)

    def load():
        h = nk.Graph(n, weighted=False, directed=True)
        h.addEdges((src, dst), checkMultiEdge=False)
        return h
    g = timed("load", load)
    timed("weak", lambda: nk.components.WeaklyConnectedComponents(g).run())
    timed("strong", lambda: nk.components.StronglyConnectedComponents(g).run())
    timed("pagerank", lambda: nk.centrality.PageRank(
        g, damp=0.85, tol=1e-10, distributeSinks=nk.centrality.SinkHandling.DistributeSinks).run())
    timed("betweenness_256", lambda: nk.centrality.EstimateBetweenness(g, 256, False, True).run())
    timed("louvain", lambda: nk.community.PLM(nk.graphtools.toUndirected(g), refine=False).run())
else:
    sys.exit("library must be igraph or networkit")

result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
