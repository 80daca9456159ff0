// attack: 15 create a user namespace (unshare and clone) to gain capabilities inside it
// expect: AC
// stdout: blocked
// args: --time-limit 1
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack[65536];

static int child(void *arg)
{
	(void)arg;
	return 0;
}

int main(void)
{
	int hit = 0;
	if (unshare(CLONE_NEWUSER) == 0)
		hit++;
	if (unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID) == 0)
		hit++;
	int pid = clone(child, stack + sizeof(stack), CLONE_NEWUSER | SIGCHLD,
			NULL);
	if (pid > 0) {
		hit++;
		waitpid(pid, NULL, 0);
	}
	puts(hit ? "namespace created" : "blocked");
	return 0;
}
