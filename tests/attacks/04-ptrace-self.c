// attack: 4 ptrace(PTRACE_TRACEME) so that a "debugger" could hide time
// expect: AC
// stdout: blocked
// args: --time-limit 1
// ptrace is denied by seccomp (EPERM): prints "blocked".
#include <stdio.h>
#include <sys/ptrace.h>

int main(void)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == -1)
		puts("blocked");
	else
		puts("ESCAPED: PTRACE_TRACEME succeeded");
	return 0;
}
