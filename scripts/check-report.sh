#!/usr/bin/env bash
# Checks report.html in a real browser: renders it in headless Chromium (Debian's `chromium`,
# installed when missing), checks that the screenshot is not blank and that the page logged no
# error and made no network request.
#
#   scripts/check-report.sh [REPORT.html [SCREENSHOT.png]]
#
# Without arguments: builds the sample case (parties, transfers, batch contents), writes its
# report to a temporary folder and checks it there; the screenshot stays in that folder unless a
# path is given (`scripts/check-report.sh "" samples/yantai-ring/report.png` refreshes the one in
# the README). Nothing tracked is changed by the default run, which CI makes.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium (Debian package)..."
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -q --no-install-recommends chromium >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report=${1:-}
shot=${2:-}
if [ -z "$report" ]; then
    swift build --product brokergraph >/dev/null
    db="$work/case.sqlite"
    .build/debug/brokergraph ingest --db "$db" samples/yantai-ring/parties.csv samples/yantai-ring/transfers.csv >/dev/null
    .build/debug/brokergraph ingest --db "$db" --kind batches samples/yantai-ring/batches.csv >/dev/null
    .build/debug/brokergraph report --db "$db" --out "$work/report" >/dev/null
    report="$work/report/report.html"
fi
[ -f "$report" ] || { echo "no such file: $report" >&2; exit 1; }

# The page must not ask for anything outside itself (no src/href to http, no @import, no url()).
if grep -Eiq '(src|href)=["'"'"']?(https?:)?//|@import|url\(' "$report"; then
    echo "FAIL: $report refers to an outside resource" >&2
    grep -Eio '(src|href)=["'"'"']?(https?:)?//[^"'"'"' >]*|@import[^;]*|url\([^)]*\)' "$report" | head -5 >&2
    exit 1
fi

url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
       --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
chromium "${flags[@]}" --window-size=1280,2400 --screenshot="$work/shot.png" "$url" 2>"$work/log.txt" >/dev/null || true
chromium "${flags[@]}" --dump-dom "$url" 2>>"$work/log.txt" >"$work/dom.html" || true

[ -s "$work/shot.png" ] || { echo "FAIL: chromium wrote no screenshot" >&2; cat "$work/log.txt" >&2; exit 1; }

# Page errors are logged as CONSOLE(...) lines ("Uncaught", "Refused", "Failed to load").
if grep -E 'CONSOLE|Uncaught|Failed to load resource|Refused to' "$work/log.txt" >"$work/errors.txt"; then
    echo "FAIL: the page logged errors:" >&2; cat "$work/errors.txt" >&2; exit 1
fi
grep -q '<section id="overview">' "$work/dom.html" || { echo "FAIL: the DOM lacks the overview section" >&2; exit 1; }
grep -q '<svg' "$work/dom.html" || { echo "FAIL: the DOM holds no SVG" >&2; exit 1; }
if grep -qi '<script' "$work/dom.html"; then echo "FAIL: the DOM holds a script element" >&2; exit 1; fi

python3 - "$work/shot.png" <<'PY'
import struct, sys, zlib

def pixels(path):
    """Decodes an 8-bit RGB/RGBA PNG (what Chromium writes) with the standard library only."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), f"unexpected PNG type {depth}/{colour}"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    previous = bytearray(stride)
    rows = []
    i = 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1: line[x] = (line[x] + a) & 255
            elif kind == 2: line[x] = (line[x] + b) & 255
            elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); previous = line
    return width, height, channels, rows

w, h, ch, rows = pixels(sys.argv[1])
ink = sum(1 for row in rows for x in range(0, len(row), ch) if min(row[x], row[x + 1], row[x + 2]) < 200)
share = ink / (w * h)
print(f"screenshot {w}x{h}: {ink} non-white pixels ({share:.1%})")
if share < 0.01:
    sys.exit("FAIL: the screenshot is (nearly) blank")
PY

if [ -n "$shot" ]; then
    mkdir -p "$(dirname "$shot")"
    cp "$work/shot.png" "$shot"
    echo "screenshot kept in $shot"
fi
echo "OK: $report renders in Chromium with no errors"
