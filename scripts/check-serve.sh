#!/usr/bin/env bash
# Checks `brokergraph serve` in a real browser: headless Chromium (Debian's `chromium`, installed when
# missing), driven over the DevTools protocol by scripts/check_serve.py (websocket-client from PyPI,
# installed when missing). Starts two servers on free loopback ports: the sample case and a case of
# hostile names (Tests/Fixtures/hostile-names.json).
#
#   scripts/check-serve.sh [SCREENSHOT_DIR]
#
# The screenshots (summary.png, party.png, chain.png) stay in a temporary folder unless a folder is
# given (`scripts/check-serve.sh samples/yantai-ring/serve` refreshes the README's). Nothing tracked
# is changed by the default run, which CI makes. Under CI=true nothing is skipped: a missing browser
# or package that cannot be installed fails the check.
set -euo pipefail
cd "$(dirname "$0")/.."
shots=${1:-}

sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium (Debian package)..."
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -q --no-install-recommends chromium >/dev/null
fi
if ! python3 -c "import websocket" 2>/dev/null; then
    echo "installing websocket-client (PyPI)..."
    python3 -m pip install --quiet --user websocket-client 2>/dev/null || python3 -m pip install --quiet websocket-client
fi

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

swift build --product brokergraph >/dev/null
bin=.build/debug/brokergraph
db="$work/case.sqlite"
$bin ingest --db "$db" samples/yantai-ring/parties.csv samples/yantai-ring/transfers.csv >/dev/null
$bin ingest --db "$db" --kind batches samples/yantai-ring/batches.csv >/dev/null

# The hostile case: each name passes records to the next, with the names as notes and evidence.
python3 - "$work/hostile.csv" <<'PY'
import csv, json, sys
names = json.load(open("Tests/Fixtures/hostile-names.json"))
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "time", "from", "to", "records", "category", "mode", "evidence", "note"])
    for i, name in enumerate(names):
        w.writerow([f"H{i} {names[(i + 3) % len(names)]}", f"2025-03-{i + 1:02d}", name, names[(i + 1) % len(names)],
                    10 + i, "property", "sale", name, names[(i + 2) % len(names)]])
PY
$bin ingest --db "$work/hostile.sqlite" "$work/hostile.csv" >/dev/null

# Starts a server on a free port (in this shell, so the trap can stop it).
serve() {
    "$bin" serve --db "$2" --port 0 >"$work/$1.out" 2>&1 &
    pids+=($!)
}
# Prints the address a server announced, once it has.
address() {
    local out="$work/$1.out"
    for _ in $(seq 1 300); do
        grep -q '^open http' "$out" 2>/dev/null && break
        sleep 0.1
    done
    grep -q '^open http' "$out" || { echo "FAIL: serve did not start:" >&2; cat "$out" >&2; exit 1; }
    sed -n 's/^open //p' "$out"
}
serve sample "$db"
serve hostile "$work/hostile.sqlite"
sample_url=$(address sample)
hostile_url=$(address hostile)

python3 scripts/check_serve.py "$sample_url" "$hostile_url" "$work"

if [ -n "$shots" ]; then
    mkdir -p "$shots"
    cp "$work/summary.png" "$work/party.png" "$work/chain.png" "$shots/"
    echo "screenshots kept in $shots"
fi
