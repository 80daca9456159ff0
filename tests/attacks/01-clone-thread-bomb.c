// attack: 1 thread bomb with raw clone(CLONE_VM|CLONE_THREAD), no libc help
// expect: RE
// args: --time-limit 1 --processes 16
// Each clone makes a new task in the thread group sharing one tiny stack
// area per thread; the pids limit refuses them (EAGAIN), the CPU limit
// ends the loop: RE "process limit".
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

static int spin(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return 0;
}

int main(void)
{
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SYSVSEM;

	for (;;) {
		char *stack = malloc(16384);
		if (stack && clone(spin, stack + 16384, flags, NULL) < 0)
			free(stack);
	}
}
