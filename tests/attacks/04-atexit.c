// attack: 4 work hidden in an atexit handler after main() returned
// expect: TLE
// stdout: done
// args: --time-limit 1
// main prints the answer and returns; exit() then runs the handler, which
// burns CPU. The process has not exited, so this is counted: TLE.
#include <stdio.h>
#include <stdlib.h>

static void burn(void)
{
	volatile unsigned long x = 0;
	for (;;)
		x++;
}

int main(void)
{
	atexit(burn);
	puts("done");
	fflush(stdout);
	return 0;
}
