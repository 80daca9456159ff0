#!/bin/sh
# Every header compiles on its own (it includes what it needs).
cd "$(dirname "$0")/.." || exit 1
cc=${CC:-gcc}
status=0
for h in include/verdict.h $(git ls-files 'src/lib/*.h' 'src/cli/*.h'); do
	if ! printf '#include "%s"\n' "$(basename "$h")" |
		$cc -std=c17 -D_GNU_SOURCE -Wall -Werror -fsyntax-only -x c - \
			-Iinclude -Isrc/lib -Isrc/cli 2>/tmp/verdict-hdr.$$; then
		echo "check-headers: $h is not self-contained:"
		head -n 5 /tmp/verdict-hdr.$$
		status=1
	fi
done
rm -f /tmp/verdict-hdr.$$
[ $status -eq 0 ] && echo "check-headers: clean"
exit $status
