#!/bin/sh
# The main job on the bundled examples: judge each example program against
# examples/programs/tests in the sandbox and print the verdicts.
set -eu
cd "$(dirname "$0")/.."
V=${VERDICT:-bin/verdict}
echo "== verdict doctor"
"$V" doctor
for f in examples/programs/sum.c examples/programs/sum.cpp \
	examples/programs/sum.py examples/programs/sum_wrong.py \
	examples/programs/sum_slow.py examples/programs/sum_crash.c; do
	echo
	echo "== verdict run $f --tests examples/programs/tests --time-limit 1"
	"$V" run "$f" --tests examples/programs/tests --time-limit 1
done
