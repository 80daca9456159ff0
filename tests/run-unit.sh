#!/bin/sh
# Runs every unit-test program in DIR, each in its own process with a
# timeout, and ends with one line "N passed, N failed" over all of them.
dir=${1:?usage: run-unit.sh DIR}
timeout_s=${VD_UNIT_TIMEOUT:-300}
passed=0
failed=0
for t in "$dir"/t-*; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] || continue
	# VD_TEST_WRAPPER (tests/device/v2-wrap.sh) starts each program in a
	# cgroup of its own on hosts that need it.
	limit=$timeout_s
	# The attack battery judges some hundred hostile programs.
	case "$t" in */t-attacks) limit=$((timeout_s * 3)) ;; esac
	out=$(timeout -k 5 "$limit" ${VD_TEST_WRAPPER:-} "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^ok ' | grep -v '^1\.\.' | sed "s|^|$(basename "$t"): |"
	line=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		echo "$(basename "$t"): no summary line (exit $rc): crashed or timed out"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$(basename "$t"): exit $rc"
		failed=$((failed + 1))
	fi
done
echo "unit: $passed passed, $failed failed"
[ -n "${VD_SUMMARY:-}" ] && echo "$passed $failed" >>"$VD_SUMMARY"
[ "$failed" -eq 0 ]
