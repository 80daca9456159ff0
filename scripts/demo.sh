#!/bin/sh
# The main job on the embedded demo data:
#   1. what this host allows (verdict doctor);
#   2. one program against a folder of tests (verdict run);
#   3. the demo benchmark end to end (verdict evaluate): 32 problems in
#      Python (function calls, stdin/stdout, asserts), C and C++, with 93
#      samples that are correct, wrong, slow, crashing, memory-hungry...;
#      then its verdicts are checked against examples/demo/expected.tsv.
set -eu
cd "$(dirname "$0")/.."
V=${VERDICT:-bin/verdict}
out=${DEMO_OUT:-build/demo}
mkdir -p "$out"
echo "== verdict doctor"
"$V" doctor
echo
echo "== verdict run examples/programs/sum.cpp --tests examples/programs/tests"
"$V" run examples/programs/sum.cpp --tests examples/programs/tests --time-limit 1
echo
echo "== verdict evaluate --problems examples/demo/problems.jsonl --samples examples/demo/samples.jsonl"
"$V" evaluate --problems examples/demo/problems.jsonl \
	--samples examples/demo/samples.jsonl --cache-dir "$out/cache" \
	--output-file "$out/demo.eval_results.json" --summary-file "$out/summary.json"
"$V" evaluate --problems examples/demo/problems.jsonl \
	--samples examples/demo/samples.jsonl --cache-dir "$out/cache" \
	--format native --output-file "$out/demo.native.jsonl" --progress none >/dev/null
echo
echo "== per-sample verdicts against examples/demo/expected.tsv"
/usr/bin/python3 - "$out/demo.native.jsonl" examples/demo/expected.tsv <<'PY'
import json, sys
expected = {}
for line in open(sys.argv[2]):
    task, index, verdict = line.rstrip("\n").split("\t")
    expected[(task, int(index))] = verdict
bad = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    want = expected.get((r["task_id"], r["sample_id"]))
    if want != r["verdict"]:
        bad += 1
        print("MISMATCH %s #%d: expected %s, got %s (%s)" % (r["task_id"], r["sample_id"], want, r["verdict"], r["detail"]))
print("%d samples, %d as designed, %d differ" % (len(expected), len(expected) - bad, bad))
sys.exit(1 if bad else 0)
PY
