#!/bin/sh
# Runs libFuzzer targets for a while each, then replays their checked-in
# corpora through the gcc-built replay drivers (tests/fuzz/fuzz.mk builds
# both). Each target fuzzes a copy of its corpus in build/fuzz/work-NAME,
# so tests/fuzz/corpus/ is never modified; crash inputs are written as
# build/fuzz/crash-NAME-*. Prints one line per target and fails if any
# target crashed or any replay failed; with VD_SUMMARY set (make check),
# appends "passed failed" (targets) to that file.
#
#   usage: tests/fuzz/run.sh SECONDS NAME...
secs=${1:?usage: run.sh SECONDS NAME...}
shift
dir=build/fuzz
passed=0
failed=0
for t in "$@"; do
	work=$dir/work-$t
	log=$dir/log-$t
	rm -rf "$work" "$dir/crash-$t-"*
	mkdir -p "$work"
	cp tests/fuzz/corpus/"$t"/* "$work"/
	seeds=$(ls "$work" | wc -l)
	if ! "$dir/fuzz-$t" -max_total_time="$secs" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$dir/crash-$t-" \
		"$work" >"$log" 2>&1; then
		echo "fuzz-$t: FAILED (full log: $log)"
		grep -m 1 -A 30 -E '^==[0-9]+==|deadly signal|ERROR: libFuzzer' \
			"$log"
		ls "$dir/crash-$t-"* 2>/dev/null | sed 's/^/crash input: /'
		failed=$((failed + 1))
		continue
	fi
	runs=$(sed -n 's/^Done \([0-9]*\) runs in.*/\1/p' "$log" | tail -n 1)
	files=$(ls "$work" | wc -l)
	bytes=$(cat "$work"/* | wc -c)
	if ! out=$("$dir/replay-$t" tests/fuzz/corpus/"$t" 2>&1); then
		echo "replay-$t: FAILED"
		printf '%s\n' "$out" | tail -n 40
		failed=$((failed + 1))
		continue
	fi
	replayed=$(printf '%s\n' "$out" | sed -n 's/^replay: \([0-9]*\) inputs$/\1/p')
	passed=$((passed + 1))
	echo "fuzz-$t: ${runs:-?} executions in ${secs}s, corpus $seeds -> $files files ($bytes bytes); replay (gcc): $replayed inputs ok"
done
# Under `make check`, add to its pass/fail count.
[ -n "${VD_SUMMARY:-}" ] && echo "$passed $failed" >>"$VD_SUMMARY"
[ "$failed" -eq 0 ]
