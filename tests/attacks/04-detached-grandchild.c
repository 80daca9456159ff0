// attack: 4 detached grandchild (setsid + double fork) burns the CPU
// expect: TLE
// args: --time-limit 1
// The main process itself only sleeps 2.5 s (under the 3 s wall backstop,
// and long enough for the grandchild to reach 1 s of CPU on a loaded
// host); the orphaned grandchild is
// reparented to the box's init, but its CPU time is still the run's: TLE.
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec t = { 2, 500000000 };
	pid_t pid = fork();

	if (pid == 0) {
		setsid();
		if (fork() == 0) {
			volatile unsigned long x = 0;
			for (;;)
				x++;
		}
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	nanosleep(&t, NULL);
	return 0;
}
