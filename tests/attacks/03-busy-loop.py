# attack: 3 Python CPU busy loop
# expect: TLE
# args: --time-limit 1
# Killed when the CPU counter passes 1 s: TLE.
x = 0
while True:
    x += 1
