// attack: 7 dup2 over the judge's pipes: stdin over stdout, /dev/zero over
// stdin, a socketpair over stderr, then close them all
// expect: AC
// stdout: alive
// args: --time-limit 1
// The descriptors are the program's own copies: the judge's ends of the
// pipes are untouched, it sees "alive" then EOF, and the run is AC.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int sv[2];
	puts("alive");
	fflush(stdout);
	dup2(0, 1);		       /* stdout := read-only stdin memfd */
	if (write(1, "leak\n", 5) > 0) /* fails: not open for writing */
		return 3;
	dup2(open("/dev/zero", O_RDONLY), 0);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0)
		dup2(sv[0], 2);
	for (int fd = 0; fd < 256; fd++)
		close(fd);
	return 0;
}
