// attack: 19 a SIGXCPU handler that keeps running past the soft RLIMIT_CPU
// expect: TLE
// args: --time-limit 1
// The verdict limit is polled from the cgroup and enforced with SIGKILL;
// the hard RLIMIT_CPU is only a backstop.
#include <signal.h>
#include <unistd.h>

static void on_xcpu(int s)
{
	(void)s;
	signal(SIGXCPU, on_xcpu);
}

int main(void)
{
	signal(SIGXCPU, on_xcpu);
	for (volatile unsigned long i = 0;; i++)
		;
}
