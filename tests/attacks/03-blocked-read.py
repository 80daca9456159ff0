# attack: 3 block forever in read() on a pipe nobody writes to
# expect: TLE
# args: --time-limit 0.5
# The judge's stdin is a file (EOF at once), so the program makes its own
# pipe, keeps the write end open and reads: no CPU, wall backstop -> TLE.
import os
r, w = os.pipe()
os.read(r, 1)
