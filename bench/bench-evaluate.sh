#!/bin/sh
# bench-evaluate: HumanEval+ and MBPP+ with their canonical solutions as the
# samples, every base and plus input, through `verdict evaluate`:
#   cold    empty cache: expected outputs computed, then every sample run
#   warm    expected outputs cached, every sample run again (--no-cache)
#   cached  every result reused from the store
# Prints seconds, tests/s and samples/s per run, the verdicts (every sample
# should pass), and, when EVALPLUS_DIR names an EvalPlus checkout (with its
# Python dependencies importable by /usr/bin/python3), EvalPlus on the same
# samples in the same run, cold and warm, with the ratio.
#
#   bench/bench-evaluate.sh [PARALLEL]          (default 2)
set -eu
cd "$(dirname "$0")/.."
P=${1:-2}
V=${VERDICT:-$PWD/build/gcc/verdict}
DATA=${VERDICT_SHARED_DATA:-../shared/data}
HE=$DATA/humanevalplus/HumanEvalPlus.jsonl.gz
MB=$DATA/mbppplus/MbppPlus.jsonl.gz
if [ ! -r "$HE" ] || [ ! -r "$MB" ]; then
	echo "bench-evaluate: skipped: $DATA (HumanEval+ and MBPP+) not found"
	exit 0
fi
W=$(mktemp -d /tmp/verdict-bench-eval.XXXXXX)
trap 'rm -rf "$W"' EXIT

# Canonical solutions as EvalPlus samples; inputs per dataset.
/usr/bin/python3 - "$HE" "$MB" "$W" <<'PY'
import gzip, json, sys
for path, name in ((sys.argv[1], "humaneval"), (sys.argv[2], "mbpp")):
    n = 0
    with gzip.open(path, "rt") as f, open("%s/%s.jsonl" % (sys.argv[3], name), "w") as out:
        for line in f:
            d = json.loads(line)
            n += len(d["base_input"]) + len(d["plus_input"])
            out.write(json.dumps({"task_id": d["task_id"], "solution": d["prompt"] + d["canonical_solution"]}) + "\n")
    open("%s/%s.inputs" % (sys.argv[3], name), "w").write(str(n))
PY

now() { date +%s.%N; }

# run NAME DATASET-FILE SAMPLES CACHE [FLAGS...]: prints one row
run() {
	name=$1 data=$2 samples=$3 cache=$4
	shift 4
	t0=$(now)
	"$V" evaluate --problems "$data" --samples "$samples" --cache-dir "$cache" \
		--parallel "$P" --progress none --format native \
		--output-file "$W/out.jsonl" "$@" >"$W/summary.txt" 2>"$W/err.txt" || {
		cat "$W/err.txt"
		exit 1
	}
	t1=$(now)
	inputs=$(cat "$W/$(basename "$samples" .jsonl).inputs")
	n=$(wc -l <"$samples")
	pass=$(grep -c '"verdict":"AC"' "$W/out.jsonl" || true)
	awk -v name="$name" -v a="$t0" -v b="$t1" -v t="$inputs" -v n="$n" -v p="$pass" \
		'BEGIN { s = b - a; printf "%-28s %8.1f s %10.0f tests/s %7.1f samples/s   %d/%d pass\n", name, s, t / s, n / s, p, n }'
	echo "$t1 - $t0" | awk '{ print $1 - $3 }' >"$W/last"
	if [ "$pass" != "$n" ]; then
		grep -v '"verdict":"AC"' "$W/out.jsonl" | cut -c1-300 | sed 's/^/    not passing: /'
	fi
}

evalplus() {
	name=$1 ds=$2 samples=$3
	shift 3
	t0=$(now)
	(cd "$EVALPLUS_DIR" && XDG_CACHE_HOME=$W/epcache PYTHONPATH=$EVALPLUS_DIR:$W/shim \
		/usr/bin/python3 -m evalplus.evaluate --dataset "$ds" --samples "$samples" \
		--parallel "$P" "$@" >"$W/ep.out" 2>&1) || {
		tail -n 20 "$W/ep.out"
		return 1
	}
	t1=$(now)
	awk -v name="$name" -v a="$t0" -v b="$t1" 'BEGIN { printf "%-28s %8.1f s\n", name, b - a }'
	echo "$t1 - $t0" | awk '{ print $1 - $3 }' >"$W/last"
}

echo "bench-evaluate: canonical solutions, all base + plus inputs, --parallel $P, $(nproc) CPUs"
echo "verdict: $("$V" version)"
for ds in humaneval mbpp; do
	data=$HE
	[ $ds = mbpp ] && data=$MB
	echo
	run "verdict $ds+ cold" "$data" "$W/$ds.jsonl" "$W/cache-$ds"
	vc=$(cat "$W/last")
	run "verdict $ds+ warm" "$data" "$W/$ds.jsonl" "$W/cache-$ds" --no-cache
	vw=$(cat "$W/last")
	# The solutions' own CPU time (the harness's clock around each call)
	# against what the warm run took on its workers.
	awk -v wall="$vw" -v p="$P" '
		{ if (match($0, /"cpu_s":[0-9.e+-]+/)) own += substr($0, RSTART + 8, RLENGTH - 8) }
		END { printf "%-28s %8.1f s own CPU of the solutions; warm run %.1f s x %d workers = %.1f core-s: overhead %.0f%%\n",
			"  cost", own, wall, p, wall * p, 100 * (wall * p / own - 1) }' "$W/out.jsonl"
	run "verdict $ds+ cached" "$data" "$W/$ds.jsonl" "$W/cache-$ds"
	if [ -n "${EVALPLUS_DIR:-}" ]; then
		mkdir -p "$W/shim"
		# EvalPlus imports `tempdir` (not packaged in Debian): a stand-in.
		printf 'import tempfile\nclass TempDir(tempfile.TemporaryDirectory):\n    def __enter__(self):\n        return self.name\n' >"$W/shim/tempdir.py"
		rm -rf "$W/epcache" "$W/$ds.eval_results.json"
		evalplus "EvalPlus $ds+ cold" $ds "$W/$ds.jsonl" || continue
		ec=$(cat "$W/last")
		rm -f "$W/$ds.eval_results.json"
		evalplus "EvalPlus $ds+ warm" $ds "$W/$ds.jsonl" || continue
		ew=$(cat "$W/last")
		awk -v a="$ec" -v b="$vc" -v c="$ew" -v d="$vw" -v ds=$ds \
			'BEGIN { printf "%-28s cold x%.2f, warm x%.2f (EvalPlus time / verdict time)\n", ds "+ speed-up", a / b, c / d }'
	else
		echo "(EVALPLUS_DIR unset: EvalPlus not run; its published figures on these machines, --parallel 2: HumanEval+ 32 s cold / 15 s warm, MBPP+ 113 s / 65 s)"
	fi
done
