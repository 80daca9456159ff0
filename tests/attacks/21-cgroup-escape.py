# attack: 21 raise its own limits: write memory.max / memory.limit_in_bytes, setrlimit up, move to another cgroup
# expect: AC
# stdout: blocked
# args: --time-limit 1 --memory-limit 64
# The box has no /sys (no cgroupfs); hard rlimits cannot be raised without
# privilege; /proc/self/cgroup shows only the namespace's root.
import os
import resource

hits = []
for p in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
          "/sys/fs/cgroup/cgroup.procs", "/sys/fs/cgroup/pids.max"):
    try:
        with open(p, "w") as f:
            f.write("max")
        hits.append(p)
    except OSError:
        pass
for r in (resource.RLIMIT_CPU, resource.RLIMIT_NPROC, resource.RLIMIT_FSIZE):
    soft, hard = resource.getrlimit(r)
    if hard != resource.RLIM_INFINITY:
        try:
            resource.setrlimit(r, (hard + 1, hard + 1))
            hits.append(f"rlimit {r}")
        except (ValueError, OSError):
            pass
with open("/proc/self/cgroup") as f:
    for line in f:
        if line.rstrip().split(":", 2)[2] not in ("/", ""):
            hits.append("cgroup path " + line.strip())
print("blocked" if not hits else " ".join(hits))
