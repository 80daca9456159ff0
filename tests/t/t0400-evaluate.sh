#!/bin/sh
test_description='verdict evaluate: datasets, sample formats, outputs, cache, resume'
. "$(dirname "$0")/test-lib.sh"

EV=$TOP/tests/fixtures/eval
DEMO=$TOP/examples/demo

# evaluate ARGS...: run with a private cache, quiet, keeping the exit status
evaluate() {
	"$VERDICT" evaluate --cache-dir "$TRASH/cache" --progress none --parallel 2 "$@" \
		>"$TRASH/ev.out" 2>"$TRASH/ev.err"
	ev_rc=$?
	return 0
}

tiny() {
	evaluate --problems "$EV/tiny_plus.jsonl" --min-time-limit 0.5 "$@"
}

# verdicts of a native result file as "task#index=VERDICT" lines
verdicts() {
	jq -r '"\(.task_id)#\(.sample_id)=\(.verdict)"' "$1"
}

test_expect_success root,jq,python 'the demo benchmark gets every designed verdict' '
	evaluate --problems "$DEMO/problems.jsonl" --samples "$DEMO/samples.jsonl" \
		--format native --output-file demo.jsonl &&
	expect_eq "$ev_rc" 0 &&
	awk -F"\t" "{ print \$1 \"#\" \$2 \"=\" \$3 }" "$DEMO/expected.tsv" | sort >want &&
	verdicts demo.jsonl | sort >got &&
	diff want got && no_survivors
'

# One pool for references and samples: the samples of problems whose
# references are done run while a slow reference (1.5 s of CPU, handed out
# first) still runs, so some progress line of the "expected outputs" phase
# already counts finished samples (two separate phases could not).
test_expect_success root,jq,python 'samples run while the last reference still runs' '
	/usr/bin/python3 - <<-\PY &&
	import json
	slow = "def slow(x):\n    import time\n    t = time.process_time()\n    while x == 1 and time.process_time() - t < 1.5:\n        pass\n    return x\n"
	with open("pipe.jsonl", "w") as f, open("pipe_samples.jsonl", "w") as s:
	    for i in range(7):
	        name = "slow" if i == 0 else "fast%d" % i
	        body = slow if i == 0 else "def %s(x):\n    return x + %d\n" % (name, i)
	        f.write(json.dumps({"task_id": "Pipe/%d" % i, "prompt": "", "entry_point": name,
	                            "canonical_solution": body, "base_input": [[1]], "plus_input": [[2]],
	                            "atol": 0}) + "\n")
	        s.write(json.dumps({"task_id": "Pipe/%d" % i, "solution": body}) + "\n")
	PY
	"$VERDICT" evaluate --cache-dir "$TRASH/pipe" --progress jsonl --parallel 2 \
		--problems pipe.jsonl --samples pipe_samples.jsonl --min-time-limit 5 \
		--format native --output-file pipe.out.jsonl >/dev/null 2>progress &&
	expect_eq "$(grep -c "\"AC\"" pipe.out.jsonl)" 7 &&
	early=$(grep "\"expected outputs\"" progress | jq -s "map(.verdicts.AC) | max") &&
	say "# $early samples finished before the slow reference" &&
	expect_cmp "$early" ">=" 1
'

test_expect_success root,jq,python 'a second run reuses every stored result' '
	"$VERDICT" evaluate --cache-dir "$TRASH/cache" --progress jsonl --parallel 2 \
		--problems "$DEMO/problems.jsonl" --samples "$DEMO/samples.jsonl" \
		--format native --output-file again.jsonl >/dev/null 2>progress &&
	last=$(grep "\"samples\"" progress | tail -n 1) &&
	expect_eq "$(printf "%s" "$last" | jq .cached)" "$(printf "%s" "$last" | jq .total)" &&
	verdicts again.jsonl | sort >got2 &&
	verdicts "$TRASH/w/../w/again.jsonl" >/dev/null &&
	awk -F"\t" "{ print \$1 \"#\" \$2 \"=\" \$3 }" "$DEMO/expected.tsv" | sort >want &&
	diff want got2
'

test_expect_success root,jq,python 'EvalPlus result file: keys, statuses, failing inputs, pass@k' '
	tiny --samples "$EV/tiny_samples.jsonl" --output-file r.json &&
	expect_eq "$ev_rc" 0 &&
	expect_eq "$(jq -r ".eval | keys | join(\",\")" r.json)" "Tiny/0,Tiny/1,Tiny/2" &&
	expect_eq "$(jq -r ".eval[\"Tiny/0\"][0] | keys_unsorted | join(\",\")" r.json)" \
		"task_id,solution,base_status,plus_status,base_fail_tests,plus_fail_tests" &&
	expect_eq "$(jq -c "[.eval[][] | [.base_status, .plus_status]]" r.json)" \
		"[[\"pass\",\"pass\"],[\"fail\",\"fail\"],[\"fail\",\"fail\"],[\"pass\",\"pass\"],[\"fail\",\"fail\"],[\"pass\",\"pass\"],[\"pass\",\"pass\"],[\"fail\",\"fail\"]]" &&
	expect_eq "$(jq -c ".eval[\"Tiny/0\"][1].base_fail_tests" r.json)" "[[1,2]]" &&
	expect_eq "$(jq -c ".pass_at_k.base | keys" r.json)" "[\"pass@1\"]" &&
	expect_eq "$(jq ".pass_at_k.plus[\"pass@1\"]" r.json)" 0.5 &&
	expect_eq "$(jq -r .hash r.json)" "$(md5sum "$EV/tiny_plus.jsonl" | cut -d" " -f1)" &&
	grep -q "pass@1:	0.500" "$TRASH/ev.out"
'

test_expect_success root,jq,python 'default result path is next to the samples' '
	cp "$EV/tiny_samples.jsonl" s.jsonl && tiny --samples s.jsonl &&
	test -f s.eval_results.json
'

test_expect_success root,jq,python 'test details list every failing input' '
	tiny --samples "$EV/tiny_samples.jsonl" --test-details --output-file r.json &&
	expect_eq "$(jq -c ".eval[\"Tiny/0\"][1].base_fail_tests" r.json)" "[[1,2],[3,4]]"
'

test_expect_success root,jq,python 'base only: no plus status and no plus pass@k' '
	tiny --samples "$EV/tiny_samples.jsonl" --base-only --output-file r.json &&
	expect_eq "$(jq -c "[.eval[][] | .plus_status] | unique" r.json)" "[null]" &&
	expect_eq "$(jq -c ".pass_at_k | keys" r.json)" "[\"base\"]"
'

test_expect_success root,jq,python 'human-eval format' '
	tiny --samples "$EV/tiny_completions.jsonl" --format humaneval --output-file h.jsonl &&
	expect_eq "$(jq -r .result h.jsonl | head -n 3 | tr "\n" "|")" "passed|failed: base: input 0: not equal: expected 3, got -1|timed out|" &&
	expect_eq "$(jq -r ".passed" h.jsonl | sort | uniq -c | tr -s " " | tr "\n" "|")" " 4 false| 4 true|" &&
	expect_eq "$(head -n 1 h.jsonl | jq -r "keys_unsorted | join(\",\")")" "task_id,completion,result,passed"
'

for fmt in samples completions bigcode lcb; do
	case $fmt in
	samples | completions) file=$EV/tiny_$fmt.jsonl ;;
	*) file=$EV/tiny_$fmt.json ;;
	esac
	test_expect_success root,jq,python "sample format: $fmt" "
		tiny --samples '$file' --format native --output-file n.jsonl &&
		expect_eq \$ev_rc 0 &&
		expect_eq \"\$(verdicts n.jsonl | tr '\n' ' ')\" 'Tiny/0#0=AC Tiny/0#1=WA Tiny/0#2=TLE Tiny/1#0=AC Tiny/1#1=WA Tiny/2#0=AC Tiny/2#1=AC Tiny/2#2=RE '
	"
done

test_expect_success root,jq,python 'sample format: EvalPlus folder, samples in numeric order' '
	mkdir -p d/Tiny_0 d/Tiny_1 d/Tiny_2 &&
	printf "def add(a, b):\n    return a - b\n" >d/Tiny_0/10.py &&
	printf "def add(a, b):\n    return a + b\n" >d/Tiny_0/2.py &&
	printf "def pairs(xs):\n    return list(zip(xs, xs[1:]))\n" >d/Tiny_1/0.py &&
	printf "def mean(xs):\n    return sum(xs) / len(xs)\n" >d/Tiny_2/0.py &&
	tiny --samples d --format native --output-file n.jsonl &&
	expect_eq "$(verdicts n.jsonl | tr "\n" " ")" "Tiny/0#0=AC Tiny/0#1=WA Tiny/1#0=AC Tiny/2#0=AC " &&
	tiny --samples d && test -f d/eval_results.json
'

test_expect_success root,jq,python 'a task without samples is an error naming it' '
	grep -v "Tiny/1" "$EV/tiny_samples.jsonl" >s.jsonl && tiny --samples s.jsonl &&
	expect_eq "$ev_rc" 2 && grep -q "1 of 3 tasks have no sample (Tiny/1)" "$TRASH/ev.err"
'

test_expect_success root,jq,python 'a broken JSON line names the file and line' '
	{ head -n 2 "$EV/tiny_samples.jsonl"; echo "{\"task_id\": "; tail -n +3 "$EV/tiny_samples.jsonl"; } >s.jsonl &&
	tiny --samples s.jsonl && expect_eq "$ev_rc" 2 && grep -q "s.jsonl:3: broken JSON" "$TRASH/ev.err"
'

test_expect_success root,jq,python 'a sample of an unknown task is skipped with a warning' '
	{ cat "$EV/tiny_samples.jsonl"; echo "{\"task_id\": \"Nope/9\", \"solution\": \"x\"}"; } >s.jsonl &&
	tiny --samples s.jsonl && expect_eq "$ev_rc" 0 &&
	grep -q "warning: task Nope/9 is found in the samples" "$TRASH/ev.err"
'

test_expect_success root,jq,python 'a question listed twice (LiveCodeBench) is an error' '
	jq ". + [.[0]]" "$EV/tiny_lcb.json" >l.json && tiny --samples l.json &&
	expect_eq "$ev_rc" 2 && grep -q "question_id .Tiny/0. appears twice" "$TRASH/ev.err"
'

test_expect_success root,jq,python 'a broken dataset line names the file and line' '
	{ head -n 1 "$EV/tiny_plus.jsonl"; echo "[1, 2"; } >p.jsonl &&
	evaluate --problems p.jsonl --samples "$EV/tiny_samples.jsonl" &&
	expect_eq "$ev_rc" 2 && grep -q "p.jsonl:2: broken JSON" "$TRASH/ev.err"
'

test_expect_success root,jq,python 'EvalPlus override variable and a download from a mirror' '
	HUMANEVAL_OVERRIDE_PATH=$EV/tiny_plus.jsonl evaluate --dataset humaneval+ \
		--samples "$EV/tiny_samples.jsonl" --min-time-limit 0.5 --output-file o.json &&
	expect_eq "$ev_rc" 0 &&
	mkdir -p mirror/evalplus/humanevalplus_release/releases/download/v0.1.10 &&
	gzip -c "$EV/tiny_plus.jsonl" >mirror/evalplus/humanevalplus_release/releases/download/v0.1.10/HumanEvalPlus.jsonl.gz &&
	VERDICT_DATASET_MIRROR=file://$PWD/mirror evaluate --dataset humaneval+ \
		--samples "$EV/tiny_samples.jsonl" --min-time-limit 0.5 --output-file m.json &&
	expect_eq "$ev_rc" 0 && test -f "$TRASH/cache/datasets/HumanEvalPlus-v0.1.10.jsonl.gz" &&
	expect_eq "$(jq -c .pass_at_k o.json)" "$(jq -c .pass_at_k m.json)"
'

test_expect_success root,jq,python 'an unwritable result file is a clear error; nothing done is lost' '
	tiny --samples "$EV/tiny_samples.jsonl" --output-file nodir/r.json &&
	expect_eq "$ev_rc" 3 && grep -q "nodir/r.json" "$TRASH/ev.err" &&
	test ! -e nodir &&
	"$VERDICT" evaluate --cache-dir "$TRASH/cache" --progress jsonl --problems "$EV/tiny_plus.jsonl" \
		--samples "$EV/tiny_samples.jsonl" --min-time-limit 0.5 --output-file r.json 2>p >/dev/null &&
	expect_eq "$(grep "\"samples\"" p | tail -n 1 | jq .cached)" 8
'

# A run killed with SIGKILL half way and started again must write the same
# file as a run that was never interrupted.
test_expect_success root,jq,python 'killed with SIGKILL and resumed: identical results' '
	export SOURCE_DATE_EPOCH=1700000000
	"$VERDICT" evaluate --cache-dir "$TRASH/ref" --progress none --parallel 2 \
		--problems "$DEMO/problems.jsonl" --samples "$DEMO/samples.jsonl" \
		--output-file ref.json >/dev/null 2>&1 || exit 1
	"$VERDICT" evaluate --cache-dir "$TRASH/kill" --progress none --parallel 2 \
		--problems "$DEMO/problems.jsonl" --samples "$DEMO/samples.jsonl" \
		--output-file resumed.json >/dev/null 2>&1 &
	pid=$!
	sleep 6
	kill -9 $pid
	wait $pid 2>/dev/null
	test ! -e resumed.json || exit 1
	"$VERDICT" evaluate --cache-dir "$TRASH/kill" --progress jsonl --parallel 2 \
		--problems "$DEMO/problems.jsonl" --samples "$DEMO/samples.jsonl" \
		--output-file resumed.json >/dev/null 2>progress || exit 1
	cached=$(grep "\"samples\"" progress | tail -n 1 | jq .cached)
	say "# $cached of 93 samples were stored before the kill"
	expect_cmp "$cached" ">" 0 && expect_cmp "$cached" "<" 93 &&
	cmp ref.json resumed.json && no_survivors
'
test_done
