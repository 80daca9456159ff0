# attack: 7 Python (zygote child): look for descriptors inherited from the
# judge or the zygote (control socket, harness pipes)
# expect: AC
# stdout: blocked
# args: --time-limit 1
# Only 0, 1, 2 and the descriptor os.listdir uses may be open.
import os
leaks = []
for name in os.listdir("/proc/self/fd"):
    fd = int(name)
    if fd <= 2:
        continue
    try:
        leaks.append("%d -> %s" % (fd, os.readlink("/proc/self/fd/%d" % fd)))
    except OSError:
        pass  # the listing's own descriptor, already closed
print("ESCAPED: " + ", ".join(leaks) if leaks else "blocked")
