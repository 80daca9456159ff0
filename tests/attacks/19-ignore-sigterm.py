# attack: 19 Python: ignore SIGTERM, SIGINT, SIGHUP, SIGXCPU and sleep
# expect: TLE
# args: --time-limit 0.5
import signal
import time

for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU,
          signal.SIGUSR1, signal.SIGALRM):
    signal.signal(s, signal.SIG_IGN)
while True:
    time.sleep(1)
