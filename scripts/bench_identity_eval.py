#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of clusterings of records against the known people.

    bench_identity_eval.py RECORDS_TSV CLUSTERS_TSV...   (each CLUSTERS_TSV: record<TAB>cluster)

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


if __name__ == "__main__":
    truth = load(sys.argv[1])
    for path in sys.argv[2:]:
        p, r, f, n = score(truth, load(path))
        print("%-40s precision %.4f  recall %.4f  F1 %.4f  (%d predicted pairs)" % (path, p, r, f, n))
