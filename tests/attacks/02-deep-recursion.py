# attack: 2 Python deep recursion with the recursion limit lifted
# expect: MLE|RE
# args: --time-limit 1 --memory-limit 64
# sys.setrecursionlimit(10**9): CPython 3.11 keeps frames on a heap-allocated
# data stack and the C stack grows too, both charged to the cgroup; which of
# the OOM kill (MLE, what this host gives) and SIGSEGV on RLIMIT_STACK (=
# memory limit, RE) comes first depends on the interpreter's memory layout.
import sys
sys.setrecursionlimit(10**9)

def f(n):
    return f(n + 1) + 1

f(0)
