# attack: 13 write everywhere outside /tmp: /, /usr, /etc, /proc/sys, /proc/sysrq-trigger
# expect: AC
# stdout: blocked
# args: --time-limit 1
import os

written = []
for p in ("/verdict-attack", "/usr/verdict-attack", "/etc/verdict-attack",
          "/usr/lib/python3/dist-packages/verdict_attack.py",
          "/proc/sys/kernel/hostname", "/proc/sysrq-trigger",
          "/proc/sys/vm/drop_caches", "/proc/self/oom_score_adj"):
    try:
        with open(p, "w") as f:
            f.write("1000" if p.endswith("adj") else "x")
        if not p.endswith("oom_score_adj"):
            written.append(p)
    except OSError:
        pass
print("blocked" if not written else "wrote " + " ".join(written))
