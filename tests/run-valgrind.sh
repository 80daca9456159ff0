#!/bin/sh
# Runs every unit-test program in DIR under valgrind's memcheck (errors and
# definite or indirect leaks fail the program) and ends with one line
# "valgrind: N passed, N failed". Programs that build a seccomp filter
# cannot run there: valgrind does not emulate seccomp(2) (syscall 317), so
# libseccomp refuses to build the filter. They are named, with that reason,
# and run under ASan+UBSan in `make check` instead.
dir=${1:?usage: run-valgrind.sh DIR}
needs_seccomp="t-api t-attacks t-filter t-sandbox"
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: not installed (scripts/install-deps.sh installs it)"
	[ -n "${VD_SUMMARY:-}" ] && echo "0 1" >>"$VD_SUMMARY"
	exit 1
fi
passed=0
failed=0
for t in "$dir"/t-*; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] || continue
	name=$(basename "$t")
	case " $needs_seccomp " in
	*" $name "*)
		echo "$name: skipped under valgrind: it builds a seccomp filter and valgrind does not emulate seccomp(2)"
		continue
		;;
	esac
	out=$(timeout -k 5 600 valgrind -q --error-exitcode=99 \
		--leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect "$t" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		printf '%s\n' "$out" | grep -v '^ok ' | sed "s|^|$name: |" | head -n 60
		echo "$name: valgrind exit $rc"
	fi
done
echo "valgrind: $passed passed, $failed failed"
[ -n "${VD_SUMMARY:-}" ] && echo "$passed $failed" >>"$VD_SUMMARY"
[ "$failed" -eq 0 ]
