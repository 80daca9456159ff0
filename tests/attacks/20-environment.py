# attack: 20 Python (zygote child): the environment, HOME caches and the interpreter's own settings
# expect: AC
# stdout: clean
# args: --time-limit 1
import os
import sys

bad = []
for k, v in os.environ.items():
    if k.startswith(("LD_", "VD_", "VERDICT")) or "VDSEC" in v:
        bad.append(k)
home = os.environ.get("HOME", "")
if home not in ("/tmp", ""):
    bad.append("HOME=" + home)
for p in ("/root", os.path.expanduser("~/.cache"), os.path.expanduser("~/.local")):
    if os.path.exists(p):
        bad.append(p)
if any(p.startswith(("/root", "/home", "/work")) for p in sys.path):
    bad.append("sys.path")
print("clean" if not bad else " ".join(bad))
