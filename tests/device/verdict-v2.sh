#!/bin/sh
# `verdict` started in a group of its own (see v2-wrap.sh).
exec "$(dirname "$0")/v2-wrap.sh" "$(cd "$(dirname "$0")/../.." && pwd)/build/gcc/verdict" "$@"
