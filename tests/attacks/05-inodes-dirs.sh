# attack: 5 shell: thousands of directories until the inodes run out
# expect: AC
# stdout: full
# args: --time-limit 1
# One mkdir with 10000 names (no fork per name): tmpfs runs out of its 4096
# inodes and mkdir reports ENOSPC; fewer than 4096 made means it held.
cd /tmp || exit 1
mkdir $(seq -f d%g 1 10000) 2>/dev/null
n=$(ls | wc -l)
echo "$n dirs" >&2
if [ "$n" -lt 4096 ]; then echo full; else echo "ESCAPED: $n dirs"; fi
