#!/bin/sh
test_description='hostile programs are contained and leave nothing behind'
. "$(dirname "$0")/test-lib.sh"

for lang in c py; do
test_expect_success root,jq,python "detached grandchild ($lang): killed, its CPU counted" "
	expect_verdict detached.$lang AC --time-limit 2 &&
	expect_cmp \"\$(jv .tests[0].cpu_s)\" '>=' 0.1 &&
	expect_cmp \"\$(jv .tests[0].leftover_processes)\" '>=' 1
"
test_expect_success root,jq,python "reading /etc/shadow and host files ($lang): blocked" "
	printf 'blocked\n' >exp.txt &&
	vrun \"\$FIX/shadow.$lang\" --expect exp.txt &&
	expect_eq \"\$(jv .verdict)\" AC && no_survivors
"
test_expect_success root,jq,python "writing outside /tmp ($lang): blocked" "
	printf 'blocked\n' >exp.txt &&
	vrun \"\$FIX/write_outside.$lang\" --expect exp.txt &&
	expect_eq \"\$(jv .verdict)\" AC && no_survivors &&
	test ! -e /verdict-escape && test ! -e /usr/verdict-escape && test ! -e /var/tmp/verdict-escape
"
test_expect_success root,jq,python "killing its parent and pid 1 ($lang): the judge survives" "
	printf 'alive\n' >exp.txt &&
	vrun \"\$FIX/killparent.$lang\" --expect exp.txt &&
	expect_eq \"\$(jv .verdict)\" AC && no_survivors
"
test_expect_success root,jq,python "connecting to a listener on 127.0.0.1 ($lang): blocked" "
	/usr/bin/python3 -c 'import socket,sys,time
s=socket.socket(); s.bind((\"127.0.0.1\",0)); s.listen(5)
print(s.getsockname()[1]); sys.stdout.flush(); time.sleep(30)' >port.txt &
	lpid=\$!
	for i in 1 2 3 4 5 6 7 8 9 10; do test -s port.txt && break; sleep 0.1; done
	printf 'blocked\n' >exp.txt &&
	vrun \"\$FIX/connect.$lang\" --stdin port.txt --expect exp.txt; rc=\$?
	kill \$lpid
	expect_eq \"\$(jv .verdict)\" AC && no_survivors
"
done

test_expect_success root,jq 'a run after a hostile one starts from a clean /tmp' '
	cat >leave.c <<-\EOF &&
	#include <stdio.h>
	int main(void){FILE*f=fopen("/tmp/left","r"); puts(f?"dirty":"clean"); f=fopen("/tmp/left","w"); if(f) fputs("x",f); return 0;}
	EOF
	mkdir t && printf "" >t/1.in && printf "clean\n" >t/1.out &&
	cp t/1.in t/2.in && cp t/1.out t/2.out &&
	vrun leave.c --tests t && expect_eq "$(jv .verdict)" AC
'
test_done
