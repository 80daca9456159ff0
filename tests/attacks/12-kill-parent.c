// attack: 12 kill(getppid()) and kill(1) with SIGKILL, SIGTERM and SIGSTOP
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int sigs[] = { SIGKILL, SIGTERM, SIGSTOP, SIGSEGV };
	int hit = 0;
	for (unsigned i = 0; i < 4; i++) {
		if (kill(getppid(), sigs[i]) == 0)
			hit++;
		if (kill(1, sigs[i]) == 0)
			hit++;
	}
	puts(hit ? "signalled" : "blocked");
	return 0;
}
