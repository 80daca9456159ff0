// attack: 12 kill(-1, SIGKILL): every process the uid may signal
// expect: AC
// stdout: survived
// args: --time-limit 1
// In its own pid namespace under its own uid, -1 reaches only the run's
// own processes: the keeper, the zygote, the judge and other boxes live on
// (the driver's next run in this slot and the concurrent runs show it).
#include <signal.h>
#include <stdio.h>

int main(void)
{
	kill(-1, SIGKILL);
	kill(-1, SIGSTOP);
	kill(0, SIGCONT);
	puts("survived");
	return 0;
}
