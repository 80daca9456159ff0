#!/bin/sh
test_description='faults: SIGKILL and resume, read-only and full folders, no toolchain'
. "$(dirname "$0")/test-lib.sh"

EV=$TOP/tests/fixtures/eval
DEMO=$TOP/examples/demo
# tmpfs mounts of the tests live here (outside the per-test folder, which
# test-lib removes before each test), and are unmounted on exit before
# test-lib's trap would remove the trash.
MNT=$TRASH/mnt

cleanup() {
	awk -v t="$TRASH/" 'index($2, t) == 1 { print $2 }' /proc/mounts |
		sort -r | while read -r m; do umount -l "$m"; done
	rm -rf "$TRASH"
}
trap cleanup EXIT

# mnt NAME OPTIONS: a fresh tmpfs at $MNT/NAME
mnt() {
	mkdir -p "$MNT/$1" && mount -t tmpfs -o "$2" tmpfs "$MNT/$1"
}

# fill DIR: writes zeros into DIR/fill until its file system is full
fill() {
	dd if=/dev/zero of="$1/fill" bs=4k >/dev/null 2>&1
	[ -s "$1/fill" ] && [ "$(df -k "$1" | awk 'NR == 2 { print $4 }')" -eq 0 ]
}

# demo CACHE ARGS...: the demo benchmark (93 samples of every verdict,
# some 15 s on 2 CPUs), native results
demo() {
	_cache=$1
	shift
	"$VERDICT" evaluate --cache-dir "$_cache" --parallel 2 \
		--problems "$DEMO/problems.jsonl" --samples "$DEMO/samples.jsonl" \
		--format native "$@"
}

# tiny CACHE ARGS...: the 8 samples of the EvalPlus fixture (about 2 s)
tiny() {
	_cache=$1
	shift
	"$VERDICT" evaluate --cache-dir "$_cache" --parallel 2 \
		--problems "$EV/tiny_plus.jsonl" --samples "$EV/tiny_samples.jsonl" \
		--min-time-limit 0.5 "$@"
}

# verdicts FILE: a native result file as sorted "task#index=VERDICT" lines
verdicts() {
	jq -r '"\(.task_id)#\(.sample_id)=\(.verdict)"' "$1" | sort
}

# whole FILE N: FILE is a whole native result file of N samples
whole() {
	[ "$(wc -l <"$1")" -eq "$2" ] &&
		jq -e -s "length == $2 and all(.[]; .verdict != null and .code_sha256 != null)" \
			"$1" >/dev/null
}

# cached PROGRESS: samples reused from the store, from the last JSONL line
cached() {
	grep '"samples"' "$1" | tail -n 1 | jq .cached
}

# store_check DIR: SQLite's integrity check of the store in DIR, read-only
# (a write-ahead log left by a kill stays as it is); prints its row count
store_check() {
	python3 -c '
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
ok = db.execute("pragma integrity_check").fetchone()[0]
print(db.execute("select count(*) from results").fetchone()[0])
sys.exit(ok != "ok")' "$1/results.sqlite"
}

# settled: no sandbox process is left (killed engines' boxes die with
# their keeper; allow them a moment)
settled() {
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		[ "$(sandbox_processes)" -eq 0 ] && return 0
		sleep 0.5
	done
	no_survivors
}

# without_usr_bin ARGS...: verdict ARGS in a mount namespace of its own
# whose /usr/bin (and so /bin) is an empty tmpfs: no compiler, no Python
without_usr_bin() {
	unshare -m --propagation private sh -c \
		'mount -t tmpfs -o size=64k,mode=0755 tmpfs /usr/bin && exec "$@"' \
		sh "$VERDICT" "$@"
}

test_expect_success root,jq,python 'an uninterrupted run: the reference verdicts' '
	demo "$TRASH/ref" --progress none --output-file ref.jsonl >/dev/null 2>err &&
	whole ref.jsonl 93 && verdicts ref.jsonl >"$TRASH/want" &&
	awk -F"\t" "{ print \$1 \"#\" \$2 \"=\" \$3 }" "$DEMO/expected.tsv" | sort >designed &&
	diff designed "$TRASH/want"
'

# SIGKILL at random points of start-up, the expected outputs and the
# samples: each kill leaves no result file or a whole one, an intact store
# that only grows and no sandboxed process; the run that finally completes
# reuses the stored results, gives the verdicts of the uninterrupted run
# and sweeps the killed runs' cgroups. verdict is started directly, not
# through a function, so that $! is its own pid, not a subshell's.
test_expect_success root,jq,python 'SIGKILL at random points, then resumed: same verdicts' '
	test -s "$TRASH/want" || exit 1
	rows=0 killed=
	set -- evaluate --cache-dir "$TRASH/kill" --parallel 2 --progress none \
		--problems "$DEMO/problems.jsonl" --samples "$DEMO/samples.jsonl" \
		--format native --output-file r.jsonl
	for d in $(awk -v s="$$" "BEGIN { srand(s); split(\"0.1 0.7 1.5 2.5 4 5.5\", b);
		for (i = 1; i <= 6; i++) printf \"%.2f \", b[i] + rand() * 0.6 }"); do
		"$VERDICT" "$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$d"
		kill -9 $pid 2>/dev/null
		wait $pid
		rc=$?
		say "# SIGKILL after $d s: exit $rc"
		[ $rc -eq 137 ] && killed="$killed $pid"
		if [ -e r.jsonl ] && ! whole r.jsonl 93; then
			say "a partial result file after a kill at $d s:"
			tail -c 300 r.jsonl
			exit 1
		fi
		if [ -e "$TRASH/kill/results.sqlite" ]; then
			n=$(store_check "$TRASH/kill") || { say "store corrupt after a kill at $d s"; exit 1; }
			expect_cmp "$n" ">=" "$rows" || exit 1
			rows=$n
		fi
		settled || exit 1
	done
	test -n "$killed" || { say "no run was killed"; exit 1; }
	demo "$TRASH/kill" --progress jsonl --output-file r.jsonl >/dev/null 2>progress || exit 1
	say "# $(cached progress) of 93 samples came from the store ($rows rows)"
	expect_cmp "$(cached progress)" ">" 0 && whole r.jsonl 93 &&
	verdicts r.jsonl >got && diff "$TRASH/want" got &&
	store_check "$TRASH/kill" >/dev/null && no_survivors || exit 1
	cp r.jsonl "$TRASH/final.jsonl"
	for pid in $killed; do
		left=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "verdict-$pid-*" 2>/dev/null)
		test -z "$left" || { say "cgroups of a killed run were not swept: $left"; exit 1; }
	done
'

test_expect_success root,jq,python 'a re-run killed never leaves a partial file in place of a whole one' '
	test -s "$TRASH/final.jsonl" || exit 1
	cp "$TRASH/final.jsonl" r.jsonl
	set -- evaluate --cache-dir "$TRASH/kill" --parallel 2 --progress none \
		--problems "$DEMO/problems.jsonl" --samples "$DEMO/samples.jsonl" \
		--format native --output-file r.jsonl --no-cache
	for d in 0.5 2 4; do
		"$VERDICT" "$@" >/dev/null 2>&1 &
		pid=$!
		sleep $d
		kill -9 $pid 2>/dev/null
		wait $pid
		rc=$?
		say "# SIGKILL after $d s: exit $rc"
		if [ $rc -eq 137 ]; then
			cmp r.jsonl "$TRASH/final.jsonl" || exit 1
		else
			whole r.jsonl 93 || exit 1
		fi
		settled || exit 1
	done
	store_check "$TRASH/kill" >/dev/null
'

test_expect_success root,jq,python,tmpfs 'a read-only results folder: a clear error, nothing done is lost' '
	mnt ro size=1m,ro || exit 1
	tiny "$TRASH/ro" --progress none --output-file "$MNT/ro/r.json" >/dev/null 2>err
	rc=$?
	cat err
	expect_eq "$rc" 3 && grep -F "$MNT/ro/r.json" err | grep -q "Read-only file system" &&
	expect_eq "$(ls -A "$MNT/ro")" "" &&
	tiny "$TRASH/ro" --progress jsonl --output-file r.json >/dev/null 2>progress &&
	expect_eq "$(cached progress)" 8 && jq -e ".eval | length == 3" r.json >/dev/null &&
	umount "$MNT/ro"
'

test_expect_success root,jq,python,tmpfs 'a full results folder: a clear error, nothing done is lost' '
	mnt full size=64k && fill "$MNT/full" || exit 1
	tiny "$TRASH/full" --progress none --output-file "$MNT/full/r.json" >/dev/null 2>err
	rc=$?
	cat err
	expect_eq "$rc" 3 && grep -F "$MNT/full/r.json" err | grep -q "No space left on device" &&
	expect_eq "$(ls -A "$MNT/full")" fill &&
	tiny "$TRASH/full" --progress jsonl --output-file r.json >/dev/null 2>progress &&
	expect_eq "$(cached progress)" 8 && jq -e ".eval | length == 3" r.json >/dev/null &&
	umount "$MNT/full"
'

# Room for a fifth of the file: the write fails half way; the results file
# of an earlier run is still there, whole, and nothing else is.
test_expect_success root,jq,python,tmpfs 'a folder that fills up while writing keeps the old file whole' '
	mnt part size=64k || exit 1
	printf "{\"task_id\": \"old\", \"sample_id\": 0, \"verdict\": \"AC\", \"code_sha256\": \"0\"}\n" >old.jsonl
	cp old.jsonl "$MNT/part/r.jsonl" &&
	dd if=/dev/zero of="$MNT/part/pad" bs=4k count=2 2>/dev/null &&
	fill "$MNT/part" && rm "$MNT/part/pad" || exit 1
	demo "$TRASH/ref" --progress none --output-file "$MNT/part/r.jsonl" >/dev/null 2>err
	rc=$?
	cat err
	expect_eq "$rc" 3 && grep -F "$MNT/part/r.jsonl" err | grep -q "No space left on device" &&
	cmp old.jsonl "$MNT/part/r.jsonl" &&
	expect_eq "$(ls -A "$MNT/part" | tr "\n" " ")" "fill r.jsonl " &&
	umount "$MNT/part"
'

# The store fills up mid-run: the run stops with an error naming the
# store; with room again, the next run reuses what was stored.
test_expect_success root,jq,python,tmpfs 'a full cache folder: a clear error, then a resumed run' '
	test -s "$TRASH/want" || exit 1
	mnt cache size=128k || exit 1
	demo "$MNT/cache" --progress none --output-file r.jsonl >/dev/null 2>err
	rc=$?
	cat err
	expect_cmp "$rc" ">" 0 &&
	grep -F "$MNT/cache/results.sqlite" err | grep -q "disk is full" &&
	test ! -e r.jsonl && settled &&
	mount -o remount,size=64m "$MNT/cache" &&
	store_check "$MNT/cache" >/dev/null &&
	demo "$MNT/cache" --progress jsonl --output-file r.jsonl >/dev/null 2>progress &&
	say "# $(cached progress) of 93 samples came from the store" &&
	expect_cmp "$(cached progress)" ">" 0 && whole r.jsonl 93 &&
	verdicts r.jsonl >got && diff "$TRASH/want" got &&
	store_check "$MNT/cache" >/dev/null && umount "$MNT/cache"
'

test_expect_success root,jq,unshare 'no compiler: SE naming it, never a program verdict' '
	printf "1 2\n" >in.txt && printf "3\n" >exp.txt || exit 1
	for l in c:ok.c:gcc cpp:ok.cpp:g++; do
		lang=${l%%:*} rest=${l#*:}
		without_usr_bin run --json --lang "$lang" "$FIX/${rest%%:*}" \
			--stdin in.txt --expect exp.txt >"$TRASH/out.json" 2>"$TRASH/err.txt"
		rc=$?
		expect_eq "$rc" 3 "(exit status, $lang)" &&
		expect_eq "$(jv .verdict)" SE &&
		expect_eq "$(jv .compile.verdict)" SE &&
		jv .compile.detail | grep -qF "/usr/bin/${rest#*:}" &&
		expect_eq "$(jv "[.tests[] | select(.verdict != null)] | length")" 0 || exit 1
	done
	no_survivors
'

test_expect_success root,jq,unshare 'no Python: SE naming it, never a program verdict' '
	printf "1 2\n" >in.txt && printf "3\n" >exp.txt || exit 1
	for mode in zygote fresh; do
		without_usr_bin run --json --lang python --python-start "$mode" "$FIX/ok.py" \
			--stdin in.txt --expect exp.txt >"$TRASH/out.json" 2>"$TRASH/err.txt"
		rc=$?
		expect_eq "$rc" 3 "(exit status, $mode)" &&
		expect_eq "$(jv .verdict)" SE &&
		expect_eq "$(jv "[.tests[] | .verdict] | unique | join(\",\")")" SE &&
		jv ".tests[0].detail" | grep -qF /usr/bin/python3 || exit 1
	done
	without_usr_bin evaluate --cache-dir "$TRASH/nopy" --progress none --parallel 2 \
		--problems "$EV/tiny_plus.jsonl" --samples "$EV/tiny_samples.jsonl" \
		--min-time-limit 0.5 --format native --output-file n.jsonl >/dev/null 2>err
	expect_eq $? 3 "(evaluate exit status: the judge failed)" &&
	grep -q "samples are SE (the sandbox failed" err &&
	expect_eq "$(jq -r .verdict n.jsonl | sort -u)" SE &&
	expect_eq "$(jq -r .detail n.jsonl | grep -cvF /usr/bin/python3)" 0 &&
	no_survivors
'
test_done
