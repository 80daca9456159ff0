// attack: 19 ignore SIGTERM (and every catchable signal) and spin
// expect: TLE
// args: --time-limit 1
// The judge ends runs with SIGKILL, which cannot be ignored.
#include <signal.h>

int main(void)
{
	for (int s = 1; s < 65; s++)
		signal(s, SIG_IGN);
	for (volatile unsigned long i = 0;; i++)
		;
}
