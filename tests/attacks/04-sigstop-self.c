// attack: 4 stop itself with SIGSTOP so that no CPU time passes
// expect: TLE
// args: --time-limit 0.5
// A stopped process uses no CPU and never exits: the wall backstop must
// still fire (and SIGKILL works on a stopped process): TLE, limit "wall".
#include <signal.h>

int main(void)
{
	raise(SIGSTOP);
	return 0;
}
