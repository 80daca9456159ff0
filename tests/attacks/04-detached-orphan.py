# attack: 4 leave a detached, double-forked busy process behind and exit
# expect: AC
# stdout: done
# args: --time-limit 1
# The main process exits at once with the right answer; the grandchild is
# killed when the run ends and counted in leftover_processes (the run's CPU
# stays far below the limit, so AC). It must not survive into the next run.
import os, sys
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.closerange(0, 3)
        while True:
            pass
    os._exit(0)
os.wait()
print("done")
