#!/bin/sh
# For a cgroup v2 host where the command runs in a group shared with its
# own launcher processes (the lent device machine): move this command's
# process tree (every process of the current group, which is this
# command's) into a sibling leaf, so that the group may delegate its
# controllers to child groups. Prints the group; everything stays below it.
set -eu
E=/sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup | head -n 1)
mkdir -p "$E/launcher"
for p in $(cat "$E/cgroup.procs"); do
	echo "$p" >"$E/launcher/cgroup.procs" 2>/dev/null || true
done
for c in memory pids cpu; do
	grep -qw "$c" "$E/cgroup.controllers" &&
		echo "+$c" >"$E/cgroup.subtree_control" || true
done
echo "$E"
