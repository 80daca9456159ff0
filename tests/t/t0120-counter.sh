#!/bin/sh
test_description='the software instruction counter (--counter sw)'
. "$(dirname "$0")/test-lib.sh"

# A C program whose work grows with its input, and the same in Python.
work_c() {
	cat >work.c <<-\EOF
	#include <stdio.h>
	int main(void) {
		long n = 0, s = 0;
		if (scanf("%ld", &n) != 1) return 1;
		for (long i = 0; i < n; i++) s += i % 7;
		printf("%ld\n", s);
		return 0;
	}
	EOF
}
work_py() {
	printf 'n = int(input())\nprint(sum(i %% 7 for i in range(n)))\n' >work.py
}
counts() { # FILE INPUT TIMES: the counts of TIMES runs, one per line
	printf '%s\n' "$2" >in
	i=0
	while [ "$i" -lt "$3" ]; do
		vrun "$1" --stdin in --counter sw || return 1
		jv .tests[0].instructions
		i=$((i + 1))
	done
}

test_expect_success root,jq,valgrind 'C: the same count in every run, under load on the other core' '
	work_c &&
	( while :; do :; done ) & load=$! &&
	c=$(counts work.c 100000 3) ; kill $load ; wait $load 2>/dev/null ;
	expect_eq "$(printf "%s\n" $c | sort -u | wc -l)" 1 &&
	expect_cmp "$(printf "%s\n" $c | head -n 1)" ">" 100000
'
test_expect_success root,jq,valgrind 'C: more work, more instructions, about 10x for 10x' '
	work_c && a=$(counts work.c 100000 1) && b=$(counts work.c 1000000 1) &&
	expect_cmp "$b" ">" "$((a * 8))" && expect_cmp "$b" "<" "$((a * 12))"
'
test_expect_success root,jq,valgrind 'Python: the same count in every run (one slot, an import), and it says which counter' '
	work_py && c=$(counts work.py 20000 2) &&
	expect_eq "$(printf "%s\n" $c | sort -u | wc -l)" 1 &&
	mkdir t && for i in 1 2 3 4; do printf "2000\n" >t/$i.in; done &&
	printf "import heapq\nn = int(input())\nh = list(range(n, 0, -1))\nheapq.heapify(h)\nprint(h[0])\n" >imp.py &&
	vrun imp.py --tests t --counter sw &&
	expect_eq "$(jv "[.tests[].instructions] | unique | length")" 1 &&
	expect_eq "$(jv .measurement.counter)" sw &&
	jv .measurement.instructions | grep -q "valgrind cachegrind"
'
test_expect_success root,jq,valgrind 'the counted run still gives its verdict (WA, RE)' '
	work_c && printf "10\n" >in && printf "999\n" >exp &&
	vrun work.c --stdin in --expect exp --counter sw && expect_eq "$(jv .verdict)" WA &&
	expect_cmp "$(jv .tests[0].instructions)" ">" 0 &&
	vrun "$FIX/segv.c" --counter sw && expect_eq "$(jv .verdict)" RE
'
test_expect_success root,jq,valgrind 'a killed run has no count (null), not a partial one' '
	vrun "$FIX/tle_loop.c" --counter sw --time-limit 0.05 &&
	expect_eq "$(jv .verdict)" TLE && expect_eq "$(jv .tests[0].instructions)" null
'
test_done
