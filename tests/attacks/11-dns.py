# attack: 11 DNS resolution and UDP out to a public resolver
# expect: AC
# stdout: blocked
# args: --time-limit 1
import socket

ok = []
try:
    socket.getaddrinfo("example.com", 80)
    ok.append("getaddrinfo")
except OSError:
    pass
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"\0" * 12, ("8.8.8.8", 53))
    ok.append("udp send")
except OSError:
    pass
print("blocked" if not ok else " ".join(ok))
