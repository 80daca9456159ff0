// attack: 19 kill itself with SIGKILL: a program verdict (RE, signal 9), not a judge fault
// expect: RE
// args: --time-limit 1
#include <signal.h>
#include <stdio.h>

int main(void)
{
	puts("bye");
	fflush(stdout);
	raise(SIGKILL);
	return 0;
}
