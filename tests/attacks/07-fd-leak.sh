# attack: 7 shell: list open descriptors (inherited through sh's exec)
# expect: AC
# stdout: blocked
# args: --time-limit 1
# ls runs as a child of sh; only 0, 1, 2 and ls's own directory fd may
# show up.
extra=$(ls /proc/self/fd | awk '$1 > 3' | tr '\n' ' ')
if [ -z "$extra" ]; then echo blocked; else echo "ESCAPED: fds $extra"; fi
