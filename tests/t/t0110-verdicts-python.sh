#!/bin/sh
test_description='verdicts of the Python fixture programs'
. "$(dirname "$0")/test-lib.sh"

test_expect_success root,jq,python 'correct program: AC' '
	expect_verdict ok.py AC && expect_eq "$(jv .compile)" null
'
test_expect_success root,jq,python 'wrong answer: WA' '
	expect_verdict wa.py WA
'
test_expect_success root,jq,python 'exception: RE with the traceback on stderr' '
	expect_verdict raise.py RE && expect_eq "$(jv .tests[0].exit_code)" 1 &&
	jv .tests[0].stderr_head | grep -q "ValueError: boom"
'
test_expect_success root,jq,python 'busy loop: TLE' '
	expect_verdict tle_loop.py TLE --time-limit 0.5
'
test_expect_success root,jq,python 'sleeper: TLE by the wall-clock backstop' '
	expect_verdict sleeper.py TLE --time-limit 0.5 --wall-limit 1 &&
	expect_eq "$(jv .tests[0].limit)" wall
'
test_expect_success root,jq,python 'memory hog: MLE' '
	expect_verdict mle_alloc.py MLE --memory-limit 64
'
test_expect_success root,jq,python,pids 'fork bomb: RE with the process limit' '
	expect_verdict forkbomb.py RE --time-limit 0.5 --processes 16
'
test_expect_success root,jq,python 'output flood: OLE' '
	expect_verdict flood.py OLE --output-limit 100000
'
test_expect_success root,jq,python 'segfault: RE with SIGSEGV' '
	expect_verdict segv.py RE && expect_eq "$(jv .tests[0].signal)" 11
'
test_expect_success root,jq,python 'abort: RE with SIGABRT' '
	expect_verdict abort.py RE && expect_eq "$(jv .tests[0].signal)" 6
'
test_done
