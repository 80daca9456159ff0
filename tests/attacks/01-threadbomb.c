// attack: 1 thread bomb: pthread_create in a loop, threads never exit
// expect: RE
// args: --time-limit 1 --processes 16
// Threads count as tasks in the pids cgroup; pthread_create fails with
// EAGAIN at the limit and the program gives up with a non-zero exit:
// RE "process limit".
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	pthread_t t;
	int n = 0;
	pthread_attr_t a;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 1 << 16);
	for (int i = 0; i < 100000; i++)
		if (pthread_create(&t, &a, spin, NULL) == 0)
			n++;
	fprintf(stderr, "%d threads created\n", n);
	return 1;
}
