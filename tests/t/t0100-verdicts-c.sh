#!/bin/sh
test_description='verdicts of the C fixture programs'
. "$(dirname "$0")/test-lib.sh"

test_expect_success root,jq 'correct program: AC' '
	expect_verdict ok.c AC && expect_eq "$(jv .tests[0].stdout_head)" 3 &&
	expect_eq "$(jv .compile.verdict)" AC
'
test_expect_success root,jq 'C++ correct program: AC' '
	expect_verdict ok.cpp AC && expect_eq "$(jv .flags)" "-O2 -std=c++17"
'
test_expect_success root,jq 'wrong answer: WA with the first difference' '
	expect_verdict wa.c WA && jv .tests[0].detail | grep -q "expected .3., got .4."
'
test_expect_success root,jq 'busy loop: TLE by CPU time' '
	expect_verdict tle_loop.c TLE --time-limit 0.5 &&
	expect_eq "$(jv .tests[0].limit)" cpu &&
	expect_cmp "$(jv .tests[0].cpu_s)" ">=" 0.5 &&
	expect_cmp "$(jv .tests[0].cpu_s)" "<" 1.5
'
test_expect_success root,jq 'sleeper: TLE by the wall-clock backstop, little CPU' '
	expect_verdict sleeper.c TLE --time-limit 0.5 --wall-limit 1 &&
	expect_eq "$(jv .tests[0].limit)" wall &&
	expect_cmp "$(jv .tests[0].cpu_s)" "<" 0.2
'
test_expect_success root,jq 'memory hog: MLE' '
	expect_verdict mle_alloc.c MLE --memory-limit 64 &&
	expect_eq "$(jv .tests[0].limit)" memory
'
# Without a cgroup the memory limit is RLIMIT_DATA, which counts what is
# allocated, not what is touched: this case needs a cgroup.
test_expect_success root,jq,cgroup 'allocated but untouched memory is not MLE' '
	expect_verdict untouched.c AC --memory-limit 64
'
# Refused forks are only counted by the pids cgroup controller.
test_expect_success root,jq,pids 'fork bomb: RE with the process limit' '
	expect_verdict forkbomb.c RE --time-limit 0.5 --processes 16 &&
	expect_eq "$(jv .tests[0].limit)" processes
'
test_expect_success root,jq 'output flood: OLE' '
	expect_verdict flood.c OLE --output-limit 100000 &&
	expect_eq "$(jv .tests[0].limit)" stdout
'
test_expect_success root,jq 'segfault: RE with SIGSEGV' '
	expect_verdict segv.c RE && expect_eq "$(jv .tests[0].signal)" 11
'
test_expect_success root,jq 'abort: RE with SIGABRT' '
	expect_verdict abort.c RE && expect_eq "$(jv .tests[0].signal)" 6
'
test_expect_success root,jq 'compile error: CE with the compiler message' '
	expect_verdict ce.c CE && jv .compile.stderr_head | grep -q "undeclared_variable" &&
	expect_eq "$(jv ".tests[0].verdict")" null
'
test_expect_success root,jq 'C++ compile error: CE' '
	expect_verdict ce.cpp CE
'
test_done
