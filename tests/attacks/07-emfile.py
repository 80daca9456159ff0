# attack: 7 Python: sockets, pipes and files until EMFILE
# expect: AC
# stdout: blocked
# args: --time-limit 1
# The 256-descriptor limit holds for every kind of descriptor.
import errno, os, socket, sys
keep = []
try:
    while len(keep) < 100000:
        keep.append(os.pipe())
        keep.append(socket.socketpair())
        keep.append(open("/dev/null"))
except OSError as e:
    n = len(os.listdir("/proc/self/fd")) if e.errno != errno.EMFILE else -1
    print(len(keep), "objects, then", e, file=sys.stderr)
    print("blocked" if e.errno == errno.EMFILE else "ESCAPED: " + str(e))
else:
    print("ESCAPED: no EMFILE")
