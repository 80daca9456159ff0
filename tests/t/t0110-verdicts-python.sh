#!/bin/sh
test_description='verdicts of the Python fixture programs, forked from the zygote and in a fresh interpreter'
. "$(dirname "$0")/test-lib.sh"

for start in zygote fresh; do
	P="--python-start $start"
	test_expect_success root,jq,python "correct program ($start): AC" "
		expect_verdict ok.py AC $P && expect_eq \"\$(jv .compile)\" null
	"
	test_expect_success root,jq,python "wrong answer ($start): WA" "
		expect_verdict wa.py WA $P
	"
	test_expect_success root,jq,python "exception ($start): RE with the interpreter's traceback on stderr" "
		expect_verdict raise.py RE $P && expect_eq \"\$(jv .tests[0].exit_code)\" 1 &&
		jv .tests[0].stderr_head >tb.txt &&
		grep -q 'ValueError: boom' tb.txt &&
		grep -q '^Traceback (most recent call last):' tb.txt &&
		grep -q 'File \"/tmp/main.py\", line' tb.txt &&
		! grep -q 'verdict_harness\\|runpy\\|/proc/self/fd' tb.txt
	"
	test_expect_success root,jq,python "busy loop ($start): TLE" "
		expect_verdict tle_loop.py TLE --time-limit 0.5 $P
	"
	test_expect_success root,jq,python "sleeper ($start): TLE by the wall-clock backstop" "
		expect_verdict sleeper.py TLE --time-limit 0.5 --wall-limit 1 $P &&
		expect_eq \"\$(jv .tests[0].limit)\" wall
	"
	test_expect_success root,jq,python "memory hog ($start): MLE" "
		expect_verdict mle_alloc.py MLE --memory-limit 64 $P
	"
	test_expect_success root,jq,python,pids "fork bomb ($start): RE with the process limit" "
		expect_verdict forkbomb.py RE --time-limit 0.5 --processes 16 $P
	"
	test_expect_success root,jq,python "output flood ($start): OLE" "
		expect_verdict flood.py OLE --output-limit 100000 $P
	"
	test_expect_success root,jq,python "segfault ($start): RE with SIGSEGV" "
		expect_verdict segv.py RE $P && expect_eq \"\$(jv .tests[0].signal)\" 11
	"
	test_expect_success root,jq,python "abort ($start): RE with SIGABRT" "
		expect_verdict abort.py RE $P && expect_eq \"\$(jv .tests[0].signal)\" 6
	"
done
test_done
