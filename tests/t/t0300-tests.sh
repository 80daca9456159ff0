#!/bin/sh
test_description='test folders, checkers, stop on failure, JSON shape'
. "$(dirname "$0")/test-lib.sh"

make_tests() {
	mkdir -p t &&
	printf '1 2\n' >t/1.in && printf '3\n' >t/1.out &&
	printf '10 20\n' >t/2.in && printf '30\n' >t/2.out &&
	printf '5 5\n' >t/10.in && printf '10\n' >t/10.out
}

test_expect_success root,jq 'a tests folder runs every NAME.in in version order' '
	make_tests && vrun "$FIX/ok.c" --tests t &&
	expect_eq "$(jv "[.tests[].name] | join(\",\")")" "1,2,10" &&
	expect_eq "$(jv .verdict)" AC
'
test_expect_success root,jq 'the compile step happens once for all tests' '
	make_tests && vrun "$FIX/ok.c" --tests t &&
	expect_eq "$(jv .compile.verdict)" AC && expect_eq "$(jv ".tests | length")" 3
'
test_expect_success root,jq 'stop on failure skips the rest' '
	make_tests && printf "9\n" >t/1.out &&
	vrun "$FIX/ok.c" --tests t --stop-on-failure &&
	expect_eq "$(jv .verdict)" WA && expect_eq "$(jv .tests[1].verdict)" null
'
test_expect_success root,jq 'without stop on failure every test runs' '
	make_tests && printf "9\n" >t/1.out && vrun "$FIX/ok.c" --tests t &&
	expect_eq "$(jv .tests[1].verdict)" AC && expect_eq "$(jv .verdict)" WA
'
test_expect_success root,jq 'checker tokens accepts other whitespace, exact does not' '
	printf "1 2" >in && printf "  3  \n\n" >exp &&
	vrun "$FIX/ok.c" --stdin in --expect exp --checker tokens && expect_eq "$(jv .verdict)" AC &&
	vrun "$FIX/ok.c" --stdin in --expect exp --checker exact && expect_eq "$(jv .verdict)" WA &&
	expect_eq "$(jv .checker)" exact
'
test_expect_success root,jq 'checker float:0.01 accepts 3.001 for 3' '
	printf "1 2" >in && printf "3.001\n" >exp &&
	vrun "$FIX/ok.c" --stdin in --expect exp --checker float:0.01 && expect_eq "$(jv .verdict)" AC &&
	vrun "$FIX/ok.c" --stdin in --expect exp --checker float:0.0001 && expect_eq "$(jv .verdict)" WA
'
test_expect_success root,jq 'the JSON report has every documented field' '
	printf "1 2" >in && vrun "$FIX/ok.c" --stdin in &&
	for k in name verdict exit_code signal cpu_s wall_s peak_memory_kb instructions stdout_head stderr_head; do
		expect_eq "$(jv ".tests[0] | has(\"$k\")")" true "($k)" || exit 1
	done &&
	expect_eq "$(jv ".isolation | has(\"cgroup\")")" true &&
	expect_eq "$(jv ".measurement | has(\"instructions\")")" true &&
	expect_eq "$(jv .verdict_version)" "$("$VERDICT" version | cut -d" " -f2)"
'
test_expect_success root,jq 'instructions are null with the reason where no counter exists' '
	printf "1 2" >in && vrun "$FIX/ok.c" --stdin in &&
	if jv .measurement.instructions | grep -q "^unavailable"; then
		expect_eq "$(jv .tests[0].instructions)" null
	else
		expect_cmp "$(jv .tests[0].instructions)" ">" 0
	fi
'
test_expect_success root,jq 'binary and invalid UTF-8 output gives valid JSON' '
	cat >bin.c <<-\EOF &&
	#include <stdio.h>
	int main(void){ for (int i = 0; i < 256; i++) putchar(i); return 0; }
	EOF
	vrun bin.c && expect_eq "$(jv .verdict)" AC && expect_eq "$(jv .tests[0].stdout_bytes)" 256
'
test_done
