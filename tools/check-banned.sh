#!/bin/sh
# Fails if library, CLI or benchmark code calls a banned function (style.md).
cd "$(dirname "$0")/.." || exit 1
banned='strcpy|strcat|sprintf|vsprintf|strtok|gets|atoi|atol|system|popen|alloca'
hits=$(git ls-files 'src/*.c' 'src/*.h' 'bench/*.c' |
	xargs grep -nE "(^|[^_a-zA-Z0-9.>])($banned)[[:space:]]*\(" |
	grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
if [ -n "$hits" ]; then
	echo "$hits"
	echo "check-banned: banned functions used"
	exit 1
fi
echo "check-banned: clean"
