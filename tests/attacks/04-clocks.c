// attack: 4 read rdtsc and the vDSO clock_gettime (informational)
// expect: AC
// stdout: ran
// args: --time-limit 1
// These cannot cheat the CPU accounting, they only read clocks: the program
// just runs. The measured values go to stderr for the curious.
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

int main(void)
{
	struct timespec a, b;
	unsigned long long t0 = __rdtsc();

	clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	fprintf(stderr, "tsc=%llu dt=%llu mono=%ld.%09ld cpu=%ld.%09ld\n", t0,
		__rdtsc() - t0, (long)a.tv_sec, a.tv_nsec, (long)b.tv_sec,
		b.tv_nsec);
	puts("ran");
	return 0;
}
