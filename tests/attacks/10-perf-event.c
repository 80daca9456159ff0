// attack: 10,16 perf_event_open on another process or the whole CPU (a side channel)
// expect: AC
// stdout: blocked
// args: --time-limit 1
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct perf_event_attr a;
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	long self = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
	long cpu = syscall(SYS_perf_event_open, &a, -1, 0, -1, 0);
	long parent = syscall(SYS_perf_event_open, &a, getppid(), -1, -1, 0);
	if (self >= 0 || cpu >= 0 || parent >= 0)
		printf("perf %ld %ld %ld\n", self, cpu, parent);
	else
		puts("blocked");
	return 0;
}
