# attack: 10 abstract AF_UNIX sockets: reach the host's (the driver listens on one) and leave one for the next box
# expect: AC
# stdout: blocked
# args: --time-limit 1
# Abstract names belong to the network namespace: the box has its own.
import socket

reached = []
for name in ("verdict-battery-host", "verdict-attack-box"):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect("\0" + name)
        reached.append(name)
    except OSError:
        pass
    s.close()
# leave a listener; the next run (another namespace) cannot reach it
left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
left.bind("\0verdict-attack-box")
left.listen(1)
print("blocked" if not reached else "reached " + " ".join(reached))
