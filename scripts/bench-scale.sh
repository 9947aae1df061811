#!/usr/bin/env bash
# Scale benchmark: a generated case of ROWS transfers among PARTIES parties (default 10,000,000 /
# 1,000,000; the moonshot is 100000000 10000000), then every command a user runs on it, each timed
# as a whole process with its peak memory (GNU time). Prints one line per step:
#   step  seconds  peak-MiB  exit-status
# The targets it checks against (issue 10, at 10M): summary < 0.5 s; chains --limit 10 and
# chains --from P < 60 s; overview < 60 s; report < 180 s and < 4 GiB. Nothing here is a test.
#
#   scripts/bench-scale.sh [ROWS] [PARTIES]
# Environment: SCALE_DIR (default ./bench-out/scale-ROWS; the CSV and the case file live there and
# are deleted at the end unless KEEP=1), STEPS (default: every step, e.g. "summary chains"),
# BIN (default .build/release/brokergraph), SEED (default 2025), REFERENCE=1 also times
# `sqlite3 .import` of the same file, MEMORY_LIMIT_GIB caps each step's address space (ulimit -v;
# the machine is shared: a step that needs more fails instead of pushing others out).
set -uo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
parties=${2:-$((rows / 10))}
seed=${SEED:-2025}
dir=${SCALE_DIR:-bench-out/scale-$rows}
bin=${BIN:-.build/release/brokergraph}
steps=${STEPS:-"ingest summary components hubs chains chains-from overview report"}
# Each step's phases and counts go to $dir/NAME.err as it runs (`tail -f` shows where a long one is).
export BROKERGRAPH_PROGRESS=${BROKERGRAPH_PROGRESS:-lines}
mkdir -p "$dir"
csv=$dir/transfers.csv
db=$dir/case.sqlite
[[ -x /usr/bin/time ]] || { echo "bench-scale: needs GNU time" >&2; exit 1; }
[[ -x $bin ]] || { echo "bench-scale: build first: swift build -c release --product brokergraph" >&2; exit 1; }
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$dir"' EXIT

date -u +"bench-scale: started %H:%M UTC" >&2
echo "bench-scale: $rows transfers, $parties parties, in $dir ($(df -h --output=avail "$dir" | tail -1) free), threads ${BROKERGRAPH_THREADS:-machine}" >&2
if [[ ! -s $csv ]]; then
  cc -O2 -o "$dir/gen_transfers" scripts/gen_transfers.c || exit 1
  start=$(date +%s.%N)
  "$dir/gen_transfers" "$rows" "$parties" "$seed" > "$csv" || exit 1
  printf 'generate %.1f s, %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$(du -h "$csv" | cut -f1)" >&2
fi

# step NAME COMMAND...: one timed run; prints "NAME seconds MiB status"; output kept in $dir/NAME.out.
step() {
  local name=$1; shift
  (
    [[ -n ${MEMORY_LIMIT_GIB:-} ]] && ulimit -v $((MEMORY_LIMIT_GIB * 1024 * 1024))
    exec /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >"$dir/$name.out" 2>"$dir/$name.err"
  )
  local status=$?
  read -r seconds kib < <(tail -1 "$dir/time.txt")
  printf '%-12s %8s s %7d MiB  exit %d  (%s)\n' "$name" "$seconds" "$((kib / 1024))" "$status" "$(date -u +%H:%M)"
  [[ $status == 0 ]] || tail -3 "$dir/$name.err" | sed 's/^/    /'
}

party=p$(printf '%07d' 1)
for s in $steps; do
  case $s in
    ingest)
      rm -f "$db" "$db"-wal "$db"-shm "$db".key
      step ingest "$bin" ingest --db "$db" "$csv"
      echo "    case file $(du -h "$db" | cut -f1)"
      if [[ ${REFERENCE:-0} == 1 ]]; then
        rm -f "$dir/plain.sqlite"
        step sqlite3-import sqlite3 "$dir/plain.sqlite" -cmd ".mode csv" ".import $csv t"
        rm -f "$dir/plain.sqlite"
      fi ;;
    summary) step summary "$bin" summary --json --db "$db" ;;
    components) step components "$bin" components --json --db "$db" ;;
    hubs) step hubs "$bin" hubs --json --top 10 --samples 256 --seed 1 --db "$db" ;;
    chains) step chains "$bin" chains --json --limit 10 --db "$db" ;;
    chains-from) step chains-from "$bin" chains --json --limit 10 --from "$party" --db "$db" ;;
    overview) step overview "$bin" render --view overview --db "$db" --out "$dir/overview.svg" ;;
    report) rm -rf "$dir/report"; step report "$bin" report --db "$db" --out "$dir/report" ;;
    *) echo "bench-scale: unknown step $s" >&2 ;;
  esac
done
