# attack: 5,21 leave files in /tmp, /dev/shm, /var/tmp, /run/lock and exit
# expect: AC
# stdout: left
# args: --time-limit 1
# /tmp and /dev/shm are per-run tmpfs (gone in the next run: the battery's
# separate checker verifies it); /var/tmp and /run/lock do not exist in the
# read-only root, so those attempts fail quietly.
for d in /tmp /dev/shm /var/tmp /run/lock; do {
	echo "verdict-attack trace" > "$d/verdict-attack-left"
	mkdir -p "$d/verdict-attack-dir"
} 2>/dev/null; done
echo left
