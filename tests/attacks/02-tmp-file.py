# attack: 2 memory hidden in a /tmp file (the run's tmpfs, charged as shmem)
# expect: MLE
# args: --time-limit 1 --memory-limit 32
# 48 MiB of file data on the 64 MiB /tmp tmpfs counts against the run's
# 32 MiB memory limit: the write is OOM-killed -> MLE.
block = b"x" * (1 << 20)
with open("/tmp/verdict-attack-mem", "wb") as f:
    for _ in range(48):
        f.write(block)
        f.flush()
print("wrote 48 MiB to /tmp")
