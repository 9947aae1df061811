#!/usr/bin/env python3
"""The benchmarks' generated transfer file: gen_bench_transfers.py ROWS SEED OUT.csv.

Seeded, so every run (and every benchmark that reads it) sees the same bytes; about one party per 10
transfers, the categories and modes a case holds (Chinese forms included)."""
import random, sys
rows, seed, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
r = random.Random(seed)
parties = max(10, rows // 10)
names = [f"p{i:06d}" for i in range(parties)]
categories = ["property"] * 6 + ["other"] * 5 + ["credit", "accommodation", "communication_record",
              "whereabouts", "health", "transaction", "财产信息"]
modes = ["sale"] * 8 + ["exchange", "provide", "collect", ""]
with open(path, "w", encoding="utf-8", newline="") as out:
    out.write("time,from,to,records,category,mode,amount,batch\n")
    for i in range(rows):
        a = r.randrange(parties)
        b = r.randrange(parties - 1)
        if b >= a:
            b += 1
        day = r.randrange(365)
        month, mday = 1, day
        lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        while mday >= lengths[month - 1]:
            mday -= lengths[month - 1]
            month += 1
        if r.random() < 0.1:
            time = f"2025-{month:02d}-{mday + 1:02d}"
        else:
            time = f"2025-{month:02d}-{mday + 1:02d} {r.randrange(24):02d}:{r.randrange(60):02d}"
        mode = r.choice(modes)
        amount = f"{r.randrange(1, 500000) / 100:.2f}" if mode == "sale" else ""
        batch = f"B{r.randrange(rows // 5 + 1):07d}"
        out.write(f"{time},{names[a]},{names[b]},{r.randrange(1, 5000)},{r.choice(categories)},{mode},{amount},{batch}\n")
