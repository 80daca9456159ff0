// attack: 12 ptrace(PTRACE_ATTACH / PTRACE_SEIZE) the supervisor, pid 1 and the zygote
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <stdio.h>
#include <sys/ptrace.h>
#include <unistd.h>

int main(void)
{
	int pids[] = { (int)getppid(), 1, 2, 3 };
	int hit = 0;
	for (unsigned i = 0; i < 4; i++) {
		if (pids[i] == getpid())
			continue;
		if (ptrace(PTRACE_ATTACH, pids[i], 0, 0) == 0)
			hit++;
		if (ptrace(PTRACE_SEIZE, pids[i], 0, 0) == 0)
			hit++;
	}
	puts(hit ? "attached" : "blocked");
	return 0;
}
