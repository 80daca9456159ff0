// attack: 3 four busy threads: CPU time of all threads is summed
// expect: TLE
// args: --time-limit 1
// On 2 cores the wall clock runs at half the CPU clock; the limit is on the
// summed CPU time, so TLE comes after about 0.5 s of wall time.
#include <pthread.h>

static void *spin(void *arg)
{
	volatile unsigned long x = 0;
	(void)arg;
	for (;;)
		x++;
	return NULL;
}

int main(void)
{
	pthread_t t;
	for (int i = 0; i < 3; i++)
		pthread_create(&t, NULL, spin, NULL);
	spin(NULL);
	return 0;
}
