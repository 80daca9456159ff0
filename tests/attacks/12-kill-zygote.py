# attack: 12 Python: kill the zygote it was forked from (its parent), pid 1 and every pid
# expect: AC
# stdout: done
# args: --time-limit 1
# The zygote runs under another uid (and is not dumpable): EPERM. The next
# run in this slot must start as fast as before (the driver checks).
import os
import signal

hits = 0
for pid in [os.getppid(), 1] + list(range(2, 200)):
    if pid == os.getpid():
        continue
    try:
        os.kill(pid, signal.SIGKILL)
        hits += 1
    except OSError:
        pass
print("done")
