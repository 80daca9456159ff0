# attack: 8,9,20 hunt for the judge's secrets: /proc/*/environ, cmdline, fd, cwd, root, every readable file outside /usr
# expect: AC
# stdout: none
# args: --time-limit 4
# The battery driver puts a marker (VDSEC, RET-, random digits) in its own environment,
# in a host file under /tmp and /dev/shm, and in the tests of a concurrent
# run of another engine. Nothing in the box may show it. The needle is
# assembled at run time so that this source does not match itself.
import os

NEEDLE = ("VDSEC" + "RET-").encode()
found = []
me = str(os.getpid())


def look(path, data):
    if NEEDLE in data:
        found.append(path)


def read(path, limit=1 << 20):
    try:
        with open(path, "rb") as f:
            return f.read(limit)
    except OSError:
        return b""


for pid in os.listdir("/proc"):
    if not pid.isdigit() or pid == me:
        continue
    for name in ("environ", "cmdline", "mountinfo", "status"):
        look(f"/proc/{pid}/{name}", read(f"/proc/{pid}/{name}"))
    for name in ("cwd", "root", "exe"):
        try:
            target = os.readlink(f"/proc/{pid}/{name}")
            look(f"/proc/{pid}/{name}", target.encode())
        except OSError:
            pass
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            look(f"/proc/{pid}/fd/{fd}", read(f"/proc/{pid}/fd/{fd}", 1 << 16))
    except OSError:
        pass

look("environ", b"\n".join(k.encode() + b"=" + v.encode() for k, v in os.environ.items()))

# Every file the box can read, except the toolchains' /usr and /proc, /sys.
for top in os.listdir("/"):
    if top in ("usr", "proc", "sys", "bin", "lib", "lib32", "lib64", "sbin"):
        continue
    for root, dirs, files in os.walk("/" + top):
        for f in files:
            p = os.path.join(root, f)
            if p.startswith("/dev/") and f in ("zero", "random", "urandom", "full"):
                continue
            look(p, read(p))

# Paths where a judge keeps its data on the host.
for p in ("/work", "/root", "/home", "/var/lib/verdict", "/run/verdict", "/srv"):
    if os.path.exists(p):
        found.append("exists " + p)

print("none" if not found else "found " + " ".join(found))
