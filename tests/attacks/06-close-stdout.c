// attack: 6 print part of the answer, close stdout early, keep working
// expect: AC
// stdout: partial
// args: --time-limit 1
// The judge sees EOF on the pipe before the process exits; it must keep
// waiting for the exit (not judge early, not hang) and report AC.
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec t = { 0, 300000000 };
	puts("partial");
	fflush(stdout);
	close(1);
	close(2);
	nanosleep(&t, NULL);
	return 0;
}
