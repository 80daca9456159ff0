// attack: 21 C: a high memory peak, a stopped child and a file in /tmp, for the next run to inherit
// expect: AC
// stdout: left
// args: --time-limit 1 --memory-limit 200
// The next run's peak memory and CPU time must start from zero (the driver
// checks the slate run's peak stays below 200 MiB and its CPU below 1 s).
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	size_t n = 150u << 20;
	char *p = malloc(n);
	if (p)
		memset(p, 1, n);
	pid_t c = fork();
	if (c == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	FILE *f = fopen("/tmp/verdict-attack-left", "w");
	if (f)
		fclose(f);
	for (volatile long i = 0; i < 200000000; i++)
		;
	puts("left");
	return 0;
}
