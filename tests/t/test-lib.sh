# test-lib.sh: the integration-test library (git's t/ style, TAP output).
#
# A script sets test_description, sources this file, calls
# test_expect_success "title" 'commands' for each test, and ends with
# test_done. Commands run in a subshell inside a fresh trash directory;
# a test passes when its commands exit 0. Prerequisites that are missing
# make tests skip with a printed reason, never pass silently.
#
# Helpers:
#   vrun ARGS...        run `verdict run ARGS --json`, keep the JSON in
#                       out.json and the verdict process's pid in last_pid
#   jv FILTER           jq -r FILTER on out.json
#   expect_eq A B       fail with a message unless A = B
#   no_survivors        no process of a sandbox uid is left, and the
#                       engine of the last vrun left no cgroup behind

set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${VERDICT:=$TOP/build/gcc/verdict}"
FIX=$TOP/tests/fixtures/progs
# Sandboxed processes of these tests run under uids of their own (a range
# per test script), so that other verdicts on the host do not count as
# survivors.
UID_BASE=$((1879048192 + 1048576 + ($$ % 1024) * 1024))
export VERDICT_UID_BASE=$UID_BASE
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/verdict-t.XXXXXX")
trap 'rm -rf "$TRASH"' EXIT
n_tests=0
n_passed=0
n_failed=0
n_skipped=0
last_pid=

cgroup_mode() {
	"$VERDICT" doctor --json | jq -r '.[] | select(.name == "cgroup in use") | .detail' | cut -d: -f1
}

cgroup_detail() {
	"$VERDICT" doctor --json | jq -r '.[] | select(.name == "cgroup in use") | .detail'
}

say() {
	printf '%s\n' "$*"
}

test_have() {
	case "$1" in
	root) [ "$(id -u)" -eq 0 ] ;;
	jq) command -v jq >/dev/null 2>&1 ;;
	python) [ -x /usr/bin/python3 ] ;;
	gxx) [ -x /usr/bin/g++ ] ;;
	valgrind) [ -x /usr/bin/valgrind ] ;;
	cgroup) [ "$(cgroup_mode)" != none ] ;;
	pids) [ "$(cgroup_mode)" = v1 ] || cgroup_detail | grep -q "pids yes" ;;
	tmpfs) can_mount_tmpfs ;;
	unshare) [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null ;;
	*) return 1 ;;
	esac
}

# Root may mount a tmpfs here (a container may refuse it).
can_mount_tmpfs() {
	[ "$(id -u)" -eq 0 ] || return 1
	_m=$(mktemp -d "$TRASH/tmpfs.XXXXXX") || return 1
	mount -t tmpfs -o size=4k tmpfs "$_m" 2>/dev/null || return 1
	umount "$_m" && rmdir "$_m"
}

# test_expect_success [PREREQ,...] TITLE COMMANDS
test_expect_success() {
	prereq=
	if [ $# -eq 3 ]; then
		prereq=$1
		shift
	fi
	n_tests=$((n_tests + 1))
	missing=
	for p in $(printf '%s' "$prereq" | tr ',' ' '); do
		test_have "$p" || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		n_skipped=$((n_skipped + 1))
		say "ok $n_tests # skip $1 (missing:$missing)"
		return
	fi
	rm -rf "$TRASH/w"
	mkdir -p "$TRASH/w"
	if (cd "$TRASH/w" && eval "$2") >"$TRASH/log" 2>&1; then
		n_passed=$((n_passed + 1))
		say "ok $n_tests - $1"
	else
		n_failed=$((n_failed + 1))
		say "not ok $n_tests - $1"
		sed 's/^/#	/' "$TRASH/log"
	fi
}

test_done() {
	say "1..$n_tests"
	say "$n_passed passed, $n_failed failed, $n_skipped skipped"
	[ "$n_failed" -eq 0 ]
	exit $?
}

vrun() {
	"$VERDICT" run --json "$@" >"$TRASH/out.json" 2>"$TRASH/err.txt" &
	last_pid=$!
	wait "$last_pid"
	vrun_rc=$?
	return 0
}

jv() {
	jq -r "$1" "$TRASH/out.json"
}

expect_eq() {
	if [ "$1" != "$2" ]; then
		say "expected '$2', got '$1' ${3:-}"
		[ -s "$TRASH/out.json" ] && jq -c '{verdict, compile: .compile.detail, tests: [.tests[] | {verdict, detail, stderr_head}]}' "$TRASH/out.json"
		[ -s "$TRASH/err.txt" ] && cat "$TRASH/err.txt"
		return 1
	fi
}

# Numeric comparison with awk: expect_cmp A OP B (OP one of < <= > >=).
expect_cmp() {
	if ! awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }"; then
		say "expected $1 $2 $3"
		return 1
	fi
}

sandbox_processes() {
	ps -eo uid= | awk -v b="$UID_BASE" '$1 >= b && $1 < b + 1024' | wc -l
}

no_survivors() {
	n=$(sandbox_processes)
	if [ "$n" -ne 0 ]; then
		say "$n sandbox processes survived:"
		ps -eo pid,uid,stat,args | awk -v b="$UID_BASE" '$2 >= b && $2 < b + 1024'
		return 1
	fi
	if [ -n "$last_pid" ]; then
		left=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "verdict-$last_pid-*" 2>/dev/null)
		if [ -n "$left" ]; then
			say "cgroups left behind: $left"
			return 1
		fi
	fi
}

# A run of FILE (with input "1 2" and expected "3") must end with VERDICT.
expect_verdict() {
	file=$1
	want=$2
	shift 2
	printf '1 2\n' >in.txt
	printf '3\n' >exp.txt
	vrun "$FIX/$file" --stdin in.txt --expect exp.txt "$@" &&
		expect_eq "$vrun_rc" 0 "(exit status)" &&
		expect_eq "$(jv .verdict)" "$want" "for $file" &&
		no_survivors
}
