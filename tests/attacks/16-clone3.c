// attack: 16 clone3 with namespace flags (seccomp cannot see its struct: it must fail)
// expect: AC
// stdout: blocked
// args: --time-limit 1
#define _GNU_SOURCE
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	struct clone_args a;
	memset(&a, 0, sizeof(a));
	a.flags = CLONE_NEWUSER | CLONE_NEWNS;
	a.exit_signal = SIGCHLD;
	long pid = syscall(SYS_clone3, &a, sizeof(a));
	if (pid == 0)
		_exit(0);
	if (pid > 0) {
		waitpid((int)pid, NULL, 0);
		puts("clone3 created namespaces");
	} else {
		puts("blocked");
	}
	return 0;
}
