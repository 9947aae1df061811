#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of clusterings of records against the known people.

    bench_identity_eval.py RECORDS_TSV CLUSTERS_TSV...   (each CLUSTERS_TSV: record<TAB>cluster)
    bench_identity_eval.py --table DIR                   (the side-by-side table of bench-identity.sh)

A pair of records is predicted when they share a cluster and true when they share a person."""
import collections
import sys


def pairs(counter):
    return sum(n * (n - 1) // 2 for n in counter.values())


def score(truth, clusters):
    both = collections.Counter((clusters[r], truth[r]) for r in truth)
    tp = pairs(both)
    predicted = pairs(collections.Counter(clusters[r] for r in truth))
    actual = pairs(collections.Counter(truth.values()))
    p = tp / predicted if predicted else 1.0
    r = tp / actual if actual else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, predicted


def load(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        out[f[0]] = f[1]
    return out


def table(out):
    truth = load(out + "/records.tsv")
    rows = [("automatic merges", "ours_merges.tsv", "rl_exact.tsv", "exact strong-id links"),
            ("merges + suggestions >= threshold", "ours_suggest.tsv", "rl_ecm.tsv", "exact + ECMClassifier links")]
    print()
    print("%-34s | %-28s | %-28s | %s" % ("pairwise, clustered", "BrokerIdentity  P / R / F1", "recordlinkage  P / R / F1", "recordlinkage rule"))
    for label, ours, ref, rule in rows:
        o, r = score(truth, load(out + "/" + ours)), score(truth, load(out + "/" + ref))
        print("%-34s | %.4f / %.4f / %.4f     | %.4f / %.4f / %.4f     | %s" % (label, o[0], o[1], o[2], r[0], r[1], r[2], rule))


if __name__ == "__main__":
    if sys.argv[1] == "--table":
        table(sys.argv[2])
        sys.exit(0)
    truth = load(sys.argv[1])
    for path in sys.argv[2:]:
        p, r, f, n = score(truth, load(path))
        print("%-40s precision %.4f  recall %.4f  F1 %.4f  (%d predicted pairs)" % (path, p, r, f, n))
