# attack: 17 Python: find a terminal (stdin, /dev/tty, /dev/pts, /dev/console) and open a new pty
# expect: AC
# stdout: no tty
# args: --time-limit 1
import os

found = []
for fd in (0, 1, 2):
    if os.isatty(fd):
        found.append(f"fd {fd}")
for p in ("/dev/tty", "/dev/console", "/dev/pts/0", "/dev/tty0", "/dev/ptmx"):
    try:
        fd = os.open(p, os.O_RDWR | os.O_NOCTTY)
        found.append(p)
        os.close(fd)
    except OSError:
        pass
print("no tty" if not found else " ".join(found))
