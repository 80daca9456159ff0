# attack: 12 read and write the parent's memory through /proc/PID/mem and map_files
# expect: AC
# stdout: blocked
# args: --time-limit 1
import os

hits = []
for pid in (os.getppid(), 1):
    for name in ("mem", "maps", "environ", "stack", "syscall"):
        try:
            with open(f"/proc/{pid}/{name}", "rb") as f:
                if f.read(16):
                    hits.append(f"{pid}/{name}")
        except OSError:
            pass
    try:
        os.listdir(f"/proc/{pid}/map_files")
        hits.append(f"{pid}/map_files")
    except OSError:
        pass
print("blocked" if not hits else "read " + " ".join(hits))
