# attack: 21 leave every trace a run can leave for the next run in the slot
# expect: AC
# stdout: polluted
# args: --time-limit 1
# Files in /tmp and /dev/shm, module state, builtins, environment, signal
# dispositions, a SysV segment, rlimits, the working directory and a
# detached process. The driver's slate check, run next in this slot,
# must find none of them.
import os

import ctypes, json, resource, signal, sys, builtins

for path in ("/tmp/verdict-attack-leak", "/dev/shm/verdict-attack-leak", "/tmp/leak", "/dev/shm/leak"):
    with open(path, "w") as f:
        f.write("x")
json.leak = 1
builtins.leak = 1
sys.modules["leak_module"] = sys
os.environ["LEAK"] = "1"
signal.signal(signal.SIGTERM, signal.SIG_IGN)
ctypes.CDLL(None).shmget(0x7664, 4096, 0o1666)
resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
os.chdir("/dev/shm")
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        import time
        while True:
            time.sleep(0.01)
    os._exit(0)
os.wait()
print("polluted")
