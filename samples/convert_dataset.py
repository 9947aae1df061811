#!/usr/bin/env python3
"""Convert a real public network from the shared datasets folder into BrokerGraph's transfers.csv.

Usage:
  python3 samples/convert_dataset.py caviar|bitcoin-otc|bitcoin-alpha [--datasets DIR] --out FILE.csv

Output columns: id,time,from,to,records,category,mode,amount,batch,channel,evidence,note
(the format of samples/yantai-ring/transfers.csv). Python 3 standard library only.

--datasets defaults to $BROKERGRAPH_DATASETS, else ../../shared/datasets relative to this script
(= /work/shared/datasets when the repo is /work/main). The converted data are NOT part of the repo:
the source licences vary (see each SOURCE.txt); write the output outside the repo (e.g. /tmp).

Mappings
--------
caviar (Project CAVIAR wiretap network, Morselli 2009; files caviar/phase1.csv .. phase11.csv):
  Each phase file is a square adjacency matrix: first row "players",<ids...>, first column the player
  id, cell [i,j] = number of intercepted communications from player i to player j in that phase.
  Every non-zero cell becomes one row: from = n<i>, to = n<j>, records = cell value, category = other,
  mode = provide, time = first day of the phase, evidence = "CAVIAR phase k".
  The files carry no dates; SOURCE.txt says 11 phases of about two months over two years (1994-1996).
  We place phase k at START + 2*(k-1) months, START = 1994-01-01 by default (--caviar-start YYYY-MM-DD),
  so phases are ordered and two months apart; the calendar dates themselves are an assumption.

bitcoin-otc / bitcoin-alpha (SNAP soc-sign-bitcoin-otc / -alpha; bitcoin_otc_alpha/*.csv):
  Rows are SOURCE,TARGET,RATING,TIME (rater, ratee, -10..+10, Unix seconds; the alpha copy has a header).
  Only ratings > 0 are kept (a positive rating follows a trade that went through; negative ones flag
  distrust/fraud and do not stand for a completed transfer). Each kept row becomes a sale:
  from = u<SOURCE>, to = u<TARGET> (the edge direction of the file, rater -> ratee, so that node
  degrees, reciprocity and the SNAP figures carry over unchanged), records = rating,
  time = ISO 8601 UTC with "+00:00", category = other, amount empty (the trade value is unknown).
  Rows are sorted by time (stable) before ids T00001... are given.
  Which side of an OTC trade delivered what is not recorded; --reverse writes ratee -> rater instead
  (reading "the rated party supplied the rater").
"""

import argparse
import csv
import datetime as dt
import os
import re
import sys

HEADER = ["id", "time", "from", "to", "records", "category", "mode", "amount", "batch", "channel",
          "evidence", "note"]


def die(msg, code=2):
    print("convert_dataset.py: error: " + msg, file=sys.stderr)
    sys.exit(code)


def add_months(d, months):
    y, m = divmod(d.month - 1 + months, 12)
    return d.replace(year=d.year + y, month=m + 1, day=1)


def convert_caviar(folder, start):
    rows = []
    for k in range(1, 12):
        path = os.path.join(folder, "phase%d.csv" % k)
        if not os.path.isfile(path):
            die("missing %s" % path)
        day = add_months(start, 2 * (k - 1)).isoformat()
        with open(path, encoding="utf-8-sig", newline="") as f:
            table = list(csv.reader(f))
        cols = [c.strip() for c in table[0][1:]]
        for line in table[1:]:
            if not line or not line[0].strip():
                continue
            src = line[0].strip()
            if len(line) - 1 != len(cols):
                die("%s: row %s has %d cells, header has %d" % (path, src, len(line) - 1, len(cols)))
            for dst, cell in zip(cols, line[1:]):
                v = int(float(cell or 0))
                if v == 0:
                    continue
                if v < 0:
                    die("%s: negative cell %s->%s" % (path, src, dst))
                rows.append([day, "n" + src, "n" + dst, v, "other", "provide", "", "", "phone",
                             "CAVIAR phase %d" % k, ""])
    return rows


def convert_bitcoin(path, reverse):
    if not os.path.isfile(path):
        die("missing %s" % path)
    rows, skipped = [], 0
    with open(path, encoding="utf-8", newline="") as f:
        for n, line in enumerate(csv.reader(f), 1):
            if not line:
                continue
            if n == 1 and not re.fullmatch(r"-?\d+", line[0].strip()):
                continue  # header line (the alpha copy has one)
            src, dst, rating, ts = (x.strip() for x in line[:4])
            rating = int(float(rating))
            if rating <= 0:
                skipped += 1
                continue
            t = dt.datetime.fromtimestamp(int(float(ts)), tz=dt.timezone.utc)
            a, b = ("u" + dst, "u" + src) if reverse else ("u" + src, "u" + dst)
            rows.append([t.isoformat(), a, b, rating, "other", "sale", "", "", "OTC",
                         "rating %+d" % rating, ""])
    print("  dropped %d rows with rating <= 0" % skipped, file=sys.stderr)
    rows.sort(key=lambda r: r[0])  # ids follow time (the alpha copy is not sorted by time)
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_ds = os.environ.get("BROKERGRAPH_DATASETS",
                                os.path.normpath(os.path.join(here, "..", "..", "shared", "datasets")))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", choices=["caviar", "bitcoin-otc", "bitcoin-alpha"])
    ap.add_argument("--datasets", default=default_ds,
                    help="folder holding caviar/ and bitcoin_otc_alpha/ (default: %(default)s)")
    ap.add_argument("--out", required=True, help="output CSV path (keep it outside the repo)")
    ap.add_argument("--caviar-start", default="1994-01-01",
                    help="assumed first day of CAVIAR phase 1 (default %(default)s)")
    ap.add_argument("--reverse", action="store_true",
                    help="bitcoin: write ratee -> rater instead of rater -> ratee")
    a = ap.parse_args()

    if not os.path.isdir(a.datasets):
        die("datasets folder not found: %s (pass --datasets DIR or set BROKERGRAPH_DATASETS)"
            % a.datasets)
    if a.dataset == "caviar":
        folder = os.path.join(a.datasets, "caviar")
        if not os.path.isdir(folder):
            die("dataset folder not found: %s" % folder)
        try:
            start = dt.date.fromisoformat(a.caviar_start)
        except ValueError:
            die("--caviar-start must be YYYY-MM-DD")
        rows = convert_caviar(folder, start)
    else:
        folder = os.path.join(a.datasets, "bitcoin_otc_alpha")
        if not os.path.isdir(folder):
            die("dataset folder not found: %s" % folder)
        name = "soc-sign-bitcoinotc.csv" if a.dataset == "bitcoin-otc" else "soc-sign-bitcoinalpha.csv"
        rows = convert_bitcoin(os.path.join(folder, name), a.reverse)

    width = max(3, len(str(len(rows))))
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writerow(HEADER)
        for i, r in enumerate(rows, 1):
            w.writerow(["T%0*d" % (width, i)] + r)
    parties = {r[1] for r in rows} | {r[2] for r in rows}
    print("%s: %d transfers, %d parties, %s .. %s -> %s"
          % (a.dataset, len(rows), len(parties), min(r[0] for r in rows), max(r[0] for r in rows),
             a.out))


if __name__ == "__main__":
    main()
