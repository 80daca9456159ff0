#!/bin/sh
test_description='the CLI: version, usage errors, bad input, doctor'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'version prints the version' '
	"$VERDICT" version | grep -q "^verdict [0-9]"
'

test_expect_success 'unknown command is a usage error (2)' '
	"$VERDICT" frobnicate 2>err; expect_eq $? 2 && grep -q "unknown command" err
'

test_expect_success 'run without a file is a usage error' '
	"$VERDICT" run --lang c 2>err; expect_eq $? 2
'

test_expect_success 'run of a missing file names it' '
	"$VERDICT" run --lang c /nonexistent/prog.c 2>err; expect_eq $? 2 &&
	grep -q "/nonexistent/prog.c: No such file" err
'

test_expect_success 'bad --time-limit names the option and the value' '
	"$VERDICT" run --lang c --time-limit abc "$FIX/ok.c" 2>err; expect_eq $? 2 &&
	grep -q -- "--time-limit: .abc." err
'

test_expect_success 'bad --memory-limit is refused' '
	"$VERDICT" run --lang c --memory-limit -5 "$FIX/ok.c" 2>err; expect_eq $? 2
'

test_expect_success 'unknown checker is refused before anything runs' '
	"$VERDICT" run --lang c --checker nope "$FIX/ok.c" 2>err; expect_eq $? 2 &&
	grep -q "unknown checker" err
'

test_expect_success 'unknown language is refused' '
	"$VERDICT" run --lang cobol "$FIX/ok.c" 2>err; expect_eq $? 2 &&
	grep -q -- "--lang" err
'

test_expect_success 'language is inferred from the file name' '
	printf "1 2\n" >in && "$VERDICT" run "$FIX/ok.py" --stdin in --json >out.json &&
	expect_eq "$(jq -r .language out.json)" python
'

test_expect_success 'a missing --stdin file names it' '
	"$VERDICT" run "$FIX/ok.c" --stdin nothere.txt 2>err; expect_eq $? 2 &&
	grep -q "nothere.txt" err
'

test_expect_success 'an empty --tests folder is an error naming it' '
	mkdir empty && "$VERDICT" run "$FIX/ok.c" --tests empty 2>err; expect_eq $? 2 &&
	grep -q "empty: no NAME.in files" err
'

test_expect_success root 'doctor reports each feature with ok or a remedy' '
	"$VERDICT" doctor >out && grep -q "namespaces" out && grep -q "seccomp" out &&
	grep -q "cgroup in use" out && grep -q "instruction counter" out &&
	grep -q "sandboxed C run" out
'

test_expect_success root,jq 'doctor --json is valid JSON and the sandbox works' '
	"$VERDICT" doctor --json >out.json &&
	expect_eq "$(jq -r ".[] | select(.name == \"sandboxed C run\") | .ok" out.json)" true &&
	expect_eq "$(jq -r ".[] | select(.name == \"sandboxed Python run\") | .ok" out.json)" true
'

test_done
