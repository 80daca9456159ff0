// attack: 4 vfork trick: the child burns CPU while the parent is suspended
// expect: TLE
// args: --time-limit 1
// vfork() suspends the parent until the child execs or exits; the child's
// CPU time belongs to the run all the same: TLE.
#define _GNU_SOURCE
#include <unistd.h>

int main(void)
{
	if (vfork() == 0) {
		volatile unsigned long x = 0;
		for (;;)
			x++;
	}
	return 0;
}
