#!/usr/bin/env bash
# Times the overview of a large case: generates a seeded case of 100,000 parties (python, standard
# library), ingests it and times `brokergraph render --view overview --format svg`. Not a test.
#
#   scripts/bench-render.sh [PARTIES]          (default 100000; BUILD=release for a release build)
#
# The case: 50 origins, 0.2% sources that collect from them, 5% brokers that buy from 1-3 sources or
# brokers (one hub broker buys from 1,000 of them), the rest end users buying from one supplier
# (80%) or two (20%). Aim: under a minute on this machine kind (2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
parties=${1:-100000}
config=${BUILD:-debug}
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
swift build -c "$config" --product brokergraph >/dev/null
bin=.build/$config/brokergraph

python3 - "$parties" "$work/transfers.csv" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20250214)
origins = [f"sys{i}" for i in range(50)]
n_sources = max(3, n // 500)
n_brokers = max(5, n // 20)
sources = [f"src{i}" for i in range(n_sources)]
brokers = [f"brk{i}" for i in range(n_brokers)]
n_end = n - len(origins) - n_sources - n_brokers
rows = []
def day():
    return f"2025-{rng.randint(2, 9):02d}-{rng.randint(1, 28):02d}"
for s in sources:
    for o in rng.sample(origins, 2):
        rows.append(("2025-01-%02d" % rng.randint(1, 28), o, s, rng.randint(500, 5000), "collect"))
for i, b in enumerate(brokers):
    pool = sources + brokers[:i]
    for supplier in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
        rows.append((day(), supplier, b, rng.randint(50, 1000), "sale"))
hub = brokers[-1]
for supplier in rng.sample(sources + brokers[:-1], min(1000, len(sources) + len(brokers) - 1)):
    rows.append((day(), supplier, hub, rng.randint(10, 200), "sale"))
suppliers = sources + brokers
for u in range(n_end):
    k = 1 if rng.random() < 0.8 else 2
    for supplier in rng.sample(suppliers, k):
        rows.append((day(), supplier, f"u{u}", rng.randint(1, 300), "sale"))
with open(path, "w", encoding="utf-8") as f:
    f.write("time,from,to,records,category,mode\n")
    for t, a, b, r, m in rows:
        f.write(f"{t},{a},{b},{r},property,{m}\n")
print(f"generated {len(rows)} transfers among {n} parties in {path}")
PY

rm -f "$work/case.sqlite"*
start=$(date +%s.%N)
$bin ingest --db "$work/case.sqlite" "$work/transfers.csv" >/dev/null
echo "ingest: $(python3 -c "import time,sys; print(round(time.time()-float(sys.argv[1]),1))" "$start") s"
start=$(date +%s.%N)
$bin render --db "$work/case.sqlite" --view overview --format svg --out "$work/overview.svg"
elapsed=$(python3 -c "import time,sys; print(round(time.time()-float(sys.argv[1]),1))" "$start")
echo "render --view overview --format svg ($config build): $elapsed s, $(du -h "$work/overview.svg" | cut -f1) SVG in $work"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 60 else 1)" "$elapsed" || { echo "SLOW: over a minute"; exit 1; }
