# attack: 15 Python: unshare(CLONE_NEWUSER) through ctypes, then setns into pid 1's namespaces
# expect: AC
# stdout: blocked
# args: --time-limit 1
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
hits = []
if libc.unshare(0x10000000) == 0:
    hits.append("unshare")
for ns in ("user", "mnt", "net", "pid"):
    try:
        fd = os.open(f"/proc/1/ns/{ns}", os.O_RDONLY)
        if libc.setns(fd, 0) == 0:
            hits.append("setns " + ns)
    except OSError:
        pass
print("blocked" if not hits else " ".join(hits))
