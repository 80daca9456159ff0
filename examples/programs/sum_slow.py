# Correct, but wastes time on every test: exceeds a 1 s CPU limit.
import sys
data = sys.stdin.read().split()
n = int(data[0])
total = 0
for _ in range(30_000_000):
    total += 1
print(sum(map(int, data[1:1 + n])))
