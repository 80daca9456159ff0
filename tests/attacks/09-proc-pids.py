# attack: 9 /proc snooping: list every process, read its status and command line
# expect: AC
# stdout: only mine
# args: --time-limit 1
# A fresh pid namespace with proc mounted hidepid=invisible: every pid the
# box can see runs under the box's own uid.
import os

me = os.getuid()
others = []
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("Uid:"):
                    if int(line.split()[1]) != me:
                        others.append(pid)
    except OSError:
        pass
# the host's init is not pid 1 here
try:
    with open("/proc/1/cmdline", "rb") as f:
        if b"systemd" in f.read() or b"init" in f.read():
            others.append("host init")
except OSError:
    pass
print("only mine" if not others else "others " + " ".join(others))
