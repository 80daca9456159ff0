// attack: 5 fallocate 16 MiB chunks on /tmp until ENOSPC (EDQUOT)
// expect: AC
// stdout: full
// args: --time-limit 1 --memory-limit 256
// fallocate reserves tmpfs pages without writing them; the 64 MiB tmpfs
// refuses with ENOSPC. SIGXFSZ is ignored so an EFBIG would show up too.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char name[64];
	signal(SIGXFSZ, SIG_IGN);
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "/tmp/verdict-attack-falloc-%d", i);
		int fd = open(name, O_CREAT | O_WRONLY, 0600);
		if (fd < 0 || fallocate(fd, 0, 0, 16 << 20) < 0) {
			fprintf(stderr, "file %d: %s\n", i, strerror(errno));
			puts(errno == ENOSPC || errno == EDQUOT
				     ? "full"
				     : "ESCAPED: unexpected error");
			return 0;
		}
	}
	puts("ESCAPED: 16 GiB allocated");
	return 0;
}
