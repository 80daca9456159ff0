# attack: 14 setuid/setgid binaries and file capabilities (su, mount, ping) in the box
# expect: AC
# stdout: no privileges
# args: --time-limit 1
# Every mount is nosuid and no_new_privs is set: a setuid or capability
# binary runs with the caller's (empty) privileges.
import os
import subprocess

status = {}
with open("/proc/self/status") as f:
    for line in f:
        k, _, v = line.partition(":")
        status[k] = v.strip()
bad = []
if status.get("NoNewPrivs") != "1":
    bad.append("no_new_privs off")
for k in ("CapEff", "CapPrm", "CapInh", "CapAmb"):
    if int(status[k], 16):
        bad.append(k)
for d in ("/usr/bin", "/usr/sbin"):
    for name in os.listdir(d):
        p = os.path.join(d, name)
        try:
            st = os.stat(p)
        except OSError:
            continue
        if st.st_mode & 0o6000 and not (os.statvfs(p).f_flag & os.ST_NOSUID):
            bad.append("setuid on a suid mount: " + p)
for prog in (["/usr/bin/su", "-c", "id -u"], ["/usr/bin/newgrp"],
             ["/usr/bin/mount", "-t", "tmpfs", "x", "/tmp"]):
    if os.path.exists(prog[0]):
        try:
            r = subprocess.run(prog, capture_output=True, timeout=0.3,
                               stdin=subprocess.DEVNULL)
            if r.returncode == 0:
                bad.append("ran " + prog[0])
        except (OSError, subprocess.TimeoutExpired):
            pass
if os.geteuid() == 0:
    bad.append("root")
print("no privileges" if not bad else " ".join(bad))
