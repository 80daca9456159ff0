// attack: 7 open files until EMFILE
// expect: AC
// stdout: blocked
// args: --time-limit 1
// RLIMIT_NOFILE is 256: open() fails with EMFILE after ~253 descriptors;
// the program survives, reports the count on stderr and prints "blocked".
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	int n = 0;
	for (;;) {
		if (open("/dev/null", O_RDONLY) < 0)
			break;
		if (++n > 100000)
			break;
	}
	fprintf(stderr, "%d opened, then %s\n", n, strerror(errno));
	if (errno == EMFILE && n <= 256)
		puts("blocked");
	else
		printf("ESCAPED: %d descriptors\n", n);
	return 0;
}
