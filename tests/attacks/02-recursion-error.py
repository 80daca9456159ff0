# attack: 2 Python recursion at the default limit: RecursionError
# expect: RE
# args: --time-limit 1 --memory-limit 64
# The uncaught RecursionError is an exception exit: RE, not MLE, no crash.
def f(n):
    return f(n + 1) + 1

f(0)
