# attack: 18,21 Python: write a module, sitecustomize.py and a .pth into /tmp and import them
# expect: AC
# stdout: imported
# args: --time-limit 1
# It may: /tmp is the run's own. The next run in the slot (a fresh /tmp, and
# with the zygote a fresh fork) must not import any of it: the driver's
# slate check runs right after.
import importlib
import os
import sys

with open("/tmp/verdict_attack_mod.py", "w") as f:
    f.write("VALUE = 42\n")
for name in ("sitecustomize.py", "usercustomize.py"):
    with open("/tmp/" + name, "w") as f:
        f.write("import builtins\nbuiltins.leak = 1\n")
with open("/tmp/verdict-attack.pth", "w") as f:
    f.write("import builtins; builtins.leak = 1\n")
sys.path.insert(0, "/tmp")
importlib.invalidate_caches()
import verdict_attack_mod

print("imported" if verdict_attack_mod.VALUE == 42 else "failed")
