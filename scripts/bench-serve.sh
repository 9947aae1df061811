#!/usr/bin/env bash
# Latency of `brokergraph serve` on a large generated case: a scripted session of searches (typed
# as one types: every prefix of phone numbers, ids and names) and party pages (facts, screening and
# the ego picture drawn by Graphviz), each request timed from the client; prints medians and 90th
# percentiles against the targets (search under 100 ms, party page with picture under 1 s). Not a test.
#
#   scripts/bench-serve.sh [ROWS [PARTIES_OPENED]]     (default 1,000,000 transfers, 40 parties)
#
# The case: ROWS transfers among ROWS/10 parties (random suppliers and buyers, 2025, nine categories,
# like scripts/gen_bench_transfers.py's file), and a parties file giving each party a name and a phone
# number as alias. Environment: BENCH_DIR (default ./bench-out, kept between runs), BUILD (release).
set -euo pipefail
rows=${1:-1000000}
opened=${2:-40}
config=${BUILD:-release}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-$root/bench-out}
mkdir -p "$dir"
cd "$root"
swift build -c "$config" --product brokergraph >&2
bin=$(swift build -c "$config" --show-bin-path)/brokergraph

csv=$dir/serve-transfers-$rows.csv
parties=$dir/serve-parties-$rows.csv
db=$dir/serve-$rows.sqlite
if [[ ! -s $db ]]; then
  echo "bench: generating $rows transfers" >&2
  python3 - "$rows" "$csv" "$parties" <<'PY'
import random, sys
rows, path, ppath = int(sys.argv[1]), sys.argv[2], sys.argv[3]
r = random.Random(2025)
n = max(10, rows // 10)
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
given = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
with open(ppath, "w", encoding="utf-8") as f:
    f.write("id,name,aliases,occupation\n")
    for i in range(n):
        name = r.choice(surnames) + r.choice(given) + r.choice(given)
        f.write(f"p{i:07d},{name},139{i:08d};wx_{i:07d},broker\n")
categories = ["property"] * 6 + ["other"] * 5 + ["credit", "accommodation", "communication_record", "whereabouts"]
modes = ["sale"] * 8 + ["exchange", "provide"]
days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
with open(path, "w", encoding="utf-8") as f:
    f.write("time,from,to,records,category,mode,amount\n")
    for i in range(rows):
        a = r.randrange(n); b = r.randrange(n - 1); b += b >= a
        m = r.randrange(12); d = r.randrange(days[m])
        mode = r.choice(modes)
        amount = f"{r.randrange(1, 500000) / 100:.2f}" if mode == "sale" else ""
        f.write(f"2025-{m + 1:02d}-{d + 1:02d} {r.randrange(24):02d}:{r.randrange(60):02d},p{a:07d},p{b:07d},"
                f"{r.randrange(1, 5000)},{r.choice(categories)},{mode},{amount}\n")
PY
  start=$(date +%s.%N)
  "$bin" ingest --db "$db.tmp" "$parties" "$csv" >/dev/null
  mv "$db.tmp" "$db"; [[ -f "$db.tmp.key" ]] && mv "$db.tmp.key" "$db.key"
  echo "bench: ingest $(echo "$(date +%s.%N) - $start" | bc -l | cut -c1-5) s" >&2
fi

out=$dir/serve.out
start=$(date +%s.%N)
"$bin" serve --db "$db" --port 0 >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 6000); do grep -q '^open http' "$out" 2>/dev/null && break; sleep 0.1; done
grep -q '^open http' "$out" || { echo "serve did not start" >&2; cat "$out" >&2; exit 1; }
echo "bench: serve ready in $(echo "$(date +%s.%N) - $start" | bc -l | cut -c1-5) s: $(head -1 "$out")" >&2
url=$(sed -n 's/^open //p' "$out")

python3 - "$url" "$rows" "$opened" <<'PY'
import random, statistics, sys, time, urllib.parse, urllib.request
url, rows, opened = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base, token = url.split("/?token=")
n = max(10, rows // 10)
r = random.Random(7)

def get(path):
    # The token as the browser sends it after the first visit: in the cookie.
    request = urllib.request.Request(base + path, headers={"Cookie": f"brokergraph_token={token}"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        body = response.read()
        assert response.status == 200, (path, response.status)
    return time.perf_counter() - start, body

def typed(text):
    """Every prefix of `text` from its second character on: what a search box sends while one types."""
    return [text[:k] for k in range(2, len(text) + 1)]

queries, expected = [], {}
for _ in range(6):
    i = r.randrange(n)
    queries += typed(f"139{i:08d}") + typed(f"p{i:07d}") + typed(f"wx_{i:07d}")
    for whole in (f"139{i:08d}", f"p{i:07d}", f"wx_{i:07d}"):
        expected[whole] = i
queries += ["王", "李伟", "张芳娜", "1", "13", "p", "wx_"]
search = []
for q in queries:
    took, body = get("/search?fragment=1&q=" + urllib.parse.quote(q))
    search.append(took)
    # A whole phone number, id or account finds its party first.
    assert q not in expected or f'/party?v={expected[q]}"'.encode() in body.split(b"</li>")[0], q
party, nodes = [], []
for _ in range(opened):
    took, body = get(f"/party?v={r.randrange(n)}")
    assert b"<svg" in body
    nodes.append(body.count(b'class="node"'))
    party.append(took)
windowed = []
for _ in range(max(3, opened // 8)):
    took, _ = get(f"/party?v={r.randrange(n)}&from=2025-03-01&to=2025-03-31")
    windowed.append(took)

def line(name, xs, target):
    """One result row: median, 90th percentile and maximum against the target (on the median)."""
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(len(xs) * 0.9))]
    med = statistics.median(xs)
    verdict = "ok" if med < target else "OVER"
    print(f"{name:<34} n={len(xs):<4} median {med * 1000:8.1f} ms  p90 {p90 * 1000:8.1f} ms  max {xs[-1] * 1000:8.1f} ms"
          f"  target {target * 1000:.0f} ms: {verdict}")

summary = [get("/")[0] for _ in range(2)]

print(f"case: {rows:,} transfers, {n:,} parties; ego pictures of {statistics.median(nodes):.0f} SVG nodes with the legend (median)")
line("search (as one types)", search, 0.1)
line("party page with ego picture", party, 1.0)
line("party page, March window", windowed, 1.0)
print(f"(the first request in a new window narrows the case: {max(windowed) * 1000:.0f} ms; later ones reuse it)")
print(f"summary page with the overview: first {summary[0]:.2f} s (folds and lays out the whole case), then {summary[1] * 1000:.1f} ms")
PY
echo "serve peak memory: $(awk '/VmHWM/ { print int($2 / 1024) " MiB" }' "/proc/$pid/status")"
kill $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
