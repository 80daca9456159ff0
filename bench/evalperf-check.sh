#!/bin/sh
# evalperf-check: the EvalPerf model solutions (every one judged correct by
# EvalPlus) through `verdict evaluate` on HumanEval+ and MBPP+, base and plus
# inputs of the NoExtreme variants (those EvalPerf's correctness check uses). Prints the pass rate per dataset and every solution that did not
# pass, with its status and failing inputs, so each can be explained.
#
#   bench/evalperf-check.sh [PARALLEL] [EVERY]
#
# EVERY keeps one distinct solution in EVERY (default 1: all 55,006 distinct
# solutions of the 72,861). Solutions are deduplicated per task first:
# identical code gets identical verdicts.
set -eu
cd "$(dirname "$0")/.."
P=${1:-$(nproc)}
EVERY=${2:-1}
V=${VERDICT:-$PWD/build/gcc/verdict}
DATA=${VERDICT_SHARED_DATA:-../shared/data}
HE=$DATA/humanevalplus/HumanEvalPlus-NoExtreme.jsonl.gz
MB=$DATA/mbppplus/MbppPlus-NoExtreme.jsonl.gz
if [ ! -r "$HE" ] || [ ! -r "$MB" ] || [ ! -d "$DATA/samples/evalperf" ]; then
	echo "evalperf-check: skipped: $DATA (HumanEval+, MBPP+, samples/evalperf) not found"
	exit 0
fi
W=${EVALPERF_WORK:-$(mktemp -d /tmp/verdict-evalperf.XXXXXX)}
mkdir -p "$W"

/usr/bin/python3 - "$DATA/samples/evalperf" "$W" "$EVERY" "$HE" "$MB" <<'PY'
import glob, gzip, json, os, sys
src, work, every = sys.argv[1], sys.argv[2], int(sys.argv[3])
datasets = {"HumanEval": sys.argv[4], "Mbpp": sys.argv[5]}
seen = {}
for path in sorted(glob.glob(os.path.join(src, "*_evalperf_results.brief.json.gz"))):
    with gzip.open(path, "rt") as f:
        doc = json.load(f)
    for task, entry in sorted(doc["eval"].items()):
        for p in entry.get("profiled", []):
            seen.setdefault((task, p["solution"]), None)
outs = {"HumanEval": open(os.path.join(work, "humaneval.jsonl"), "w"),
        "Mbpp": open(os.path.join(work, "mbpp.jsonl"), "w")}
kept = 0
for i, (task, code) in enumerate(sorted(seen)):
    if i % every:
        continue
    kept += 1
    outs[task.split("/")[0]].write(json.dumps({"task_id": task, "solution": code}) + "\n")
# The datasets cut to the tasks that have solutions (verdict, like EvalPlus,
# refuses a sample file that leaves tasks out).
tasks = {t for t, _ in seen}
for prefix, path in datasets.items():
    with gzip.open(path, "rt") as f, open(os.path.join(work, prefix.lower() + ".problems.jsonl"), "w") as out:
        for line in f:
            if json.loads(line)["task_id"] in tasks:
                out.write(line)
print("evalperf-check: %d distinct solutions, %d kept (one in %d)" % (len(seen), kept, every))
PY

now() { date +%s.%N; }
status=0
for name in humaneval mbpp; do
	data=$W/$name.problems.jsonl
	t0=$(now)
	"$V" evaluate --problems "$data" --samples "$W/$name.jsonl" --cache-dir "$W/cache" \
		--parallel "$P" --progress none --format native \
		--output-file "$W/$name.out.jsonl" >"$W/$name.summary" 2>"$W/$name.err" || {
		cat "$W/$name.err"
		exit 1
	}
	t1=$(now)
	/usr/bin/python3 - "$W/$name.out.jsonl" "$name" "$t0" "$t1" <<'PY' || status=1
import json, sys
path, name, t0, t1 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
total = passed = 0
bad = []
for line in open(path):
    r = json.loads(line)
    total += 1
    if r.get("verdict") == "AC":
        passed += 1
    else:
        bad.append(r)
rate = 100.0 * passed / total if total else 0.0
print("%-10s %6d solutions  %6d pass  %7.3f%%  %7.1f s" % (name, total, passed, rate, t1 - t0))
for r in bad:
    print("  not passing: %s (%s): %s %s" % (r.get("task_id"), r.get("origin"),
          r.get("verdict"), r.get("detail", "")[:400]))
sys.exit(0 if rate >= 99.5 else 1)
PY
done
[ -n "${EVALPERF_WORK:-}" ] || rm -rf "$W"
exit $status
