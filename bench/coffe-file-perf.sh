#!/bin/sh
# coffe-file-perf: `verdict perf` on COFFE's file level (../shared/data/coffe/file,
# Python stdin/stdout programs).
#
#   bench/coffe-file-perf.sh [LIMIT] [REPEATS] [PARALLEL]
#
# Converts the instances (bench/coffe_file_to_native.py: the stressful-test
# generators run in the sandbox with COFFE's seed, the best solution is the
# reference and gives the expected outputs), then measures the best solutions
# against themselves: the sanity check (speedup 1.0; efficient@1 is COFFE's
# strict "cheaper than the reference", which noise gives to about half of
# identical programs). COFFE's other file-level solutions are not in the shared
# data. LIMIT keeps the first LIMIT instances (default all); REPEATS timed runs
# per test (default 5); PARALLEL workers (default 1: serial measurement).
set -eu
cd "$(dirname "$0")/.."
LIMIT=${1:-}
R=${2:-5}
P=${3:-1}
V=${VERDICT:-$PWD/build/gcc/verdict}
DATA=${VERDICT_SHARED_DATA:-../shared/data}/coffe/file
if [ ! -r "$DATA/best_solutions.json.gz" ]; then
	echo "coffe-file-perf: skipped: $DATA not found"
	exit 0
fi
W=${COFFE_WORK:-$(mktemp -d /tmp/verdict-coffe-file.XXXXXX)}
t0=$(date +%s)
/usr/bin/python3 bench/coffe_file_to_native.py "$V" "$DATA" "$W" $LIMIT
echo "== converted in $(($(date +%s) - t0)) s"
t0=$(date +%s)
"$V" perf --problems "$W/problems.jsonl" --samples "$W/best.jsonl" \
	--cache-dir "$W/cache" --progress none --repeats "$R" --parallel "$P" \
	--output-file "$W/best.perf.jsonl" --summary-file "$W/best.summary.json" \
	>"$W/best.out" 2>"$W/best.err" || { cat "$W/best.err"; exit 1; }
echo "== COFFE file level, best solutions against themselves ($(($(date +%s) - t0)) s)"
grep -E "^(verdicts|perf|efficient@1|speedup)" "$W/best.out"
/usr/bin/python3 - "$W/best.perf.jsonl" <<'PY'
import json, sys
sp = sorted(r["perf"]["speedup"] for r in map(json.loads, open(sys.argv[1]))
            if r["perf"].get("speedup") is not None)
if sp:
    print("per-task speedup: median %.3f, p10 %.3f, p90 %.3f over %d tasks"
          % (sp[len(sp) // 2], sp[len(sp) // 10], sp[len(sp) * 9 // 10], len(sp)))
    print("beyond noise (speedup > 1.10): %.4f of the tasks" % (sum(s > 1.10 for s in sp) / len(sp)))
PY
echo "work folder: $W"
