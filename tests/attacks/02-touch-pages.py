# attack: 2 Python: grow a list of touched bytearrays until the memory limit
# expect: MLE
# args: --time-limit 1 --memory-limit 64
# bytearray(n) is zero-filled, so every page is touched: OOM kill -> MLE.
blocks = []
while True:
    blocks.append(bytearray(1 << 20))
