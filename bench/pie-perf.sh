#!/bin/sh
# pie-perf: PIE's best@k speedup, %OPT and %correct with `verdict perf`, on the
# C++ examples of pie-perf (../shared/data/pie: a slow program, a fast one and a
# fast but wrong one of one problem).
#
#   bench/pie-perf.sh [REPEATS]
#
# The slow program is the problem's reference (PIE's "source"); the samples are
# the fast program, the fast but wrong one and the slow one itself, in three
# sample sets, so best@1 of each is printed: the speedup of the fast program
# (well above 1.10, so %OPT 1), the wrong one (%correct 0, speedup 1.0 by PIE's
# rule) and the slow one against itself (speedup about 1.0, %OPT 0 unless noise
# passes 1.10). The tests are this script's (PIE's CodeNet tests are not in the
# shared data): n = 10^8, 3 x 10^7 and 12345, expected n(n+1)/2.
set -eu
cd "$(dirname "$0")/.."
R=${1:-5}
V=${VERDICT:-$PWD/build/gcc/verdict}
DATA=${VERDICT_SHARED_DATA:-../shared/data}/pie
if [ ! -r "$DATA/cpp_example_slow_num.cpp" ]; then
	echo "pie-perf: skipped: $DATA not found"
	exit 0
fi
W=${PIE_WORK:-$(mktemp -d /tmp/verdict-pie.XXXXXX)}
/usr/bin/python3 - "$DATA" "$W" <<'PY'
import json, os, sys
data, out = sys.argv[1], sys.argv[2]
src = lambda name: open(os.path.join(data, "cpp_example_%s.cpp" % name)).read()
tests = [{"stdin": "%d\n" % n, "expected_stdout": "%d\n" % (n * (n + 1) // 2)}
         for n in (10 ** 8, 3 * 10 ** 7, 12345)]
with open(os.path.join(out, "problems.jsonl"), "w") as f:
    f.write(json.dumps({"task_id": "pie/sum_n", "kind": "stdio", "language": "cpp",
                        "reference_solution": src("slow_num"), "tests": tests,
                        "time_limit_s": 10}) + "\n")
for name in ("fast_num", "fast_but_wrong", "slow_num"):
    with open(os.path.join(out, name + ".jsonl"), "w") as f:
        f.write(json.dumps({"task_id": "pie/sum_n", "language": "cpp",
                            "solution": src(name)}) + "\n")
PY
for set in fast_num fast_but_wrong slow_num; do
	"$V" perf --problems "$W/problems.jsonl" --samples "$W/$set.jsonl" \
		--cache-dir "$W/cache" --progress none --repeats "$R" \
		--output-file "$W/$set.perf.jsonl" --summary-file "$W/$set.summary.json" \
		>"$W/$set.out" 2>"$W/$set.err" || { cat "$W/$set.err"; exit 1; }
	echo "== PIE example, sample: $set"
	grep -E "^(verdicts|PIE)" "$W/$set.out"
done
echo "work folder: $W"
