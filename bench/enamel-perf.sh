#!/bin/sh
# enamel-perf: ENAMEL's eff@1 and pass@1 with `verdict perf`
# (../shared/data/enamel).
#
#   bench/enamel-perf.sh [LIMIT] [REPEATS] [PARALLEL]
#
# Generates ENAMEL's tests in the sandbox (bench/enamel_to_native.py: its
# generators, seeds and four levels; its expert reference solutions give
# the expected values and the reference times), then measures, each set in
# one run with the references measured in the same run:
#   1. the expert references against themselves (the sanity check: eff@1
#      near 1, pass@1 1);
#   2. the HumanEval+ canonical solutions (ENAMEL publishes eff@1 0.517,
#      pass@1 0.958 on its machine);
#   3. the HumanEval canonical solutions (published 0.458 / 0.908).
# LIMIT keeps the first LIMIT of the 142 problems (default all); REPEATS
# timed calls per input (default 6, ENAMEL's n_reps); PARALLEL workers
# (default 1: serial measurement).
set -eu
cd "$(dirname "$0")/.."
LIMIT=${1:-}
R=${2:-6}
P=${3:-1}
V=${VERDICT:-$PWD/build/gcc/verdict}
DATA=${VERDICT_SHARED_DATA:-../shared/data}/enamel
if [ ! -r "$DATA/enamel.csv.gz" ]; then
	echo "enamel-perf: skipped: $DATA not found"
	exit 0
fi
W=${ENAMEL_WORK:-$(mktemp -d /tmp/verdict-enamel.XXXXXX)}
t0=$(date +%s)
/usr/bin/python3 bench/enamel_to_native.py "$V" "$DATA" "$W" $LIMIT 2>"$W/generate.log" ||
	{ tail -5 "$W/generate.log"; exit 1; }
echo "== tests generated in the sandbox: $(wc -l <"$W/problems.jsonl") problems ($(($(date +%s) - t0)) s)"
for set in references heplus-canonical he-canonical; do
	t0=$(date +%s)
	"$V" perf --problems "$W/problems.jsonl" --samples "$W/$set.jsonl" \
		--cache-dir "$W/cache" --progress none --repeats "$R" --parallel "$P" \
		--output-file "$W/$set.perf.jsonl" --summary-file "$W/$set.summary.json" \
		>"$W/$set.out" 2>"$W/$set.err" || { cat "$W/$set.err"; exit 1; }
	echo "== ENAMEL, $set ($(($(date +%s) - t0)) s)"
	grep -E "^(verdicts|ENAMEL|eff@)" "$W/$set.out"
	/usr/bin/python3 - "$W/$set.perf.jsonl" <<'PY'
import json, sys
why, censored, n = {}, 0, 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    n += 1
    p = r["perf"]
    censored += bool(p.get("censored"))
    if r["verdict"] != "AC":
        key = "%s %s" % (r["task_id"], r["verdict"])
        why[key] = r["detail"][:90]
print("%d samples; %d stopped at T on some level (a level break)" % (n, censored))
for k, v in sorted(why.items()):
    print("  not passed: %s: %s" % (k, v))
PY
done
echo "work folder: $W"
