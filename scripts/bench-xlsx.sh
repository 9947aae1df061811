#!/usr/bin/env bash
# XLSX reading benchmark: BrokerSheets (Benchmarks' sheets-bench, release) against openpyxl
# (`load_workbook(read_only=True)`, iterating `values_only` rows) on the same generated ledger,
# in the same run (median of 3 each, runs interleaved so that machine load hits both alike); then
# the whole `brokergraph ingest --map` of that workbook into a new case (release), beside the same
# openpyxl read: reading, checking and storing every row against reading it alone.
# Prints the medians of wall-clock and CPU (user + system) seconds, the ratios and each one's peak
# resident memory. CPU seconds are the steadier figure on a machine shared with other builds.
#
# Usage: scripts/bench-xlsx.sh [ROWS]        (default 1,000,000 rows of 6 columns)
# Environment: BENCH_DIR (default a temporary folder, removed at the end), RUNS (default 3),
# SEED (default 2025). The workbook is written by openpyxl in write_only mode and never committed.
set -euo pipefail

rows=${1:-1000000}
runs=${RUNS:-3}
seed=${SEED:-2025}
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ -n ${BENCH_DIR:-} ]]; then
  dir=$BENCH_DIR; mkdir -p "$dir"
else
  dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fi
xlsx=$dir/ledger-$rows-$seed.xlsx

python3 -c "import openpyxl" 2>/dev/null || pip install -q openpyxl
if [[ ! -x /usr/bin/time ]]; then
  echo "bench: installing GNU time (for peak memory)" >&2
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get install -y -qq time >&2
fi

# 1. The input: a seeded ledger (time as a date serial, seller, buyer, count, category, amount).
if [[ ! -s $xlsx ]]; then
  echo "bench: generating $rows rows -> $xlsx" >&2
  python3 - "$rows" "$seed" "$xlsx" <<'PY'
import datetime as dt, random, sys
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
rows, seed, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
r = random.Random(seed)
wb = Workbook(write_only=True)
ws = wb.create_sheet("台账")
ws.append(["2025年个人信息交易台账"])
ws.append([])
ws.append(["时间", "卖方", "买方", "条数", "信息类型", "金额"])
parties = [f"卖家{i:05d}" for i in range(max(10, rows // 10))]
categories = ["财产信息", "行踪轨迹", "征信", "住宿", "通信记录", "其他"]
start = dt.datetime(2025, 1, 1)
for i in range(rows):
    when = WriteOnlyCell(ws, value=start + dt.timedelta(minutes=r.randrange(525600)))
    when.number_format = "yyyy/m/d h:mm"
    ws.append([when, r.choice(parties), r.choice(parties), r.randrange(1, 5000), r.choice(categories),
               r.randrange(1, 500000) / 100])
wb.save(path)
PY
fi
size=$(du -h "$xlsx" | cut -f1)

# 2. Our reader, in release mode.
echo "bench: building sheets-bench (release)" >&2
(cd "$root/Benchmarks" && swift build -c release --product sheets-bench >&2)
bin=$(cd "$root/Benchmarks" && swift build -c release --show-bin-path)/sheets-bench

cat > "$dir/openpyxl_read.py" <<'PY'
import sys, time
from openpyxl import load_workbook
start = time.perf_counter()
wb = load_workbook(sys.argv[1], read_only=True)
ws = wb.worksheets[0]
count = cells = 0
for row in ws.iter_rows(values_only=True):
    count += 1
    cells += len(row)
wb.close()
print(f"rows {count} cells {cells} seconds {time.perf_counter() - start:.3f}")
PY

# 3. Timed runs, interleaved; each tool in its own process, timed from outside.
now() { date +%s.%N; }
ours=(); theirs=(); our_cpu=(); their_cpu=(); our_peaks=(); their_peaks=()
for ((i = 1; i <= runs; i++)); do
  start=$(now)
  /usr/bin/time -f "%M %U %S" -o "$dir/time-ours.txt" "$bin" "$xlsx" >"$dir/ours.txt"
  end=$(now)
  ours+=("$(echo "$end - $start" | bc -l)")
  read -r peak user system < <(tail -n 1 "$dir/time-ours.txt")
  our_peaks+=("$peak"); our_cpu+=("$(echo "$user + $system" | bc -l)")

  start=$(now)
  /usr/bin/time -f "%M %U %S" -o "$dir/time-theirs.txt" python3 "$dir/openpyxl_read.py" "$xlsx" >"$dir/theirs.txt"
  end=$(now)
  theirs+=("$(echo "$end - $start" | bc -l)")
  read -r peak user system < <(tail -n 1 "$dir/time-theirs.txt")
  their_peaks+=("$peak"); their_cpu+=("$(echo "$user + $system" | bc -l)")
  echo "bench: run $i: brokersheets ${ours[-1]} s wall, ${our_cpu[-1]} s CPU; openpyxl ${theirs[-1]} s wall, ${their_cpu[-1]} s CPU" >&2
done

our_rows=$(awk '{print $2}' "$dir/ours.txt")
their_rows=$(awk '{print $2}' "$dir/theirs.txt")
# The title, the blank row 2 (written as an empty <row>) and the header come before the data.
if [[ $our_rows != $((rows + 3)) || $their_rows != $((rows + 3)) ]]; then
  echo "bench: row counts differ: brokersheets $our_rows, openpyxl $their_rows, generated $rows data rows" >&2
  exit 1
fi

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ours_m=$(median "${ours[@]}")
theirs_m=$(median "${theirs[@]}")
ours_c=$(median "${our_cpu[@]}")
theirs_c=$(median "${their_cpu[@]}")
our_peak=$(printf '%s\n' "${our_peaks[@]}" | sort -g | tail -n 1)
their_peak=$(printf '%s\n' "${their_peaks[@]}" | sort -g | tail -n 1)

printf 'input                  %s rows x 6 columns, %s (openpyxl write_only, inline strings)\n' "$rows" "$size"
printf '                       %8s   %8s  %10s  %s\n' "wall s" "CPU s" "rows/s" "peak RSS  (times: medians of $runs; memory: highest)"
printf 'brokersheets           %8.2f   %8.2f  %10.0f  %7.1f MiB\n' \
  "$ours_m" "$ours_c" "$(echo "$rows / $ours_m" | bc -l)" "$(echo "$our_peak / 1024" | bc -l)"
printf 'openpyxl read_only     %8.2f   %8.2f  %10.0f  %7.1f MiB\n' \
  "$theirs_m" "$theirs_c" "$(echo "$rows / $theirs_m" | bc -l)" "$(echo "$their_peak / 1024" | bc -l)"
printf 'ratio (openpyxl/ours)  %8.1f x %8.1f x  (aim >= 5)\n' "$(echo "$theirs_m / $ours_m" | bc -l)" "$(echo "$theirs_c / $ours_c" | bc -l)"

# 4. The whole ingest through a mapping (release brokergraph), into a fresh case each run. The
# generator may pick the same seller and buyer, so the run is lenient and says how many it set aside.
cat > "$dir/ledger.yaml" <<'YAML'
mapping: 1
name: bench-ledger
reader: {sheet: 台账}
transfers:
  time: 时间
  from: 卖方
  to: 买方
  records: 条数
  category: {column: 信息类型, map: {财产信息: property, 行踪轨迹: whereabouts, 征信: credit, 住宿: accommodation, 通信记录: communication_record, 其他: other}}
  amount: 金额
YAML
(cd "$root" && swift build -c release --product brokergraph >&2)
brokergraph=$(cd "$root" && swift build -c release --show-bin-path)/brokergraph
ingests=(); ingest_cpu=(); ingest_peaks=()
for ((i = 1; i <= runs; i++)); do
  rm -f "$dir/case.sqlite" "$dir/case.sqlite-wal" "$dir/case.sqlite-shm" "$dir/case.sqlite.key"
  start=$(now)
  /usr/bin/time -f "%M %U %S" -o "$dir/time-ingest.txt" "$brokergraph" ingest --lenient --db "$dir/case.sqlite" \
    --map "$dir/ledger.yaml" "$xlsx" >"$dir/ingest.txt"
  end=$(now)
  ingests+=("$(echo "$end - $start" | bc -l)")
  read -r peak user system < <(tail -n 1 "$dir/time-ingest.txt")
  ingest_peaks+=("$peak"); ingest_cpu+=("$(echo "$user + $system" | bc -l)")
  echo "bench: ingest run $i: ${ingests[-1]} s wall, ${ingest_cpu[-1]} s CPU" >&2
done
ingest_m=$(median "${ingests[@]}")
ingest_c=$(median "${ingest_cpu[@]}")
ingest_peak=$(printf '%s\n' "${ingest_peaks[@]}" | sort -g | tail -n 1)
printf 'ingest --map (whole)   %8.2f   %8.2f  %10.0f  %7.1f MiB  (%s)\n' \
  "$ingest_m" "$ingest_c" "$(echo "$rows / $ingest_m" | bc -l)" "$(echo "$ingest_peak / 1024" | bc -l)" \
  "$(tail -n 1 "$dir/ingest.txt" | cut -c1-80)"
printf 'ratio (openpyxl read / our whole ingest)  %.1f x wall, %.1f x CPU  (aim >= 5)\n' \
  "$(echo "$theirs_m / $ingest_m" | bc -l)" "$(echo "$theirs_c / $ingest_c" | bc -l)"
