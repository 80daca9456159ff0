# attack: 3 busy child processes while the parent only waits
# expect: TLE
# args: --time-limit 1
# The parent uses no CPU itself; its 3 children burn it. CPU time is
# summed over every process of the run: TLE.
import os
for _ in range(3):
    if os.fork() == 0:
        while True:
            pass
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
