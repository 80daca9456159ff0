# attack: 11 Python: the judge's port on 127.0.0.1 and ::1, then a local server of its own
# expect: AC
# stdout: blocked
# args: --time-limit 1
# stdin: {port}
import socket
import sys

port = int(sys.stdin.read())
reached = []
for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    try:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(0.2)
        s.connect((host, port))
        reached.append(host)
    except OSError:
        pass
print("blocked" if not reached else "reached " + " ".join(reached))
