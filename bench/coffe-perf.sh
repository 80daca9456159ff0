#!/bin/sh
# coffe-perf: `verdict perf` on COFFE's function level (../shared/data/coffe).
#
#   bench/coffe-perf.sh [LIMIT] [REPEATS] [PARALLEL]
#
# Converts the instances (bench/coffe_to_native.py: COFFE's best solution is
# the reference, its stressful inputs the perf inputs), then measures
#   1. the best solutions against themselves: the sanity check (speedup 1.0;
#      efficient@1 is COFFE's strict "cheaper than the reference", which a
#      timed figure gives to about half of identical programs by noise: the
#      line "beyond noise" counts only speedups above 1.10);
#   2. the source benchmark's own solutions (HumanEval canonical, MBPP code)
#      against COFFE's best ones.
# LIMIT keeps the first LIMIT instances (default all); REPEATS timed calls per
# input (default 5); PARALLEL workers (default 1: serial measurement).
set -eu
cd "$(dirname "$0")/.."
LIMIT=${1:-0}
R=${2:-5}
P=${3:-1}
V=${VERDICT:-$PWD/build/gcc/verdict}
DATA=${VERDICT_SHARED_DATA:-../shared/data}/coffe/function
if [ ! -r "$DATA/best_solutions.json.gz" ]; then
	echo "coffe-perf: skipped: $DATA not found"
	exit 0
fi
W=${COFFE_WORK:-$(mktemp -d /tmp/verdict-coffe.XXXXXX)}
/usr/bin/python3 bench/coffe_to_native.py "$DATA" "$W"
if [ "$LIMIT" -gt 0 ]; then
	for f in problems best others; do
		head -n "$LIMIT" "$W/$f.jsonl" >"$W/$f.cut" && mv "$W/$f.cut" "$W/$f.jsonl"
	done
fi
for set in best others; do
	t0=$(date +%s)
	"$V" perf --problems "$W/problems.jsonl" --samples "$W/$set.jsonl" \
		--cache-dir "$W/cache" --progress none --repeats "$R" --parallel "$P" \
		--output-file "$W/$set.perf.jsonl" --summary-file "$W/$set.summary.json" \
		>"$W/$set.out" 2>"$W/$set.err" || { cat "$W/$set.err"; exit 1; }
	t1=$(date +%s)
	echo "== COFFE function level, $set solutions ($((t1 - t0)) s)"
	grep -E "^(perf|efficient|speedup|memory)" "$W/$set.out"
	/usr/bin/python3 - "$W/$set.perf.jsonl" <<'PY'
import json, math, sys
sp = []
why = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    p = r["perf"]
    if p.get("speedup") is not None:
        sp.append(p["speedup"])
    else:
        d = p.get("detail") or p["reference"].get("detail") or "?"
        why[d.split(":")[0]] = why.get(d.split(":")[0], 0) + 1
if sp:
    sp.sort()
    print("per-task speedup: median %.3f, p10 %.3f, p90 %.3f over %d tasks"
          % (sp[len(sp) // 2], sp[len(sp) // 10], sp[len(sp) * 9 // 10], len(sp)))
    print("beyond noise (speedup > 1.10): %.4f of the tasks" % (sum(s > 1.10 for s in sp) / len(sp)))
if why:
    print("not measured:", ", ".join("%s (%d)" % kv for kv in sorted(why.items())))
PY
done
echo "work folder: $W"
