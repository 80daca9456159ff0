// attack: 1 C fork bomb: while (1) fork();
// expect: RE
// args: --time-limit 1 --processes 16
// Every process forks forever; the pids cgroup (and RLIMIT_NPROC) caps the
// run at 16 tasks, forks fail, the CPU limit ends it: RE "process limit".
#include <unistd.h>

int main(void)
{
	for (;;)
		fork();
}
