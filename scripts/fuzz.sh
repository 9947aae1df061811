#!/usr/bin/env bash
# Builds the libFuzzer target for the CSV and JSON Lines readers (Fuzz/FuzzReaders.swift with the
# reader sources, under AddressSanitizer) and runs it for a set time on a seed corpus taken from the
# bad-input test corpus.
# Usage: scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]   (default 60 seconds)
# Output: .build-fuzz/ (binary, working corpus, crash-* files for anything found).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
out=.build-fuzz
mkdir -p "$out/corpus" "$out/artifacts"

sources=(Fuzz/FuzzReaders.swift Sources/BrokerCase/Input/*.swift Sources/BrokerCase/Model/CaseTime.swift
         Sources/BrokerCase/Model/Category.swift Sources/BrokerCase/Crypto/*.swift)
newest=$(ls -t "${sources[@]}" | head -n 1)
if [[ ! -x $out/fuzz-readers || $newest -nt $out/fuzz-readers ]]; then
  echo "fuzz: building $out/fuzz-readers" >&2
  # Linker warnings about duplicate asan symbols are harmless.
  swiftc -sanitize=fuzzer,address -parse-as-library -g -O -module-name FuzzReaders \
    "${sources[@]}" -o "$out/fuzz-readers" 2> >(grep -v -e "warning: " -e "^ld" >&2 || true)
fi

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
exec "$out/fuzz-readers" "$out/corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$@"
