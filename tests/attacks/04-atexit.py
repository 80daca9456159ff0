# attack: 4 Python: work hidden in atexit.register after the answer
# expect: TLE
# stdout: done
# args: --time-limit 1
# The answer is printed, then the interpreter's atexit handler spins: TLE.
import atexit, sys

def burn():
    while True:
        pass

atexit.register(burn)
print("done")
sys.stdout.flush()
