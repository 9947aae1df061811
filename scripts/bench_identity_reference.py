#!/usr/bin/env python3
"""The reference for scripts/bench-identity.sh: the Python Record Linkage Toolkit (`recordlinkage`)
on the same records as identity-bench.

    bench_identity_reference.py DIR     (reads DIR/records.csv; writes DIR/rl_exact.tsv, DIR/rl_ecm.tsv)

Preprocessing gives the toolkit what BrokerIdentity computes itself: NFKC, digits of phones without
+86/0086, the pinyin key of names (pypinyin), and the visible ends of masked values (phone first 3 +
last 4, card first 4 + last 4, resident ID first 6 + last 4). Candidate pairs come from the toolkit's
Block indexers on each identifier, the pinyin key, the masked-value ends and the nickname, plus pairs
of records that dealt with one counterparty on one day (blocks over 100 records skipped, as ours).

- rl_exact.tsv: links where any strong identifier (mobile, WeChat, QQ, card, resident ID, email) is
  equal: the counterpart of automatic merges.
- rl_ecm.tsv: links classified by the toolkit's ECMClassifier (unsupervised Fellegi-Sunter, m and u
  estimated by expectation-maximisation) over binary comparison features.
Both are turned into clusters by union-find (record<TAB>cluster)."""
import collections
import os
import re
import sys
import time
import unicodedata

import numpy as np
import pandas as pd
import recordlinkage
from pypinyin import lazy_pinyin

STRONG = ["mobile", "wechat", "qq", "card", "rid", "email"]


def digits(s):
    if not isinstance(s, str) or not s:
        return np.nan
    d = re.sub(r"[^0-9*X]", "", unicodedata.normalize("NFKC", s).upper())
    if d.startswith("0086"):
        d = d[4:]
    elif d.startswith("86") and len(d) == 13:
        d = d[2:]
    return d or np.nan


def ends(s, head, tail):
    if not isinstance(s, str):
        return np.nan
    return s[:head] + "|" + s[-tail:]


def union_find_clusters(records, links):
    parent = {r: r for r in records}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {r: find(r) for r in records}


def write(path, clusters):
    with open(path, "w") as f:
        for r, c in clusters.items():
            f.write("%d\t%d\n" % (r, c))


def contacts_of(text):
    if not isinstance(text, str) or not text:
        return []
    return [tuple(int(x) for x in item.split("@")) for item in text.split(",")]


def main():
    out = sys.argv[1]
    df = pd.read_csv(os.path.join(out, "records.csv"), dtype=str, keep_default_na=False).replace("", np.nan)
    df["record"] = df["record"].astype(int)
    df = df.set_index("record")
    start = time.perf_counter()

    for c in ("mobile", "card", "rid", "mobile_masked", "card_masked", "rid_masked"):
        df[c] = df[c].map(digits)
    for c in ("wechat", "email"):
        df[c] = df[c].str.strip().str.lower()
    df["name"] = df["name"].map(lambda s: unicodedata.normalize("NFKC", s).replace(" ", "") if isinstance(s, str) else np.nan)
    df["pinyin"] = df["name"].map(lambda s: " ".join(lazy_pinyin(s)) if isinstance(s, str) else np.nan)
    df["given"] = df["name"].where(df["name"].notna(), df["name_masked"]).map(
        lambda s: "%d|%s" % (len(s), s[1:]) if isinstance(s, str) else np.nan)
    df["surname"] = df["name"].map(lambda s: s[0] if isinstance(s, str) else np.nan)
    df["nick_surname"] = df["nickname"].map(
        lambda s: "".join(c for c in s if c not in "老小阿哥姐总叔爷") if isinstance(s, str) else np.nan)
    df["phone_key"] = df["mobile"].map(lambda s: ends(s, 3, 4)).fillna(df["mobile_masked"].map(lambda s: ends(s, 3, 4)))
    df["card_key"] = df["card"].map(lambda s: ends(s, 4, 4)).fillna(df["card_masked"].map(lambda s: ends(s, 4, 4)))
    df["rid_key"] = df["rid"].map(lambda s: ends(s, 6, 4)).fillna(df["rid_masked"].map(lambda s: ends(s, 6, 4)))

    indexer = recordlinkage.Index()
    for column in STRONG + ["pinyin", "phone_key", "card_key", "rid_key", "nickname"]:
        indexer.block(column)
    pairs = indexer.index(df)

    # Pairs that dealt with one counterparty on one day.
    by_day = collections.defaultdict(set)
    contacts = {r: contacts_of(t) for r, t in df["contacts"].items()}
    for r, cs in contacts.items():
        for c, t in cs:
            by_day[(c, t // 86400)].add(r)
    extra = set()
    for members in by_day.values():
        if 1 < len(members) <= 100:
            m = sorted(members)
            for i in range(len(m)):
                for j in range(i + 1, len(m)):
                    extra.add((m[j], m[i]))
    pairs = pairs.union(pd.MultiIndex.from_tuples(sorted(extra), names=pairs.names)) if extra else pairs

    compare = recordlinkage.Compare()
    for column in STRONG:
        compare.exact(column, column, label=column)
    compare.exact("name", "name", label="name")
    compare.exact("pinyin", "pinyin", label="pinyin")
    compare.string("name", "name", method="jarowinkler", threshold=0.85, label="name_similar")
    compare.exact("given", "given", label="given")
    compare.exact("phone_key", "phone_key", label="phone_key")
    compare.exact("card_key", "card_key", label="card_key")
    compare.exact("rid_key", "rid_key", label="rid_key")
    compare.exact("nickname", "nickname", label="nickname")
    features = compare.compute(pairs, df)
    # Nickname made from the other record's surname, and counterparties shared within a day.
    left, right = pairs.get_level_values(0), pairs.get_level_values(1)
    nick, surname = df["nick_surname"], df["surname"]
    features["nick_surname"] = [
        int((isinstance(nick[a], str) and nick[a] == surname[b]) or (isinstance(nick[b], str) and nick[b] == surname[a]))
        for a, b in zip(left, right)]

    def shared(a, b):
        ca, cb = contacts[a], contacts[b]
        return len({c for c, t in ca for d, u in cb if c == d and abs(t - u) <= 86400})

    counts = [shared(a, b) for a, b in zip(left, right)]
    features["counterparties_2"] = [int(c >= 2) for c in counts]
    features["counterparties_3"] = [int(c >= 3) for c in counts]

    exact_links = features.index[features[STRONG].sum(axis=1) > 0]
    # With every weak feature (adding the jaro-winkler name, given name, nickname columns, all
    # strongly correlated with the exact name) the EM does not converge: it puts p near 0.5 and
    # links nearly every candidate pair. This set converges from both of the toolkit's starts.
    weak = ["name", "pinyin", "phone_key", "card_key", "rid_key", "nick_surname", "counterparties_2", "counterparties_3"]
    ecm = recordlinkage.ECMClassifier(binarize=None, max_iter=200)
    ecm_links = ecm.fit_predict(features[weak].astype(int))
    elapsed = time.perf_counter() - start

    records = list(df.index)
    write(os.path.join(out, "rl_exact.tsv"), union_find_clusters(records, exact_links))
    write(os.path.join(out, "rl_ecm.tsv"), union_find_clusters(records, list(exact_links) + list(ecm_links)))
    print("recordlinkage %s: %d records, %d candidate pairs, %d exact links, %d ECM links, %.2f s"
          % (recordlinkage.__version__, len(df), len(pairs), len(exact_links), len(ecm_links), elapsed))


if __name__ == "__main__":
    main()
