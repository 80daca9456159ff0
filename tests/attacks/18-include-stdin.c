// attack: 18 compile-time hang: #include "/dev/stdin" and "/proc/self/fd/0"
// expect: CE
// args: --time-limit 1 --compile-time-limit 3
// The compiler's stdin is empty (or /dev/null): the includes are empty or
// fail; either way CE (no main), never a hang.
#include "/dev/stdin"
#include "/proc/self/fd/0"
