#!/bin/sh
# Runs the Python test suites (python/tests) with Debian's interpreter and
# adds "passed failed" to $VD_SUMMARY like the other suites.
cd "$(dirname "$0")/.." || exit 1
out=$(/usr/bin/python3 -m pytest -q -p no:cacheprovider python/tests 2>&1)
rc=$?
printf '%s\n' "$out" | grep -vE '^\.+ *\[|^$' | tail -n 15
last=$(printf '%s\n' "$out" | tail -n 1)
passed=$(printf '%s' "$last" | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^passed/) n += $(i - 1) } END { print n + 0 }')
failed=$(printf '%s' "$last" | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^(failed|error)/) n += $(i - 1) } END { print n + 0 }')
passed=${passed:-0}
failed=${failed:-0}
[ "$rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "python: $passed passed, $failed failed"
[ -n "${VD_SUMMARY:-}" ] && echo "$passed $failed" >>"$VD_SUMMARY"
[ "$rc" -eq 0 ]
