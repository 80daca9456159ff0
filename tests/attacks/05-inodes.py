# attack: 5 create empty files until the inodes run out ("millions of inodes")
# expect: AC
# stdout: full
# args: --time-limit 1
# /tmp has 4096 inodes: os.open fails with ENOSPC after ~4096 files, long
# before the host's inode table feels anything.
import errno, os
n = 0
try:
    while n < 2000000:
        os.close(os.open("/tmp/i%d" % n, os.O_CREAT | os.O_WRONLY, 0o600))
        n += 1
    print("ESCAPED: %d inodes" % n)
except OSError as e:
    import sys
    print(n, "files, then", e, file=sys.stderr)
    print("full" if e.errno in (errno.ENOSPC, errno.EDQUOT) else "ESCAPED: " + str(e))
