#!/usr/bin/env python3
"""Reference figures for BrokerGraphTests, computed once from ../shared/datasets.

Run from the package root:  python3 Tests/BrokerGraphTests/Fixtures/make_fixtures.py
Writes small CSV files next to this script; the datasets themselves are not copied (licences).
Every output file starts with a '#' header naming the library versions that produced it.

Graphs, built the same way by the Swift tests:
- CAVIAR: caviar/DERIVED_caviar_edges_long.csv, all phases; one directed edge per distinct
  (source, target) with weight = sum of the phase weights.
- Bitcoin OTC: bitcoin_otc_alpha/soc-sign-bitcoinotc.csv; one directed edge per distinct
  (source, target), unweighted.
- Montagna phone calls: montagna_mafia/Montagna_phonecalls_edgelist.csv (TAB separated); one edge
  per distinct (source, target), weight = summed calls; groups = 'familia' from
  montagna_attributes.csv (node 'N<id>'; blank -> unknown).
"""
import csv, os, sys, random
import networkx as nx
import igraph as ig
import leidenalg

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared", "datasets"))
HEADER = "# networkx %s, python-igraph %s, leidenalg %s, python %s" % (
    nx.__version__, ig.__version__, leidenalg.version, sys.version.split()[0])


def write(name, columns, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        f.write(HEADER + "\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(r)


def caviar():
    g = nx.DiGraph()
    with open(os.path.join(DATA, "caviar", "DERIVED_caviar_edges_long.csv")) as f:
        for row in csv.DictReader(f):
            s, t, w = int(row["source"]), int(row["target"]), int(row["weight"])
            if g.has_edge(s, t):
                g[s][t]["weight"] += w
            else:
                g.add_edge(s, t, weight=w)
    return g


def bitcoin():
    g = nx.DiGraph()
    with open(os.path.join(DATA, "bitcoin_otc_alpha", "soc-sign-bitcoinotc.csv")) as f:
        for row in csv.reader(f):
            g.add_edge(int(row[0]), int(row[1]))
    return g


def montagna():
    g = nx.DiGraph()
    with open(os.path.join(DATA, "montagna_mafia", "Montagna_phonecalls_edgelist.csv")) as f:
        for line in f:
            s, t, w = (int(x) for x in line.split())
            if g.has_edge(s, t):
                g[s][t]["weight"] += w
            else:
                g.add_edge(s, t, weight=w)
    family = {}
    with open(os.path.join(DATA, "montagna_mafia", "montagna_attributes.csv"), encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            family[int(row["node"][1:])] = row["familia"].strip()
    return g, family


def to_igraph(g, weighted):
    nodes = sorted(g.nodes())
    index = {v: i for i, v in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges()], directed=True)
    if weighted:
        h.es["weight"] = [g[u][v]["weight"] for u, v in g.edges()]
    return h, nodes


def pagerank_rows(g, weighted, top=None):
    h, nodes = to_igraph(g, weighted)
    pr = h.pagerank(damping=0.85, weights="weight" if weighted else None, directed=True)
    # networkx as a second opinion (power iteration, tight tolerance)
    prx = nx.pagerank(g, alpha=0.85, weight="weight" if weighted else None, tol=1e-13, max_iter=10000)
    worst = max(abs(pr[i] - prx[v]) for i, v in enumerate(nodes))
    assert worst < 1e-9, worst
    rows = sorted(((nodes[i], pr[i]) for i in range(len(nodes))), key=lambda r: (-r[1], r[0]))
    return rows[:top] if top else rows


def brokerage(g, groups):
    """statnet sna::brokerage rule: a->b->c, a,b,c distinct, no edge a->c; distinct (a,c) per b."""
    roles = {v: [0, 0, 0, 0, 0] for v in g.nodes()}  # coordinator, gatekeeper, representative, itinerant, liaison
    for b in g.nodes():
        for a in g.predecessors(b):
            for c in g.successors(b):
                if len({a, b, c}) < 3 or g.has_edge(a, c):
                    continue
                ga, gb, gc = groups.get(a, ""), groups.get(b, ""), groups.get(c, "")
                if not ga or not gb or not gc:
                    continue
                if ga == gb:
                    role = 0 if gb == gc else 2
                elif gb == gc:
                    role = 1
                elif ga == gc:
                    role = 3
                else:
                    role = 4
                roles[b][role] += 1
    return roles


def undirected_sum(g):
    u = nx.Graph()
    u.add_nodes_from(g.nodes())
    for a, b, d in g.edges(data=True):
        if a == b:
            continue
        w = d.get("weight", 1)
        if u.has_edge(a, b):
            u[a][b]["weight"] += w
        else:
            u.add_edge(a, b, weight=w)
    return u


def communities(name, g, weighted):
    u = undirected_sum(g) if weighted else undirected_sum(nx.DiGraph(g.edges()))
    louvain = nx.community.louvain_communities(u, weight="weight", seed=1)
    q_nx = nx.community.modularity(u, louvain, weight="weight")
    h, nodes = to_igraph(u, True)
    h = h.as_undirected()
    index = {v: i for i, v in enumerate(nodes)}
    ew = [u[a][b]["weight"] for a, b in u.edges()]
    h = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in u.edges()])
    h.es["weight"] = ew
    part = leidenalg.find_partition(h, leidenalg.ModularityVertexPartition, weights="weight", seed=1)
    q_leiden = part.modularity
    return (name, "weighted" if weighted else "unweighted", len(louvain), "%.12f" % q_nx,
            len(part), "%.12f" % q_leiden), louvain


def main():
    cav = caviar()
    bit = bitcoin()
    mon, family = montagna()

    write("caviar_pagerank.csv", ["vertex", "pagerank", "pagerank_weighted"],
          [(v, "%.15g" % p, "%.15g" % dict(pagerank_rows(cav, True))[v]) for v, p in pagerank_rows(cav, False)])
    write("bitcoin_otc_pagerank_top50.csv", ["vertex", "pagerank"],
          [(v, "%.15g" % p) for v, p in pagerank_rows(bit, False, top=50)])

    for name, g in (("caviar", cav), ("montagna_phone", mon)):
        bc = nx.betweenness_centrality(g, normalized=False)
        h, nodes = to_igraph(g, False)
        bci = h.betweenness(directed=True)
        assert max(abs(bci[i] - bc[v]) for i, v in enumerate(nodes)) < 1e-9
        write("%s_betweenness.csv" % name, ["vertex", "betweenness"],
              [(v, "%.15g" % bc[v]) for v in sorted(g.nodes())])

    groups = {v: family.get(v, "") for v in mon.nodes()}
    roles = brokerage(mon, groups)
    names = sorted({x for x in groups.values() if x})
    write("montagna_brokerage.csv",
          ["vertex", "group", "coordinator", "gatekeeper", "representative", "itinerant", "liaison"],
          [(v, names.index(groups[v]) if groups[v] else -1, *roles[v]) for v in sorted(mon.nodes())])

    rows = []
    q, cav_partition = communities("caviar", cav, True)
    rows.append(q)
    rows.append(communities("montagna_phone", mon, True)[0])
    rows.append(communities("bitcoin_otc", bit, False)[0])
    write("modularity.csv", ["dataset", "weights", "louvain_communities", "louvain_modularity",
                             "leiden_communities", "leiden_modularity"], rows)
    # networkx's CAVIAR partition, to check that Swift's modularity() reproduces networkx's value.
    write("caviar_louvain_partition.csv", ["vertex", "community"],
          sorted((v, i) for i, c in enumerate(sorted(cav_partition, key=min)) for v in c))


if __name__ == "__main__":
    main()
