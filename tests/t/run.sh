#!/bin/sh
# Runs every tests/t/t*.sh script and ends with "N passed, N failed" over all.
dir=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
skipped=0
status=0
for t in "$dir"/t[0-9]*.sh; do
	out=$(timeout -k 5 600 sh "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^ok ' | grep -v '^1\.\.' | sed "s|^|$(basename "$t"): |"
	line=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\2/p')
	s=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\3/p')
	if [ -z "$p" ]; then
		echo "$(basename "$t"): no summary line (exit $rc)"
		failed=$((failed + 1))
		status=1
		continue
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	[ "$rc" -eq 0 ] || status=1
done
echo "integration: $passed passed, $failed failed, $skipped skipped"
[ -n "${VD_SUMMARY:-}" ] && echo "$passed $failed" >>"$VD_SUMMARY"
exit $status
