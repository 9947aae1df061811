#!/usr/bin/env bash
# PostgreSQL benchmark, in one run on a throwaway cluster (scripts/postgres.sh):
#  1. `brokergraph ingest --db postgres://… --case …` of N generated transfers
#     (scripts/gen_bench_transfers.py) as an investigator's role (row-level security applies), against
#     `psql \copy` of the same file into a plain table; median of RUNS, runs interleaved; the ratio.
#  2. Whole-process `components --json` and `hubs --json --top 10 --samples 256` on that case from
#     PostgreSQL, against the same commands on a case file holding the same rows; median of RUNS.
#
# Usage: scripts/bench-postgres.sh [ROWS]        (default 1,000,000)
# Environment: BENCH_DIR (default ./bench-out), RUNS (default 3), SEED (default 2025).
set -euo pipefail
shopt -s inherit_errexit

rows=${1:-1000000}
runs=${RUNS:-3}
seed=${SEED:-2025}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-$root/bench-out}
mkdir -p "$dir"
csv=$dir/transfers-$rows-$seed.csv

if [[ ! -s $csv ]]; then
  echo "bench: generating $rows rows -> $csv" >&2
  python3 "$root/scripts/gen_bench_transfers.py" "$rows" "$seed" "$csv"
fi

echo "bench: building brokergraph (release)" >&2
(cd "$root" && swift build -c release --product brokergraph >&2)
bin=$(cd "$root" && swift build -c release --show-bin-path)/brokergraph

eval "$(bash "$root/scripts/postgres.sh" start)"
trap 'bash "$root/scripts/postgres.sh" stop "$BROKERGRAPH_PG_DIR"' EXIT
admin=$BROKERGRAPH_TEST_POSTGRES
role=bench_investigator
psql "$admin" -X -q -c "CREATE ROLE $role LOGIN"
url=${admin/brokergraph_admin@/$role@}
"$bin" case list --db "$admin" >/dev/null   # the schema, created by its owner
psql "$admin" -X -q -c "CREATE TABLE plain(time text, \"from\" text, \"to\" text, records bigint, category text, mode text, amount numeric, batch text)" \
  -c "GRANT ALL ON plain TO $role"

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ingest=(); copy=()
for i in $(seq 1 "$runs"); do
  ingest+=("$(seconds "$bin" ingest --db "$url" --case "bench-$i" "$csv")")
  psql "$url" -X -q -c "TRUNCATE plain"
  copy+=("$(seconds psql "$url" -X -q -c "\\copy plain from '$csv' with (format csv, header)")")
  echo "bench: run $i: ingest ${ingest[-1]} s, \\copy ${copy[-1]} s" >&2
done
mi=$(median "${ingest[@]}"); mc=$(median "${copy[@]}")
echo "ingest of $rows transfers into PostgreSQL: brokergraph $mi s ($(echo "$rows / $mi" | bc) rows/s), psql \\copy $mc s ($(echo "$rows / $mc" | bc) rows/s), ratio $(echo "scale=2; $mc / $mi" | bc) of \\copy (median of $runs)"

file=$dir/bench-postgres-$rows.sqlite
rm -f "$file" "$file-wal" "$file-shm" "$file.key"
"$bin" ingest --db "$file" "$csv" >/dev/null
for command in "components --json" "hubs --json --top 10 --samples 256"; do
  pg=(); sq=()
  for i in $(seq 1 "$runs"); do
    # shellcheck disable=SC2086
    pg+=("$(seconds "$bin" $command --db "$url" --case bench-1)")
    # shellcheck disable=SC2086
    sq+=("$(seconds "$bin" $command --db "$file")")
  done
  mp=$(median "${pg[@]}"); ms=$(median "${sq[@]}")
  echo "$command: from PostgreSQL $mp s, from the case file $ms s, ratio $(echo "scale=2; $mp / $ms" | bc) (median of $runs)"
done
