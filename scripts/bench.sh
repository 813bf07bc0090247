#!/usr/bin/env bash
# Whole-batch benchmark and batch check (issue 5).
#
#   scripts/bench.sh [N]        # default N = 10000
#
# Replicates the real reports (../shared/corpus/real, if present) and the bundled corpus/ to
# N files in a temporary directory, mixes in corrupt files (empty, random bytes, a PNG, a
# truncated copy) every 1000 files, runs `nianbao extract DIR -o OUT` once, and prints
# reports/s, MB/s and peak RSS. It then checks that every input is accounted for in
# _summary.json and that sampled outputs equal single-file output, and runs the Python
# baseline (pandas.read_html + the same table-3 rules, scripts/py_baseline.py) on the HTML
# subset when pandas is installed.
set -euo pipefail
N=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/release/nianbao"
[ -x "$bin" ] || (cd "$root" && cargo build --release)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

src=()
for f in "$root"/../shared/corpus/real/*.{txt,html,md} "$root"/corpus/*.{txt,html,md,xlsx,ods}; do
  [ -f "$f" ] && src+=("$f")
done
k=${#src[@]}
mkdir -p "$work/in"
for ((i = 0; i < N; i++)); do
  d="$work/in/$((i / 1000))"; mkdir -p "$d"
  f=${src[$((i % k))]}
  case $((i % 1000)) in
    500) : > "$d/${i}_empty.txt" ;;
    501) head -c 4096 /dev/urandom > "$d/${i}_random.html" ;;
    502) printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' > "$d/${i}_scan.txt" ;;
    503) head -c 300 "$f" > "$d/${i}_cut_$(basename "$f")" ;;
    *) cp "$f" "$d/${i}_$(basename "$f")" ;;
  esac
done
bytes=$(du -sb "$work/in" | cut -f1)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "inputs: $N files, $((bytes / 1024 / 1024)) MiB, from $k distinct reports"
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/rss" "$bin" extract "$work/in" -o "$work/out" 2> "$work/stderr" || true
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
rss=$(tail -1 "$work/rss")
python3 - "$work" "$N" "$secs" "$bytes" "$rss" <<'PY'
import json, sys
work, n, secs, size, rss = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
s = json.load(open(f"{work}/out/_summary.json", encoding="utf-8"))
assert s["inputs"] == s["ok"] + s["failed"] + s["skipped"] == n, s
print(f"nianbao: {n / secs:,.0f} files/s, {size / secs / 1e6:.1f} MB/s, peak RSS {rss / 1024:.1f} MiB, {secs:.2f} s wall")
print(f"summary: {s['ok']} ok ({s['reports']} reports), {s['failed']} failed, {s['skipped']} skipped")
failed = [e for e in s["entries"] if e["status"] == "failed"]
print("failed, e.g.:", *(f"  {e['path'].split('/')[-1]}: {e['error']}" for e in failed[:4]), sep="\n")
PY
# Sampled outputs equal single-file output.
for f in $(find "$work/in" -type f | sort | awk 'NR % 997 == 1'); do
  rel=${f#"$work/in/"}
  if [ -f "$work/out/$rel.json" ]; then
    "$bin" extract "$f" | python3 -c "
import json,sys
a=json.load(sys.stdin); b=json.load(open('$work/out/$rel.json'))
assert a==b, '$rel differs'"
  fi
done
echo "sampled outputs identical to single-file runs"
if python3 -c "import duckdb" 2>/dev/null; then
  python3 - "$work/out" <<'PY'
import duckdb, sys
out = sys.argv[1]
n = duckdb.sql(f"select count(*) from read_csv('{out}/facts.csv')").fetchall()[0][0]
m = duckdb.sql(f"select count(*) from read_json('{out}/reports.jsonl')").fetchall()[0][0]
print(f"duckdb reads facts.csv ({n} rows) and reports.jsonl ({m} reports) with no options")
PY
fi
if python3 -c "import pandas, lxml" 2>/dev/null; then
  mkdir -p "$work/html"
  find "$work/in" -name '*.html' ! -name '*random*' | head -2000 > "$work/html.txt"
  h=$(wc -l < "$work/html.txt")
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss-py" python3 "$root/scripts/py_baseline.py" < "$work/html.txt" > /dev/null
  py=$(echo "$(date +%s.%N) - $start" | bc -l)
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss-nb" "$bin" extract --stdin < "$work/html.txt" > /dev/null
  nb=$(echo "$(date +%s.%N) - $start" | bc -l)
  printf 'HTML subset (%d files): python pandas.read_html + rules %.0f files/s, peak %.0f MiB; nianbao --stdin %.0f files/s, peak %.0f MiB\n' \
    "$h" "$(echo "$h / $py" | bc -l)" "$(echo "$(tail -1 "$work/rss-py") / 1024" | bc -l)" \
    "$(echo "$h / $nb" | bc -l)" "$(echo "$(tail -1 "$work/rss-nb") / 1024" | bc -l)"
fi
