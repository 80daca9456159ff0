// attack: 2 unbounded recursion (stack overflow)
// expect: RE
// args: --time-limit 1 --memory-limit 64
// The stack rlimit equals the memory limit (64 MiB). Each frame reserves
// 64 KiB but touches little of it, so the stack VMA hits RLIMIT_STACK long
// before the cgroup fills: SIGSEGV -> RE (not a judge fault, not MLE).
// (With dense frames SIGSEGV and the OOM kill race: see README.)
#include <stdio.h>

static int depth(volatile char *prev)
{
	volatile char frame[65536];
	frame[0] = prev ? prev[0] + 1 : 0;
	return depth(frame) + frame[1];
}

int main(void)
{
	printf("%d\n", depth(NULL));
	return 0;
}
