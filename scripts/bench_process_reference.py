#!/usr/bin/env python3
"""The reference side of scripts/bench-process.sh: one whole process, CSV to answer.

Usage: bench_process_reference.py TRANSFERS.csv igraph|networkit components|centrality
  components: weakly and strongly connected components.
  centrality: PageRank (damping 0.85) and betweenness from 256 sampled sources (seed 1).
Reads the CSV with pandas (the `from`, `to` columns), interns party names, builds the library's
graph and computes the measure, as a user of that library would. Prints one line of JSON with the
sizes found, so the caller can check both sides computed the same thing.
"""
import json, sys
import numpy as np
import pandas as pd

path, lib, measure = sys.argv[1], sys.argv[2], sys.argv[3]
frame = pd.read_csv(path, usecols=["from", "to"], dtype=str)
codes, names = pd.factorize(pd.concat([frame["from"], frame["to"]], ignore_index=True))
m = len(frame)
src, dst = codes[:m].astype(np.int64), codes[m:].astype(np.int64)
n = len(names)
out = {"lib": lib, "measure": measure, "parties": n, "transfers": m}

if lib == "igraph":
    import igraph as ig
    g = ig.Graph(n=n, edges=np.column_stack([src, dst]), directed=True)
    if measure == "components":
        out["weak"] = len(g.connected_components(mode="weak"))
        out["strong"] = len(g.connected_components(mode="strong"))
    else:
        pr = g.pagerank(damping=0.85)
        rng = np.random.default_rng(1)
        sources = rng.choice(n, size=min(256, n), replace=False).tolist()
        bc = g.betweenness(sources=sources, directed=True)  # igraph >= 0.10: subset sources
        out["pagerank_max"] = max(pr)
        out["betweenness_nonzero"] = int(sum(1 for x in bc if x > 0))
else:
    import networkit as nk
    g = nk.Graph(n, directed=True)
    g.addEdges((src, dst))
    if measure == "components":
        weak = nk.components.WeaklyConnectedComponents(g); weak.run()
        strong = nk.components.StronglyConnectedComponents(g); strong.run()
        out["weak"] = weak.numberOfComponents()
        out["strong"] = strong.numberOfComponents()
    else:
        pr = nk.centrality.PageRank(g, damp=0.85, tol=1e-10); pr.run()
        bc = nk.centrality.EstimateBetweenness(g, 256, False, False); bc.run()
        out["pagerank_max"] = max(pr.scores())
        out["betweenness_nonzero"] = int(sum(1 for x in bc.scores() if x > 0))
print(json.dumps(out))
