#!/bin/sh
# Runs a command alone in a fresh child group of $VD_V2_PARENT (prepared by
# v2-setup.sh), as a service manager with Delegate=yes would start verdict,
# and removes the group (and the engine's leaf) when the command ends.
d="$VD_V2_PARENT/job-$$"
mkdir "$d" || exit 3
sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$d" "$@"
rc=$?
find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
exit $rc
