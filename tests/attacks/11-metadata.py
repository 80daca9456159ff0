# attack: 11 cloud metadata service 169.254.169.254 (SSRF, Judge0 CVE-2024-29021)
# expect: AC
# stdout: blocked
# args: --time-limit 1
import socket

try:
    s = socket.create_connection(("169.254.169.254", 80), timeout=0.3)
    s.sendall(b"GET /latest/meta-data/ HTTP/1.0\r\n\r\n")
    print("connected", s.recv(100))
except OSError:
    print("blocked")
