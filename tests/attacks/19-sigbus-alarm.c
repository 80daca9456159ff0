// attack: 19 die by SIGALRM from alarm(), with SIGSEGV and SIGBUS handlers that return
// expect: RE
// args: --time-limit 2
#include <signal.h>
#include <unistd.h>

static void ignore(int s)
{
	(void)s;
}

int main(void)
{
	signal(SIGSEGV, ignore);
	signal(SIGBUS, ignore);
	alarm(1);
	for (;;)
		pause();
}
