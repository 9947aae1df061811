#!/usr/bin/env bash
# Ingest benchmark: `brokergraph ingest` of a generated transfers CSV against the sqlite3 shell's
# `.import` of the same file into a plain table, measured in the same run (median of 3 each, runs
# interleaved so that machine load hits both alike). Prints rows per second for each, the ratio,
# and brokergraph's peak resident memory; and the same file read through a mapping (`ingest --map`)
# against the plain ingest (aim: the mapped ingest at no less than 0.8 of the plain one's speed).
#
# Usage: scripts/bench-ingest.sh [ROWS]        (default 1,000,000; about 100k parties per 1M rows)
# Environment: BENCH_DIR (default ./bench-out), RUNS (default 3), SEED (default 2025).
set -euo pipefail

rows=${1:-1000000}
runs=${RUNS:-3}
seed=${SEED:-2025}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-$root/bench-out}
mkdir -p "$dir"
csv=$dir/transfers-$rows-$seed.csv

for tool in python3 sqlite3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/setup.sh installs sqlite3)" >&2; exit 1; }
done
if [[ ! -x /usr/bin/time ]]; then
  echo "bench: installing GNU time (for peak memory)" >&2
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get install -y -qq time >&2
fi

# 1. The input: seeded, so every run of the benchmark reads the same bytes.
if [[ ! -s $csv ]]; then
  echo "bench: generating $rows rows -> $csv" >&2
  python3 "$root/scripts/gen_bench_transfers.py" "$rows" "$seed" "$csv"
fi
size=$(du -h "$csv" | cut -f1)

# 2. The tool, in release mode.
echo "bench: building brokergraph (release)" >&2
(cd "$root" && swift build -c release --product brokergraph >&2)
bin=$(cd "$root" && swift build -c release --show-bin-path)/brokergraph

# The mapping: every column by its header, values parsed by the seized-value parsers.
cat > "$dir/bench-mapping.yaml" <<'YAML'
transfers: {time: time, from: from, to: to, records: records, category: category, mode: mode, amount: amount, batch: batch}
YAML
# The same rows written the way seized ledgers write them (a title, Chinese headers, 2025/3/1 14:03,
# 1200条, ¥1500.00, Chinese modes), and their mapping.
seized=$dir/seized-$rows-$seed.csv
if [[ ! -s $seized ]]; then
  python3 - "$csv" "$seized" <<'PY'
import csv, sys
modes = {"sale": "出售", "exchange": "互换", "provide": "赠送", "collect": "采集", "": ""}
with open(sys.argv[1], encoding="utf-8", newline="") as src, open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    rows = csv.reader(src); next(rows)
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["2025年台账"]); w.writerow([]); w.writerow(["时间", "卖方", "买方", "条数", "信息类型", "方式", "金额", "批次"])
    for t, a, b, n, c, m, amount, batch in rows:
        y, mo, d = t[:10].split("-")
        w.writerow([f"{int(y)}/{int(mo)}/{int(d)}{t[10:]}", a, b, n + "条", c, modes[m], "¥" + amount if amount else "", batch])
PY
fi
cat > "$dir/bench-seized.yaml" <<'YAML'
transfers:
  time: 时间
  from: 卖方
  to: 买方
  records: 条数
  category: 信息类型
  mode: {column: 方式, map: {出售: sale, 互换: exchange, 赠送: provide, 采集: collect}}
  amount: 金额
  batch: 批次
YAML

# 3. Timed runs, interleaved. Setup (removing old databases) stays out of the timed part.
now() { date +%s.%N; }
bg_times=(); sq_times=(); mp_times=(); sz_times=(); peaks=()
for ((i = 1; i <= runs; i++)); do
  rm -f "$dir/bench.sqlite" "$dir/bench.sqlite-wal" "$dir/bench.sqlite-shm"
  start=$(now)
  /usr/bin/time -f "%M" -o "$dir/time.txt" "$bin" ingest --db "$dir/bench.sqlite" --kind transfers "$csv" >"$dir/ingest.log"
  end=$(now)
  bg_times+=("$(echo "$end - $start" | bc -l)")
  peaks+=("$(tail -n 1 "$dir/time.txt")")

  rm -f "$dir/plain.sqlite"
  start=$(now)
  sqlite3 "$dir/plain.sqlite" ".mode csv" ".import '$csv' transfers"
  end=$(now)
  sq_times+=("$(echo "$end - $start" | bc -l)")
  rm -f "$dir/mapped.sqlite" "$dir/mapped.sqlite-wal" "$dir/mapped.sqlite-shm"
  start=$(now)
  "$bin" ingest --db "$dir/mapped.sqlite" --map "$dir/bench-mapping.yaml" "$csv" >"$dir/mapped.log"
  end=$(now)
  mp_times+=("$(echo "$end - $start" | bc -l)")

  rm -f "$dir/seized.sqlite" "$dir/seized.sqlite-wal" "$dir/seized.sqlite-shm"
  start=$(now)
  "$bin" ingest --db "$dir/seized.sqlite" --map "$dir/bench-seized.yaml" "$seized" >"$dir/seized.log"
  end=$(now)
  sz_times+=("$(echo "$end - $start" | bc -l)")
  echo "bench: run $i: brokergraph ${bg_times[-1]} s, sqlite3 .import ${sq_times[-1]} s, mapped ${mp_times[-1]} s, seized forms ${sz_times[-1]} s" >&2
done

stored=$(sqlite3 "$dir/bench.sqlite" "SELECT count(*) FROM transfers")
imported=$(sqlite3 "$dir/plain.sqlite" "SELECT count(*) FROM transfers")
mapped=$(sqlite3 "$dir/mapped.sqlite" "SELECT count(*) FROM transfers")
same=$(sqlite3 "$dir/seized.sqlite" "ATTACH '$dir/bench.sqlite' AS p; SELECT (SELECT sum(records) || '/' || sum(amount_fen) || '/' || sum(time_earliest) FROM transfers) = (SELECT sum(records) || '/' || sum(amount_fen) || '/' || sum(time_earliest) FROM p.transfers)")
if [[ $same != 1 ]]; then echo "bench: the seized-form file did not give the same transfers" >&2; exit 1; fi
if [[ $stored != "$rows" || $imported != "$rows" || $mapped != "$rows" ]]; then
  echo "bench: row counts differ: brokergraph stored $stored, mapped $mapped, .import $imported, file has $rows" >&2
  exit 1
fi

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
bg=$(median "${bg_times[@]}")
sq=$(median "${sq_times[@]}")
mp=$(median "${mp_times[@]}")
sz=$(median "${sz_times[@]}")
peak_kib=$(printf '%s\n' "${peaks[@]}" | sort -g | tail -n 1)

printf 'input                 %s rows, %s, %s parties (%s)\n' "$rows" "$size" \
  "$(sqlite3 "$dir/bench.sqlite" "SELECT count(*) FROM parties")" "$(basename "$csv")"
printf 'brokergraph ingest    %8.2f s  %10.0f rows/s  (median of %d)\n' "$bg" "$(echo "$rows / $bg" | bc -l)" "$runs"
printf 'sqlite3 .import       %8.2f s  %10.0f rows/s  (median of %d)\n' "$sq" "$(echo "$rows / $sq" | bc -l)" "$runs"
printf 'ratio                 %8.2f    (brokergraph / .import, rows/s; aim >= 1.0)\n' "$(echo "$sq / $bg" | bc -l)"
printf 'ingest --map          %8.2f s  %10.0f rows/s  (median of %d)\n' "$mp" "$(echo "$rows / $mp" | bc -l)" "$runs"
printf 'mapped ratio          %8.2f    (mapped / plain ingest, rows/s; aim >= 0.8)\n' "$(echo "$bg / $mp" | bc -l)"
printf 'seized forms --map    %8.2f s  %10.0f rows/s  (median of %d)\n' "$sz" "$(echo "$rows / $sz" | bc -l)" "$runs"
printf 'seized-form ratio     %8.2f    (seized forms / plain ingest, rows/s)\n' "$(echo "$bg / $sz" | bc -l)"
printf 'brokergraph peak RSS  %8.1f MiB\n' "$(echo "$peak_kib / 1024" | bc -l)"
