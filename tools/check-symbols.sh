#!/bin/sh
# libverdict.so exports exactly the VD_API functions of include/verdict.h.
cd "$(dirname "$0")/.." || exit 1
so=${1:?usage: check-symbols.sh libverdict.so}
want=$(grep -A3 '^VD_API' include/verdict.h | tr '\n' ' ' |
	grep -oE '\bvd_[a-z0-9_]+[[:space:]]*\(' | tr -d ' (' | sort -u)
have=$(nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' | sort -u)
if [ "$want" != "$have" ]; then
	echo "check-symbols: exported symbols differ from verdict.h:"
	printf '%s\n' "$want" >/tmp/verdict-want.$$
	printf '%s\n' "$have" >/tmp/verdict-have.$$
	diff /tmp/verdict-want.$$ /tmp/verdict-have.$$ | sed 's/^</  declared only:/; s/^>/  exported only:/' | grep -v '^[0-9]'
	rm -f /tmp/verdict-want.$$ /tmp/verdict-have.$$
	exit 1
fi
echo "check-symbols: $(printf '%s\n' "$have" | wc -l) exported functions, all declared VD_API"
