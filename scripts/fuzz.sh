#!/usr/bin/env bash
# Builds the libFuzzer target for the CSV and JSON Lines readers (the Fuzz package, under
# AddressSanitizer) and runs it for a set time on a seed corpus taken from the
# bad-input test corpus.
# Usage: scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]   (default 60 seconds)
# Output: .build-fuzz/ (binary, working corpus, crash-* files for anything found).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
out=.build-fuzz
mkdir -p "$out/corpus" "$out/artifacts"

# The Fuzz package builds FuzzReaders.swift against the BrokerInput library, every module under
# libFuzzer's coverage and AddressSanitizer (SwiftPM rebuilds only what changed).
echo "fuzz: building Fuzz/fuzz-readers" >&2
(cd Fuzz && swift build -c release --sanitize=fuzzer --sanitize=address --product fuzz-readers \
   2> >(grep -v -e "warning: " -e "^ld" >&2 || true) >/dev/null)
binary=Fuzz/.build/release/fuzz-readers

# Seed corpus: the bad-input files (the fuzzer's -max_len keeps inputs short).
for f in Tests/BrokerStoreTests/BadInput/*; do
  case $f in *.tsv|*.py) continue ;; esac
  cp -n "$f" "$out/corpus/seed-$(basename "$f")" 2>/dev/null || true
done

# And the start of each sample file (transfers, parties, batch contents).
for f in samples/yantai-ring/*.csv; do
  [[ -e $out/corpus/sample-$(basename "$f") ]] || head -c 4000 "$f" > "$out/corpus/sample-$(basename "$f")"
done

echo "fuzz: running for $seconds s" >&2
exec "$binary" "$out/corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$@"
