#!/bin/sh
# evalperf-rank: does verdict's measured cost order EvalPerf's solutions as
# EvalPerf's performance clusters do?
#
#   bench/evalperf-rank.sh [PER_TASK] [REPEATS] [PARALLEL] [PERF_INPUTS]
#
# For every task of ../shared/data/samples/evalperf, up to PER_TASK (default
# 6) distinct model solutions spread over their matching_cluster_idx (the
# reference performance cluster EvalPerf matched them to, by instruction
# count: a higher index is a faster cluster) go through `verdict perf` on
# HumanEval+ / MBPP+ (NoExtreme), measured on the input heaviest for the
# canonical solution (or the PERF_INPUTS heaviest; EvalPerf uses its own
# performance inputs, which
# ../shared/data does not have). Prints per task Spearman's rank correlation
# between the cluster index and verdict's speedup over the canonical solution
# (positive = consistent), then the mean over tasks and the pooled
# correlation of within-task ranks. With EVALPERF_COUNTER=sw the ranking is
# by the software counter's instruction count of the calls instead (EvalPerf
# ranks by instruction counts too), measured with one timed repeat.
set -eu
cd "$(dirname "$0")/.."
N=${1:-6}
R=${2:-5}
P=${3:-1}
K=${4:-1}
V=${VERDICT:-$PWD/build/gcc/verdict}
COUNTER=${EVALPERF_COUNTER:-none}
DATA=${VERDICT_SHARED_DATA:-../shared/data}
HE=$DATA/humanevalplus/HumanEvalPlus-NoExtreme.jsonl.gz
MB=$DATA/mbppplus/MbppPlus-NoExtreme.jsonl.gz
if [ ! -r "$HE" ] || [ ! -r "$MB" ] || [ ! -d "$DATA/samples/evalperf" ]; then
	echo "evalperf-rank: skipped: $DATA (HumanEval+, MBPP+, samples/evalperf) not found"
	exit 0
fi
W=${EVALPERF_WORK:-$(mktemp -d /tmp/verdict-evalperf-rank.XXXXXX)}

/usr/bin/python3 - "$DATA/samples/evalperf" "$W" "$N" "$HE" "$MB" <<'PY'
import glob, gzip, json, os, sys
src, work, per_task = sys.argv[1], sys.argv[2], int(sys.argv[3])
datasets = {"HumanEval": sys.argv[4], "Mbpp": sys.argv[5]}
clusters = {}  # (task, code) -> cluster index
for path in sorted(glob.glob(os.path.join(src, "*_evalperf_results.brief.json.gz"))):
    with gzip.open(path, "rt") as f:
        doc = json.load(f)
    for task, entry in doc["eval"].items():
        for p in entry.get("profiled", []):
            c = p.get("matching_cluster_idx")
            if isinstance(c, int) and c >= 0:
                clusters.setdefault((task, p["solution"]), c)
by_task = {}
for (task, code), c in clusters.items():
    by_task.setdefault(task, []).append((c, code))
outs = {k: open(os.path.join(work, k.lower() + ".jsonl"), "w") for k in datasets}
meta = {}
for task in sorted(by_task):
    sols = sorted(by_task[task])
    if len({c for c, _ in sols}) < 2:
        continue  # one cluster: nothing to rank
    pick = [sols[round(i * (len(sols) - 1) / max(1, per_task - 1))] for i in range(min(per_task, len(sols)))]
    seen = set()
    for c, code in pick:
        if code in seen:
            continue
        seen.add(code)
        outs[task.split("/")[0]].write(json.dumps({"task_id": task, "solution": code}) + "\n")
        meta.setdefault(task, []).append(c)
for k, path in datasets.items():
    with gzip.open(path, "rt") as f, open(os.path.join(work, k.lower() + ".problems.jsonl"), "w") as out:
        for line in f:
            if json.loads(line)["task_id"] in meta:
                out.write(line)
json.dump({t: c for t, c in meta.items()}, open(os.path.join(work, "clusters.json"), "w"))
print("evalperf-rank: %d tasks with two or more clusters, %d solutions" % (len(meta), sum(map(len, meta.values()))))
PY

for name in humaneval mbpp; do
	"$V" perf --problems "$W/$name.problems.jsonl" --samples "$W/$name.jsonl" \
		--cache-dir "$W/cache" --progress none --repeats "$R" --parallel "$P" \
		--perf-inputs "$K" --counter "$COUNTER" --output-file "$W/$name.perf.jsonl" --summary-file "$W/$name.summary.json" \
		>"$W/$name.out" 2>"$W/$name.err" || { cat "$W/$name.err"; exit 1; }
done

/usr/bin/python3 - "$W" "$COUNTER" <<'PY'
import json, os, sys
work, counter = sys.argv[1], sys.argv[2]
clusters = json.load(open(os.path.join(work, "clusters.json")))

def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0
        i = j + 1
    return r

def pearson(a, b):
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    if va == 0 or vb == 0:
        return None
    return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / (va * vb) ** 0.5

rows = {}
for name in ("humaneval", "mbpp"):
    for line in open(os.path.join(work, name + ".perf.jsonl")):
        r = json.loads(line)
        rows.setdefault(r["task_id"], []).append(r)
per_task = []
pooled_a, pooled_b = [], []
unmeasured = 0
for task in sorted(rows):
    cs = clusters[task]
    pts = []
    for r in sorted(rows[task], key=lambda r: r["sample_id"]):
        sp = r["perf"].get("speedup")
        if counter == "sw":
            n = r["perf"].get("instructions")
            sp = 1.0 / n if n else None  # fewer instructions: faster
        if sp is None:
            unmeasured += 1
            continue
        pts.append((cs[r["sample_id"]], sp))
    if len(pts) < 3:
        continue
    a = ranks([c for c, _ in pts])
    b = ranks([s for _, s in pts])
    rho = pearson(a, b)
    if rho is None:
        continue
    per_task.append((task, rho, len(pts)))
    m = (len(pts) - 1) / 2.0
    pooled_a += [x - m for x in a]
    pooled_b += [y - m for y in b]
for task, rho, n in per_task:
    print("%-16s n=%d  spearman %+.2f" % (task, n, rho))
if per_task:
    mean = sum(r for _, r, _ in per_task) / len(per_task)
    pos = sum(r > 0 for _, r, _ in per_task)
    print("tasks: %d, mean spearman %+.3f, positive in %d (%.0f%%), pooled within-task %+.3f; %d solutions not measured"
          % (len(per_task), mean, pos, 100.0 * pos / len(per_task), pearson(pooled_a, pooled_b) or 0.0, unmeasured))
PY
echo "work folder: $W"
