# attack: 6 Python writes random bytes (all 256 values) to stdout and stderr
# expect: AC
# args: --time-limit 1
# Nothing checked: AC, and the JSON report must stay valid.
import os, sys
data = bytes(range(256)) * 64 + os.urandom(4096)
sys.stdout.buffer.write(data)
sys.stderr.buffer.write(data)
