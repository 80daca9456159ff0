#!/bin/sh
test_description='a slot is reused run after run: nothing of one run reaches the next (fresh interpreter and zygote)'
. "$(dirname "$0")/test-lib.sh"

for start in zygote fresh; do
	P="--python-start $start"
	test_expect_success root,jq,python "the checks of the clean slate can fail ($start)" "
		printf 'both\n' >both.txt &&
		vrun \"\$FIX/slate.py\" --stdin both.txt $P &&
		jv .tests[0].stdout_head >found.txt &&
		grep -q '^found: /tmp/leak, /dev/shm/leak, module attribute, sys.modules entry, builtins attribute, environment variable, signal disposition' found.txt &&
		grep -q 'rlimit, working directory /dev/shm, processes' found.txt
	"
	test_expect_success root,jq,python "runs after a polluting run see a clean slate ($start)" "
		vrun \"\$FIX/slate.py\" --tests \"\$FIX/../slate\" $P &&
		expect_eq \"\$(jv .verdict)\" AC &&
		expect_eq \"\$(jv '[.tests[].verdict] | join(\" \")')\" 'AC AC AC AC' &&
		expect_eq \"\$(jv .tests[1].stdout_head)\" clean && no_survivors
	"
	test_expect_success root,jq,python "random state differs between runs ($start)" "
		printf 'random\n' >r.txt && mkdir -p rt && cp r.txt rt/1.in && cp r.txt rt/2.in &&
		vrun \"\$FIX/slate.py\" --tests rt $P &&
		a=\$(jv .tests[0].stdout_head) && b=\$(jv .tests[1].stdout_head) &&
		test -n \"\$a\" && test \"\$a\" != \"\$b\"
	"
done
test_expect_success root,jq,python 'under the zygote, SysV IPC is refused (runs share its IPC namespace)' '
	printf "both\n" >both.txt &&
	vrun "$FIX/slate.py" --stdin both.txt --python-start zygote &&
	! jv .tests[0].stdout_head | grep -q "SysV segment" &&
	vrun "$FIX/slate.py" --stdin both.txt --python-start fresh &&
	jv .tests[0].stdout_head | grep -q "SysV segment"
'
test_expect_success root,jq,python 'the zygote really forks: modules it preloads are there, not in a fresh interpreter' '
	printf "import sys\nprint(\"heapq\" in sys.modules, sys.argv[0], __name__, __file__)\n" >mods.py &&
	vrun mods.py --lang python --python-start zygote &&
	expect_eq "$(jv .tests[0].stdout_head)" "True /tmp/main.py __main__ /tmp/main.py" &&
	vrun mods.py --lang python --python-start fresh &&
	expect_eq "$(jv .tests[0].stdout_head)" "False /tmp/main.py __main__ /tmp/main.py"
'
test_done
