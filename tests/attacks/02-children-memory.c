// attack: 2 memory spread over 8 children, 16 MiB each, limit 64 MiB
// expect: MLE
// args: --time-limit 1 --memory-limit 64 --processes 16
// No single process is big, but the cgroup sums them all: OOM kill, and the
// main process (which waits for its children) exits non-zero -> MLE.
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int status, bad = 0;

	for (int i = 0; i < 8; i++) {
		if (fork() == 0) {
			volatile char *p = malloc(16 << 20);
			for (int j = 0; p && j < (16 << 20); j += 4096)
				p[j] = 1; /* volatile: not optimised away */
			sleep(1);
			_exit(0);
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad = 1;
	return bad;
}
