# attack: 10 /dev/shm and /tmp as a channel: look for the host's files and other boxes' files
# expect: AC
# stdout: empty
# args: --time-limit 1
# The driver leaves a file in the host's /dev/shm; the box has its own
# /dev/shm, and its /tmp holds only its own program.
if [ -z "$(ls -A /dev/shm)" ] && [ "$(ls -A /tmp)" = main.py ]; then echo empty; else ls -A /dev/shm /tmp; fi
