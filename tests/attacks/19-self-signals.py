# attack: 19 Python: die by SIGTERM after a child dies by SIGHUP and another by SIGUSR1
# expect: RE
# args: --time-limit 1
import os
import signal

for s in (signal.SIGHUP, signal.SIGUSR1):
    pid = os.fork()
    if pid == 0:
        os.kill(os.getpid(), s)
    os.waitpid(pid, 0)
os.kill(os.getpid(), signal.SIGTERM)
