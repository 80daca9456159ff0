# attack: 1 Python fork bomb: os.fork() in a loop
# expect: RE
# args: --time-limit 1 --processes 16
# Refused forks raise BlockingIOError, which is ignored so the bomb keeps
# trying; the pids limit bounds it and the run ends RE "process limit".
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
